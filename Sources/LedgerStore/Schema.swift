import Foundation
import GRDB
import LedgerCore

/// Every schema change of the ledger file, in order. Migrations are never edited once shipped: a change is a
/// new migration. `PRAGMA application_id` marks the file as a ledger so that other SQLite files are refused.
enum Schema {
    /// 'PLDG'.
    static let applicationID: Int32 = 0x504C_4447

    /// Checks, in a read transaction, that this planledger can read the ledger: it is a ledger, its schema is not
    /// newer, and it keeps no projection newer than `projections`. Returns the upgrade it needs (a schema step not
    /// yet applied, a projection behind the log), nil when none.
    ///
    /// A projection name is `<base>.v<N>` (`plans.v1`); a later version gets a new name (see `Projection.name`). The
    /// file may keep older versions' progress rows (left by an upgrade): those are ignored.
    static func check(_ db: Database, path: String, projections: [any Projection]) throws -> Upgrade? {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard appID == applicationID else {
            throw StoreError.notALedger(path: path, reason: "it is an SQLite database of another application")
        }
        let migrator = migrator
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw StoreError.newerSchema(path: path, known: migrator.migrations.last ?? "none", unknown: unknown)
        }
        guard try migrator.hasCompletedMigrations(db) else {
            let pending = try Set(migrator.migrations).subtracting(migrator.appliedIdentifiers(db))
            return .schemaSteps(migrator.migrations.filter(pending.contains))
        }
        // The ledger's own tables, present in every schema this planledger writes: one dropped by hand is damage, named
        // before any query meets SQLite's "no such table".
        if let missing = try Ledger.coreTables.first(where: { try !db.tableExists($0) }) {
            throw StoreError.damagedFile(path: path, reason: "its table \(missing) is missing")
        }
        guard !projections.isEmpty else { return nil }
        // A progress record that is not an integer (edited by hand) reads as none: lagging, never a crash.
        let progress = try Row.fetchAll(db, sql: """
            SELECT name, \(Ledger.appliedSeq) FROM projection_progress
            """).map { (name: $0[0] as String, applied: $0[1] as Int?) }
        let known = Dictionary(projections.map { (ProjectionName($0.name).base, ProjectionName($0.name).version) }, uniquingKeysWith: max)
        let newer = progress.map(\.name).filter { name in
            let parsed = ProjectionName(name)
            return known[parsed.base].map { parsed.version > $0 } ?? true
        }
        if !newer.isEmpty {
            throw StoreError.newerProjections(path: path, known: projections.map(\.name), unknown: newer.sorted())
        }
        let head = try Int.fetchOne(db, sql: "SELECT max(seq) FROM event") ?? 0
        let applied = Dictionary(progress.map { ($0.name, $0.applied) }, uniquingKeysWith: { first, _ in first })
        let lagging = projections.map(\.name).filter { (applied[$0] ?? nil) != head }
        return lagging.isEmpty ? nil : .projections(lagging, head: head)
    }

    /// What a ledger needs before this planledger reads it (`check`); its description is the reason a read-only file
    /// that needs it is refused with.
    enum Upgrade: CustomStringConvertible {
        /// Schema steps not yet applied, by identifier, in order.
        case schemaSteps([String])
        /// Projections whose recorded progress is not the head's seq (or that have none yet), and that seq.
        case projections([String], head: Int)

        var description: String {
            switch self {
            case .schemaSteps(let steps): "schema steps \(steps.joined(separator: ", ")) are to be applied"
            case .projections(let names, let head): "projections \(names.joined(separator: ", ")) are to be brought up to seq \(head)"
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            // The log. seq is the rowid: looking an event up by seq is one B-tree descent.
            try db.execute(sql: """
                CREATE TABLE event (
                    seq       INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
                    id        TEXT    NOT NULL UNIQUE,
                    type      TEXT    NOT NULL,
                    plan      TEXT,
                    effective TEXT    NOT NULL,
                    recorded  TEXT    NOT NULL,
                    actor     TEXT,
                    data      TEXT    NOT NULL,
                    prev      BLOB    NOT NULL CHECK (length(prev) = 32),
                    hash      BLOB    NOT NULL CHECK (length(hash) = 32)
                );
                CREATE INDEX event_by_plan ON event(plan) WHERE plan IS NOT NULL;

                -- The log is append-only in the database itself, whoever writes to it.
                CREATE TRIGGER event_refuses_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'planledger: the event log is append-only; UPDATE is refused (record an event.corrected instead)'); END;
                CREATE TRIGGER event_refuses_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'planledger: the event log is append-only; DELETE is refused (record an event.retracted instead)'); END;
                -- INSERT OR REPLACE would delete the row holding the same id without firing the DELETE trigger.
                CREATE TRIGGER event_id_is_new BEFORE INSERT ON event
                WHEN EXISTS (SELECT 1 FROM event WHERE id = NEW.id)
                BEGIN SELECT RAISE(ABORT, 'planledger: an event with this id is already in the log'); END;
                CREATE TRIGGER event_seq_is_gapless BEFORE INSERT ON event
                WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM event)
                BEGIN SELECT RAISE(ABORT, 'planledger: seq must follow the head of the log without a gap'); END;

                -- What the append rules need to know (plans and their versions, dnrs, assignments, amended
                -- events), one JSON document per key, so that each rule is a lookup, not a replay.
                -- Derived from the log: verify re-derives it and compares.
                CREATE TABLE append_state (
                    kind  TEXT NOT NULL,   -- plan | diary | assignment | amendment
                    key   TEXT NOT NULL,   -- plan key | dnr | assignment key | target seq
                    value TEXT NOT NULL,   -- JSON
                    PRIMARY KEY (kind, key)
                ) WITHOUT ROWID;

                CREATE TABLE ledger_meta (
                    key   TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO ledger_meta (key, value) VALUES ('format', 'planledger event ledger');
                """)
        }
        migrator.registerMigration("v2-projection-progress") { db in
            // How far each projection has applied the log, written in the same transaction as its rows.
            // Projections own their tables; a changed projection gets a new name and is rebuilt from the log.
            try db.execute(sql: """
                CREATE TABLE projection_progress (
                    name        TEXT PRIMARY KEY NOT NULL,
                    applied_seq INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-merkle-tree") { db in
            // Perfect, aligned subtrees of the RFC 9162 Merkle tree over the events: level l index i holds the
            // hash of leaves [i·2^l, (i+1)·2^l), a leaf being SHA-256(0x00 ‖ event hash). Since v4, level ≥ 4 only.
            // Signed checkpoints of the tree head, kept so that proofs can be made against them.
            try db.execute(sql: """
                CREATE TABLE merkle_node (
                    level INTEGER NOT NULL,
                    idx   INTEGER NOT NULL,
                    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (level, idx)
                ) WITHOUT ROWID;
                CREATE TABLE checkpoint (
                    id      INTEGER PRIMARY KEY,
                    origin  TEXT    NOT NULL,
                    size    INTEGER NOT NULL,
                    root    BLOB    NOT NULL,
                    note    TEXT    NOT NULL,   -- the signed note, as published
                    created TEXT    NOT NULL
                );
                """)
            // A ledger written before this step gets its tree from its log.
            var tree = try Ledger.TreeWriter(size: 0, db)
            let hashes = try Data.fetchCursor(db, sql: "SELECT hash FROM event ORDER BY seq")
            while let hash = try hashes.next() { try tree.append(eventHash: Array(hash)) }
        }
        migrator.registerMigration("v4-sparse-merkle-tree") { db in
            // Subtrees under 16 leaves are recomputed from the events' hashes when needed (Ledger.lowestStoredLevel):
            // storing them cost two rows per event.
            try db.execute(sql: "DELETE FROM merkle_node WHERE level < 4")
        }
        migrator.registerMigration("v5-sql-views") { db in
            // Views for sqlite3 and Datasette users, so that nobody has to repeat the bitemporal WHERE: the state
            // "as of D, known at K" as the CLI's JSON shows it, D and K read from the one-row table view_point
            // (NULL: today and the head). SQLite cannot know the organisation's time zone: today is
            // date('now', 'localtime'), the reading program's local date; set view_point.as_of to be exact.
            // The views read projection tables, which their projections create: a view over a table not yet
            // created is valid in SQLite and answers once it exists. Nothing here is written by planledger.
            try db.execute(sql: Schema.viewsSQL)
        }
        migrator.registerMigration("v6-followup-metric-index") { db in
            // The rule "one follow-up per plan, metric and period" looks up a plan's follow-ups of one metric at
            // every followup.recorded it checks (AppendState.followups(of:metric:period:)). Through event_by_plan alone
            // that parsed the data of each of the plan's events (1.16 s for the 14k follow-ups of a 30k-event
            // plgen workload); this partial index makes it one search (0.03 s), for 2.7 % of the file.
            // The query must use this exact expression for SQLite to use the index.
            try db.execute(sql: """
                CREATE INDEX event_followup_by_metric ON event(plan, json_extract(data, '$.metric'))
                WHERE type = 'followup.recorded';
                """)
        }
        migrator.registerMigration("v7-views-read-content-from-the-log") { db in
            // changes.v3 stops copying each version's content into plan_version (issue 17); the views that read it
            // read it from the log instead. They keep their columns and answers.
            try db.execute(sql: Schema.viewsReadingContentSQL)
        }
        return migrator
    }

    /// The content of the version a `plan_version` row `v` holds, as JSON text (NULL when it names none), read from the
    /// log: the revision's `data.content`, or the `data.replacement.data.content` of the correction `corrected_by`.
    static let versionContent = """
        (SELECT json_extract(e.data, CASE WHEN v.corrected_by IS NULL THEN '$.content' ELSE '$.replacement.data.content' END) \
        FROM event e WHERE e.seq = IFNULL(v.corrected_by, v.seq))
        """

    /// The SQL of `v7-views-read-content-from-the-log` (shipped with `changes.v3`: never edit it). `plan_version` no
    /// longer holds a copy of each version's content, so the two views that read content take it from the log: the
    /// revision's `data.content`, or `data.replacement.data.content` of the correction the row holds (`corrected_by`).
    /// They read only columns both shapes of `plan_version` have (changes.v2's and v3's), because `verify` applies
    /// this step to an older ledger without rebuilding its projections; and a view dropped by hand is no obstacle.
    static let viewsReadingContentSQL = """
        DROP VIEW IF EXISTS plans_now;
        DROP VIEW IF EXISTS followups_now;

        CREATE VIEW plans_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        reg AS (SELECT r.* FROM plan_registration r, point p
                WHERE r.known_seq <= p.known_seq AND (r.superseded_seq IS NULL OR r.superseded_seq > p.known_seq) AND r.effective <= p.as_of),
        ver AS (SELECT v.plan, v.version, v.effective, v.approved_by,
                       \(versionContent) AS content
                FROM plan_version v, point p
                WHERE v.known_seq <= p.known_seq AND (v.superseded_seq IS NULL OR v.superseded_seq > p.known_seq) AND v.effective <= p.as_of),
        rep AS (SELECT DISTINCT x.plan FROM plan_repeal x, point p
                WHERE x.known_seq <= p.known_seq AND (x.superseded_seq IS NULL OR x.superseded_seq > p.known_seq) AND x.effective <= p.as_of),
        resolved AS (
            SELECT reg.plan, reg.kind, reg.owner, reg.parent,
                   COALESCE((SELECT json_extract(v.content, '$.title') FROM ver v
                             WHERE v.plan = reg.plan AND json_type(v.content, '$.title') = 'text' ORDER BY v.version DESC LIMIT 1), reg.title) AS title,
                   (SELECT v.content FROM ver v WHERE v.plan = reg.plan AND json_type(v.content, '$.period') = 'object'
                    ORDER BY v.version DESC LIMIT 1) AS period_content,
                   reg.period_from AS registered_from, reg.period_to AS registered_to,
                   (SELECT v.version FROM ver v WHERE v.plan = reg.plan ORDER BY v.version DESC LIMIT 1) AS version,
                   reg.plan IN (SELECT plan FROM rep) AS repealed
            FROM reg),
        bounded AS (
            SELECT r.*,
                   CASE WHEN period_content IS NULL THEN registered_from
                        WHEN json_type(period_content, '$.period.from') = 'integer' THEN printf('%04d-01-01', json_extract(period_content, '$.period.from'))
                        ELSE json_extract(period_content, '$.period.from') END AS period_from,
                   CASE WHEN period_content IS NULL THEN registered_to
                        WHEN json_type(period_content, '$.period.to') = 'integer' THEN printf('%04d-12-31', json_extract(period_content, '$.period.to'))
                        ELSE json_extract(period_content, '$.period.to') END AS period_to
            FROM resolved r)
        SELECT b.plan, b.kind, b.title, b.owner, b.period_from, b.period_to, b.parent, IFNULL(b.version, 0) AS version,
               CASE WHEN b.repealed THEN 'repealed' WHEN b.version IS NULL THEN 'draft'
                    WHEN b.period_to IS NOT NULL AND b.period_to < p.as_of THEN 'expired' ELSE 'in-force' END AS status,
               v.effective, v.approved_by
        FROM bounded b CROSS JOIN point p LEFT JOIN ver v ON v.plan = b.plan AND v.version = b.version
        ORDER BY b.plan;

        CREATE VIEW followups_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        goal_version AS (SELECT * FROM (
                             SELECT v.plan, v.version, v.effective,
                                    \(versionContent) AS content
                             FROM plan_version v, point p
                             WHERE v.known_seq <= p.known_seq AND (v.superseded_seq IS NULL OR v.superseded_seq > p.known_seq))
                         WHERE json_type(content, '$.goals') = 'array'),
        metric AS (SELECT gv.plan, gv.version, json_extract(g.value, '$.id') AS goal, json_extract(g.value, '$.perspective') AS perspective,
                          json_extract(m.value, '$.id') AS metric, json_extract(m.value, '$.name') AS name,
                          json_extract(m.value, '$.target') AS target, json_extract(m.value, '$.baseline') AS baseline,
                          json_extract(m.value, '$.unit') AS unit
                   FROM goal_version gv, json_each(gv.content, '$.goals') g, json_each(g.value, '$.metrics') m),
        reported AS (SELECT f.*, min(f.effective, f.period_end) AS judged,
                            row_number() OVER (PARTITION BY f.plan, f.metric, f.period ORDER BY f.effective DESC, f.seq DESC) AS recency
                     FROM followup f, point p
                     WHERE f.known_seq <= p.known_seq AND (f.superseded_seq IS NULL OR f.superseded_seq > p.known_seq) AND f.effective <= p.as_of),
        judged AS (SELECT r.*, (SELECT gv.version FROM goal_version gv WHERE gv.plan = r.plan AND gv.effective <= r.judged
                                ORDER BY gv.version DESC LIMIT 1) AS goal_version
                   FROM reported r WHERE r.recency = 1)
        SELECT j.plan, m.goal, m.perspective, j.metric, m.name, m.target, m.baseline, IFNULL(j.unit, m.unit) AS unit, j.period,
               json_extract(j.outcome, '$') AS outcome, j.fulfilment, j.comment, j.effective, j.seq
        FROM judged j LEFT JOIN metric m ON m.plan = j.plan AND m.version = j.goal_version AND m.metric = j.metric
        ORDER BY j.plan, j.period_end, j.metric;
        """

    /// The SQL of `v5-sql-views` (a shipped migration: never edit it; change the views in a new migration).
    static let viewsSQL = """
        CREATE TABLE view_point (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            as_of     TEXT CHECK (as_of IS NULL OR (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(as_of, '+0 days') IS as_of)),
            known_seq INTEGER CHECK (known_seq IS NULL OR known_seq >= 0)
        );
        INSERT INTO view_point (id, as_of, known_seq) VALUES (1, NULL, NULL);

        CREATE VIEW current_point AS
        SELECT COALESCE(as_of, date('now', 'localtime')) AS as_of,
               COALESCE(known_seq, (SELECT IFNULL(MAX(seq), 0) FROM event)) AS known_seq
        FROM view_point WHERE id = 1;

        CREATE VIEW event_log AS
        SELECT seq, id, type, plan, effective, recorded, actor, data, lower(hex(prev)) AS prev, lower(hex(hash)) AS hash
        FROM event;

        CREATE VIEW plans_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        reg AS (SELECT r.* FROM plan_registration r, point p
                WHERE r.known_seq <= p.known_seq AND (r.superseded_seq IS NULL OR r.superseded_seq > p.known_seq) AND r.effective <= p.as_of),
        ver AS (SELECT v.* FROM plan_version v, point p
                WHERE v.known_seq <= p.known_seq AND (v.superseded_seq IS NULL OR v.superseded_seq > p.known_seq) AND v.effective <= p.as_of),
        rep AS (SELECT DISTINCT x.plan FROM plan_repeal x, point p
                WHERE x.known_seq <= p.known_seq AND (x.superseded_seq IS NULL OR x.superseded_seq > p.known_seq) AND x.effective <= p.as_of),
        resolved AS (
            SELECT reg.plan, reg.kind, reg.owner, reg.parent,
                   COALESCE((SELECT json_extract(v.content, '$.title') FROM ver v
                             WHERE v.plan = reg.plan AND json_type(v.content, '$.title') = 'text' ORDER BY v.version DESC LIMIT 1), reg.title) AS title,
                   (SELECT v.content FROM ver v WHERE v.plan = reg.plan AND json_type(v.content, '$.period') = 'object'
                    ORDER BY v.version DESC LIMIT 1) AS period_content,
                   reg.period_from AS registered_from, reg.period_to AS registered_to,
                   (SELECT v.version FROM ver v WHERE v.plan = reg.plan ORDER BY v.version DESC LIMIT 1) AS version,
                   reg.plan IN (SELECT plan FROM rep) AS repealed
            FROM reg),
        bounded AS (
            SELECT r.*,
                   CASE WHEN period_content IS NULL THEN registered_from
                        WHEN json_type(period_content, '$.period.from') = 'integer' THEN printf('%04d-01-01', json_extract(period_content, '$.period.from'))
                        ELSE json_extract(period_content, '$.period.from') END AS period_from,
                   CASE WHEN period_content IS NULL THEN registered_to
                        WHEN json_type(period_content, '$.period.to') = 'integer' THEN printf('%04d-12-31', json_extract(period_content, '$.period.to'))
                        ELSE json_extract(period_content, '$.period.to') END AS period_to
            FROM resolved r)
        SELECT b.plan, b.kind, b.title, b.owner, b.period_from, b.period_to, b.parent, IFNULL(b.version, 0) AS version,
               CASE WHEN b.repealed THEN 'repealed' WHEN b.version IS NULL THEN 'draft'
                    WHEN b.period_to IS NOT NULL AND b.period_to < p.as_of THEN 'expired' ELSE 'in-force' END AS status,
               v.effective, v.approved_by
        FROM bounded b CROSS JOIN point p LEFT JOIN ver v ON v.plan = b.plan AND v.version = b.version
        ORDER BY b.plan;

        CREATE VIEW changes_now AS
        SELECT v.plan, v.version, v.effective AS date, v.change, v.approved_by, v.dnr, v.seq, v.recorded,
               v.corrected_by IS NOT NULL AS corrected, v.corrected_by, v.decision_body, v.decision_paragraph
        FROM plan_version v, current_point p
        WHERE v.known_seq <= p.known_seq AND (v.superseded_seq IS NULL OR v.superseded_seq > p.known_seq)
          AND v.plan IN (SELECT r.plan FROM plan_registration r
                         WHERE r.known_seq <= p.known_seq AND (r.superseded_seq IS NULL OR r.superseded_seq > p.known_seq))
        ORDER BY v.plan, v.version;

        CREATE VIEW diary_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        archiving AS (SELECT a.* FROM diary_archiving a, point p
                      WHERE a.known_seq <= p.known_seq AND (a.superseded_seq IS NULL OR a.superseded_seq > p.known_seq) AND a.effective <= p.as_of)
        SELECT d.dnr, d.effective AS date, d.title, d.direction, d.counterpart, d.handler, d.case_ref, d.plan, d.secrecy_ground,
               a.effective AS archived_date, a.retention AS archived_retention, a.cull_after AS archived_cull_after, d.seq, d.recorded
        FROM diary_entry d CROSS JOIN point p LEFT JOIN archiving a ON a.dnr = d.dnr
        WHERE d.known_seq <= p.known_seq AND (d.superseded_seq IS NULL OR d.superseded_seq > p.known_seq) AND d.effective <= p.as_of
        ORDER BY d.effective, d.dnr;

        CREATE VIEW assignments_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        issue AS (SELECT i.* FROM assignment_issue i, point p
                  WHERE i.known_seq <= p.known_seq AND (i.superseded_seq IS NULL OR i.superseded_seq > p.known_seq) AND i.effective <= p.as_of),
        report AS (SELECT r.*, row_number() OVER (PARTITION BY r.assignment ORDER BY r.effective DESC, r.seq DESC) AS recency
                   FROM assignment_report r, point p
                   WHERE r.known_seq <= p.known_seq AND (r.superseded_seq IS NULL OR r.superseded_seq > p.known_seq) AND r.effective <= p.as_of)
        SELECT i.assignment, i.plan, i.title, i.assignee, i.issued_by, i.effective AS issued, i.deadline,
               IFNULL(r.status, 'open') AS status, r.effective AS reported, r.note,
               i.deadline < p.as_of AND IFNULL(r.status, 'open') <> 'done' AS overdue
        FROM issue i CROSS JOIN point p LEFT JOIN report r ON r.assignment = i.assignment AND r.recency = 1
        ORDER BY i.deadline, i.assignment;

        CREATE VIEW followups_now AS
        WITH point AS (SELECT as_of, known_seq FROM current_point),
        goal_version AS (SELECT v.plan, v.version, v.effective, v.content FROM plan_version v, point p
                         WHERE v.known_seq <= p.known_seq AND (v.superseded_seq IS NULL OR v.superseded_seq > p.known_seq)
                           AND json_type(v.content, '$.goals') = 'array'),
        metric AS (SELECT gv.plan, gv.version, json_extract(g.value, '$.id') AS goal, json_extract(g.value, '$.perspective') AS perspective,
                          json_extract(m.value, '$.id') AS metric, json_extract(m.value, '$.name') AS name,
                          json_extract(m.value, '$.target') AS target, json_extract(m.value, '$.baseline') AS baseline,
                          json_extract(m.value, '$.unit') AS unit
                   FROM goal_version gv, json_each(gv.content, '$.goals') g, json_each(g.value, '$.metrics') m),
        reported AS (SELECT f.*, min(f.effective, f.period_end) AS judged,
                            row_number() OVER (PARTITION BY f.plan, f.metric, f.period ORDER BY f.effective DESC, f.seq DESC) AS recency
                     FROM followup f, point p
                     WHERE f.known_seq <= p.known_seq AND (f.superseded_seq IS NULL OR f.superseded_seq > p.known_seq) AND f.effective <= p.as_of),
        judged AS (SELECT r.*, (SELECT gv.version FROM goal_version gv WHERE gv.plan = r.plan AND gv.effective <= r.judged
                                ORDER BY gv.version DESC LIMIT 1) AS goal_version
                   FROM reported r WHERE r.recency = 1)
        SELECT j.plan, m.goal, m.perspective, j.metric, m.name, m.target, m.baseline, IFNULL(j.unit, m.unit) AS unit, j.period,
               json_extract(j.outcome, '$') AS outcome, j.fulfilment, j.comment, j.effective, j.seq
        FROM judged j LEFT JOIN metric m ON m.plan = j.plan AND m.version = j.goal_version AND m.metric = j.metric
        ORDER BY j.plan, j.period_end, j.metric;
        """
}

/// A projection's name split into its base and version: `plans.v2` is ("plans", 2). A name without a `.vN` suffix is
/// version 0 of itself.
struct ProjectionName {
    var base: String
    var version: Int

    init(_ name: String) {
        if let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].first == "v",
           let version = Int(name[name.index(dot, offsetBy: 2)...]) {
            base = String(name[..<dot])
            self.version = version
        } else {
            base = name
            version = 0
        }
    }
}
