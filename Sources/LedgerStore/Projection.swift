import Crypto
import GRDB
import GRDBSQLite
import LedgerCore

/// A read model folded from the log, kept in its own SQLite tables and updated in the same transaction as
/// each append. The store knows projections only through this protocol; the `Projections` target implements it.
///
/// Applying an event never fails for a domain reason: the append rules already accepted it.
public protocol Projection: Sendable {
    /// Stable name, recorded in `projection_progress` with the last seq applied: `<base>.v<N>` (`plans.v1`). A
    /// changed projection gets the next N and is rebuilt from the log; a planledger that finds a higher N, or a
    /// base it does not know, refuses the ledger (`StoreError.newerProjections`) instead of trusting those tables.
    var name: String { get }
    /// The tables it owns, in the order they are emptied and compared.
    var tables: [String] { get }
    /// Creates the tables if they do not exist (called by a catch-up and by every fold; idempotent).
    func createTables(_ db: Database) throws
    /// Applies one recorded event (any type: a projection ignores what it does not concern). `payload` is
    /// the event's data already read into types, so that it is decoded once for all projections.
    func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws
    /// Completes one write's applications: called once after the events from seq `firstSeq` on have been applied
    /// (by an append, a service group, a catch-up or a fold), before the transaction commits. A projection that
    /// derives an index from its rows in bulk (search's FTS5 index) builds it for those rows here. Default: nothing.
    func finish(appliedFrom firstSeq: Int, _ db: Database) throws
    /// Empties its tables and whatever is derived from them (default: `DELETE FROM` each of `tables`).
    func empty(_ db: Database) throws
    /// Drops its tables and whatever is derived from them, for a rebuild from the start of the log (default:
    /// `DROP TABLE IF EXISTS` each of `tables`).
    func drop(_ db: Database) throws
    /// What `verify` compares, besides `tables`, of what is derived from them (an index that `finish` builds): each a
    /// name and an SQL query over the database `schema` whose rows, in the order given, must be the same in the ledger
    /// as in a fresh fold. May create objects in the `temp` schema to ask with. Default: none.
    func derivedQueries(schema: String, _ db: Database) throws -> [(name: String, sql: String)]
}

extension Projection {
    public func finish(appliedFrom firstSeq: Int, _ db: Database) throws {}

    public func empty(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
    }

    public func drop(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
    }

    public func derivedQueries(schema: String, _ db: Database) throws -> [(name: String, sql: String)] { [] }
}

extension Ledger {
    /// Brings every projection up to the head, in a write transaction, when any lags behind.
    func catchUpIfNeeded() throws {
        guard !projections.isEmpty else { return }
        let lagging = try read { db in
            let head = try EventRow.head(db).seq
            for projection in projections {
                let applied = try Int.fetchOne(db, sql: Ledger.recordedProgress, arguments: [projection.name])
                if applied != head { return true }
            }
            return false
        }
        if lagging { try write { db in try catchUp(db) } }
    }

