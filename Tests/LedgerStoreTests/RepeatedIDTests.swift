import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// An `id` repeated within ONE input names the earlier line of that input, never a seq of a ledger that does
/// not hold it yet; an identical repeat is harmless and skipped, as a repeat of an event already in the ledger is.
struct RepeatedIDTests {
    static let first = #"{"id":"d-1","type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/1/2023","title":"Brev","direction":"in"}}"#
    static let other = #"{"id":"d-1","type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/2/2023","title":"Annat brev","direction":"in"}}"#
    static let filler = #"{"type":"decision.recorded","effective":"2023-05-12","data":{"dnr":"RS/3/2023","body":"RS","subject":"s","text":"t"}}"#

    @Test func onAnEmptyLedger() throws {
        let t = try TemporaryLedger()
        #expect(t.problems([Self.first, Self.filler, Self.other].joined(separator: "\n")) == [
            "line 3: id: \"d-1\" repeats line 1 of this input with different content",
        ])
        #expect(try t.exportLines().isEmpty)
    }

    @Test func onALedgerThatHoldsEvents() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        #expect(t.problems([Self.filler, Self.first, Self.other].joined(separator: "\n")) == [
            "line 3: id: \"d-1\" repeats line 2 of this input with different content",
        ])
        #expect(try t.exportLines().count == 5)
        // An id already in the ledger is still named by its seq.
        try t.append(Self.first)
        #expect(t.problems(Self.other) == ["line 1: id: \"d-1\" is already in the ledger (seq 6) with different content"])
    }

    @Test func anIdenticalRepeatIsSkipped() throws {
        let t = try TemporaryLedger()
        let result = try t.append([Self.first, Self.filler, Self.first].joined(separator: "\n"))
        #expect(result.appended == 2)
        #expect(result.skipped == 1)
        #expect(result.seqs == [1, 2])
        #expect(try t.exportLines().count == 2)
        #expect(try t.ledger.verify().ok)
    }

    /// Only the first difference is named; a repeat of a repeat still names the line that was appended.
    @Test func aThirdOccurrence() throws {
        let t = try TemporaryLedger()
        #expect(t.problems([Self.first, Self.first, Self.other].joined(separator: "\n")) == [
            "line 3: id: \"d-1\" repeats line 1 of this input with different content",
        ])
    }
}
