import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// Unknown members at every level of an event are refused with their full path, and an `id` seen before is
/// skipped only when every field of the envelope is the same.
struct StrictInputTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        try t.append("""
            {"id":"reg-p","type":"plan.registered","plan":"p","effective":"2023-01-10","data":{"title":"Plan","kind":"rutin","owner":"Kansliet"}}
            {"id":"reg-q","type":"plan.registered","plan":"q","effective":"2023-01-10","data":{"title":"Annan plan","kind":"rutin","owner":"Kansliet"}}
            {"id":"p-v1","type":"plan.revised","plan":"p","effective":"2023-01-10","data":{"version":1,"change":"Ny","approvedBy":"RS"}}
            {"id":"dnr-1","type":"diary.registered","effective":"2023-01-12","data":{"dnr":"RS/1/2023","title":"Skrivelse","direction":"in"}}
            """)
    }

    /// The problems of appending `line`, and that nothing was written.
    func refused(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let before = try t.exportLines()
        let problems = t.problems(line)
        #expect(try t.exportLines() == before, "the ledger changed", sourceLocation: sourceLocation)
        return problems
    }

    static let goal = #"{"id":"g","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m","name":"Resultat","target":0,"periods":["ÅR"]}]}"#

    /// Each line holds one member nobody asked for, one level deeper each time; the problem names its path.
    @Test(arguments: [
        (#"{"type":"plan.registered","plan":"r","effective":"2023-02-01","extra":1,"data":{"title":"T","kind":"rutin","owner":"O"}}"#, "extra"),
        (#"{"type":"plan.registered","plan":"r","effective":"2023-02-01","data":{"title":"T","kind":"rutin","owner":"O","extra":1}}"#, "data.extra"),
        (#"{"type":"plan.registered","plan":"r","effective":"2023-02-01","data":{"title":"T","kind":"rutin","owner":"O","period":{"from":2023,"to":2024,"extra":1}}}"#, "data.period.extra"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","decision":{"body":"RS","paragraph":"§ 1","x":1}}}"#, "data.decision.x"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","content":{"text":"t","x":1}}}"#, "data.content.x"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","content":{"period":{"from":2023,"to":2024,"x":1}}}}"#, "data.content.period.x"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"Balans","x":1,"metrics":[]}]}}}"#, "data.content.goals[0].x"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m","name":"Resultat","target":0,"periods":["ÅR"],"x":1}]}]}}}"#, "data.content.goals[0].metrics[0].x"),
        (#"{"type":"plan.revised","plan":"p","effective":"2023-02-01","data":{"version":2,"change":"x","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"Balans","metrics":[]},{"id":"h","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m","name":"Resultat","target":0,"periods":["ÅR"]},{"id":"n","name":"N","target":0,"periods":["ÅR"],"x":1}]}]}}}"#, "data.content.goals[1].metrics[1].x"),
        (#"{"type":"diary.registered","effective":"2023-02-01","data":{"dnr":"RS/2/2023","title":"T","direction":"in","secrecy":{"ground":"OSL 25:1","x":1}}}"#, "data.secrecy.x"),
        (#"{"type":"event.corrected","effective":"2024-06-01","data":{"target":3,"reason":"r","replacement":{"data":{"version":1,"change":"Ny"},"foo":1}}}"#, "data.replacement.foo"),
        (#"{"type":"event.corrected","effective":"2024-06-01","data":{"target":3,"reason":"r","replacement":{"data":{"version":1,"change":"Ny","foo":1}}}}"#, "data.replacement.data.foo"),
        (#"{"type":"event.corrected","effective":"2024-06-01","data":{"target":3,"reason":"r","replacement":{"data":{"version":1,"change":"Ny","decision":{"body":"RS","foo":1}}}}}"#, "data.replacement.data.decision.foo"),
        (#"{"type":"event.corrected","effective":"2024-06-01","data":{"target":4,"reason":"r","replacement":{"data":{"dnr":"RS/1/2023","title":"T","direction":"in","secrecy":{"ground":"OSL 25:1","foo":1}}}}}"#, "data.replacement.data.secrecy.foo"),
    ])
    func unknownMemberIsRefusedNamingItsPath(line: String, path: String) throws {
        let problems = try refused(line)
        #expect(problems == ["line 1: \(path): unknown field"])
    }

    // MARK: Idempotency

    static let decision = #"{"id":"e1","type":"decision.recorded","plan":"p","effective":"2023-02-01","actor":"registrator:a","data":{"dnr":"RS/9/2023","body":"RS","subject":"Beslut","text":"RS beslutar."}}"#

    @Test func theIdenticalEventIsSkipped() throws {
        try t.append(Self.decision)
        let head = try t.exportLines()
        let again = try t.append(Self.decision + "\n" + Self.decision)
        #expect(again.appended == 0 && again.skipped == 2)
        #expect(try t.exportLines() == head)
    }

    /// The same line twice in one file: the first is appended, the second skipped.
    @Test func aRepeatWithinOneFileIsSkipped() throws {
        let r = try t.append(Self.decision + "\n" + Self.decision)
        #expect(r.appended == 1 && r.skipped == 1)
    }

    /// The same `id` with any field of the envelope changed is refused, not skipped.
    @Test(arguments: [
        ("effective", #""effective":"2023-02-01""#, #""effective":"2023-02-02""#),
        ("plan", #""plan":"p""#, #""plan":"q""#),
        ("no plan", #""plan":"p","#, ""),
        ("actor", #""actor":"registrator:a""#, #""actor":"registrator:b""#),
        ("data", #""text":"RS beslutar.""#, #""text":"RS beslutar annat.""#),
        ("data member added", #""text":"RS beslutar.""#, #""text":"RS beslutar.","paragraph":"§ 3""#),
    ])
    func sameIDWithAnotherFieldIsRefused(field: String, from: String, to: String) throws {
        try t.append(Self.decision)
        let changed = Self.decision.replacingOccurrences(of: from, with: to)
        #expect(changed != Self.decision, "the test changes \(field)")
        let problems = try refused(changed)
        #expect(problems == [#"line 1: id: "e1" is already in the ledger (seq 5) with different content"#], "\(field)")
    }

    /// Another type cannot carry the same data, so it is refused whichever check finds it first.
    @Test func sameIDWithAnotherTypeIsRefused() throws {
        try t.append(Self.decision)
        let problems = try refused(Self.decision.replacingOccurrences(of: "decision.recorded", with: "diary.registered"))
        #expect(!problems.isEmpty)
    }

    /// A line that names no actor is recorded under the appending user's; the same line appended again by
    /// anyone is the same event. An actor the line names must match.
    @Test func aLineWithoutActorIsTheSameEventForAnyAppender() throws {
        let line = Self.decision.replacingOccurrences(of: #""actor":"registrator:a","#, with: "")
        try t.append(line, actor: "registrator:a")
        #expect(try t.append(line, actor: "registrator:b").skipped == 1)
        #expect(try refused(Self.decision.replacingOccurrences(of: "registrator:a", with: "registrator:b")) ==
                [#"line 1: id: "e1" is already in the ledger (seq 5) with different content"#])
    }
}
