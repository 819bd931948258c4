import GRDB
import LedgerCore
import LedgerStore

/// **activities** — the activities of plans (aktivitetsplan, seed 001 §3.3) with their reports: open, started, done
/// or cancelled as of any date, and overdue when the due date has passed and the work is neither done nor cancelled.
///
/// Table `activity_report` (plan, activity, status, note, effective), with seq, known_seq, superseded_seq (see
/// `VersionedRows`), as `assignment_report` is. The activities themselves are not copied here: they come from the
/// plan's content in force as of the date (`plan_version.content`, read through `PlansProjection`), so a version that
/// drops or changes an activity changes the answer from its date on, and a correction of a version does too.
public struct ActivitiesProjection: VersionedProjection {
    public let name = "activities.v1"
    public let tables = ["activity_report"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS activity_report (
                seq            INTEGER NOT NULL,  -- the activity.reported event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                plan           TEXT NOT NULL,
                activity       TEXT NOT NULL,
                status         TEXT NOT NULL,
                note           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS activity_report_by_activity ON activity_report(plan, activity, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        type == .activityReported ? "activity_report" : nil
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        guard case .activityReported(let a) = payload, let plan = origin.plan else { return }
        try db.cachedStatement(sql: """
            INSERT INTO activity_report (seq, known_seq, plan, activity, status, note, effective) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).insert(origin.seq, knownSeq, plan, a.activity, a.status.rawValue, a.note, effective.description)
    }

    // MARK: - Queries

    /// The activities of `plan` (of every plan at `point` when nil) in the content in force on the as-of date, each
    /// with its latest report in effect by then; by due date, plan and id. Cost: one plan lookup per plan and one
    /// indexed lookup per activity.
    public static func activities(plan: String? = nil, at point: TimePoint, _ db: Database) throws -> [ActivityView] {
        let keys = try plan.map { [$0] } ?? PlansProjection.keys(at: point, db)
        let latest = try db.cachedStatement(sql: """
            SELECT seq, status, note, effective FROM activity_report INDEXED BY activity_report_by_activity
            WHERE plan = ? AND activity = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY effective DESC, seq DESC LIMIT 1
            """)
        return try keys.flatMap { key -> [ActivityView] in
            guard let view = try PlansProjection.plan(key, at: point, db) else { return [] }
            return try ActivityView.build(view, asOf: point.asOf) { activity in
                try Row.fetchOne(latest, arguments: [key, activity, point.asOf.description, point.knownAt, point.knownAt]).map { stored in
                    let row = ProjectionRow(stored, in: "activity_report")
                    return (report: ActivityReported(activity: activity, status: try row.choice("status"), note: try row.required("note")),
                            effective: try row.date("effective"), seq: try row.required("seq"))
                }
            }
        }.sorted(by: ActivityView.listOrder)
    }
}
