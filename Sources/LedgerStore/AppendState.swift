import Foundation
import GRDB
import LedgerCore

/// The rules' state (`LedgerState`) kept in the `append_state` table, with a write-back cache: an append
/// reads each key at most once and writes each changed key once, when the transaction is about to commit.
final class AppendState: LedgerState {
    /// One kind of record: what was read or written this append (nil: known absent) and which keys changed.
    private struct Table<Value: Codable> {
        let kind: String
        var cache: [String: Value?] = [:]
        var dirty: Set<String> = []
    }

    private let db: Database
    private var plans = Table<PlanState>(kind: "plan")
    private var diaries = Table<DiaryState>(kind: "diary")
    private var assignments = Table<AssignmentState>(kind: "assignment")
    private var amendments = Table<AmendmentState>(kind: "amendment")
    private var processes = Table<ProcessState>(kind: "process")
    private(set) var head: Int
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    private let decoder = JSONDecoder()

    init(db: Database, head: Int) {
        self.db = db
        self.head = head
    }

    func advance(to seq: Int) { head = seq }

    private func load<T>(_ table: inout Table<T>, _ key: String) throws -> T? {
        if let cached = table.cache[key] { return cached }
        let statement = try db.cachedStatement(sql: "SELECT value FROM append_state WHERE kind = ? AND key = ?")
        let value = try String.fetchOne(statement, arguments: [table.kind, key]).map { text in
            try decoder.decode(T.self, from: Data(text.utf8))
        }
        table.cache[key] = .some(value)
        return value
    }

    private func store<T>(_ table: inout Table<T>, _ key: String, _ value: T?) {
        table.cache[key] = .some(value)
        table.dirty.insert(key)
    }

