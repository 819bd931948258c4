import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// `Ledger.appendGroup`: several requests in one transaction, each all-or-nothing in its own savepoint (SPEC, "The
/// service": a rejected request never fails or delays another's events).
struct GroupAppendTests {
    static func diary(_ n: Int, id: String? = nil, title: String = "Brev") -> String {
        let idField = id.map { #""id":"\#($0)","# } ?? ""
        return #"{\#(idField)"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/\#(n)/2023","title":"\#(title)","direction":"in"}}"#
    }

    /// A revision of a plan the ledger does not hold: refused by the rules (not by the decoder).
    static let orphanRevision = #"{"type":"plan.revised","plan":"no-such-plan","effective":"2023-05-11","data":{"version":1,"change":"x"}}"#

    static func request(_ text: String, actor: String = "registrar:a", expectedHead: Int? = nil) -> GroupRequest {
        GroupRequest(lines: TemporaryLedger.lines(text), actor: actor, expectedHead: expectedHead)
    }

    @Test func aBadRequestInTheMiddleLeavesTheOthers() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)  // seqs 1–5
        let outcomes = try t.ledger.appendGroup([
            Self.request([Self.diary(1), Self.diary(2)].joined(separator: "\n"), actor: "registrar:a"),
            // Line 1 is good, line 2 breaks a rule, line 3 does not decode: the whole request is refused.
            Self.request([Self.diary(3), Self.orphanRevision, #"{"type":"diary.registered""#].joined(separator: "\n"), actor: "registrar:b"),
            Self.request(Self.diary(4), actor: "registrar:c"),
        ])
        #expect(outcomes.count == 3)
        guard case .appended(let first) = outcomes[0], case .rejected(let rejection) = outcomes[1], case .appended(let third) = outcomes[2] else {
            Issue.record("expected appended, rejected, appended: \(outcomes)")
            return
        }
        #expect(first.seqs == [6, 7])
        #expect(first.head.seq == 7)
        #expect(third.seqs == [8])
        #expect(third.head.seq == 8)
        // Every bad line of the refused request is named, with its own line numbers.
        #expect(rejection.problems.compactMap(\.line) == [2, 3])
        #expect(rejection.problems.first?.field == "plan")
        // Gapless, chained, projections equal to a replay; the refused request's good line is absent.
        let lines = try t.exportLines()
        #expect(lines.count == 8)
        #expect(!lines.contains { $0.contains("RS/3/2023") })
        #expect(lines[5].contains("RS/1/2023") && lines[5].contains(#""actor":"registrar:a""#))
        #expect(lines[7].contains("RS/4/2023") && lines[7].contains(#""actor":"registrar:c""#))
        #expect(try t.ledger.verify().ok)
        #expect(try t.ledger.head().seq == 8)
    }

    @Test func ifMatchIsCheckedAgainstTheHeadAtItsTurn() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)  // head 5
        let outcomes = try t.ledger.appendGroup([
            Self.request(Self.diary(1), expectedHead: 5),  // matches: head becomes 6
            Self.request(Self.diary(2), expectedHead: 5),  // read the head before the first: moved
            Self.request(Self.diary(3), expectedHead: 6),  // read it after the first: matches
            Self.request(Self.diary(4), expectedHead: 99),  // a head not reached: refused too
            Self.request(Self.diary(5)),  // no condition
        ])
        guard case .appended(let a) = outcomes[0], case .headMoved(let expected, let head) = outcomes[1],
            case .appended(let c) = outcomes[2], case .headMoved(99, let later) = outcomes[3], case .appended(let e) = outcomes[4]
        else {
            Issue.record("unexpected outcomes: \(outcomes)")
            return
        }
        #expect(a.seqs == [6])
        #expect(expected == 5 && head.seq == 6)
        #expect(c.seqs == [7])
        #expect(later.seq == 7)
        #expect(e.seqs == [8])
        let lines = try t.exportLines()
        #expect(lines.count == 8)
        #expect(!lines.contains { $0.contains("RS/2/2023") || $0.contains("RS/4/2023") })
        #expect(try t.ledger.verify().ok)
    }

    @Test func anIdRepeatedByALaterRequestIsSkipped() throws {
        let t = try TemporaryLedger()
        let outcomes = try t.ledger.appendGroup([
            Self.request([Self.diary(1, id: "d-1"), Self.diary(2)].joined(separator: "\n"), actor: "registrar:a"),
            // A retry of the same event by a later request: skipped, the rest appended.
            Self.request([Self.diary(3), Self.diary(1, id: "d-1")].joined(separator: "\n"), actor: "registrar:b"),
            // The same id with other content: refused, naming the seq the first request gave it.
            Self.request(Self.diary(1, id: "d-1", title: "Annat"), actor: "registrar:c"),
        ])
        guard case .appended(let first) = outcomes[0], case .appended(let second) = outcomes[1], case .rejected(let third) = outcomes[2] else {
            Issue.record("unexpected outcomes: \(outcomes)")
            return
        }
        #expect(first.appended == 2 && first.skipped == 0)
        #expect(second.appended == 1 && second.skipped == 1 && second.seqs == [3])
        #expect(third.problems.map(\.description) == [#"line 1: id: "d-1" is already in the ledger (seq 1) with different content"#])
        let lines = try t.exportLines()
        #expect(lines.count == 3)
        #expect(lines.filter { $0.contains(#""id":"d-1""#) }.count == 1)
        #expect(try t.ledger.verify().ok)
    }

    /// A request refused for its rules still leaves the rule state as it was: a later request of the group is judged
    /// against the ledger without the refused request's events (here, a plan it would have registered).
    @Test func aRefusedRequestLeavesNoRuleState() throws {
        let t = try TemporaryLedger()
        let register = #"{"type":"plan.registered","plan":"p","effective":"2023-01-01","data":{"title":"P","kind":"rutin","owner":"O"}}"#
        let revise = #"{"type":"plan.revised","plan":"p","effective":"2023-01-02","data":{"version":1,"change":"Ny"}}"#
        let outcomes = try t.ledger.appendGroup([
            Self.request([register, Self.orphanRevision].joined(separator: "\n")),
            Self.request(revise),
            Self.request([register, revise].joined(separator: "\n")),
        ])
        guard case .rejected = outcomes[0], case .rejected(let second) = outcomes[1], case .appended(let third) = outcomes[2] else {
            Issue.record("unexpected outcomes: \(outcomes)")
            return
        }
        #expect(second.problems.first?.field == "plan")
        #expect(third.seqs == [1, 2])
        #expect(try t.ledger.verify().ok)
    }

    /// An actor with a control character is refused for that request alone, like `append`'s default actor.
    @Test func aBadActorRefusesItsRequestOnly() throws {
        let t = try TemporaryLedger()
        let outcomes = try t.ledger.appendGroup([Self.request(Self.diary(1), actor: "bad\u{1}actor"), Self.request(Self.diary(2))])
        guard case .rejected(let first) = outcomes[0], case .appended(let second) = outcomes[1] else {
            Issue.record("unexpected outcomes: \(outcomes)")
            return
        }
        #expect(first.problems.first?.field == "actor")
        #expect(second.seqs == [1])
    }

    @Test func anEmptyGroupAndEmptyRequests() throws {
        let t = try TemporaryLedger()
        #expect(try t.ledger.appendGroup([]).isEmpty)
        let outcomes = try t.ledger.appendGroup([Self.request(""), Self.request(Self.diary(1))])
        guard case .appended(let empty) = outcomes[0], case .appended(let one) = outcomes[1] else {
            Issue.record("unexpected outcomes: \(outcomes)")
            return
        }
        #expect(empty.appended == 0 && empty.head.seq == 0)
        #expect(one.seqs == [1])
    }

    @Test func aLedgerOpenedForReadingRefusesTheGroup() throws {
        let t = try TemporaryLedger()
        let reader = try Ledger.openForReading(at: t.path)
        #expect(throws: StoreError.self) { try reader.appendGroup([Self.request(Self.diary(1))]) }
        #expect(try t.exportLines().isEmpty)
    }
}
