import Foundation
import GRDB
import GRDBSQLite
import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// `Ledger.openForReading` (issue 12): a snapshot reader that never takes the write lock and never writes.
@Suite(.serialized) struct ReadingTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        try t.append(SeedHistory.boardPlan)
    }

    /// What a write to the file would change, read through a connection of its own: every schema entry, each table's
    /// row count, the header's `user_version`, and the projections' progress records.
    func fingerprint() throws -> [String] {
        try DatabaseQueue(path: t.path).read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master ORDER BY 1")
                + String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { table in
                    "\(table): \(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)"
                }
                + [String(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1)]
                + String.fetchAll(db, sql: "SELECT name || applied_seq FROM projection_progress ORDER BY 1")
        }
    }

    /// Another connection holds `BEGIN IMMEDIATE` for the whole test: reads and the whole of `verify` still answer,
    /// a write through the reader is refused, and a writer times out (the lock is real).
    @Test func readsAndVerifyWhileAnotherConnectionHoldsTheWriteLock() throws {
        let holder = try DatabaseQueue(path: t.path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let reader = try Ledger.openForReading(at: t.path, busyTimeout: 0.2, projections: StandardProjections.all)
            #expect(reader.access == .readOnly)
            #expect(try reader.head().seq == 9)
            let report = try reader.verify()
            #expect(report.ok, "\(String(describing: report.firstBad))")
            #expect(report.events == 9)
            #expect(throws: StoreError.self) { try reader.rebuild() }
            let writer = try Ledger.open(at: t.path, busyTimeout: 0.2, projections: StandardProjections.all)
            #expect {
                try writer.append(TemporaryLedger.lines(#"{"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/9/2023","title":"x","direction":"in"}}"#), actor: "t")
            } throws: { error in
                guard case .busy = error as? StoreError else { return false }
                return true
            }
        }
    }

    /// A read on a ledger opened for writing keeps the connection's prepared statements: the same cached statement,
    /// run in two reads with an append between them, is never prepared again (SQLite counts each re-preparation in
    /// `SQLITE_STMTSTATUS_REPREPARE`). GRDB's own `read` set `PRAGMA query_only` around each read, which expired every
    /// statement, so the second read prepared it again.
    @Test func aReadOnTheWritingConnectionKeepsItsPreparedStatements() throws {
        #expect(t.ledger.access == .readWrite)
        func countEvents() throws -> (count: Int, reprepared: Int32) {
            try t.ledger.read { db in
                let statement = try db.cachedStatement(sql: "SELECT count(*) FROM event WHERE seq > ?")
                let count = try Int.fetchOne(statement, arguments: [0]) ?? -1
                return (count, sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0))
            }
        }
        #expect(try countEvents() == (9, 0))
        #expect(try countEvents() == (9, 0))
        try t.append(#"{"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/11/2023","title":"z","direction":"in"}}"#)
        #expect(try countEvents() == (10, 0))
        #expect(try t.ledger.head().seq == 10)
    }

    /// A read that writes is refused on a ledger opened for writing too, whatever it writes: rows, the schema (the
    /// log's own append-only trigger dropped), the header, a temporary table, or nothing at all through a statement
    /// that writes. What it wrote is rolled back, and the ledger answers, appends and verifies as before.
    @Test(arguments: [
        "INSERT INTO projection_progress (name, applied_seq) VALUES ('written.v1', 9)",
        "DROP TRIGGER event_refuses_update",
        "CREATE TABLE scratch (x)",
        "CREATE VIEW scratch_view AS SELECT 1",
        "PRAGMA user_version = 42",
        "CREATE TEMP TABLE scratch_temp (x)",
        "UPDATE projection_progress SET applied_seq = applied_seq WHERE 0",
    ])
    func aWriteInsideAReadIsRolledBack(statement: String) throws {
        let before = try fingerprint()
        #expect {
            try t.ledger.read { db in try db.execute(sql: statement) }
        } throws: { error in
            guard case .database(let message) = error as? StoreError else { return false }
            return message.contains("a read may not write")
        }
        #expect(try fingerprint() == before)
        #expect(try t.ledger.read { db in try db.tableExists("scratch_temp") } == false)
        try t.append(#"{"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/12/2023","title":"w","direction":"in"}}"#)
        #expect(try t.ledger.verify().ok)
        #expect(throws: (any Error).self) {
            try DatabaseQueue(path: t.path).write { db in try db.execute(sql: "UPDATE event SET actor = 'x' WHERE seq = 1") }
        }
    }

    /// `verify` leaves the file as it was (it folds the projections into a scratch database), and a reader opened
    /// before an append sees the append in its next snapshot.
    @Test func verifyWritesNothing() throws {
        let before = try fingerprint()
        let reader = try Ledger.openForReading(at: t.path, projections: StandardProjections.all)
        let report = try reader.verify()
        #expect(report.ok)
        #expect(try fingerprint() == before)
        try t.append(#"{"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/10/2023","title":"y","direction":"in"}}"#)
        #expect(try reader.verify().events == 10)
    }
}