    private func flush<T>(_ table: inout Table<T>) throws {
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO append_state (kind, key, value) VALUES (?, ?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM append_state WHERE kind = ? AND key = ?")
        for key in table.dirty.sorted() {
            if let value = table.cache[key] ?? nil {
                let json = try encoder.encode(value)
                try upsert.execute(arguments: [table.kind, key, String(decoding: json, as: UTF8.self)])
            } else {
                try delete.execute(arguments: [table.kind, key])
            }
        }
        table.dirty.removeAll()
    }

    /// Writes every changed key. Call inside the append's transaction, at least once before it commits.
    func flush() throws {
        try flush(&plans)
        try flush(&diaries)
        try flush(&assignments)
        try flush(&amendments)
        try flush(&processes)
    }

    /// Flushes and empties the cache once it holds more than `limit` keys; call between events. A million-event
    /// append touches hundreds of thousands of dnrs, and memory must not grow with them; a key used again is read
    /// back from the table. (At 1M events, a limit of 100k keys empties it about twice and keeps peak memory near
    /// 100 MB instead of 150 MB, at no measurable cost in time.)
    func trimIfNeeded(limit: Int) throws {
        guard plans.cache.count + diaries.cache.count + assignments.cache.count + amendments.cache.count + processes.cache.count
            + followupCandidateRows > limit else { return }
        try flush()
        followupCandidates.removeAll()
        followupCandidateRows = 0
        plans.cache.removeAll()
        diaries.cache.removeAll()
        assignments.cache.removeAll()
        amendments.cache.removeAll()
        processes.cache.removeAll()
    }

    func plan(_ key: String) throws -> PlanState? { try load(&plans, key) }
    func diary(_ dnr: String) throws -> DiaryState? { try load(&diaries, dnr) }
    func assignment(_ key: String) throws -> AssignmentState? { try load(&assignments, key) }
    func amendment(of seq: Int) throws -> AmendmentState? { try load(&amendments, String(seq)) }
    func process(_ key: String) throws -> ProcessState? { try load(&processes, key) }
    func event(seq: Int) throws -> RecordedEvent? { try EventRow.fetch(seq: seq, db) }
    /// Read from the log through its plan index; only amendments of plan events ask.
    func followups(of plan: String) throws -> [Int] {
        try Int.fetchAll(db.cachedStatement(sql: "SELECT seq FROM event WHERE plan = ? AND type = 'followup.recorded' ORDER BY seq"), arguments: [plan])
    }

    /// Read from the log through its plan index, as `followups(of:)`; only amendments of plan events ask.
    func activityReports(of plan: String) throws -> [Int] {
        try Int.fetchAll(db.cachedStatement(sql: "SELECT seq FROM event WHERE plan = ? AND type = 'activity.reported' ORDER BY seq"), arguments: [plan])
    }

    /// Through the partial index `event_followup_by_metric` (migration v6), whose expression the query repeats,
    /// reading each candidate's written period, and whether it has been amended, in SQL: only one written for
    /// `period`, or one amended since, is handed to the rule to decode (before, every follow-up of the metric was
    /// fetched and decoded, a third of a bulk append's time). What was read is kept for the rest of the
    /// append and kept current by `appended(_:seq:)`, so each plan and metric is queried once per append (until the
    /// cache is trimmed), not once per follow-up. An amendment is in the table once
    /// flushed and among the changed keys before; amendment records are never removed, and the kept rows are dropped
    /// whenever the changed keys are flushed (`trimIfNeeded`).
    func followups(of plan: String, metric: String, period: FollowupPeriod) throws -> [Int] {
        let key = FollowupKey(plan: plan, metric: metric)
        let known: FollowupCandidates
        if let kept = followupCandidates[key] {
            // Read before and kept current by `appended(_:seq:)`: only this append can have added any since.
            known = kept
        } else {
            var read = FollowupCandidates()
            let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.followupPeriodsByMetric), arguments: [plan, metric])
            while let row = try rows.next() {
                let written: String? = row[1]
                read.rows.append((row[0], written.flatMap(FollowupPeriod.init), row[2]))
                followupCandidateRows += 1
            }
            followupCandidates[key] = read
            known = read
        }
        return known.rows.compactMap { candidate in
            if candidate.amended || candidate.period == period { return candidate.seq }
            return !amendments.dirty.isEmpty && amendments.dirty.contains(String(candidate.seq)) ? candidate.seq : nil
        }
    }

    /// Keeps the follow-ups read for a plan and metric current: call with each event this append writes, after
    /// `LedgerRules.apply`. A `followup.recorded` of a plan and metric already read is added to what was read, so
    /// that the next follow-up of the same plan and metric is judged without a query (a bulk append asked SQLite
    /// once per follow-up before: 87,411 queries, 1.0 s of a 200k-event append). The append holds the write lock, so
    /// nobody else adds to the log meanwhile; a plan and metric not yet read are left to the query.
    func appended(_ event: ProposedEvent, seq: Int) {
        guard event.type == .followupRecorded, let plan = event.plan, case .string(let metric)? = event.data["metric"] else { return }
        let key = FollowupKey(plan: plan, metric: metric)
        // Not when the key was first read after this event was written: the query has it already.
        guard let kept = followupCandidates[key], kept.rows.last.map({ $0.seq < seq }) ?? true else { return }
        followupCandidates[key]!.rows.append((seq, event.data["period"]?.stringValue.flatMap(FollowupPeriod.init), false))
        followupCandidateRows += 1
    }

    private struct FollowupKey: Hashable {
        let plan: String
        let metric: String
    }

    /// A plan's follow-ups of one metric, read once this append and kept current since: seq, written period, amended
    /// when read.
    private struct FollowupCandidates {
        var rows: [(seq: Int, period: FollowupPeriod?, amended: Bool)] = []
    }

    private var followupCandidates: [FollowupKey: FollowupCandidates] = [:]
    private var followupCandidateRows = 0

    static let followupPeriodsByMetric = """
        SELECT e.seq, json_extract(e.data, '$.period'), a.key IS NOT NULL FROM event e
        LEFT JOIN append_state a ON a.kind = 'amendment' AND a.key = CAST(e.seq AS TEXT)
        WHERE e.plan = ? AND e.type = 'followup.recorded' AND json_extract(e.data, '$.metric') = ? ORDER BY e.seq
        """


    func put(plan: PlanState, key: String) { store(&plans, key, plan) }
    func removePlan(_ key: String) { store(&plans, key, nil) }
    func put(diary: DiaryState) { store(&diaries, diary.dnr, diary) }
    func removeDiary(_ dnr: String) { store(&diaries, dnr, nil) }
    func put(assignment: AssignmentState) { store(&assignments, assignment.key, assignment) }
    func removeAssignment(_ key: String) { store(&assignments, key, nil) }
    func put(amendment: AmendmentState) { store(&amendments, String(amendment.target), amendment) }
    func put(process: ProcessState) { store(&processes, process.key, process) }
    func removeProcess(_ key: String) { store(&processes, key, nil) }

    /// Every stored row, decoded and re-encoded canonically, for comparison with a fresh derivation.
    static func snapshot(_ db: Database) throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT kind, key, value FROM append_state")
        while let row = try rows.next() {
            let kind: String = row[0], key: String = row[1], value: String = row[2]
            result["\(kind)/\(key)"] = value
        }
        return result
    }
}
