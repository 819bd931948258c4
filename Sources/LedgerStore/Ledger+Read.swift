import GRDB
import GRDBSQLite
import LedgerCore

extension Ledger {
    /// The head of the log: its last seq and hash (seq 0 and 32 zero bytes when empty).
    public func head() throws(StoreError) -> Head {
        try read { db in try EventRow.head(db) }
    }

    /// The event at `seq`, as recorded.
    public func event(seq: Int) throws(StoreError) -> RecordedEvent? {
        try read { db in try EventRow.fetch(seq: seq, db) }
    }

    /// Calls `body` with every event in seq order from `from`, reading in one snapshot without holding them all.
    public func forEachEvent(from: Int = 1, _ body: (RecordedEvent) throws -> Void) throws(StoreError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [from])
            while let row = try rows.next() {
                try body(try EventRow.decode(row))
            }
        }
    }

    /// Calls `body` with the events `from…through` in seq order, in one read snapshot, until it returns false. The log
    /// is append-only (triggers refuse UPDATE and DELETE) and seq gapless, so events up to a head read earlier are the
    /// same in every later snapshot: a long reader can take them a page at a time without holding one transaction.
    public func forEachEvent(from: Int, through: Int, while body: (RecordedEvent) throws -> Bool) throws(StoreError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq >= ? AND seq <= ? ORDER BY seq",
                                           arguments: [from, through])
            while let row = try rows.next() {
                guard try body(try EventRow.decode(row)) else { return }
            }
        }
    }

    /// Calls `body` with every event up to seq `through`, in seq order, inside an open read (`read { db in … }`).
    public func forEachEvent(in db: Database, through: Int, _ body: (RecordedEvent) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq <= ? ORDER BY seq", arguments: [through])
        while let row = try rows.next() {
            try body(try EventRow.decode(row))
        }
    }

    /// The raw trail of one plan: every event that names it, corrections and retractions included, in seq order.
    public func history(plan: String) throws(StoreError) -> [RecordedEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(EventRow.columns) FROM event WHERE plan = ? ORDER BY seq", arguments: [plan])
                .map(EventRow.decode)
        }
    }

    /// Plan keys in the ledger now (registered and not retracted), for "did you mean" hints.
    public func planKeys() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT key FROM append_state WHERE kind = 'plan' ORDER BY key")
        }
    }
}

extension Ledger {
    /// Runs `body` in a read transaction and counts the SQLite virtual-machine steps it takes: a measure of a
    /// query's cost that, unlike time, is exact and repeatable (an indexed lookup costs the same at 1k and 1M rows).
    public func readCountingSteps<T>(_ body: (Database) throws -> T) throws(StoreError) -> (result: T, steps: Int) {
        try read { db in
            let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            counter.initialize(to: 0)
            defer { counter.deallocate() }
            sqlite3_progress_handler(db.sqliteConnection, 1, { context in
                context!.assumingMemoryBound(to: Int.self).pointee += 1
                return 0
            }, counter)
            defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
            let result = try body(db)
            return (result, counter.pointee)
        }
    }
}

extension Ledger {
    /// The event at `seq` as it counts now (its latest correction applied), or nil if there is none.
    public func current(seq: Int) throws(StoreError) -> LedgerRules.CurrentEvent? {
        try read { db in
            let state = AppendState(db: db, head: try EventRow.head(db).seq)
            return try LedgerRules.current(seq: seq, in: state)
        }
    }
}
