/// The years or dates a plan covers. A year-only `from` starts on 1 January, a year-only `to` ends on 31 December.
public struct PlanPeriod: Sendable, Hashable, Codable {
    public var from: LedgerDate
    public var to: LedgerDate

    public init(from: LedgerDate, to: LedgerDate) {
        self.from = from
        self.to = to
    }

    /// The calendar years the period touches, in which a metric's periods recur.
    public var years: ClosedRange<Int> { from.year...to.year }

    static func read(_ r: inout FieldReader) -> PlanPeriod? {
        let from = bound(&r, "from", isEnd: false)
        let to = bound(&r, "to", isEnd: true)
        guard let from, let to else { return nil }
        guard from <= to else {
            r.report("to", "ends (\(to)) before the period starts (\(from))")
            return nil
        }
        return PlanPeriod(from: from, to: to)
    }

    private static func bound(_ r: inout FieldReader, _ key: String, isEnd: Bool) -> LedgerDate? {
        guard let v = r.value(key, required: true) else { return nil }
        switch v {
        case .number(let d):
            guard let year = Int(exactly: d), (1...9999).contains(year) else {
                r.report(key, "expected a year like 2023 or a date YYYY-MM-DD, got \(CanonicalJSON.formatNumber(d))")
                return nil
            }
            return isEnd ? LedgerDate(year: year, month: 12, day: 31) : LedgerDate(year: year, month: 1, day: 1)
        case .string(let s):
            return FieldReader.parseDate(s) { r.report(key, $0) }
        default:
            r.report(key, "expected a year like 2023 or a date YYYY-MM-DD, got \(v.kindDescription)")
            return nil
        }
    }
}

/// `plan.registered`: a governing document comes into the ledger (before any version is adopted).
public struct PlanRegistered: Sendable, Hashable {
    public var title: String
    public var kind: String
    public var owner: String
    public var period: PlanPeriod?
    /// The plan above this one in the goal chain (målkedja).
    public var parent: String?

    public init(title: String, kind: String, owner: String, period: PlanPeriod?, parent: String?) {
        self.title = title
        self.kind = kind
        self.owner = owner
        self.period = period
        self.parent = parent
    }

    static func read(_ r: inout FieldReader) -> PlanRegistered? {
        let title = r.string("title"), kind = r.string("kind"), owner = r.string("owner")
        let period = r.object("period", required: false, PlanPeriod.read)
        let parent = r.string("parent", required: false)
        if let parent, !Envelope.isValidKey(parent) { r.report("parent", Envelope.keyRule) }
        guard let title, let kind, let owner else { return nil }
        return PlanRegistered(title: title, kind: kind, owner: owner, period: period, parent: parent)
    }
}

/// Which part of the year a follow-up covers: delårsrapport per 30 April and 31 August, and the year.
public enum PeriodCode: String, Sendable, Hashable, CaseIterable, Codable {
    case april = "DÅ04"
    case august = "DÅ08"
    case year = "ÅR"

    /// The last day of this period in `year`.
    public func end(in year: Int) -> LedgerDate {
        switch self {
        case .april: LedgerDate(year: year, month: 4, day: 30)!
        case .august: LedgerDate(year: year, month: 8, day: 31)!
        case .year: LedgerDate(year: year, month: 12, day: 31)!
        }
    }
}

/// A follow-up period, `2022-DÅ04`.
public struct FollowupPeriod: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var code: PeriodCode

    /// Parses `YYYY-CODE`: four ASCII digits (no sign), a year 1–9999, a `PeriodCode`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].utf8.count == 4, parts[0].utf8.allSatisfy({ (48...57).contains($0) }),
            let year = Int(parts[0]), (1...9999).contains(year),
            let code = PeriodCode(rawValue: String(parts[1]))
        else { return nil }
        self.year = year
        self.code = code
    }

    public var end: LedgerDate { code.end(in: year) }
    /// `YYYY-CODE`, the year in four digits (`0999-ÅR`), as it is read.
    public var description: String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + code.rawValue
    }
}

/// A measure of a goal (styrmått): what is measured, the target, and the periods it is followed up in.
public struct Metric: Sendable, Hashable {
    public var id: String
    public var name: String
    public var target: JSONValue
    public var baseline: JSONValue?
    public var unit: String?
    public var periods: [PeriodCode]

    static func read(_ r: inout FieldReader) -> Metric? {
        let id = r.key("id"), name = r.string("name"), target = r.numberOrText("target")
        let baseline = r.numberOrText("baseline", required: false)
        let unit = r.string("unit", required: false)
        let periods: [PeriodCode]? = r.array("periods") { r, v, path in
            guard case .string(let s) = v, let code = PeriodCode(rawValue: s) else {
                r.absorb([Problem(field: path, reason: "expected one of \"DÅ04\", \"DÅ08\", \"ÅR\", got \(v.stringValue.map { "\"\($0)\"" } ?? v.kindDescription)")])
                return nil
            }
            return code
        }
        if let periods {
            if periods.isEmpty { r.report("periods", "must name at least one period") }
            if Set(periods).count != periods.count { r.report("periods", "names a period twice") }
        }
        guard let id, let name, let target, let periods, !periods.isEmpty, Set(periods).count == periods.count else {
            return nil
        }
        return Metric(id: id, name: name, target: target, baseline: baseline, unit: unit, periods: periods)
    }
}

/// A goal (mål) under one of the perspectives, with its success factor and metrics.
public struct Goal: Sendable, Hashable {
    public var id: String
    public var perspective: String
    public var text: String
    public var successFactor: String?
    public var metrics: [Metric]
    /// The goal's activities (aktivitetsplan, seed 001 §3.3); empty when it names none. See `Activity`.
    public var activities: [Activity] = []

