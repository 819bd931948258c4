import GRDB
import LedgerCore
import LedgerStore

/// A row read back from a projection table, whose columns are checked as they are read: a value no append writes
/// (a NULL in a required column, a date that is not one, a hand-edited text) is `StoreError.damagedRow` naming the
/// table, the row and the column, never a crash. GRDB's `row["column"] as String` stops the process on a NULL.
struct ProjectionRow {
    let row: Row
    let table: String

    init(_ row: Row, in table: String) {
        self.row = row
        self.table = table
    }

    /// The row as messages name it: by its seq when it has one.
    var name: String {
        if let seq = Int.fromDatabaseValue(row["seq"] as DatabaseValue) { return "seq \(seq)" }
        return row.description
    }

    func damaged(_ column: String, _ reason: String) -> StoreError {
        .damagedRow(table: table, row: name, reason: "column \(column) \(reason)")
    }

    /// The value of a column that is never NULL.
    func required<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        let value: DatabaseValue = row[column]
        if value.isNull { throw damaged(column, "is NULL") }
        guard let converted = T.fromDatabaseValue(value) else { throw damaged(column, "holds \(value), not a \(T.self)") }
        return converted
    }

    /// The value of a column that may be NULL.
    func optional<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let value: DatabaseValue = row[column]
        if value.isNull { return nil }
        guard let converted = T.fromDatabaseValue(value) else { throw damaged(column, "holds \(value), not a \(T.self)") }
        return converted
    }

    /// A column holding a YYYY-MM-DD date.
    func date(_ column: String) throws -> LedgerDate {
        let text: String = try required(column)
        guard let date = LedgerDate(iso: text) else { throw damaged(column, "holds \"\(text)\", not a date YYYY-MM-DD") }
        return date
    }

    /// A column holding a YYYY-MM-DD date, or NULL.
    func optionalDate(_ column: String) throws -> LedgerDate? {
        guard let text: String = try optional(column) else { return nil }
        guard let date = LedgerDate(iso: text) else { throw damaged(column, "holds \"\(text)\", not a date YYYY-MM-DD") }
        return date
    }

    /// A column holding an RFC 3339 instant.
    func timestamp(_ column: String) throws -> Timestamp {
        let text: String = try required(column)
        guard let instant = Timestamp(rfc3339: text) else { throw damaged(column, "holds \"\(text)\", not an RFC 3339 time") }
        return instant
    }

    /// A column holding one of an enumeration's raw values.
    func choice<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        let text: String = try required(column)
        guard let value = T(rawValue: text) else { throw damaged(column, "holds \"\(text)\", not a known \(T.self)") }
        return value
    }

    /// A column holding a flag: the INTEGER 1 (true) or 0 (false), as the append binds a `Bool`.
    func flag(_ column: String) throws -> Bool {
        let value: Int = try required(column)
        guard value == 0 || value == 1 else { throw damaged(column, "holds \(value), not 0 or 1") }
        return value == 1
    }

    /// A column holding JSON text.
    func json(_ column: String) throws -> JSONValue {
        let text: String = try required(column)
        guard let value = try? JSONParser.parse(text) else { throw damaged(column, "holds text that is not JSON") }
        return value
    }
}
