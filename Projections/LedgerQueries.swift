import GRDB
import LedgerCore
import LedgerStore

/// The transaction-time coordinate of a question: now, a seq, or an instant.
public enum KnownAt: Sendable, Hashable {
    case head
    case seq(Int)
    /// The last seq recorded at or before this instant.
    case instant(Timestamp)
}

/// The state an archive delivery describes (see `LedgerQueries.delivery`).
public struct Delivery: Sendable {
    public var snapshot: LedgerSnapshot
    /// Dnrs classified in any version the ledger holds, with their latest ground: what public output masks.
    public var classified: [String: String]
    /// Everything public output hides (classified and personal-data entries, in any version): see `PublicMask`.
    public var mask: PublicMask
    /// The last event counted (the knowledge point), nil for an empty ledger.
    public var last: RecordedEvent?
}

/// The questions users ask, each answered in one read snapshot from the projection tables (or, for
/// `replay`, by the plain fold of the log), with the time point it was answered at.
public struct LedgerQueries: Sendable {
    public let ledger: Ledger

    public init(_ ledger: Ledger) {
        self.ledger = ledger
    }

    /// The point (as of, known at) with K resolved to a seq, and the instant that seq was recorded.
    func resolve(_ asOf: LedgerDate, _ knownAt: KnownAt, _ db: Database) throws -> (TimePoint, Timestamp?) {
        let point = try resolvePoint(asOf, knownAt, db)
        return (point, point.knownAt == 0 ? nil : try EventLog.recorded(seq: point.knownAt, db))
    }

    /// The point (as of, known at) with K resolved to a seq: `invalidQuery` when K is a seq beyond the head.
    func resolvePoint(_ asOf: LedgerDate, _ knownAt: KnownAt, _ db: Database) throws -> TimePoint {
        let head = try EventLog.head(db)
        let seq: Int
        switch knownAt {
        case .head: seq = head.seq
        case .seq(let k):
            guard k <= head.seq else { throw StoreError.invalidQuery("--known-at \(k): the ledger's head is seq \(head.seq)") }
            seq = k
        case .instant(let t): seq = try EventLog.lastSeq(recordedAtOrBefore: t, db)
        }
        return TimePoint(asOf: asOf, knownAt: seq)
    }

    private func answer<T>(_ asOf: LedgerDate, _ knownAt: KnownAt, _ body: (TimePoint, Database) throws -> T) throws -> (TimePoint, T) {
        try ledger.read { db in
            let point = try resolvePoint(asOf, knownAt, db)
            return (point, try body(point, db))
        }
    }

    public func plans(asOf: LedgerDate, knownAt: KnownAt) throws -> [PlanView] {
        try answer(asOf, knownAt) { point, db in try PlansProjection.plans(at: point, db) }.1
    }

    /// Every plan at that point as a listing shows it (`PlansProjection.summaries`): `plans`' answer without text,
    /// goals and change lists, read from narrow indexes — `planledger plans`, `GET /plans` and the start page.
    public func planSummaries(asOf: LedgerDate, knownAt: KnownAt) throws -> [PlanView] {
        try answer(asOf, knownAt) { point, db in try PlansProjection.summaries(at: point, db) }.1
    }

    /// One plan in full; nil when it does not exist at that point.
    public func plan(_ key: String, asOf: LedgerDate, knownAt: KnownAt, version: Int? = nil) throws -> PlanView? {
        try answer(asOf, knownAt) { point, db in try PlansProjection.plan(key, at: point, version: version, db) }.1
    }

    public func diary(from: LedgerDate?, to: LedgerDate?, asOf: LedgerDate, knownAt: KnownAt) throws -> [DiaryEntry] {
        try answer(asOf, knownAt) { point, db in try DiaryProjection.entries(at: point, from: from, to: to, db) }.1
    }

    /// The latest `limit` decisions (plan versions) of any plan, newest effective date first (the start page's
    /// "Senaste beslut"), each with its plan's key.
    public func recentDecisions(limit: Int, asOf: LedgerDate, knownAt: KnownAt) throws -> [(plan: String, entry: ChangeEntry)] {
        try answer(asOf, knownAt) { point, db in try ChangesProjection.recent(limit: limit, at: point, db) }.1
    }

    /// A plan's children in the goal chain.
    public func children(of key: String, asOf: LedgerDate, knownAt: KnownAt) throws -> [String] {
        try answer(asOf, knownAt) { point, db in try PlansProjection.children(of: key, at: point, db) }.1
    }

