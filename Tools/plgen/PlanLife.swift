/// One metric as a plan's content carries it. Its `template` fixes the id, so the id stays the same in
/// every revision that keeps the metric and a follow-up series survives revisions.
struct MetricInstance {
    let template: Int
    /// 1 DÅ04, 2 DÅ08, 4 ÅR.
    var periods: UInt8
    var target: Vocabulary.Value
    let baseline: Vocabulary.Value?
    let showsUnit: Bool
    /// The year of the version that introduced it: without a plan period, its periods recur from then on.
    let introducedYear: Int

    func declares(_ code: Int) -> Bool { periods & (1 << UInt8(code)) != 0 }
}

/// A plan's life, planned ahead when it is registered and played out one event at a time, in the order of
/// its effective dates: registration, version 1, the follow-ups due while it is in force, version 2, …,
/// perhaps a repeal.
///
/// Everything is decided so that each event is valid when appended: version dates never decrease and start
/// on or after the registration; a follow-up and its period's last day (the day the rule judges it by) fall
/// inside the window of the version whose content it measures (on or after that version, strictly before the
/// next one and before any repeal), for a metric
/// that content declares, a period code the metric declares and a year inside the plan period in force.
final class PlanLife {
    let key: String
    let kind: Int
    let topic: Int
    let unit: String
    let registered: Day
    let parent: String?
    var title: String
    var owner: String
    /// The plan period in force (years, both inclusive), nil for a plan without one.
    var period: (from: Int, to: Int)?
    let periodLength: Int
    let versionDates: [Day]
    let repealDate: Day?

    var versionsEmitted = 0
    var repealed = false
    var metrics: [MetricInstance] = []
    /// Per perspective, the goal text and success factor chosen for this plan (stable across revisions).
    var goalText: [Int]
    var successFactor: [Int?]
    /// The activities of the content in force with the latest version (see `ActivityInstance`), and how many were
    /// ever added (their ids are `akt-N`, never reused).
    var activities: [ActivityInstance] = []
    var activitiesAdded = 0
    /// The latest effective date this plan has written, around which unrelated events are dated.
    var lastDay: Day

    /// Follow-up cursor: the period (year × 3 + code) being reported, its report date once drawn, and the
    /// next metric to consider for it.
    var followupPeriod: Int
    var followupDate: Day?
    var followupMetric = 0

    init(key: String, kind: Int, topic: Int, unit: String, registered: Day, parent: String?, title: String, owner: String,
         period: (from: Int, to: Int)?, periodLength: Int, versionDates: [Day], repealDate: Day?,
         goalText: [Int], successFactor: [Int?])
    {
        self.key = key
        self.kind = kind
        self.topic = topic
        self.unit = unit
        self.registered = registered
        self.parent = parent
        self.title = title
        self.owner = owner
        self.period = period
        self.periodLength = periodLength
        self.versionDates = versionDates
        self.repealDate = repealDate
        self.goalText = goalText
        self.successFactor = successFactor
        self.lastDay = registered
        self.followupPeriod = registered.year * 3
    }

    var kindInfo: Vocabulary.Kind { Vocabulary.kinds[kind] }

    /// Where the window of the latest version ends (exclusive): the next version, the repeal, or past the horizon.
    var windowEnd: Day {
        if versionsEmitted < versionDates.count { return versionDates[versionsEmitted] }
        return repealDate ?? Workload.horizon + 1
    }

    var windowStart: Day { versionDates[versionsEmitted - 1] }

    /// Whether `metric` is followed up in the period `year`, `code`, by the content now in force.
    func isDue(_ metric: MetricInstance, year: Int, code: Int) -> Bool {
        guard metric.declares(code) else { return false }
        if let period { return (period.from...period.to).contains(year) }
        return year >= metric.introducedYear
    }

    /// The title a plan of this kind has for a period.
    static func title(kind: Int, topic: Int, unit: String, period: (from: Int, to: Int)?, year: Int) -> String {
        let topicName = Vocabulary.topics[topic].name
        let years = period.map { $0.from == $0.to ? "\($0.from)" : "\($0.from)–\($0.to)" }
        let county = year < 2015
        switch Vocabulary.kinds[kind].slug {
        case "regionplan": return years.map { "\(county ? "Landstingsplan" : "Regionplan") \($0)" } ?? (county ? "Landstingsplan" : "Regionplan")
        case "strategisk-plan": return "Strategisk plan \(years.map { "\($0) " } ?? "")för \(topicName)"
        case "rs-plan": return "\(county ? "Landstingsstyrelsens" : "Regionstyrelsens") plan\(years.map { " \($0)" } ?? "")"
        case "verksamhetsplan": return "Verksamhetsplan \(years.map { "\($0) " } ?? "")för \(unit)"
        case "divisionsplan": return "Divisionsplan \(years.map { "\($0) " } ?? "")– \(unit)"
        case "overgripande-handlingsplan": return "Övergripande handlingsplan för \(topicName)"
        case "handlingsplan": return "Handlingsplan för \(topicName)\(years.map { " \($0)" } ?? "")"
        case "aktivitetsplan": return "Aktivitetsplan \(years.map { "\($0) " } ?? "")för \(topicName)"
        case "rutin": return "Rutin för \(topicName)"
        default: return "Riktlinje för \(topicName)"
        }
    }
}

extension Day {
    /// The last day of follow-up period `index` (year × 3 + code): 30 April, 31 August, 31 December.
    static func periodEnd(_ index: Int) -> Day {
        let year = index / 3
        switch index % 3 {
        case 0: return Day(year: year, month: 4, day: 30)
        case 1: return Day(year: year, month: 8, day: 31)
        default: return Day(year: year, month: 12, day: 31)
        }
    }
}
