/// A plan's versions over valid time, as known at one point: what content was in force on any date.
///
/// Built from the same inputs by the projections (from their tables) and by `Replay` (from the log), so that
/// follow-ups and the goal chain are derived by one piece of code whichever way the inputs were found.
public struct PlanTimeline: Sendable {
    public var plan: String
    public var registration: PlanRegistered
    public var registered: LedgerDate
    /// Versions in force by the as-of date, in version order (and so in date order).
    public var versions: [(entry: ChangeEntry, content: PlanContent?)]
    /// The date the plan was repealed, if by the as-of date.
    public var repealed: LedgerDate?

    public init(plan: String, registration: PlanRegistered, registered: LedgerDate, versions: [(entry: ChangeEntry, content: PlanContent?)], repealed: LedgerDate?) {
        self.plan = plan
        self.registration = registration
        self.registered = registered
        self.versions = versions
        self.repealed = repealed
    }

    /// The number of the version in force on `date` (0 if none yet).
    public func versionNumber(on date: LedgerDate) -> Int {
        versions.last { $0.entry.date <= date }?.entry.version ?? 0
    }

    /// Title, period, text, goals and perspective analyses in force on `date`.
    public func content(on date: LedgerDate) -> (title: String, period: PlanPeriod?, text: String?, goals: [Goal]?, analyses: [PerspectiveAnalysis]?) {
        PlanView.resolve(registration: registration, contents: versions.filter { $0.entry.date <= date }.map(\.content))
    }

    /// The metric `id` and its goal, as in force on `date`.
    public func metric(_ id: String, on date: LedgerDate) -> (goal: Goal, metric: Metric)? {
        for goal in content(on: date).goals ?? [] {
            if let metric = goal.metrics.first(where: { $0.id == id }) { return (goal, metric) }
        }
        return nil
    }

    /// Every (metric, period) the plan declares whose period ended on or before `asOf`: the periods recur in
    /// each year of the plan's period (without a period, each year from the version that introduced the
    /// metric), while the metric is in the content in force at the period's end and the plan is not repealed.
    /// This is the follow-up rule seen from the period (`LedgerRules.judgingDay`): a report made after the period
    /// is judged by the content on its last day, so every period listed here can be reported, and audit's
    /// followup-missing never asks for a report the rule would refuse.
    public func declaredPeriods(endedBy asOf: LedgerDate) -> [(period: FollowupPeriod, goal: Goal, metric: Metric)] {
        guard let first = versions.first?.entry.date else { return [] }
        var result: [(FollowupPeriod, Goal, Metric)] = []
        guard first.year <= asOf.year else { return [] }
        for year in first.year...asOf.year {
            for code in PeriodCode.allCases {
                let end = code.end(in: year)
                guard end <= asOf, versionNumber(on: end) > 0 else { continue }
                if let repealed, repealed <= end { continue }
                let content = content(on: end)
                if let period = content.period, !period.years.contains(year) { continue }
                for goal in content.goals ?? [] {
                    for metric in goal.metrics where metric.periods.contains(code) {
                        result.append((FollowupPeriod(year: year, code: code), goal, metric))
                    }
                }
            }
        }
        return result
    }
}

extension FollowupPeriod {
    public init(year: Int, code: PeriodCode) {
        self.year = year
        self.code = code
    }
}

/// A reported outcome as the follow-ups are built from it.
public struct FollowupObservation: Sendable, Hashable {
    public var metric: String
    public var period: FollowupPeriod
    public var outcome: JSONValue
    public var unit: String?
    public var fulfilment: Fulfilment
    public var comment: String?
    public var effective: LedgerDate
    public var seq: Int

    public init(metric: String, period: FollowupPeriod, outcome: JSONValue, unit: String?, fulfilment: Fulfilment, comment: String?, effective: LedgerDate, seq: Int) {
        self.metric = metric
        self.period = period
        self.outcome = outcome
        self.unit = unit
        self.fulfilment = fulfilment
        self.comment = comment
        self.effective = effective
        self.seq = seq
    }
}

