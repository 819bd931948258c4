import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// An append writes its rule state out and forgets it every `stateCacheLimit` keys, so that memory stays bounded;
/// with a limit of two keys, nearly every event crosses it.
struct StateCacheTests {
    @Test func aTinyCacheGivesTheSameLedger() throws {
        let tiny = try TemporaryLedger(stateCacheLimit: 2)
        let roomy = try TemporaryLedger()
        for t in [tiny, roomy] {
            try t.append(SeedHistory.rutin)
            try t.append(SeedHistory.governance)
            _ = try RandomHistory.build(seed: 11, steps: 150, into: t)
        }
        #expect(try tiny.ledger.verify().ok, "the stored rule state equals a fresh derivation")
        #expect(try tiny.exportLines() == (try roomy.exportLines()), "the same events, ids, times and hashes")
        #expect(try tiny.ledger.head().seq == (try roomy.ledger.head().seq))
    }

    /// A problem after the cache was written out still leaves nothing behind: it was written in the transaction.
    @Test func aRejectedAppendLeavesNoStateBehind() throws {
        let t = try TemporaryLedger(stateCacheLimit: 2)
        try t.append(SeedHistory.rutin)
        let before = try t.ledger.head()
        var lines: [String] = []
        for n in 1...20 {
            lines.append(#"{"type":"diary.registered","effective":"2023-01-0\#(n % 9 + 1)","data":{"dnr":"RS/\#(n)/2023","title":"t","direction":"in"}}"#)
        }
        lines.append(#"{"type":"diary.registered","effective":"2023-02-30","data":{"dnr":"RS/x/2023","title":"t","direction":"in"}}"#)
        #expect(t.problems(lines.joined(separator: "\n")).count == 1)
        #expect(try t.ledger.head() == before)
        #expect(try t.ledger.verify().ok)
    }
}