    /// The goal chain below `key`; nil if the plan does not exist at that point.
    public func chain(_ key: String, asOf: LedgerDate, knownAt: KnownAt) throws -> ChainNode? {
        try answer(asOf, knownAt) { point, db in try PlansProjection.chain(key, at: point, db) }.1
    }

    public func assignments(plan: String?, asOf: LedgerDate, knownAt: KnownAt) throws -> [AssignmentView] {
        try answer(asOf, knownAt) { point, db in try AssignmentsProjection.assignments(plan: plan, at: point, db) }.1
    }

    /// Where one planning process stands at that point; nil when it is not planned by the as-of date.
    public func process(_ key: String, asOf: LedgerDate, knownAt: KnownAt) throws -> ProcessView? {
        try answer(asOf, knownAt) { point, db in try ProcessesProjection.process(key, at: point, db) }.1
    }

    /// Every planning process planned by the as-of date, by plan year then key.
    public func processes(asOf: LedgerDate, knownAt: KnownAt) throws -> [ProcessView] {
        try answer(asOf, knownAt) { point, db in try ProcessesProjection.processes(at: point, db) }.1
    }

    /// Follow-ups of one plan (or all), by plan, period and metric.
    public func followups(plan: String?, asOf: LedgerDate, knownAt: KnownAt) throws -> [FollowupRow] {
        try answer(asOf, knownAt) { point, db in try FollowupsProjection.rows(plans: plan.map { [$0] }, at: point, db) }.1
    }

    /// The policies (`policy.adopted`) with a version in force by the as-of date, by key, each with its history.
    public func policies(asOf: LedgerDate, knownAt: KnownAt) throws -> [PolicyView] {
        try answer(asOf, knownAt) { point, db in try PoliciesProjection.policies(at: point, db) }.1
    }

    /// The audit findings at that point.
    public func audit(asOf: LedgerDate, knownAt: KnownAt, rules: Audit.Rules) throws -> [AuditFinding] {
        Audit.findings(try snapshot(asOf: asOf, knownAt: knownAt), rules: rules)
    }

    /// The whole state from the projection tables.
    public func snapshot(asOf: LedgerDate, knownAt: KnownAt) throws -> LedgerSnapshot {
        try answer(asOf, knownAt) { point, db in try StandardProjections.snapshot(at: point, db) }.1
    }

    /// The whole state by the plain fold of the log (`Replay.fold`), and when its last counted event was recorded.
    public func replay(asOf: LedgerDate, knownAt: KnownAt) throws -> (LedgerSnapshot, Timestamp?) {
        try ledger.read { db in
            let (point, recorded) = try resolve(asOf, knownAt, db)
            var events: [RecordedEvent] = []
            try ledger.forEachEvent(in: db, through: point.knownAt) { events.append($0) }
            return (Replay.fold(events, asOf: point.asOf, knownAt: point.knownAt), recorded)
        }
    }

    /// Dnrs classified in any known version, with their ground (see `DiaryProjection.classified`).
    public func classified() throws -> [String: String] {
        try ledger.read { db in try DiaryProjection.classified(db) }
    }

    /// What an archive delivery is made of, all read in one snapshot so that the parts agree: the state at
    /// (as of, known at), the dnrs classified in any version, the last event counted, and a way to stream
    /// the log up to it (`events`, valid only inside `body`; it holds one event at a time).
    ///
    /// Errors thrown by `body` itself (say, the output is full) reach the caller as they are; the store's own
    /// errors as `StoreError`.
    public func delivery<T>(
        asOf: LedgerDate, knownAt: KnownAt,
        _ body: (Delivery, _ events: ((RecordedEvent) throws -> Void) throws -> Void) throws -> T
    ) throws -> T {
        var failure: (any Error)?
        let result: T? = try ledger.read { db in
            let point = try resolvePoint(asOf, knownAt, db)
            let snapshot = try StandardProjections.snapshot(at: point, db)
            let last = point.knownAt == 0 ? nil : try EventLog.event(seq: point.knownAt, db)
            let mask = try PublicMask.read(db)
            let delivery = Delivery(snapshot: snapshot, classified: mask.classified, mask: mask, last: last)
            do {
                return try body(delivery) { each in
                    try ledger.forEachEvent(in: db, through: point.knownAt) { event in
                        do { try each(event) } catch { failure = error; throw error }
                    }
                }
            } catch {
                if failure == nil, !(error is DatabaseError) { failure = error }
                if failure != nil { return nil }
                throw error
            }
        }
        if let failure { throw failure }
        return result!
    }

    /// Every plan key ever registered, for "did you mean".
    public func planKeys() throws -> [String] {
        try ledger.read { db in try PlansProjection.allKeys(db) }
    }
}
