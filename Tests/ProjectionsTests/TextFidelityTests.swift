import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// SPEC "Fidelity": every string is kept byte for byte, through storage and every answer. A property over
/// random Unicode text (astral characters, combining marks, RTL, TAB and LF, quotes, backslashes, markup):
/// what is appended comes back, unchanged in its bytes, from every query the projections answer, from the
/// plain fold, from a rebuild, and from the export. (`TextFidelityCLITests` runs the same through the
/// built CLI, its JSON and the ERMS document.)
struct TextFidelityTests {
    static let seeds: [UInt64] = Array(1...60)

    @Test(arguments: seeds)
    func everyTextSurvivesEveryAnswer(seed: UInt64) throws {
        let history = FidelityHistory(seed: seed)
        let t = try TemporaryLedger()
        let problems = t.problems(history.lines.joined(separator: "\n"))
        try #require(problems.isEmpty, "seed \(seed): \(problems)")
        let asOf = LedgerDate(iso: FidelityHistory.asOf)!
        let queries = LedgerQueries(t.ledger)

        var missing: [String] = []
        func check(_ output: FidelityHistory.Output, _ value: Any) {
            missing += history.missing(in: output, from: FidelityHistory.strings(in: value))
        }
        check(.plans, try queries.plans(asOf: asOf, knownAt: .head))
        check(.show, try queries.plan(history.plan, asOf: asOf, knownAt: .head) as Any)
        check(.changes, try queries.plan(history.plan, asOf: asOf, knownAt: .head)?.changes as Any)
        check(.diary, try queries.diary(from: nil, to: nil, asOf: asOf, knownAt: .head))
        check(.assignments, try queries.assignments(plan: nil, asOf: asOf, knownAt: .head))
        check(.followups, try queries.followups(plan: history.plan, asOf: asOf, knownAt: .head))
        check(.replay, try queries.snapshot(asOf: asOf, knownAt: .head))
        check(.replay, try queries.replay(asOf: asOf, knownAt: .head).0)
        check(.history, try t.ledger.history(plan: history.plan).map(\.exported))
        // The export as its bytes are written, parsed back.
        check(.export, try t.exportLines().map { try JSONParser.parse($0) })
        #expect(missing.isEmpty, "seed \(seed):\n\(missing.joined(separator: "\n"))")

        // A rebuild from the log gives the same tables (verify compares them), and the chain holds.
        let report = try t.ledger.verify()
        #expect(report.ok, "seed \(seed): \(report.firstBad.map { "seq \($0.seq): \($0.reason)" } ?? "")")
    }

    /// The other half of the law: a text holding a control character (other than TAB and LF) is refused, naming
    /// its line, its field, the character and its position, and nothing is written. Before, a NUL was accepted
    /// and cut on its way into the projections.
    @Test(arguments: seeds)
    func aControlCharacterIsRefusedWithItsName(seed: UInt64) throws {
        let history = FidelityHistory(seed: seed, poisoned: true)
        guard let poison = history.poison else {
            Issue.record("seed \(seed): no text was poisoned")
            return
        }
        let t = try TemporaryLedger()
        let problems = t.problems(history.lines.joined(separator: "\n"))
        let hex = String(poison.scalar.value, radix: 16, uppercase: true)
        let expected = "line \(poison.line): \(poison.field): holds the control character U+\(String(repeating: "0", count: 4 - hex.count) + hex)"
        // Exactly one problem names a control character, the poisoned one; later lines may fail as well, for
        // the plan their event needs was refused with it.
        let named = problems.filter { $0.contains("control character") }
        #expect(named.count == 1 && named[0].hasPrefix(expected) && named[0].contains("at character \(poison.position);"),
                "seed \(seed): expected \(expected) at character \(poison.position), got \(problems)")
        #expect(try t.exportLines().isEmpty)
    }

    /// The generator does make what it promises, so that the property is not vacuous.
    @Test func theGeneratorCoversTheHardCases() {
        let all = (1...60).flatMap { FidelityHistory(seed: $0).texts.map(\.text) }.joined()
        for needle in ["\t", "\n", "\"", "\\", "<", "&", "e\u{301}", "\u{1F600}", "שלום", "å"] {
            #expect(all.unicodeScalars.contains(needle.unicodeScalars.first!) && all.contains(needle), "never generated \(needle.debugDescription)")
        }
        #expect(all.unicodeScalars.contains { $0.value > 0xFFFF }, "no astral character")
        #expect(all.unicodeScalars.contains { $0.value == 0x10FFFF })
        #expect(all.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark })
        // At least one text is not in NFC: values need not be (keys must).
        #expect((1...60).contains { seed in FidelityHistory(seed: seed).texts.contains { !isNFC($0.text) } })
    }
}
