import GRDB
import LedgerCore
import LedgerStore

/// **follow-ups** — the reported outcome of each metric per period (DÅ04, DÅ08, ÅR), and the periods that
/// ended with none: one row per (plan, metric, period), with the metric as in force at the report.
///
/// Table `followup`: plan, metric, period (`2022-DÅ04`), period_end, outcome (JSON: a number or a text),
/// unit, fulfilment, comment, effective (the report's date), plus seq, known_seq, superseded_seq
/// (see `VersionedRows`). The metrics themselves come from the plans' content (`plan_version.content`).
public struct FollowupsProjection: VersionedProjection {
    public let name = "followups.v1"
    public let tables = ["followup"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS followup (
                seq            INTEGER NOT NULL,  -- the followup.recorded event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                plan           TEXT NOT NULL,
                metric         TEXT NOT NULL,
                period         TEXT NOT NULL,
                period_end     TEXT NOT NULL,
                outcome        TEXT NOT NULL,
                unit           TEXT,
                fulfilment     TEXT NOT NULL,
                comment        TEXT,
                effective      TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS followup_by_plan ON followup(plan, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        type == .followupRecorded ? "followup" : nil
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        guard case .followupRecorded(let f) = payload else { return }
        try db.cachedStatement(sql: """
            INSERT INTO followup (seq, known_seq, plan, metric, period, period_end, outcome, unit, fulfilment, comment, effective)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(
                origin.seq, knownSeq, origin.plan, f.metric, f.period.description, f.period.end.description, CanonicalJSON.string(f.outcome),
                f.unit, f.fulfilment.rawValue, f.comment, effective.description
            )
    }

    // MARK: - Queries

    /// The reports of `plan` in effect by the as-of date, in (effective, seq) order.
    static func observations(of plan: String, at point: TimePoint, _ db: Database) throws -> [FollowupObservation] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, metric, period, outcome, unit, fulfilment, comment, effective FROM followup
            WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY effective, seq
            """), arguments: [plan, point.asOf.description, point.knownAt, point.knownAt]).map { stored in
            let row = ProjectionRow(stored, in: "followup")
            let periodText: String = try row.required("period")
            guard let period = FollowupPeriod(periodText) else { throw row.damaged("period", "holds \"\(periodText)\", not a follow-up period") }
            return FollowupObservation(metric: try row.required("metric"), period: period, outcome: try row.json("outcome"), unit: try row.optional("unit"),
                                       fulfilment: try row.choice("fulfilment"), comment: try row.optional("comment"), effective: try row.date("effective"),
                                       seq: try row.required("seq"))
        }
    }

    /// The follow-ups of `plans` (every plan at `point` when nil), by plan, period and metric.
    public static func rows(plans: [String]? = nil, at point: TimePoint, _ db: Database) throws -> [FollowupRow] {
        try (plans ?? PlansProjection.keys(at: point, db)).flatMap { key -> [FollowupRow] in
            guard let timeline = try PlansProjection.timeline(key, at: point, db) else { return [] }
            return FollowupRow.build(timeline, observations: try observations(of: key, at: point, db), asOf: point.asOf)
        }
    }
}
