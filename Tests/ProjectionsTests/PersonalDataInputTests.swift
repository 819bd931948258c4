import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// `personalData` on `diary.registered` (SPEC, "Personal data in the public view"): an optional boolean, refused
/// naming `data.personalData` when it is anything else, kept through the projection and the plain fold.
struct PersonalDataInputTests {
    static let entry = #"{"type":"diary.registered","effective":"2023-01-12","data":{"dnr":"RS/1/2023","title":"Skrivelse","direction":"in","counterpart":"Kalle Karlsson""#

    @Test(arguments: [
        (#","personalData":"true"}}"#, #"line 1: data.personalData: expected a boolean, got a string ("true"); write it without quotes"#),
        (#","personalData":1}}"#, "line 1: data.personalData: expected a boolean (true or false), got a number"),
        (#","personalData":{}}}"#, "line 1: data.personalData: expected a boolean (true or false), got an object"),
        (#","personalData":"ja"}}"#, "line 1: data.personalData: expected a boolean (true or false), got a string"),
        (#","personaldata":true}}"#, "line 1: data.personaldata: unknown field"),
    ])
    func nonBooleansAreRefused(tail: String, problem: String) throws {
        let t = try TemporaryLedger()
        let problems = t.problems(Self.entry + tail)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(problem) == true, "\(problems)")
        #expect(try t.ledger.head().seq == 0)
    }

    /// true, false, null and absent are accepted; only true marks the entry, in the projection and in the fold alike.
    @Test func booleansAreKept() throws {
        let t = try TemporaryLedger()
        try t.append([
            Self.entry + #","personalData":true}}"#,
            Self.entry.replacingOccurrences(of: "RS/1/", with: "RS/2/") + #","personalData":false}}"#,
            Self.entry.replacingOccurrences(of: "RS/1/", with: "RS/3/") + #","personalData":null}}"#,
            Self.entry.replacingOccurrences(of: "RS/1/", with: "RS/4/") + "}}",
        ].joined(separator: "\n"))
        let queries = LedgerQueries(t.ledger)
        let asOf = LedgerDate(iso: "2024-01-01")!
        let projected = try queries.diary(from: nil, to: nil, asOf: asOf, knownAt: .head)
        let folded = try queries.replay(asOf: asOf, knownAt: .head).0.diary
        #expect(projected.map(\.personalData) == [true, false, false, false])
        #expect(folded == projected)
        #expect(try queries.publicMask().personalData == ["RS/1/2023"])
    }
}
