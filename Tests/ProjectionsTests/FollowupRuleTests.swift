import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// The follow-up rule (SPEC, event table, `followup.recorded`): a report is judged against the plan's content in
/// force on the EARLIER of its own date and the last day of its period (DÅ04 → 30 April, DÅ08 → 31 August,
/// ÅR → 31 December). `audit`'s followup-missing agrees with it, and an amendment of a plan's event that would
/// leave an accepted report failing the rule is refused, naming the reports.
struct FollowupRuleTests {
    let t: TemporaryLedger
    let q: LedgerQueries

    init() throws {
        t = try TemporaryLedger()
        t.setClock("2022-01-01T08:00:00Z")
        q = LedgerQueries(t.ledger)
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    static let sjuk = #"{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","unit":"%","periods":["DÅ04","DÅ08","ÅR"]}"#
    static let budget = #"{"id":"budget","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["ÅR"]}"#
    static let ny = #"{"id":"ny","name":"Ny mätning","target":1,"periods":["DÅ04","ÅR"]}"#

    /// A plan for 2022–2023 adopted 2021-12-15 with `metrics` under one goal.
    func plan(_ key: String, period: String = #"{"from":2022,"to":2023}"#, metrics: [String] = [sjuk, budget]) -> String {
        """
        {"type":"plan.registered","plan":"\(key)","effective":"2021-11-01","data":{"title":"Plan \(key)","kind":"divisionsplan","owner":"Division","period":\(period)}}
        {"type":"plan.revised","plan":"\(key)","effective":"2021-12-15","data":{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[\(metrics.joined(separator: ","))]}]}}}
        """
    }

    func revise(_ key: String, version: Int, effective: String, metrics: [String]) -> String {
        #"{"type":"plan.revised","plan":"\#(key)","effective":"\#(effective)","data":{"version":\#(version),"change":"Reviderad","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[\#(metrics.joined(separator: ","))]}]}}}"#
    }

    func report(_ key: String, _ metric: String, _ period: String, on effective: String) -> String {
        #"{"type":"followup.recorded","plan":"\#(key)","effective":"\#(effective)","data":{"metric":"\#(metric)","period":"\#(period)","outcome":1,"fulfilment":"met"}}"#
    }

    func repeal(_ key: String, on effective: String) -> String {
        #"{"type":"plan.repealed","plan":"\#(key)","effective":"\#(effective)","data":{"reason":"Ersatt","approvedBy":"RS"}}"#
    }

    func missing(asOf: String, plan: String) throws -> [String] {
        try q.audit(asOf: date(asOf), knownAt: .head, rules: Audit.Rules(grace: 60, lateAfter: 7))
            .filter { $0.finding == .followupMissing && $0.plan == plan }.map(\.detail)
    }

    // MARK: - The rule

    /// The issue's example: the annual report made in February for a plan repealed on 1 January is judged on 31
    /// December, when the plan was in force. Repealed on 31 December itself, it had no content that day.
    @Test func theAnnualReportOfARepealedPlan() throws {
        try t.append(plan("p") + "\n" + repeal("p", on: "2023-01-01"))
        try t.append(plan("q") + "\n" + repeal("q", on: "2022-12-31"))
        // Before the report, audit counts 2022-ÅR of p as missing (ended 2022-12-31, 74 days before 2023-03-15).
        #expect(try missing(asOf: "2023-03-15", plan: "p").contains { $0.hasPrefix("no outcome for metric budget (Budgetavvikelse) for 2022-ÅR") })
        #expect(t.problems(report("p", "budget", "2022-ÅR", on: "2023-02-10")) == [])
        #expect(try !missing(asOf: "2023-03-15", plan: "p").contains { $0.contains("metric budget") })
        // q was repealed on the period's last day: no content in force then, and so no period due either.
        #expect(t.problems(report("q", "budget", "2022-ÅR", on: "2023-02-10")) == [
            "line 1: effective: plan \"q\" was repealed on 2022-12-31; it has no content in force on 2022-12-31 (the end of 2022-ÅR, before the report's date 2023-02-10)",
        ])
        #expect(try !missing(asOf: "2023-03-15", plan: "q").contains { $0.contains("2022-ÅR") })
    }

    /// A report dated exactly the repeal date is judged on that date (earlier than its period's end): refused;
    /// dated the day before, the plan was still in force.
    @Test func aReportDatedTheRepealDate() throws {
        try t.append(plan("p") + "\n" + repeal("p", on: "2023-03-01"))
        #expect(t.problems(report("p", "sjuk", "2023-DÅ04", on: "2023-03-01")) == [
            "line 1: effective: plan \"p\" was repealed on 2023-03-01; it has no content in force on 2023-03-01",
        ])
        #expect(t.problems(report("p", "sjuk", "2023-DÅ04", on: "2023-02-28")) == [])
    }

    /// A metric dropped by a version that took effect after the period ended but before the report: the report
    /// is judged by the content on the period's last day, which still held the metric. Both sides of that day.
    @Test func aMetricDroppedAfterThePeriodEnded() throws {
        try t.append(plan("p") + "\n" + revise("p", version: 2, effective: "2022-05-01", metrics: [Self.budget]))
        try t.append(plan("q") + "\n" + revise("q", version: 2, effective: "2022-04-30", metrics: [Self.budget]))
        // Before the report, audit has p's 2022-DÅ04 sjuk due (ended 2022-04-30, 76 days before 2022-07-15).
        #expect(try missing(asOf: "2022-07-15", plan: "p") == [
            "no outcome for metric sjuk (Sjukfrånvaro) for 2022-DÅ04, which ended 2022-04-30, 76 days before 2022-07-15",
        ])
        // p: version 2 took effect on 1 May, the day after the period: the report of 20 May is judged on 30 April.
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", on: "2022-05-20")) == [])
        // q: version 2 took effect on 30 April itself: the metric was gone on the period's last day.
        #expect(t.problems(report("q", "sjuk", "2022-DÅ04", on: "2022-05-20")) == [
            "line 1: data.metric: \"sjuk\" is not a metric of plan \"q\" in force on 2022-04-30 (the end of 2022-DÅ04, before the report's date 2022-05-20) (version 2; its metrics: budget)",
        ])
        // The accepted report satisfies the audit, and its row shows the metric as it was judged.
        #expect(try missing(asOf: "2022-07-15", plan: "p") == [])
        let row = try #require(try q.followups(plan: "p", asOf: date("2022-07-15"), knownAt: .head).first { $0.metric == "sjuk" })
        #expect(row.name == "Sjukfrånvaro")
        #expect(row.unit == "%")
        #expect(row.outcome == .number(1))
        #expect(row.period.description == "2022-DÅ04")
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        #expect(Replay.fold(events, asOf: date("2022-07-15"), knownAt: Int.max).followups.first { $0.plan == "p" && $0.metric == "sjuk" } == row)
    }

    /// A report made on its period's last day is judged that day; the day after, still on the last day.
    @Test func theDayAfterThePeriodEnd() throws {
        // Two plans alike, since a plan has one outcome per metric and period.
        try t.append(plan("p") + "\n" + revise("p", version: 2, effective: "2022-05-01", metrics: [Self.budget]))
        try t.append(plan("q") + "\n" + revise("q", version: 2, effective: "2022-05-01", metrics: [Self.budget]))
        #expect(t.problems(report("p", "sjuk", "2022-DÅ04", on: "2022-04-30")) == [])
        #expect(t.problems(report("q", "sjuk", "2022-DÅ04", on: "2022-05-01")) == [])
        // A report made before its period ended is judged on its own date: sjuk was dropped for DÅ08 from 1 May.
        #expect(t.problems(report("p", "sjuk", "2022-DÅ08", on: "2022-06-01")).count == 1)
    }

    /// A metric introduced after the period ended has no report for that period, though it is in force on the
    /// report's date: the rule works both ways.
    @Test func aMetricIntroducedAfterThePeriodEnded() throws {
        try t.append(plan("p") + "\n" + revise("p", version: 2, effective: "2022-05-10", metrics: [Self.sjuk, Self.budget, Self.ny]))
        #expect(t.problems(report("p", "ny", "2022-DÅ04", on: "2022-05-20")) == [
            "line 1: data.metric: \"ny\" is not a metric of plan \"p\" in force on 2022-04-30 (the end of 2022-DÅ04, before the report's date 2022-05-20) (version 1; its metrics: budget, sjuk)",
        ])
        #expect(t.problems(report("p", "ny", "2022-ÅR", on: "2023-01-20")) == [])
        #expect(try missing(asOf: "2022-07-15", plan: "p").allSatisfy { !$0.contains("metric ny ") })
    }

    // MARK: - Amendments that would orphan a report

    /// p adopted 2021-12-15 (seq 2), its 2022-DÅ04 sjuk report of 20 May (seq 3).
    func planWithReport() throws {
        try t.append(plan("p") + "\n" + report("p", "sjuk", "2022-DÅ04", on: "2022-05-20"))
    }

    func correction(of target: Int, effective: String? = nil, metrics: [String]) -> String {
        let moved = effective.map { #""effective":"\#($0)","# } ?? ""
        return #"{"type":"event.corrected","effective":"2022-06-01","data":{"target":\#(target),"reason":"Fel","replacement":{\#(moved)"data":{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[\#(metrics.joined(separator: ","))]}]}}}}}"#
    }

    @Test func correctingARevisionToDropAMetricIsRefused() throws {
        try planWithReport()
        let before = try t.exportLines()
        let problems = t.problems(correction(of: 2, metrics: [Self.budget]))
        #expect(problems == [
            "line 1: data.replacement: follow-ups depend on seq 2 (plan.revised of \"p\"): seq 3 would no longer pass the follow-up rule (seq 3: data.metric: \"sjuk\" is not a metric of plan \"p\" in force on 2022-04-30 (the end of 2022-DÅ04, before the report's date 2022-05-20) (version 1; its metrics: budget)); correct or retract them first",
        ])
        #expect(try t.exportLines() == before)
        // A correction that keeps the metric (here: another target for budget) is allowed.
        #expect(t.problems(correction(of: 2, metrics: [Self.sjuk, #"{"id":"budget","name":"Budgetavvikelse","target":-1,"unit":"mnkr","periods":["ÅR"]}"#])) == [])
        #expect(try t.ledger.verify().ok)
    }

    /// Moving the version past the period's end leaves the report with no version in force on 30 April.
    @Test func correctingARevisionsDateAcrossThePeriodEnd() throws {
        try planWithReport()
        #expect(t.problems(correction(of: 2, effective: "2022-05-01", metrics: [Self.sjuk, Self.budget])).first?.contains(
            "seq 3 would no longer pass the follow-up rule (seq 3: effective: no version of plan \"p\" is in force on 2022-04-30") == true)
        #expect(t.problems(correction(of: 2, effective: "2022-04-30", metrics: [Self.sjuk, Self.budget])) == [])
    }

    @Test func retractingTheRevisionIsRefusedUntilTheReportIsRetracted() throws {
        try planWithReport()
        let retractVersion = #"{"type":"event.retracted","effective":"2022-06-01","data":{"target":2,"reason":"Fel"}}"#
        #expect(t.problems(retractVersion) == [
            "line 1: data.target: follow-ups depend on version 1 of \"p\": seq 3 would no longer pass the follow-up rule (seq 3: effective: no version of plan \"p\" is in force on 2022-04-30 (the end of 2022-DÅ04, before the report's date 2022-05-20)); correct or retract them first",
        ])
        // Once the report is retracted, nothing depends on the version.
        try t.append(#"{"type":"event.retracted","effective":"2022-06-01","data":{"target":3,"reason":"Fel period"}}"#)
        #expect(t.problems(retractVersion) == [])
        #expect(try t.ledger.verify().ok)
    }

    /// Moving a repeal to before the period's end orphans the annual report judged on 31 December.
    @Test func correctingARepealEarlierIsRefused() throws {
        try t.append(plan("p") + "\n" + repeal("p", on: "2023-01-01") + "\n" + report("p", "budget", "2022-ÅR", on: "2023-02-10"))
        func moveRepeal(to day: String) -> String {
            #"{"type":"event.corrected","effective":"2023-03-01","data":{"target":3,"reason":"Fel datum","replacement":{"effective":"\#(day)","data":{"reason":"Ersatt","approvedBy":"RS"}}}}"#
        }
        #expect(t.problems(moveRepeal(to: "2022-12-31")).first?.contains("follow-ups depend on seq 3 (plan.repealed of \"p\"): seq 4 would no longer pass") == true)
        #expect(t.problems(moveRepeal(to: "2023-01-02")) == [])
        #expect(try t.ledger.verify().ok)
    }

    /// The report and the orphaning correction in one input: the report is judged first, then the correction.
    @Test func withinOneInput() throws {
        try t.append(plan("p"))
        let problems = t.problems(report("p", "sjuk", "2022-DÅ04", on: "2022-05-20") + "\n" + correction(of: 2, metrics: [Self.budget]))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("line 2: data.replacement: follow-ups depend on seq 2 (plan.revised of \"p\"): line 1 of this input would") == true, "\(problems)")
    }
}
