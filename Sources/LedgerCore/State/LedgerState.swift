/// What the append rules need to know about the ledger so far, kept small and keyed so that every check is
/// a lookup, never a replay of the log. Each record reflects current knowledge: corrections applied,
/// retracted events removed.

extension LedgerDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LedgerDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A registered plan: when, its period and parent, its versions, whether it is repealed.
public struct PlanState: Sendable, Hashable, Codable {
    public var key: String
    public var registeredSeq: Int
    public var registered: LedgerDate
    public var period: PlanPeriod?
    public var parent: String?
    /// Version n is at index n-1.
    public var versions: [VersionState]
    public var repealedSeq: Int?
    public var repealed: LedgerDate?

    /// The version in force on `date`: the latest whose effective date is on or before it.
    public func version(inForceOn date: LedgerDate) -> VersionState? {
        versions.last { $0.effective <= date }
    }

    /// The metrics (id → periods) in force with version `number`: those of the latest version up to it that named goals.
    public func metrics(asOfVersion number: Int) -> [String: [PeriodCode]] {
        versions[..<number].last { $0.metrics != nil }?.metrics ?? [:]
    }

    /// The activity ids in force with version `number`: those of the latest version up to it that named goals.
    /// A later version that names goals without an activity drops it (`activity.reported` then refuses it).
    public func activities(asOfVersion number: Int) -> [String] {
        versions[..<number].last { $0.metrics != nil }?.activities ?? []
    }

    /// The period in force with version `number`: the latest one a version named, else the registration's.
    public func period(asOfVersion number: Int) -> PlanPeriod? {
        versions[..<number].last { $0.period != nil }?.period ?? period
    }
}

public struct VersionState: Sendable, Hashable, Codable {
    public var version: Int
    public var seq: Int
    public var effective: LedgerDate
    /// The metrics this version's content declared, when it named `goals`.
    public var metrics: [String: [PeriodCode]]?
    /// The period this version's content set, when it named `period`.
    public var period: PlanPeriod?
    /// The ids of the activities this version's content declared, when it named `goals` (rows written before
    /// activities existed decode as nil, which reads as "named no goals"; they were written when no content could
    /// hold an activity, so nothing is lost).
    public var activities: [String]? = nil
}

public struct DiaryState: Sendable, Hashable, Codable {
    public var dnr: String
    public var seq: Int
    /// The entry's date.
    public var registered: LedgerDate
    public var archivedSeq: Int?
    public var archived: LedgerDate?
}

public struct AssignmentState: Sendable, Hashable, Codable {
    public var key: String
    public var seq: Int
    public var issued: LedgerDate
    /// Reports (seqs) that count now.
    public var reports: [Int]
}

/// A planned process (`process.planned`): what the rules need to judge its revisions and reached milestones.
/// The timetable itself is read from the events (`revisions`, through `LedgerRules.current`), a handful per
/// process, so that a corrected revision counts as corrected.
public struct ProcessState: Sendable, Hashable, Codable {
    public var key: String
    /// The `process.planned` event.
    public var seq: Int
    /// Its effective date, as corrected.
    public var planned: LedgerDate
    /// The plan year, as corrected.
    public var year: Int
    /// The `process.revised` events that count now, in seq order.
    public var revisions: [Int]
    /// The `milestone.reached` events that count now, by milestone id.
    public var reached: [String: Int]

    public init(key: String, seq: Int, planned: LedgerDate, year: Int, revisions: [Int] = [], reached: [String: Int] = [:]) {
        self.key = key
        self.seq = seq
        self.planned = planned
        self.year = year
        self.revisions = revisions
        self.reached = reached
    }
}

/// What later events did to an earlier one: its latest correction and its retraction.
public struct AmendmentState: Sendable, Hashable, Codable {
    public var target: Int
    public var latestCorrection: Int?
    public var retractedBy: Int?
    /// The target's effective date as the corrections left it (a correction naming none keeps the one before).
    public var effective: LedgerDate?
}

/// The state the rules read and update. The store backs it by SQLite tables; tests by dictionaries.
///
/// Reads may throw (an I/O error); writes are buffered or immediate at the implementation's choice, but a
/// read must see every earlier write of the same append.
public protocol LedgerState {
    func plan(_ key: String) throws -> PlanState?
    func diary(_ dnr: String) throws -> DiaryState?
    func assignment(_ key: String) throws -> AssignmentState?
    func amendment(of seq: Int) throws -> AmendmentState?
    func process(_ key: String) throws -> ProcessState?
    /// The recorded event at `seq` as originally written, or nil.
    func event(seq: Int) throws -> RecordedEvent?
    /// The number of events in the log (the head's seq).
    var head: Int { get }
    /// The seqs of every `followup.recorded` of `plan` in the log (retracted or corrected ones included), in seq
    /// order: what an amendment of the plan's versions must not orphan (see `LedgerRules`).
    func followups(of plan: String) throws -> [Int]
    /// The seqs of the `followup.recorded` of `plan` written for `metric` that may be of `period` now: those written
    /// for it, and those amended since (a correction may have changed the period, never the metric;
    /// `LedgerRules.current` decides). In seq order. What the
    /// one-follow-up-per-metric-and-period rule reads for every `followup.recorded`, so a store answers it without
    /// decoding the plan's other follow-ups.
    func followups(of plan: String, metric: String, period: FollowupPeriod) throws -> [Int]
    /// The seqs of every `activity.reported` of `plan` in the log (retracted or corrected ones included), in seq order:
    /// what an amendment of the plan's versions must not orphan either (a report of an activity no longer in force).
    func activityReports(of plan: String) throws -> [Int]

    mutating func put(plan: PlanState, key: String)
    mutating func removePlan(_ key: String)
    mutating func put(diary: DiaryState)
    mutating func removeDiary(_ dnr: String)
    mutating func put(assignment: AssignmentState)
    mutating func removeAssignment(_ key: String)
    mutating func put(amendment: AmendmentState)
    mutating func put(process: ProcessState)
    mutating func removeProcess(_ key: String)
}

extension LedgerState {
    /// By reading each of the plan's follow-ups as written and asking for its amendment; a store answers from an
    /// index instead.
    public func followups(of plan: String, metric: String, period: FollowupPeriod) throws -> [Int] {
        try followups(of: plan).filter { seq in
            guard let data = try event(seq: seq)?.data, data["metric"] == .string(metric) else { return false }
            guard case .string(let written)? = data["period"] else { return true }
            if FollowupPeriod(written) == period { return true }
            return try amendment(of: seq) != nil
        }
    }
}