    static func read(_ r: inout FieldReader) -> Goal? {
        let id = r.key("id"), perspective = r.string("perspective"), text = r.string("text")
        let successFactor = r.string("successFactor", required: false)
        let metrics: [Metric]? = r.array("metrics", required: false) { r, v, path in
            guard case .object(let m) = v else {
                r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
                return nil
            }
            var nested = FieldReader(m, path: path)
            let metric = Metric.read(&nested)
            nested.finish()
            r.absorb(nested.problems)
            return nested.problems.isEmpty ? metric : nil
        }
        let activities = Activity.readList(&r)
        guard let id, let perspective, let text else { return nil }
        return Goal(id: id, perspective: perspective, text: text, successFactor: successFactor, metrics: metrics ?? [],
                    activities: activities ?? [])
    }
}

/// What a revision changes in the plan's content. Parts left `nil` stay as they were.
public struct PlanContent: Sendable, Hashable {
    public var title: String?
    public var period: PlanPeriod?
    public var text: String?
    public var goals: [Goal]?
    /// The plan's budget frames and economic action plan (`Budget`); replaces the previous budget when named.
    public var budget: Budget? = nil
    /// The perspective analyses (SPEC, "The planning year"; seed 001 §3.4), each perspective at most once.
    public var analyses: [PerspectiveAnalysis]? = nil

    static func read(_ r: inout FieldReader) -> PlanContent? {
        let title = r.string("title", required: false)
        let period = r.object("period", required: false, PlanPeriod.read)
        let text = r.string("text", required: false)
        let goals: [Goal]? = r.array("goals", required: false) { r, v, path in
            guard case .object(let g) = v else {
                r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
                return nil
            }
            var nested = FieldReader(g, path: path)
            let goal = Goal.read(&nested)
            nested.finish()
            r.absorb(nested.problems)
            return nested.problems.isEmpty ? goal : nil
        }
        if let goals {
            var goalIDs: Set<String> = [], metricIDs: Set<String> = []
            for goal in goals {
                if !goalIDs.insert(goal.id).inserted { r.report("goals", "goal id \"\(goal.id)\" is used twice") }
                for metric in goal.metrics where !metricIDs.insert(metric.id).inserted {
                    r.report("goals", "metric id \"\(metric.id)\" is used twice")
                }
            }
            checkActivities(goals, &r)
        }
        let analyses = PerspectiveAnalysis.readList(&r)
        var content = PlanContent(title: title, period: period, text: text, goals: goals)
        content.budget = r.object("budget", required: false, Budget.read)
        content.analyses = analyses
        return content
    }

    public init(title: String? = nil, period: PlanPeriod? = nil, text: String? = nil, goals: [Goal]? = nil) {
        self.title = title
        self.period = period
        self.text = text
        self.goals = goals
    }

    /// Reads content stored as JSON (already validated when it was appended); nil if it does not read.
    public init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        var r = FieldReader(members, path: "content")
        guard let content = PlanContent.read(&r), r.problems.isEmpty else { return nil }
        self = content
    }

    /// The metrics this content declares, by id, when it names `goals`.
    public var metricPeriods: [String: [PeriodCode]]? {
        goals.map { goals in
            var result: [String: [PeriodCode]] = [:]
            for goal in goals { for metric in goal.metrics { result[metric.id] = metric.periods } }
            return result
        }
    }
}

/// The body and paragraph (§) of the minutes that record a decision.
public struct DecisionReference: Sendable, Hashable {
    public var body: String
    public var paragraph: String?

    public init(body: String, paragraph: String?) {
        self.body = body
        self.paragraph = paragraph
    }

    static func read(_ r: inout FieldReader) -> DecisionReference? {
        let body = r.string("body"), paragraph = r.string("paragraph", required: false)
        guard let body else { return nil }
        return DecisionReference(body: body, paragraph: paragraph)
    }
}

/// `plan.revised`: a new version of the plan is adopted.
public struct PlanRevised: Sendable, Hashable {
    public var version: Int
    public var change: String
    public var approvedBy: String?
    public var dnr: String?
    public var decision: DecisionReference?
    public var content: PlanContent?

    static func read(_ r: inout FieldReader) -> PlanRevised? {
        let version = r.integer("version", range: 1...1_000_000), change = r.string("change")
        let approvedBy = r.string("approvedBy", required: false), dnr = r.string("dnr", required: false)
        let decision = r.object("decision", required: false, DecisionReference.read)
        let content = r.object("content", required: false, PlanContent.read)
        guard let version, let change else { return nil }
        return PlanRevised(version: version, change: change, approvedBy: approvedBy, dnr: dnr, decision: decision, content: content)
    }
}

/// `plan.repealed`: the plan is no longer in force.
public struct PlanRepealed: Sendable, Hashable {
    public var reason: String
    public var approvedBy: String

    static func read(_ r: inout FieldReader) -> PlanRepealed? {
        let reason = r.string("reason"), approvedBy = r.string("approvedBy")
        guard let reason, let approvedBy else { return nil }
        return PlanRepealed(reason: reason, approvedBy: approvedBy)
    }
}