    /// Brings every projection up to the head. A projection never seen before (a new one, or a new version of
    /// one: the name carries its version) has its tables dropped and is folded from the start of the log.
    func catchUp(_ db: Database) throws {
        for projection in projections {
            let progress = try Int.fetchOne(db, sql: Ledger.recordedProgress, arguments: [projection.name])
            if progress == nil { try projection.drop(db) }
            try projection.createTables(db)
            let applied = progress ?? 0
            let head = try EventRow.head(db).seq
            guard applied < head else {
                // A projection set up on an empty log records that it is current too: otherwise the first reader of a
                // new ledger would find it lagging and need the write lock (or a writable file) to bring it up to seq 0.
                if progress == nil { try recordProgress(projection, head, db) }
                continue
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq > ? ORDER BY seq", arguments: [applied])
            while let row = try rows.next() {
                let event = try EventRow.decode(row)
                try projection.apply(event, try event.payload(), db)
            }
            try projection.finish(appliedFrom: applied + 1, db)
            try recordProgress(projection, head, db)
        }
    }

    /// A progress record's seq as every reader of `projection_progress` takes it: NULL unless it is an integer (edited
    /// by hand: read as no record, so a catch-up folds the projection from the start, as one never seen, and nothing
    /// crashes on it).
    static let appliedSeq = "CASE WHEN typeof(applied_seq) = 'integer' THEN applied_seq END"

    /// A projection's recorded progress (`appliedSeq`), nil when it has no record or the record is not an integer.
    static let recordedProgress = "SELECT \(appliedSeq) FROM projection_progress WHERE name = ?"

    func recordProgress(_ projection: any Projection, _ seq: Int, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO projection_progress (name, applied_seq) VALUES (?, ?)", arguments: [projection.name, seq])
    }

    /// Empties every projection and folds the whole log into it again, in one transaction.
    /// `progress` is called every 10,000 events with (done, total).
    public func rebuild(progress: ((Int, Int) -> Void)? = nil) throws(StoreError) {
        try write { db in try rebuildProjections(db, progress: progress) }
    }

    /// Drops every projection's tables first, so that a table of an older version (or one whose columns were changed
    /// by hand) is created again in this version's shape: `rebuild` opens the ledger without a catch-up, which is what
    /// drops the tables of a projection it has not seen before.
    func rebuildProjections(_ db: Database, progress: ((Int, Int) -> Void)?) throws {
        for projection in projections { try projection.drop(db) }
        let total = try foldProjections(db, progress: progress)
        for projection in projections { try recordProgress(projection, total, db) }
    }

    /// Empties every projection's tables (creating them where missing) and folds the whole log into them; the
    /// number of events folded. Writes nothing but the projections' own tables, so that `verify` can fold into a
    /// scratch database with the ledger attached read-only.
    func foldProjections(_ db: Database, progress: ((Int, Int) -> Void)?) throws -> Int {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0
        for projection in projections {
            try projection.createTables(db)
            try projection.empty(db)
        }
        let last = try EventRow.head(db).seq
        var done = 0
        for decoded in decodedEvents(through: last) {
            let (event, payload) = try decoded.get()
            for projection in projections { try projection.apply(event, payload, db) }
            done += 1
            if done % 10_000 == 0 { progress?(done, total) }
        }
        guard done == last else { throw StoreError.damaged(seq: done + 1, reason: "the log ends at seq \(done), its head is \(last)") }
        for projection in projections { try projection.finish(appliedFrom: 1, db) }
        return total
    }

    /// The log through `last`, read and decoded on a second thread over a read-only connection of its own, so
    /// that parsing the events (half of a rebuild) overlaps with writing the projections.
    ///
    /// The log is append-only, so the rows through `last` are the same in the reader's snapshot as in the caller's,
    /// whatever was appended in between; WAL lets the reader read while a writer writes.
    func decodedEvents(through last: Int) -> Prefetched<Result<(RecordedEvent, Payload), any Error>> {
        let location = readingLocation, busyTimeout = self.busyTimeout
        return Prefetched { yield in
            do {
                let reader = try DatabaseQueue(path: location, configuration: Ledger.readingConfiguration(busyTimeout: busyTimeout))
                try reader.read { db in
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq <= ? ORDER BY seq", arguments: [last])
                    while let row = try rows.next() {
                        let event = try EventRow.decode(row)
                        guard yield(.success((event, try event.payload()))) else { return }
                    }
                }
            } catch {
                _ = yield(.failure(error))
            }
        }
    }

    /// A digest of every projection table's rows, in primary-key order, and of each projection's derived queries, to
    /// compare two states of them.
    ///
    /// Each value is fed to SHA-256 as SQLite holds it (type tag, length, bytes) through the sqlite3 API: formatting
    /// rows as text made this most of `verify`'s time.
    /// `schema` names the database that holds them (`main`, or the ledger attached to `verify`'s scratch database);
    /// `kept`, the projections to digest.
    func projectionDigest(_ db: Database, schema: String, of kept: [any Projection]) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for projection in kept {
            for table in projection.tables {
                let statement = try db.makeStatement(sql: "SELECT * FROM \(schema).\(table) ORDER BY 1, 2, 3")
                result[table] = try TableDigest.digest(statement)
            }
            for (name, sql) in try projection.derivedQueries(schema: schema, db) {
                result[name] = try TableDigest.digest(try db.makeStatement(sql: sql))
            }
        }
        return result
    }
}

/// SHA-256 over a query's rows, column by column, without copying values out of SQLite.
enum TableDigest {
    static func digest(_ statement: Statement) throws -> [UInt8] {
        let handle = statement.sqliteStatement
        let columns = sqlite3_column_count(handle)
        var hasher = SHA256()
        func feed(_ tag: UInt8, _ length: Int) {
            var header = (tag, UInt64(length).littleEndian)
            withUnsafeBytes(of: &header) { hasher.update(bufferPointer: $0) }
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw statement.failure(code)
            }
            for column in 0..<columns {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER:
                    feed(1, Int(truncatingIfNeeded: sqlite3_column_int64(handle, column)))
                case SQLITE_FLOAT:
                    feed(2, Int(truncatingIfNeeded: sqlite3_column_double(handle, column).bitPattern))
                case SQLITE_NULL:
                    feed(0, 0)
                case let type:
                    // TEXT or BLOB: the bytes as stored.
                    let start = type == SQLITE_TEXT ? UnsafeRawPointer(sqlite3_column_text(handle, column)) : sqlite3_column_blob(handle, column)
                    let count = Int(sqlite3_column_bytes(handle, column))
                    feed(type == SQLITE_TEXT ? 3 : 4, count)
                    if let start, count > 0 { hasher.update(bufferPointer: UnsafeRawBufferPointer(start: start, count: count)) }
                }
            }
        }
        return Array(hasher.finalize())
    }
}

extension Ledger {
    /// The head's seq and each projection whose recorded progress (`projection_progress.applied_seq`) is not that seq
    /// (nil when it has none), read in one snapshot: no lagging entry means every read model answers for the whole
    /// log. `/readyz` reports ready only then (issue 14).
    public func projectionLag() throws(StoreError) -> (head: Int, lagging: [(name: String, applied: Int?)]) {
        try read { db in
            let head = try EventRow.head(db).seq
            var lagging: [(name: String, applied: Int?)] = []
            for projection in projections {
                let applied = try Int.fetchOne(db, sql: Ledger.recordedProgress, arguments: [projection.name])
                if applied != head { lagging.append((projection.name, applied)) }
            }
            return (head, lagging)
        }
    }
}