/// One row of the follow-ups: a (plan, metric, period) with the metric as in force and the latest outcome.
public struct FollowupRow: Sendable, Hashable {
    public var plan: String
    public var goal: String?
    public var perspective: String?
    public var metric: String
    public var name: String?
    public var target: JSONValue?
    public var baseline: JSONValue?
    public var unit: String?
    public var period: FollowupPeriod
    /// nil: the period has ended and no outcome is known.
    public var outcome: JSONValue?
    public var fulfilment: Fulfilment?
    public var comment: String?
    /// The date the outcome was reported.
    public var effective: LedgerDate?
    public var seq: Int?

    /// The follow-ups of one plan as of `asOf`: every reported (metric, period), latest report first by
    /// (effective, seq), plus every declared period that has ended with no report. `observations` are the
    /// live reports with effective ≤ asOf, in (effective, seq) order.
    public static func build(_ timeline: PlanTimeline, observations: [FollowupObservation], asOf: LedgerDate) -> [FollowupRow] {
        var latest: [String: FollowupObservation] = [:]
        for o in observations { latest["\(o.metric)\u{0}\(o.period)"] = o }
        var rows: [FollowupRow] = latest.values.map { o in
            // The metric as in force on the day the rule judged the report by.
            let m = timeline.metric(o.metric, on: LedgerRules.judgingDay(of: o.period, reportedOn: o.effective))
            return FollowupRow(plan: timeline.plan, goal: m?.goal.id, perspective: m?.goal.perspective, metric: o.metric, name: m?.metric.name,
                               target: m?.metric.target, baseline: m?.metric.baseline, unit: o.unit ?? m?.metric.unit, period: o.period,
                               outcome: o.outcome, fulfilment: o.fulfilment, comment: o.comment, effective: o.effective, seq: o.seq)
        }
        for (period, goal, metric) in timeline.declaredPeriods(endedBy: asOf) where latest["\(metric.id)\u{0}\(period)"] == nil {
            rows.append(FollowupRow(plan: timeline.plan, goal: goal.id, perspective: goal.perspective, metric: metric.id, name: metric.name,
                                    target: metric.target, baseline: metric.baseline, unit: metric.unit, period: period, outcome: nil,
                                    fulfilment: nil, comment: nil, effective: nil, seq: nil))
        }
        return rows.sorted(by: listOrder)
    }

    /// By plan, then period end, then metric.
    public static func listOrder(_ a: FollowupRow, _ b: FollowupRow) -> Bool {
        if a.plan != b.plan { return byteOrder(a.plan, b.plan) }
        if a.period.end != b.period.end { return a.period.end < b.period.end }
        return byteOrder(a.metric, b.metric)
    }
}

/// An assignment (uppdrag) as of a date.
public struct AssignmentView: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case open, partial, done }

    public var assignment: String
    public var plan: String?
    public var title: String
    public var assignee: String
    public var issuedBy: String
    public var issued: LedgerDate
    public var deadline: LedgerDate
    public var status: Status
    /// The date of the latest report, if any.
    public var reported: LedgerDate?
    public var note: String?
    /// The deadline is before the as-of date and the status is not done.
    public var overdue: Bool
    public var seq: Int

    /// The assignment as of `asOf`, with its latest report by (effective, seq) among those in effect by then.
    public static func build(_ issue: AssignmentIssued, plan: String?, issued: LedgerDate, seq: Int,
                             latestReport: (report: AssignmentReported, effective: LedgerDate)?, asOf: LedgerDate) -> AssignmentView {
        let status: Status = switch latestReport?.report.status {
        case .done: .done
        case .partial: .partial
        case nil: .open
        }
        return AssignmentView(assignment: issue.assignment, plan: plan, title: issue.title, assignee: issue.assignee, issuedBy: issue.issuedBy,
                              issued: issued, deadline: issue.deadline, status: status, reported: latestReport?.effective,
                              note: latestReport?.report.note, overdue: isOverdue(due: issue.deadline, asOf: asOf, closed: status == .done), seq: seq)
    }
}

/// A plan and the plans below it in the goal chain (målkedja).
public struct ChainNode: Sendable, Hashable {
    public var plan: String
    public var title: String
    public var kind: String
    public var version: Int
    public var children: [ChainNode]

    public init(plan: String, title: String, kind: String, version: Int, children: [ChainNode]) {
        self.plan = plan
        self.title = title
        self.kind = kind
        self.version = version
        self.children = children
    }
}
