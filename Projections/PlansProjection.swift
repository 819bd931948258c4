import GRDB
import LedgerCore
import LedgerStore

/// **plans** — each plan's registration and repeal, and the plan as of any date: its version in force,
/// status, title, period and content, combined with the change list of `ChangesProjection`.
///
/// Tables (readable in sqlite3):
/// - `plan_registration`: plan, effective (registration date), title, kind, owner, period_from, period_to, parent
/// - `plan_repeal`: plan, effective, reason, approved_by
/// each with the bitemporal columns seq, known_seq, superseded_seq (see `VersionedRows`).
public struct PlansProjection: VersionedProjection {
    public let name = "plans.v1"
    public let tables = ["plan_registration", "plan_repeal"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS plan_registration (
                seq            INTEGER NOT NULL,  -- the plan.registered event
                known_seq      INTEGER NOT NULL,  -- known from (the event, or the correction it holds)
                superseded_seq INTEGER,           -- until (a later correction or a retraction)
                plan           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                title          TEXT NOT NULL,
                kind           TEXT NOT NULL,
                owner          TEXT NOT NULL,
                period_from    TEXT,
                period_to      TEXT,
                parent         TEXT,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS plan_registration_by_plan ON plan_registration(plan, effective);
            CREATE INDEX IF NOT EXISTS plan_registration_by_date ON plan_registration(effective);
            CREATE INDEX IF NOT EXISTS plan_registration_by_parent ON plan_registration(parent) WHERE parent IS NOT NULL;
            CREATE TABLE IF NOT EXISTS plan_repeal (
                seq            INTEGER NOT NULL,
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                plan           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                reason         TEXT NOT NULL,
                approved_by    TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS plan_repeal_by_plan ON plan_repeal(plan, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        switch type {
        case .planRegistered: "plan_registration"
        case .planRepealed: "plan_repeal"
        default: nil
        }
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        switch payload {
        case .planRegistered(let p):
            try db.cachedStatement(sql: """
                INSERT INTO plan_registration (seq, known_seq, plan, effective, title, kind, owner, period_from, period_to, parent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).insert(
                    origin.seq, knownSeq, origin.plan, effective.description, p.title, p.kind, p.owner,
                    p.period?.from.description, p.period?.to.description, p.parent
                )
        case .planRepealed(let r):
            try db.cachedStatement(sql: """
                INSERT INTO plan_repeal (seq, known_seq, plan, effective, reason, approved_by) VALUES (?, ?, ?, ?, ?, ?)
                """).insert(origin.seq, knownSeq, origin.plan, effective.description, r.reason, r.approvedBy)
        default:
            break
        }
    }

    // MARK: - Queries

    /// The keys of the plans that exist at `point` (registered on or before the date), in byte order.
    /// A range scan of the registration dates: its cost follows the number of plans registered by then,
    /// not the length of the log.
    public static func keys(at point: TimePoint, _ db: Database) throws -> [String] {
        let keys = try String.fetchAll(db.cachedStatement(sql: """
            SELECT plan FROM plan_registration INDEXED BY plan_registration_by_date
            WHERE effective <= ? AND \(VersionedRows.visible)
            """), arguments: [point.asOf.description, point.knownAt, point.knownAt])
        return Array(Set(keys)).sorted(by: byteOrder)
    }

    /// One plan's registration, versions and repeal at `point`; nil if it does not exist then.
    /// Cost: a few index lookups plus one row per version of this plan.
    public static func timeline(
        _ key: String, at point: TimePoint, contents: ChangesProjection.ContentNeeded = .everyVersion, _ db: Database
    ) throws -> PlanTimeline? {
        guard let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT seq, effective, title, kind, owner, period_from, period_to, parent FROM plan_registration
            WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY seq DESC LIMIT 1
            """), arguments: [key, point.asOf.description, point.knownAt, point.knownAt])
        else { return nil }
        let row = ProjectionRow(stored, in: "plan_registration")
        var period: PlanPeriod?
        if let from = try row.optionalDate("period_from"), let to = try row.optionalDate("period_to") {
            period = PlanPeriod(from: from, to: to)
        }
        let registration = PlanRegistered(title: try row.required("title"), kind: try row.required("kind"), owner: try row.required("owner"),
                                          period: period, parent: try row.optional("parent"))
        let repealed = try String.fetchOne(db.cachedStatement(sql: """
            SELECT effective FROM plan_repeal WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible)
            ORDER BY effective DESC, seq DESC LIMIT 1
            """), arguments: [key, point.asOf.description, point.knownAt, point.knownAt])
        return PlanTimeline(plan: key, registration: registration, registered: try row.date("effective"),
                            versions: try ChangesProjection.versions(of: key, at: point, contents: contents, db),
                            repealed: try repealed.map { text in
                                guard let date = LedgerDate(iso: text) else {
                                    throw StoreError.damagedRow(table: "plan_repeal", row: "plan \(key)", reason: "column effective holds \"\(text)\", not a date YYYY-MM-DD")
                                }
                                return date
                            })
    }

    /// One plan at `point`, with content and change list up to the version in force (or up to `version`);
    /// nil if it does not exist then.
    public static func plan(_ key: String, at point: TimePoint, version: Int? = nil, _ db: Database) throws -> PlanView? {
        guard let timeline = try timeline(key, at: point, contents: version == nil ? .inForceOnly : .everyVersion, db) else { return nil }
        guard let version else { return PlanView(timeline: timeline, asOf: point.asOf) }
        return PlanView(timeline: timeline, asOf: point.asOf, version: version)
    }

    /// The plans whose parent is `key` at `point`, by key.
    public static func children(of key: String, at point: TimePoint, _ db: Database) throws -> [String] {
        let keys = try String.fetchAll(db.cachedStatement(sql: """
            SELECT plan FROM plan_registration WHERE parent = ? AND effective <= ? AND \(VersionedRows.visible)
            """), arguments: [key, point.asOf.description, point.knownAt, point.knownAt])
        return Array(Set(keys)).sorted(by: byteOrder)
    }

    /// The goal chain below `key`: the plan and its descendants through `parent`, depth first.
    public static func chain(_ key: String, at point: TimePoint, _ db: Database) throws -> ChainNode? {
        var seen: Set<String> = []
        func node(_ key: String) throws -> ChainNode? {
            guard seen.insert(key).inserted, let plan = try plan(key, at: point, db) else { return nil }
            return ChainNode(plan: key, title: plan.title, kind: plan.kind, version: plan.version,
                             children: try children(of: key, at: point, db).compactMap(node))
        }
        return try node(key)
    }

    /// Every plan that exists at `point`, by key.
    public static func plans(at point: TimePoint, _ db: Database) throws -> [PlanView] {
        try keys(at: point, db).compactMap { try plan($0, at: point, db) }
    }

    /// Every plan that exists at `point`, by key, as `plans(at:)` shows it in a listing (`summaryJSON`: key, kind,
    /// title, owner, period, parent, version, status, effective, approvedBy), but without `text`, `goals` and the
    /// change list (nil, nil and empty): what `planledger plans`, `GET /plans` and the start page show.
    ///
    /// Four grouped scans instead of a timeline per plan: the registrations by date, the repeals, and three narrow
    /// covering indexes of `plan_version` (the latest version in force, the last naming a title, the last naming a
    /// period; `ChangesProjection` v2), so no content is read or parsed. The title and period are the registration's
    /// unless a version in force names one (the last such version wins, as `PlanView.resolve` folds them); the status
    /// is `PlanStatus.of`, as `PlanView.build` decides it.
    public static func summaries(at point: TimePoint, _ db: Database) throws -> [PlanView] {
        let asOf = point.asOf.description
        let arguments: StatementArguments = [asOf, point.knownAt, point.knownAt]
        // SQLite takes a bare column of a max() aggregate from the row holding the maximum.
        let registrations = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, max(seq), title, kind, owner, period_from, period_to, parent FROM plan_registration INDEXED BY plan_registration_by_date
            WHERE effective <= ? AND \(VersionedRows.visible) GROUP BY plan
            """), arguments: arguments)
        let repealed = Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT plan FROM plan_repeal WHERE effective <= ? AND \(VersionedRows.visible)
            """), arguments: arguments))
        var latest: [String: (version: Int, effective: LedgerDate, approvedBy: String?)] = [:]
        for stored in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, max(version), effective, approved_by FROM plan_version INDEXED BY plan_version_listing
            WHERE effective <= ? AND \(VersionedRows.visible) GROUP BY plan
            """), arguments: arguments) {
            let row = ProjectionRow(stored, in: "plan_version")
            latest[try row.required("plan")] = (stored[1], try row.date("effective"), try row.optional("approved_by"))
        }
        var titles: [String: String] = [:]
        for stored in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, max(version), content_title FROM plan_version INDEXED BY plan_version_titles
            WHERE content_title IS NOT NULL AND effective <= ? AND \(VersionedRows.visible) GROUP BY plan
            """), arguments: arguments) {
            titles[stored[0]] = stored[2]
        }
        var periods: [String: PlanPeriod] = [:]
        for stored in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, max(version), content_period_from, content_period_to FROM plan_version INDEXED BY plan_version_periods
            WHERE content_period_from IS NOT NULL AND effective <= ? AND \(VersionedRows.visible) GROUP BY plan
            """), arguments: arguments) {
            let row = ProjectionRow(stored, in: "plan_version")
            if let from = try row.optionalDate("content_period_from"), let to = try row.optionalDate("content_period_to") {
                periods[try row.required("plan")] = PlanPeriod(from: from, to: to)
            }
        }
        return try registrations.map { stored in
            let row = ProjectionRow(stored, in: "plan_registration")
            let key: String = try row.required("plan")
            var period: PlanPeriod?
            if let from = try row.optionalDate("period_from"), let to = try row.optionalDate("period_to") {
                period = PlanPeriod(from: from, to: to)
            }
            period = periods[key] ?? period
            let current = latest[key]
            let registeredTitle: String = try row.required("title")
            return PlanView(
                plan: key, kind: try row.required("kind"), title: titles[key] ?? registeredTitle, owner: try row.required("owner"),
                period: period, parent: try row.optional("parent"), version: current?.version ?? 0,
                status: PlanStatus.of(repealed: repealed.contains(key), hasVersion: current != nil, period: period, asOf: point.asOf),
                effective: current?.effective, approvedBy: current?.approvedBy, text: nil, goals: nil, changes: [])
        }.sorted { byteOrder($0.plan, $1.plan) }
    }

    /// Every plan key ever registered (for "did you mean" hints).
    public static func allKeys(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT plan FROM plan_registration ORDER BY plan")
    }
}
