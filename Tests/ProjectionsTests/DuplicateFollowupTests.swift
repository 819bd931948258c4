import Foundation
import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// One outcome per plan, metric and period: a second `followup.recorded` of the same is refused, pointing to
/// `planledger correct` with the seq of the first, in `append` as in the commands; verify's re-derivation of
/// the rules agrees.
struct DuplicateFollowupTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        t.setClock("2022-06-01T08:00:00Z")
        try t.append(Self.setup)
        // seq 5: the first report of sjuk for 2022-DÅ04 in p.
        try t.append(report("p", "sjuk", "2022-DÅ04", outcome: 6.3))
    }

    /// Plans p (metrics sjuk and budget) and q (sjuk), seq 1–4.
    static let setup = """
        {"type":"plan.registered","plan":"p","effective":"2021-11-01","data":{"title":"Plan p","kind":"divisionsplan","owner":"Division","period":{"from":2022,"to":2023}}}
        {"type":"plan.revised","plan":"p","effective":"2021-12-15","data":{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","unit":"%","periods":["DÅ04","DÅ08","ÅR"]},{"id":"budget","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["DÅ04","ÅR"]}]}]}}}
        {"type":"plan.registered","plan":"q","effective":"2021-11-01","data":{"title":"Plan q","kind":"divisionsplan","owner":"Division","period":{"from":2022,"to":2023}}}
        {"type":"plan.revised","plan":"q","effective":"2021-12-15","data":{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]}]}}}
        """

    func report(_ plan: String, _ metric: String, _ period: String, outcome: Double = 1, on effective: String = "2022-05-20") -> String {
        #"{"type":"followup.recorded","plan":"\#(plan)","effective":"\#(effective)","data":{"metric":"\#(metric)","period":"\#(period)","outcome":\#(outcome),"fulfilment":"met"}}"#
    }

    static let refusal = "line 1: data.period: plan \"p\" already has a follow-up of \"sjuk\" for 2022-DÅ04 (seq 5); one outcome per metric and period: to change it, run planledger correct 5"

    @Test func theSameMetricAndPeriodAgainIsRefused() throws {
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", outcome: 7)) == [Self.refusal])
        // The same outcome again is no idempotent repeat either: without an id it is a second report.
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", outcome: 6.3)) == [Self.refusal])
        // Dated on another day, still the same metric and period.
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", on: "2022-06-30")) == [Self.refusal])
        #expect(try t.ledger.head().seq == 5)
    }

    @Test func otherPeriodOtherMetricOtherPlanAreAccepted() throws {
        #expect(t.problems(report("p", "sjuk", "2022-DÅ08", on: "2022-09-20")) == [])
        #expect(t.problems(report("p", "budget", "2022-DÅ04")) == [])
        #expect(t.problems(report("q", "sjuk", "2022-DÅ04")) == [])
        #expect(t.problems(report("p", "sjuk", "2023-DÅ04", on: "2023-05-20")) == [])
        #expect(try t.ledger.verify().ok)
    }

    @Test func twoInOneAppendAreRefusedNamingTheFirst() throws {
        let problems = t.problems(report("p", "budget", "2022-ÅR", on: "2023-02-01") + "\n" + report("p", "budget", "2022-ÅR", on: "2023-02-02"))
        #expect(problems == ["line 2: data.period: plan \"p\" already has a follow-up of \"budget\" for 2022-ÅR (line 1 of this input); one outcome per metric and period: to change it, correct line 1 of this input instead"])
        #expect(try t.ledger.head().seq == 5)
    }

    @Test func afterARetractionOfTheFirstAnotherIsAccepted() throws {
        try t.append(#"{"type":"event.retracted","effective":"2022-06-01","data":{"target":5,"reason":"Fel period"}}"#)
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", outcome: 7)) == [])
        // … and that one is now the first.
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", outcome: 8)).first?.contains("(seq 7)") == true)
        #expect(try t.ledger.verify().ok)
    }

    /// A follow-up corrected to another period holds that period and frees its own, also when the correction is in
    /// the same input as the next report (the rule then reads the correction from the append's own state).
    @Test func aCorrectedPeriodIsTheOneThatCounts() throws {
        try t.append(report("p", "sjuk", "2022-DÅ08", on: "2022-09-20"))  // seq 6
        let move = #"{"type":"event.corrected","effective":"2023-05-25","data":{"target":6,"reason":"Fel period","replacement":{"effective":"2023-05-20","data":{"metric":"sjuk","period":"2023-DÅ04","outcome":1,"fulfilment":"met"}}}}"#
        let refusal = "line 2: data.period: plan \"p\" already has a follow-up of \"sjuk\" for 2023-DÅ04 (seq 6); one outcome per metric and period: to change it, run planledger correct 6"
        #expect(t.problems(move + "\n" + report("p", "sjuk", "2023-DÅ04", on: "2023-05-26")) == [refusal])
        try t.append(move)  // seq 7
        #expect(t.problems(report("p", "sjuk", "2023-DÅ04", on: "2023-05-26")) == [refusal.replacingOccurrences(of: "line 2", with: "line 1")])
        #expect(t.problems(report("p", "sjuk", "2022-DÅ08", on: "2022-09-21")) == [])
        #expect(try t.ledger.verify().ok)
    }

    /// In one long input the rule reads what the append wrote before: with the rule state flushed after every event
    /// (limit 1) and kept for the whole append (the default), a duplicate names the follow-up a correction earlier in
    /// the input moved onto its period, and the period that correction left is free.
    @Test(arguments: [1, 100_000]) func oneLongInputSeesItsOwnFollowupsAndCorrections(stateCacheLimit: Int) throws {
        let long = try TemporaryLedger(stateCacheLimit: stateCacheLimit)
        long.setClock("2023-06-01T08:00:00Z")
        let lines = Self.setup.split(separator: "\n").map(String.init) + [
            report("p", "sjuk", "2022-DÅ04", on: "2022-05-20"),  // seq 5
            report("p", "sjuk", "2022-DÅ08", on: "2022-09-20"),  // seq 6
            #"{"type":"event.corrected","effective":"2023-05-25","data":{"target":6,"reason":"Fel period","replacement":{"effective":"2023-05-20","data":{"metric":"sjuk","period":"2023-DÅ04","outcome":1,"fulfilment":"met"}}}}"#,
            report("p", "sjuk", "2022-ÅR", on: "2023-01-20"),  // seq 8
            report("p", "sjuk", "2022-DÅ08", on: "2022-09-21"),  // seq 9: the period seq 6 left
            report("p", "sjuk", "2023-DÅ04", on: "2023-05-26"),  // line 10: seq 6's period now
            report("p", "sjuk", "2022-DÅ04", on: "2022-05-21"),  // line 11: seq 5's
        ]
        #expect(long.problems(lines.joined(separator: "\n")) == [
            "line 10: data.period: plan \"p\" already has a follow-up of \"sjuk\" for 2023-DÅ04 (line 6 of this input); one outcome per metric and period: to change it, correct line 6 of this input instead",
            "line 11: data.period: plan \"p\" already has a follow-up of \"sjuk\" for 2022-DÅ04 (line 5 of this input); one outcome per metric and period: to change it, correct line 5 of this input instead",
        ])
        try long.append(lines.prefix(9).joined(separator: "\n"))
        #expect(try long.ledger.head().seq == 9)
        #expect(try long.ledger.verify().ok)
    }

    @Test func aCorrectionMayNotMoveAFollowupOntoAnother() throws {
        try t.append(report("p", "sjuk", "2022-DÅ08", on: "2022-09-20"))  // seq 6
        let onto = #"{"type":"event.corrected","effective":"2022-10-01","data":{"target":6,"reason":"Fel period","replacement":{"data":{"metric":"sjuk","period":"2022-DÅ04","outcome":1,"fulfilment":"met"}}}}"#
        #expect(t.problems(onto) == ["line 1: data.replacement.data.period: plan \"p\" already has a follow-up of \"sjuk\" for 2022-DÅ04 (seq 5); one outcome per metric and period: to change it, run planledger correct 5"])
        // Correcting the first itself, keeping its period, is what the message asks for.
        let itself = #"{"type":"event.corrected","effective":"2022-10-01","data":{"target":5,"reason":"Fel utfall","replacement":{"data":{"metric":"sjuk","period":"2022-DÅ04","outcome":7.1,"fulfilment":"not-met"}}}}"#
        #expect(t.problems(itself) == [])
        #expect(try t.ledger.verify().ok)
    }
}
