import GRDB
import LedgerCore
import LedgerStore

/// **changes** — each plan's ändringsförteckning (Version, Datum, Ändring, Beslutat av), one row per
/// version, with the version's content so that a plan can be shown as of any version.
///
/// Table `plan_version`: plan, version, effective (Datum), change (Ändring), approved_by (Beslutat av), dnr,
/// decision_body, decision_paragraph, content (JSON as adopted, or NULL), recorded (when the revision was
/// recorded), corrected_by (the correction whose replacement the row holds), content_title, content_period_from,
/// content_period_to (the title and period the content names, NULL when it names none: the plan listings read
/// these instead of the content), plus seq, known_seq, superseded_seq (see `VersionedRows`).
///
/// v2 (issue 15) added the content_* columns and the listing indexes, so that `plans` and the start page read a few
/// narrow index entries per plan instead of parsing every plan's content; a v1 ledger is rebuilt from its log on open.
public struct ChangesProjection: VersionedProjection {
    public let name = "changes.v2"
    public let tables = ["plan_version"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS plan_version (
                seq                INTEGER NOT NULL,  -- the plan.revised event
                known_seq          INTEGER NOT NULL,
                superseded_seq     INTEGER,
                plan               TEXT NOT NULL,
                version            INTEGER NOT NULL,
                effective          TEXT NOT NULL,
                change             TEXT NOT NULL,
                approved_by        TEXT,
                dnr                TEXT,
                decision_body      TEXT,
                decision_paragraph TEXT,
                content            TEXT,
                recorded           TEXT NOT NULL,
                corrected_by       INTEGER,
                content_title      TEXT,
                content_period_from TEXT,
                content_period_to  TEXT,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS plan_version_by_plan ON plan_version(plan, version);
            CREATE INDEX IF NOT EXISTS plan_version_by_effective ON plan_version(effective);
            -- The listings (`PlansProjection.summaries`): each plan's latest version in force, and the last version
            -- naming a title or a period, from narrow covering entries, never from the content.
            CREATE INDEX IF NOT EXISTS plan_version_listing
                ON plan_version(plan, version, effective, known_seq, superseded_seq, approved_by);
            CREATE INDEX IF NOT EXISTS plan_version_titles
                ON plan_version(plan, version, effective, known_seq, superseded_seq, content_title) WHERE content_title IS NOT NULL;
            CREATE INDEX IF NOT EXISTS plan_version_periods
                ON plan_version(plan, version, effective, known_seq, superseded_seq, content_period_from, content_period_to)
                WHERE content_period_from IS NOT NULL;
            """)
    }

    func table(for type: EventType) -> String? {
        type == .planRevised ? "plan_version" : nil
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        guard case .planRevised(let r) = payload else { return }
        let content = data["content"].flatMap { $0.isNull ? nil : CanonicalJSON.string($0) }
        try db.cachedStatement(sql: """
            INSERT INTO plan_version (seq, known_seq, plan, version, effective, change, approved_by, dnr, decision_body,
                                      decision_paragraph, content, recorded, corrected_by, content_title, content_period_from,
                                      content_period_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(
                origin.seq, knownSeq, origin.plan, r.version, effective.description, r.change, r.approvedBy, r.dnr,
                r.decision?.body, r.decision?.paragraph, content, origin.recorded.description, correctedBy,
                r.content?.title, r.content?.period?.from.description, r.content?.period?.to.description
            )
    }

    // MARK: - Queries

    /// The versions of `plan` in force by `point` (effective on or before its date), in version order, with content.
    public static func versions(
        of plan: String, at point: TimePoint, contents: ContentNeeded = .everyVersion, _ db: Database
    ) throws -> [(entry: ChangeEntry, content: PlanContent?)] {
        // Which content fields each version sets, read by SQLite's JSON functions without parsing in Swift.
        let rows: [Row]
        do {
            rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, version, effective, change, approved_by, dnr, decision_body, decision_paragraph, content, recorded, corrected_by,
                   json_type(content, '$.title') IS NOT NULL AND json_type(content, '$.title') != 'null',
                   json_type(content, '$.period') IS NOT NULL AND json_type(content, '$.period') != 'null',
                   json_type(content, '$.text') IS NOT NULL AND json_type(content, '$.text') != 'null',
                   json_type(content, '$.goals') IS NOT NULL AND json_type(content, '$.goals') != 'null',
                   json_type(content, '$.budget') IS NOT NULL AND json_type(content, '$.budget') != 'null',
                   json_type(content, '$.analyses') IS NOT NULL AND json_type(content, '$.analyses') != 'null'
            FROM plan_version WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY version
            """), arguments: [plan, point.asOf.description, point.knownAt, point.knownAt])
        } catch let error as DatabaseError where error.message == "malformed JSON" {
            // Only a hand edit stores text that is not JSON: name the row.
            let seq = try Int.fetchOne(db, sql: "SELECT seq FROM plan_version WHERE plan = ? AND content IS NOT NULL AND NOT json_valid(content) LIMIT 1",
                                       arguments: [plan])
            throw StoreError.damagedRow(table: "plan_version", row: seq.map { "seq \($0)" } ?? "of plan \(plan)", reason: "column content holds text that is not JSON")
        }
        // The view as of the point takes each field from the last version that sets it, so only those versions'
        // content needs parsing (usually one): a plan with ten long revisions is shown in a tenth of the time.
        var parse = Set(rows.indices)
        if contents == .inForceOnly {
            parse = []
            var needed: Set<Int> = [11, 12, 13, 14, 15, 16]  // title, period, text, goals, budget, analyses
            for index in rows.indices.reversed() where !needed.isEmpty {
                let provided = needed.filter { rows[index][$0] as Bool? ?? false }
                if !provided.isEmpty { parse.insert(index) }
                needed.subtract(provided)
            }
        }
        return try rows.enumerated().map { index, stored in
            let row = ProjectionRow(stored, in: "plan_version")
            let entry = try changeEntry(row)
            guard parse.contains(index) else { return (entry, nil) }
            guard try row.optional("content", as: String.self) != nil else { return (entry, nil) }
            // Text that is not JSON is damage; JSON that no longer reads as content (a rule tightened since it was
            // appended) shows as no content, as before.
            return (entry, PlanContent(json: try row.json("content")))
        }
    }

    /// The latest `limit` decisions of any plan in force by `point` (effective on or before its date): the versions
    /// by effective date, newest first (ties: the later recorded first), each with its plan's key. Reads the
    /// `effective` index backwards, so the cost is `limit` rows (plus those hidden at the point), not the log's length.
    public static func recent(limit: Int, at point: TimePoint, _ db: Database) throws -> [(plan: String, entry: ChangeEntry)] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, seq, version, effective, change, approved_by, dnr, decision_body, decision_paragraph, recorded, corrected_by
            FROM plan_version WHERE effective <= ? AND \(VersionedRows.visible) ORDER BY effective DESC, seq DESC LIMIT ?
            """), arguments: [point.asOf.description, point.knownAt, point.knownAt, limit])
        return try rows.map { stored in
            let row = ProjectionRow(stored, in: "plan_version")
            let entry = try changeEntry(row)
            return (try row.required("plan"), entry)
        }
    }

    /// The change-list row of a `plan_version` row read with its entry's columns.
    static func changeEntry(_ row: ProjectionRow) throws -> ChangeEntry {
        let body: String? = try row.optional("decision_body")
        let paragraph: String? = try row.optional("decision_paragraph")
        return ChangeEntry(
            version: try row.required("version"), date: try row.date("effective"), change: try row.required("change"),
            approvedBy: try row.optional("approved_by"), dnr: try row.optional("dnr"),
            decision: body.map { DecisionReference(body: $0, paragraph: paragraph) },
            seq: try row.required("seq"), recorded: try row.timestamp("recorded"), correctedBy: try row.optional("corrected_by"))
    }

    /// Which versions' content a query needs: all of them (follow-ups judge each report by the content in force
    /// on its date), or only what the plan's view at the as-of date is resolved from.
    public enum ContentNeeded: Sendable {
        case everyVersion
        case inForceOnly
    }
}
