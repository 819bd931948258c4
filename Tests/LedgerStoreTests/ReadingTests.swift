import Foundation
import GRDB
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

    /// `verify` leaves the file as it was (it folds the projections into a scratch database), and a reader opened
    /// before an append sees the append in its next snapshot.
    @Test func verifyWritesNothing() throws {
        func fingerprint() throws -> [String] {
            try DatabaseQueue(path: t.path).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { table in
                    "\(table): \(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)"
                }
            }
        }
        let before = try fingerprint()
        let reader = try Ledger.openForReading(at: t.path, projections: StandardProjections.all)
        let report = try reader.verify()
        #expect(report.ok)
        #expect(try fingerprint() == before)
        try t.append(#"{"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/10/2023","title":"y","direction":"in"}}"#)
        #expect(try reader.verify().events == 10)
    }
}
