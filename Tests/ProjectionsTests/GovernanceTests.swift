import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// Seeds 003 and 004: assignments with deadlines, follow-ups per period, the goal chain, audit findings.
struct GovernanceTests {
    let t: TemporaryLedger
    let q: LedgerQueries

    init() throws {
        t = try TemporaryLedger()
        t.setClock("2022-12-14T08:00:00Z")
        try t.append(SeedHistory.rutin)
        try t.append(SeedHistory.governance)
        q = LedgerQueries(t.ledger)
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    /// The division's April 2022 report (seed 004): sick leave 6,3 % against "Minska" from 5,1 %, budget
    /// −11,1 mnkr against 0, procurement 98 % against 100 %.
    func reportApril(recordedAt: String = "2022-05-20T10:00:00Z") throws {
        t.setClock(recordedAt)
        try t.append(#"""
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.3,"unit":"%","fulfilment":"not-met"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"budget","period":"2022-DÅ04","outcome":-11.1,"unit":"mnkr","fulfilment":"not-met","comment":"Underskott i IT-verksamheten"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"upphandling","period":"2022-DÅ04","outcome":98,"unit":"%","fulfilment":"partly"}}
            """#)
    }

    @Test func overdueAssignmentsOnTwoDates() throws {
        let april = try q.assignments(plan: nil, asOf: date("2023-04-01"), knownAt: .head)
        #expect(april.map(\.assignment) == ["rs-2023-vns", "rs-2023-kompetens"])
        #expect(april.filter(\.overdue).map(\.assignment) == ["rs-2023-vns"])
        try t.append(#"{"type":"assignment.reported","effective":"2023-06-15","data":{"assignment":"rs-2023-kompetens","status":"partial","note":"VFU-platser och arbetstidsmodeller utredda; lönestrategi återstår"}}"#)
        let july = try q.assignments(plan: "rs-2023-plan-finns-ej", asOf: date("2023-07-01"), knownAt: .head)
        #expect(july.isEmpty)
        let all = try q.assignments(plan: "rs-plan-2023", asOf: date("2023-07-01"), knownAt: .head)
        #expect(all.filter(\.overdue).map(\.assignment) == ["rs-2023-vns", "rs-2023-kompetens"])
        let kompetens = try #require(all.last)
        #expect(kompetens.status == .partial && kompetens.reported == date("2023-06-15"))
        #expect(kompetens.note?.hasPrefix("VFU-platser") == true)
        // Done later: not overdue once done, as of a date after the report, and still overdue before it.
        try t.append(#"{"type":"assignment.reported","effective":"2023-08-20","data":{"assignment":"rs-2023-kompetens","status":"done","note":"Beslutat i RS"}}"#)
        #expect(try q.assignments(plan: nil, asOf: date("2023-09-01"), knownAt: .head).filter(\.overdue).map(\.assignment) == ["rs-2023-vns"])
        #expect(try q.assignments(plan: nil, asOf: date("2023-08-01"), knownAt: .head).filter(\.overdue).count == 2)
    }

    @Test func followupsBeforeAndAfterTheyAreReported() throws {
        // 30 April has passed but nothing is reported: the three metrics show with no outcome.
        let may = try q.followups(plan: "division-service-2022", asOf: date("2022-05-10"), knownAt: .head)
        #expect(may.map(\.metric) == ["budget", "sjukfranvaro", "upphandling"])
        #expect(may.allSatisfy { $0.outcome == nil && $0.period.description == "2022-DÅ04" })
        let beforeReport = try t.ledger.head().seq
        try reportApril()
        let june = try q.followups(plan: "division-service-2022", asOf: date("2022-06-01"), knownAt: .head)
        let sick = try #require(june.first { $0.metric == "sjukfranvaro" })
        #expect(sick.outcome == .number(6.3) && sick.target == .string("Minska") && sick.baseline == .number(5.1) && sick.unit == "%")
        #expect(sick.goal == "kompetens" && sick.perspective == "Medarbetare" && sick.fulfilment == .notMet)
        let budget = try #require(june.first { $0.metric == "budget" })
        #expect(budget.outcome == .number(-11.1) && budget.target == .number(0) && budget.unit == "mnkr")
        let procurement = try #require(june.first { $0.metric == "upphandling" })
        #expect(procurement.outcome == .number(98) && procurement.target == .number(100) && procurement.fulfilment == .partly)
        // Asked with knowledge from before the report, the outcomes are still missing.
        let known = try q.followups(plan: "division-service-2022", asOf: date("2022-06-01"), knownAt: .seq(beforeReport))
        #expect(known.allSatisfy { $0.outcome == nil })
        // By year end, DÅ08 and ÅR have ended too, without outcomes.
        let year = try q.followups(plan: "division-service-2022", asOf: date("2023-01-31"), knownAt: .head)
        #expect(year.count == 9)
        #expect(year.filter { $0.outcome == nil }.map(\.period.description) == ["2022-DÅ08", "2022-DÅ08", "2022-DÅ08", "2022-ÅR", "2022-ÅR", "2022-ÅR"])
        // The plan covers 2022 only: no 2023 periods are declared.
        #expect(try q.followups(plan: "division-service-2022", asOf: date("2023-12-31"), knownAt: .head).count == 9)
    }

    @Test func aMetricSurvivesARevision() throws {
        try reportApril()
        // Version 2 keeps the sick-leave metric (same id) with a new target and drops procurement.
        try t.append(#"{"type":"plan.revised","plan":"division-service-2022","effective":"2022-06-15","data":{"version":2,"change":"Reviderade mål efter delårsrapport april","approvedBy":"Regiondirektör","content":{"goals":[{"id":"kompetens","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","metrics":[{"id":"sjukfranvaro","name":"Sjukfrånvaro","target":5.5,"baseline":6.3,"unit":"%","periods":["DÅ08","ÅR"]}]}]}}}"#)
        try t.append(#"{"type":"followup.recorded","plan":"division-service-2022","effective":"2022-09-20","data":{"metric":"sjukfranvaro","period":"2022-DÅ08","outcome":5.9,"fulfilment":"partly"}}"#)
        let rows = try q.followups(plan: "division-service-2022", asOf: date("2022-10-01"), knownAt: .head)
        let sick = rows.filter { $0.metric == "sjukfranvaro" }
        #expect(sick.map(\.period.description) == ["2022-DÅ04", "2022-DÅ08"])
        #expect(sick[0].target == .string("Minska") && sick[0].outcome == .number(6.3))
        #expect(sick[1].target == .number(5.5) && sick[1].baseline == .number(6.3) && sick[1].outcome == .number(5.9) && sick[1].unit == "%")
        // Procurement is no longer followed up after version 2: no DÅ08 row for it.
        #expect(!rows.contains { $0.metric == "upphandling" && $0.period.code == .august })
        // And a follow-up of a dropped metric is refused.
        #expect(t.problems(#"{"type":"followup.recorded","plan":"division-service-2022","effective":"2022-09-20","data":{"metric":"upphandling","period":"2022-DÅ08","outcome":97,"fulfilment":"partly"}}"#)
                .first?.contains(#"data.metric: "upphandling" is not a metric of plan "division-service-2022" in force on 2022-08-31 (the end of 2022-DÅ08, before the report's date 2022-09-20) (version 2"#) == true)
    }

    @Test func aCorrectedFollowupSeenBothWays() throws {
        try reportApril()
        let sickSeq = try t.ledger.head().seq - 2
        let before = try t.ledger.head().seq
        try t.append(#"{"type":"event.corrected","effective":"2022-06-10","data":{"target":\#(sickSeq),"reason":"Fel underlag: sjukfrånvaron var 6,4 %","replacement":{"data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.4,"unit":"%","fulfilment":"not-met"}}}}"#)
        let old = try q.followups(plan: "division-service-2022", asOf: date("2022-12-01"), knownAt: .seq(before)).first { $0.metric == "sjukfranvaro" }
        let new = try q.followups(plan: "division-service-2022", asOf: date("2022-12-01"), knownAt: .head).first { $0.metric == "sjukfranvaro" }
        #expect(old?.outcome == .number(6.3))
        #expect(new?.outcome == .number(6.4))
    }

    @Test func goalChain() throws {
        let chain = try #require(try q.chain("strategisk-plan-2023", asOf: date("2023-01-01"), knownAt: .head))
        #expect(chain.children.map(\.plan) == ["rs-plan-2023"])
        #expect(chain.children[0].children.map(\.plan) == ["division-service-2022"])
        #expect(chain.children[0].version == 1)
        #expect(try q.children(of: "rs-plan-2023", asOf: date("2023-01-01"), knownAt: .head) == ["division-service-2022"])
        // Before the board plan was registered, the chain stops at the top.
        #expect(try q.chain("strategisk-plan-2023", asOf: date("2022-07-01"), knownAt: .head)?.children.isEmpty == true)
    }

    @Test func auditFindings() throws {
        // A document dated 2023-01-10, registered on 2023-02-01: 22 days later.
        t.setClock("2023-02-01T09:00:00Z")
        try t.append(#"{"type":"diary.registered","effective":"2023-01-10","data":{"dnr":"RS/55/2023","title":"Skrivelse från kommunen","direction":"in","counterpart":"Luleå kommun"}}"#)
        let findings = try q.audit(asOf: date("2023-07-15"), knownAt: .head, rules: Audit.Rules())
        let kinds = Dictionary(grouping: findings, by: \.finding)
        #expect(kinds[.versionWithoutApprover]?.map(\.seq) == [2, 3])
        #expect(kinds[.versionWithoutApprover]?.first?.detail.contains("version 1 of rutin-overgripande-handlingsplan (2013-03-12") == true)
        #expect(kinds[.lateRegistration]?.map(\.dnr) == ["RS/55/2023"])
        #expect(kinds[.lateRegistration]?.first?.detail == "RS/55/2023 dated 2023-01-10 was registered on 2023-02-01, 22 days later (more than 7; OSL 5:1 asks for registration without delay)")
        #expect(kinds[.assignmentOverdue]?.count == 2)
        #expect(kinds[.assignmentOverdue]?.first?.detail.contains("was due 2023-03-20, 117 days before 2023-07-15, and has no report") == true)
        // The division's 2022 periods all ended more than 60 days before and none was reported.
        #expect(kinds[.followupMissing]?.count == 9)
        #expect(try q.audit(asOf: date("2023-07-15"), knownAt: .head, rules: Audit.Rules(grace: 60, lateAfter: 30)).allSatisfy { $0.finding != .lateRegistration })
        // Grace: on 2022-06-15, DÅ04 ended 46 days before; with the default 60 days that is no finding yet.
        #expect(try q.audit(asOf: date("2022-06-15"), knownAt: .head, rules: Audit.Rules()).allSatisfy { $0.finding != .followupMissing })
        #expect(try q.audit(asOf: date("2022-06-15"), knownAt: .head, rules: Audit.Rules(grace: 30, lateAfter: 7)).filter { $0.finding == .followupMissing }.count == 3)
    }
}
