import Foundation
import GRDB
import LedgerStore
import Testing

/// The append's direct sqlite3 binding stores exactly what GRDB's `execute(arguments:)` would.
struct StatementInsertTests {
    let db: DatabaseQueue

    init() throws {
        db = try DatabaseQueue()
        try db.write { try $0.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT, o TEXT, j TEXT, b BLOB, UNIQUE (i))") }
    }

    @Test func storesEachTypeAsGRDBWould() throws {
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            try insert.insert(1, "Övergripande handlingsplan – å", String?.none, UTF8Text(Array(#"{"a":"ö"}"#.utf8)), Blob([0, 1, 255]))
            try insert.insert(-(1 << 53), "", String?.some("x"), UTF8Text([]), Blob([]))
            try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                           arguments: [2, "Övergripande handlingsplan – å", nil, #"{"a":"ö"}"#, Data([0, 1, 255])])
        }
        let rows = try db.read { try Row.fetchAll($0, sql: "SELECT i, s, o, j, b, typeof(o), typeof(j), typeof(b) FROM t ORDER BY rowid") }
        #expect(rows.count == 3)
        // Row 1 (direct) and row 3 (GRDB) agree column by column, types included.
        for column in 1..<8 { #expect(rows[0][column] as DatabaseValue == rows[2][column] as DatabaseValue, "column \(column)") }
        #expect(rows[1]["i"] as Int == -(1 << 53))
        #expect(rows[1]["s"] as String == "", "an empty string is text, not NULL")
        #expect(rows[1]["j"] as String == "")
        #expect(rows[1]["b"] as Data == Data(), "an empty blob is a blob, not NULL")
        #expect(rows[1][7] as String == "blob")
    }

    @Test func aConstraintFailureThrowsAndTheStatementIsReusable() throws {
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (i, s) VALUES (?, ?)")
            try insert.insert(7, "a")
            #expect {
                try insert.insert(7, "b")
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            try insert.insert(8, "c")
        }
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 2)
    }

    @Test func firstIntAnswersTheFirstRowsFirstColumnOrNil() throws {
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (i, s) VALUES (?, ?)")
            try insert.insert(5, "fem")
            try insert.insert(-(1 << 62), "stor")
            try db.execute(sql: "INSERT INTO t (i, s) VALUES (NULL, 'tom')")
            let lookup = try db.cachedStatement(sql: "SELECT i FROM t WHERE s = ? ORDER BY i")
            #expect(try lookup.firstInt("fem") == 5)
            #expect(try lookup.firstInt("stor") == -(1 << 62))
            #expect(try lookup.firstInt("saknas") == nil, "no row")
            #expect(try lookup.firstInt("tom") == nil, "NULL")
            // Stepped once and reset: the same statement answers again, and a statement without parameters works too.
            #expect(try lookup.firstInt("fem") == 5)
            #expect(try db.cachedStatement(sql: "SELECT max(i) FROM t").firstInt() == 5)
            #expect(try db.cachedStatement(sql: "SELECT max(i) FROM t WHERE i > 99").firstInt() == nil, "an aggregate over no rows is NULL")
        }
    }

    @Test func firstIntThrowsWhatTheStepFails() throws {
        try db.write { db in
            // abs() of the smallest integer overflows when the row is computed: the step fails, not the prepare.
            let failing = try db.cachedStatement(sql: "SELECT abs(?)")
            #expect {
                _ = try failing.firstInt(Int.min)
            } throws: { error in
                (error as? DatabaseError)?.message?.contains("integer overflow") == true
            }
            #expect(try failing.firstInt(-3) == 3, "the statement is reset after the failure")
        }
    }
}
