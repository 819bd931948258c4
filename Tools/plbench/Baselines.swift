import Foundation
import GRDB
import GRDBSQLite
import LedgerCore
import LedgerStore

/// The limits the ledger is compared with in the same run: what SQLite and SHA-256 alone do with the
/// same rows, with nothing of the ledger's own work (no validation, no rule state, no projections).
enum Baselines {
    /// A fresh file at `path` holding the `event` table exactly as a new ledger has it (columns, primary key,
    /// UNIQUE id, the partial plan index, read back from a ledger made for the purpose), without its triggers:
    /// the triggers are part of the ledger's cost, not of the raw insert. WAL and `synchronous = FULL`, as
    /// `Ledger.open` sets them by default.
    static func freshEventTable(at path: String) throws -> DatabaseQueue {
        let model = path + ".model"
        removeDatabase(at: model)
        defer { removeDatabase(at: model) }
        let definitions = try Ledger.create(at: model).read { db in
            try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_schema
                WHERE tbl_name = 'event' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC
                """)
        }
        removeDatabase(at: path)
        var config = Configuration()
        config.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            for definition in definitions { try db.execute(sql: definition) }
        }
        return queue
    }

    /// The chain hashes of `rows`: hash = SHA-256(prev ‖ canonical bytes), the first prev 32 zero bytes.
    static func chain(_ rows: [EventRowValues]) -> [[UInt8]] {
        var hashes: [[UInt8]] = []
        hashes.reserveCapacity(rows.count)
        var prev = EventHash.genesis
        for row in rows {
            prev = EventHash.hash(prev: prev, canonical: row.canonical)
            hashes.append(prev)
        }
        return hashes
    }

    /// Seconds to insert every row into a fresh file at `path` (`freshEventTable`) in one transaction, through
    /// one prepared statement. The commit, and so its fsync, is timed; creating the file and the table is not.
    static func rawInsert(_ rows: [EventRowValues], hashes: [[UInt8]], path: String) throws -> Double {
        defer { removeDatabase(at: path) }
        let queue = try freshEventTable(at: path)
        // Blobs and arguments are built before the clock starts: the loop times SQLite, not Swift boxing.
        let genesis = Data(EventHash.genesis)
        let hashData = hashes.map { Data($0) }
        let arguments: [StatementArguments] = rows.indices.map { i in
            let row = rows[i]
            return [row.seq, row.id, row.type, row.plan, row.effective, row.recorded, row.actor, row.data,
                    i == 0 ? genesis : hashData[i - 1], hashData[i]]
        }
        let seconds = try timed {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let insert = try db.makeStatement(sql: "INSERT INTO event (seq, id, type, plan, effective, recorded, actor, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    for argument in arguments {
                        try insert.execute(arguments: argument)
                    }
                    return .commit
                }
            }
        }.seconds
        try queue.close()
        return seconds
    }
}

extension Baselines {
    /// As `rawInsert`, but binding and stepping through the sqlite3 C API on GRDB's connection: what is left
    /// when GRDB's own per-row work (argument checking, boxing) is taken away too.
    static func rawInsertSQLite3(_ rows: [EventRowValues], hashes: [[UInt8]], path: String) throws -> Double {
        defer { removeDatabase(at: path) }
        let queue = try freshEventTable(at: path)
        let genesis = EventHash.genesis
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let seconds = try timed {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let connection = db.sqliteConnection
                    var statement: OpaquePointer?
                    let sql = "INSERT INTO event (seq, id, type, plan, effective, recorded, actor, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
                        throw BenchError.unexpected("prepare: \(String(cString: sqlite3_errmsg(connection)))")
                    }
                    defer { sqlite3_finalize(statement) }
                    func text(_ index: Int32, _ value: String?) {
                        guard let value else { sqlite3_bind_null(statement, index); return }
                        sqlite3_bind_text(statement, index, value, -1, transient)
                    }
                    func blob(_ index: Int32, _ bytes: [UInt8]) {
                        bytes.withUnsafeBytes { _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
                    }
                    for (i, row) in rows.enumerated() {
                        sqlite3_bind_int64(statement, 1, Int64(row.seq))
                        text(2, row.id)
                        text(3, row.type)
                        text(4, row.plan)
                        text(5, row.effective)
                        text(6, row.recorded)
                        text(7, row.actor)
                        text(8, row.data)
                        blob(9, i == 0 ? genesis : hashes[i - 1])
                        blob(10, hashes[i])
                        guard sqlite3_step(statement) == SQLITE_DONE else {
                            throw BenchError.unexpected("insert: \(String(cString: sqlite3_errmsg(connection)))")
                        }
                        sqlite3_reset(statement)
                    }
                    return .commit
                }
            }
        }.seconds
        try queue.close()
        return seconds
    }
}

/// Deletes an SQLite file and its WAL and shared-memory files, if there.
func removeDatabase(at path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
}
