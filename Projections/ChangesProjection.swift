import GRDB
import LedgerCore
import LedgerStore

/// **changes** — each plan's ändringsförteckning (Version, Datum, Ändring, Beslutat av), one row per
/// version, saying which parts of the plan's content the version sets, so that a plan can be shown as of any version.
///
/// Table `plan_version`: plan, version, effective (Datum), change (Ändring), approved_by (Beslutat av), dnr,
/// decision_body, decision_paragraph, recorded (when the revision was recorded), corrected_by (the correction whose
/// replacement the row holds), content_title, content_period_from, content_period_to (the title and period the content
/// names, NULL when it names none: the plan listings read these instead of the content), has_content, has_title,
/// has_period, has_text, has_goals, has_budget, has_analyses (1 when the version's content names that part, else 0),
/// perspectives (the perspectives its analyses name, comma-separated in the content's order; NULL without analyses),
/// plus seq, known_seq, superseded_seq (see `VersionedRows`).
///
/// The content itself is read from the log when a view needs it (`content(seq:correctedBy:)`): from the revision's
/// data, or from the correction's replacement when `corrected_by` is set. v2 (issue 15) added the content_* columns
/// and the listing indexes, so that `plans` and the start page read a few narrow index entries per plan instead of
/// parsing every plan's content. v3 (issue 17) stopped copying the content into the row: the copy was 12 % of a
/// 200k-event ledger, and a plan's view read every version's content to learn which parts each sets, where the flags
/// now say it. An older ledger is rebuilt from its log on open.
public struct ChangesProjection: VersionedProjection {
    public let name = "changes.v3"
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
                recorded           TEXT NOT NULL,
                corrected_by       INTEGER,
                content_title      TEXT,
                content_period_from TEXT,
                content_period_to  TEXT,
                has_content        INTEGER NOT NULL,
                has_title          INTEGER NOT NULL,
                has_period         INTEGER NOT NULL,
                has_text           INTEGER NOT NULL,
                has_goals          INTEGER NOT NULL,
                has_budget         INTEGER NOT NULL,
                has_analyses       INTEGER NOT NULL,
                perspectives       TEXT,
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
        let content = r.content
        try db.cachedStatement(sql: """
            INSERT INTO plan_version (seq, known_seq, plan, version, effective, change, approved_by, dnr, decision_body,
                                      decision_paragraph, recorded, corrected_by, content_title, content_period_from,
                                      content_period_to, has_content, has_title, has_period, has_text, has_goals, has_budget,
                                      has_analyses, perspectives)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(
                origin.seq, knownSeq, origin.plan, r.version, effective.description, r.change, r.approvedBy, r.dnr,
                r.decision?.body, r.decision?.paragraph, origin.recorded.description, correctedBy,
                content?.title, content?.period?.from.description, content?.period?.to.description,
                content != nil, content?.title != nil, content?.period != nil, content?.text != nil, content?.goals != nil,
                content?.budget != nil, content?.analyses != nil,
                content?.analyses.map { $0.map(\.perspective.rawValue).joined(separator: ",") }
            )
    }

    // MARK: - Queries

    /// The versions of `plan` in force by `point` (effective on or before its date), in version order, with content.
    /// Each content is read from the log (`content(seq:correctedBy:)`): every version's for `.everyVersion`; for
    /// `.inForceOnly`, only what the view as of the point takes a part from. The `has_*` flags say which version set
    /// each part last; a content read there that no longer reads as a whole (a rule tightened since it was appended)
    /// counts as none, as in `Replay`, so that part is looked for in the versions before it.
    public static func versions(
        of plan: String, at point: TimePoint, contents: ContentNeeded = .everyVersion, _ db: Database
    ) throws -> [(entry: ChangeEntry, content: PlanContent?)] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, version, effective, change, approved_by, dnr, decision_body, decision_paragraph, recorded, corrected_by,
                   has_content, has_title, has_period, has_text, has_goals, has_budget, has_analyses
            FROM plan_version WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY version
            """), arguments: [plan, point.asOf.description, point.knownAt, point.knownAt])
        let versions = rows.map { ProjectionRow($0, in: "plan_version") }
        let entries = try versions.map(changeEntry)
        var read: [Int: PlanContent] = [:]
        switch contents {
        case .everyVersion:
            for index in versions.indices where try versions[index].flag("has_content") {
                read[index] = try content(seq: entries[index].seq, correctedBy: entries[index].correctedBy, db)
            }
        case .inForceOnly:
            // The view takes each part from the last version that sets it, so only those versions' content needs
            // reading (usually one): a plan with ten long revisions is shown in a tenth of the time.
            var needed = ContentPart.allCases
            for index in versions.indices.reversed() where !needed.isEmpty {
                let row = versions[index]
                let provided = try needed.filter { try row.flag($0.flag) }
                guard !provided.isEmpty, try row.flag("has_content"),
                      let content = try content(seq: entries[index].seq, correctedBy: entries[index].correctedBy, db)
                else { continue }
                read[index] = content
                needed.removeAll(where: provided.contains)
            }
        }
        return entries.indices.map { (entries[$0], read[$0]) }
    }

    /// A part of a plan's content (`PlanContent`), named as the content's member, with the `plan_version` column that
    /// says whether a version sets it.
    enum ContentPart: String, CaseIterable, Sendable {
        case title, period, text, goals, budget, analyses

        /// The `has_*` column of `plan_version`.
        var flag: String { "has_\(rawValue)" }
    }

    /// The content a version holds, read from the log: the `content` of revision `seq`'s data, or of the replacement
    /// in correction `correctedBy` (`data.replacement.data`) when the version's row holds one. The data is read as
    /// stored, not decoded as a payload, so that what no longer reads as content (a rule tightened since it was
    /// appended) shows as no content, as it did when the row kept a copy; nil too when the data names no content (or
    /// null). Throws `StoreError.damagedRow` when the event the row points at is missing, of another type, or a
    /// correction of another event (hand edits: no append writes such a row).
    static func content(seq: Int, correctedBy: Int?, _ db: Database) throws -> PlanContent? {
        let source = correctedBy ?? seq
        func damaged(_ reason: String) -> StoreError { .damagedRow(table: "plan_version", row: "seq \(seq)", reason: reason) }
        guard let event = try EventLog.event(seq: source, db) else { throw damaged("its event \(source) is not in the log") }
        let data: [String: JSONValue]?
        if correctedBy == nil {
            guard event.type == .planRevised else { throw damaged("event \(source) is of type \(event.type.rawValue), not plan.revised") }
            data = event.data
        } else {
            guard event.type == .eventCorrected else { throw damaged("corrected_by \(source) is of type \(event.type.rawValue), not event.corrected") }
            guard case .number(let target)? = event.data["target"], target == Double(seq) else {
                throw damaged("corrected_by \(source) corrects another event, not seq \(seq)")
            }
            guard case .object(let replacement)? = event.data["replacement"], case .object(let replaced)? = replacement["data"] else { return nil }
            data = replaced
        }
        guard let json = data?["content"], !json.isNull else { return nil }
        return PlanContent(json: json)
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
