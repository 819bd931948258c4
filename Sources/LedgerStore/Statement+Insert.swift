import GRDB
import GRDBSQLite

/// A value an append binds to an INSERT with the sqlite3 API.
public protocol SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int: SQLiteBindable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

/// A flag, bound as the INTEGER 1 or 0 (SQLite has no boolean type).
extension Bool: SQLiteBindable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension String: SQLiteBindable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = self
        return text.withUTF8 { bindText(statement, index, $0) }
    }
}

/// Bytes bound as TEXT (they must be UTF-8), e.g. canonical JSON that is already encoded.
public struct UTF8Text: SQLiteBindable {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        bytes.withUnsafeBufferPointer { bindText(statement, index, $0) }
    }
}

/// Bytes bound as a BLOB.
public struct Blob: SQLiteBindable {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        bytes.withUnsafeBufferPointer { buffer in
            // A null pointer would bind NULL, not an empty blob.
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return sqlite3_bind_blob(statement, index, base, Int32(buffer.count), transient)
        }
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: sqlite3_bind_null(statement, index)
        }
    }
}

/// Binds UTF-8 bytes as TEXT; an empty buffer is the empty string (a null pointer would bind NULL).
private func bindText(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient) }
}

/// SQLite copies the bytes before the bind returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Statement {
    /// Runs this INSERT (or other statement that returns no rows) once with `values`, bound straight with the
    /// sqlite3 API.
    ///
    /// This is the append's hot path: GRDB's `execute(arguments:)` boxes every argument in a
    /// `DatabaseValueConvertible` existential and converts it to a `DatabaseValue`, which cost about a tenth of an
    /// append's instructions. The parameter pack binds each value through its concrete type instead. The
    /// statement must come from `Database.cachedStatement` or `makeStatement` inside the current write
    /// transaction, and nothing here notifies GRDB's transaction observers (planledger registers none).
    public func insert<each Value: SQLiteBindable>(_ values: repeat each Value) throws {
        let code = bindAndStep(repeat each values)
        defer { sqlite3_reset(sqliteStatement) }
        if code != SQLITE_DONE { throw failure(code) }
    }

    /// Runs this query once with `values` bound straight with the sqlite3 API (as `insert`) and returns its first
    /// row's first column as an integer: nil when it returns no row or NULL. For a lookup on the append's hot path,
    /// where `Int.fetchOne(_:arguments:)` would box each argument and the answer.
    public func firstInt<each Value: SQLiteBindable>(_ values: repeat each Value) throws -> Int? {
        let code = bindAndStep(repeat each values)
        defer { sqlite3_reset(sqliteStatement) }
        switch code {
        case SQLITE_ROW:
            return sqlite3_column_type(sqliteStatement, 0) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(sqliteStatement, 0))
        case SQLITE_DONE:
            return nil
        default:
            throw failure(code)
        }
    }

    /// Resets this statement, binds `values` (one per parameter, in order) and steps it once: the result code of the
    /// step, or of the first bind that failed. The caller reads the row, if any, and resets.
    private func bindAndStep<each Value: SQLiteBindable>(_ values: repeat each Value) -> Int32 {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var index: Int32 = 0
        var bindFailure: Int32 = SQLITE_OK
        for value in repeat each values {
            index += 1
            let code = value.bind(to: statement, at: index)
            if code != SQLITE_OK, bindFailure == SQLITE_OK { bindFailure = code }
        }
        precondition(index == sqlite3_bind_parameter_count(statement), "\(index) values for \(sqlite3_bind_parameter_count(statement)) parameters in \(sql)")
        return bindFailure == SQLITE_OK ? sqlite3_step(statement) : bindFailure
    }

    /// The error for a result `code` this statement's sqlite3 calls returned, with the connection's message (read
    /// before anything else runs on it): for code that steps the statement itself.
    func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
