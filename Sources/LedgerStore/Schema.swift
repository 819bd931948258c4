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
    static func check(_ db: Database, path: String, projections: [any Projection]) throws -> String? {
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
            return "schema steps \(migrator.migrations.filter(pending.contains).joined(separator: ", ")) are to be applied"
        }
        guard !projections.isEmpty else { return nil }
        let progress = try Row.fetchAll(db, sql: "SELECT name, applied_seq FROM projection_progress")
            .map { (name: $0[0] as String, applied: $0[1] as Int) }
        let known = Dictionary(projections.map { (ProjectionName($0.name).base, ProjectionName($0.name).version) }, uniquingKeysWith: max)
        let newer = progress.map(\.name).filter { name in
            let parsed = ProjectionName(name)
            return known[parsed.base].map { parsed.version > $0 } ?? true
        }
        if !newer.isEmpty {
            throw StoreError.newerProjections(path: path, known: projections.map(\.name), unknown: newer.sorted())
        }
        let head = try Int.fetchOne(db, sql: "SELECT max(seq) FROM event") ?? 0
        let applied = Dictionary(progress.map { ($0.name, $0.applied) }, uniquingKeysWith: max)
        let lagging = projections.map(\.name).filter { applied[$0] != head }
        return lagging.isEmpty ? nil : "projections \(lagging.joined(separator: ", ")) are to be brought up to seq \(head)"
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
        return migrator
    }
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
