import GRDB
import GRDBSQLite
import LedgerCore

/// The event table in seq order, read with the sqlite3 API: the cursor of `verify`'s chain pass.
///
/// A row's text and blobs are read where SQLite keeps them, valid until the next `next()`, so hashing a million
/// events copies no data column and parses no JSON. (GRDB's `Row` copies every column into a `DatabaseValue`.)
struct RawEventRows {
    private let statement: Statement
    private let handle: OpaquePointer

    init(_ db: Database) throws {
        statement = try db.makeStatement(sql: "SELECT \(EventRow.columns) FROM event ORDER BY seq")
        handle = statement.sqliteStatement
    }

    /// The current row; its buffers are only valid until the cursor moves.
    struct Row {
        fileprivate let handle: OpaquePointer

        var seq: Int { Int(sqlite3_column_int64(handle, 0)) }

        /// Column `index` as the text SQLite holds, nil when NULL; `.damaged` when the bytes are not UTF-8.
        func text(_ index: Int32) throws(StoreError) -> StoredText? {
            guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
            guard let text = StoredText(utf8: bytes(index)) else {
                throw .damaged(seq: seq, reason: "column \(String(cString: sqlite3_column_name(handle, index))) is not UTF-8")
            }
            return text
        }

        /// The bytes of column `index` as stored (text or blob), empty when NULL.
        func bytes(_ index: Int32) -> UnsafeRawBufferPointer {
            guard let start = sqlite3_column_blob(handle, index) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, index)))
        }

        var data: UnsafeRawBufferPointer { bytes(7) }
        var prev: UnsafeRawBufferPointer { bytes(8) }
        var hash: UnsafeRawBufferPointer { bytes(9) }
    }

    mutating func next() throws -> Row? {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return Row(handle: handle)
        case SQLITE_DONE:
            return nil
        case let code:
            throw statement.failure(code)
        }
    }
}
