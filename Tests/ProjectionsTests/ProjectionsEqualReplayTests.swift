import GRDB
import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// The law that makes the projections trustworthy: for any history and any (as of D, known at K), the
/// indexed answer equals the plain fold of the log.
struct ProjectionsEqualReplayTests {
    static let seeds: [UInt64] = Array(1...24)

    @Test(arguments: seeds)
    func projectionsEqualReplay(seed: UInt64) throws {
        let t = try TemporaryLedger()
        let accepted = try RandomHistory.build(seed: seed, steps: 90, into: t)
        #expect(accepted >= 60, "the generator should produce a real history (seed \(seed))")
        let queries = LedgerQueries(t.ledger)
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        let head = events.count
        #expect(events.contains { $0.type == .eventCorrected } && events.contains { $0.type == .eventRetracted },
                "seed \(seed) has no corrections or retractions")
        #expect(events.contains { $0.type == .processPlanned }, "seed \(seed) has no planning process")

        var rng = SeededRandom(seed: seed &* 7919)
        var points: [(LedgerDate, Int)] = [(LedgerDate(year: 2027, month: 1, day: 1)!, head)]
        for _ in 0..<40 {
            let d = LedgerDate(year: 2009, month: 6, day: 1)!.adding(days: Int.random(in: 0..<(18 * 365), using: &rng))
            points.append((d, Int.random(in: 0...head, using: &rng)))
        }
        for (asOf, k) in points {
            let expected = Replay.fold(events, asOf: asOf, knownAt: k)
            let actual = try queries.snapshot(asOf: asOf, knownAt: .seq(k))
            if actual != expected {
                Issue.record("seed \(seed), as of \(asOf), known at \(k): \(firstDifference(actual, expected))")
                break
            }
            // Activities one plan at a time (`activities PLAN`), and only the overdue ones: the fold's, filtered.
            for plan in expected.plans {
                let mine = try queries.activities(plan: plan.plan, overdue: false, asOf: asOf, knownAt: .seq(k))
                #expect(mine == expected.activities.filter { $0.plan == plan.plan }, "seed \(seed), \(plan.plan) as of \(asOf), known at \(k)")
            }
            #expect(try queries.activities(plan: nil, overdue: true, asOf: asOf, knownAt: .seq(k)) == expected.activities.filter(\.overdue))
            // The listing (`plans`, `GET /plans`, the start page) from its narrow indexes: the fold's plans, field by field.
            let listed = try queries.planSummaries(asOf: asOf, knownAt: .seq(k))
            #expect(listed.map(\.summaryJSON) == expected.plans.map(\.summaryJSON), "seed \(seed), as of \(asOf), known at \(k)")
            // Each planning process as `process KEY` asks it (one indexed lookup), and the list as `processes`.
            for process in expected.processes {
                #expect(try queries.process(process.process, asOf: asOf, knownAt: .seq(k)) == process, "seed \(seed), as of \(asOf), known at \(k)")
            }
            #expect(try queries.processes(asOf: asOf, knownAt: .seq(k)) == expected.processes)
            // One plan at a time, and each version of it, as `show --version` asks.
            for plan in expected.plans {
                #expect(try queries.plan(plan.plan, asOf: asOf, knownAt: .seq(k)) == plan)
                for v in stride(from: 1, through: plan.version, by: max(1, plan.version / 2)) {
                    let shown = try queries.plan(plan.plan, asOf: asOf, knownAt: .seq(k), version: v)
                    #expect(shown?.changes == Array(plan.changes.prefix(v)))
                }
            }
        }
        let audit = try queries.audit(asOf: points[0].0, knownAt: .head, rules: Audit.Rules())
        #expect(audit == Audit.findings(Replay.fold(events, asOf: points[0].0, knownAt: head)))
        // The incrementally maintained tables equal a rebuild from the log, and the chain holds.
        let report = try t.ledger.verify()
        #expect(report.ok, "\(report.firstBad.map { "seq \($0.seq): \($0.reason)" } ?? "")")
    }
}

/// The generator reaches the planning year's activities: accepted reports, and corrections of them, in the histories
/// the law above is checked on (counted over all its seeds, so that a change elsewhere in the generator does not
/// silently leave the activities out).
@Test func randomHistoriesReportAndCorrectActivities() throws {
    var reportCount = 0, correctedReports = 0
    for seed in ProjectionsEqualReplayTests.seeds {
        let t = try TemporaryLedger()
        try RandomHistory.build(seed: seed, steps: 90, into: t)
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        let reports = Set(events.filter { $0.type == .activityReported }.map(\.seq))
        reportCount += reports.count
        correctedReports += events.filter { e in
            guard e.type == .eventCorrected, case .number(let target)? = e.data["target"] else { return false }
            return reports.contains(Int(target))
        }.count
    }
    #expect(reportCount >= ProjectionsEqualReplayTests.seeds.count / 2, "\(reportCount) activity reports in \(ProjectionsEqualReplayTests.seeds.count) histories")
    #expect(correctedReports >= 2, "\(correctedReports) corrections of activity reports")
}

/// The first plan or diary entry on which two snapshots disagree, for a readable failure.
func firstDifference(_ a: LedgerSnapshot, _ b: LedgerSnapshot) -> String {
    if a.plans.map(\.plan) != b.plans.map(\.plan) { return "plans \(a.plans.map(\.plan)) ≠ replay's \(b.plans.map(\.plan))" }
    for (x, y) in zip(a.plans, b.plans) where x != y { return "plan \(x.plan): \(x) ≠ replay's \(y)" }
    if a.diary.count != b.diary.count { return "\(a.diary.count) diary entries ≠ replay's \(b.diary.count)" }
    for (x, y) in zip(a.diary, b.diary) where x != y { return "diary \(x.dnr): \(x) ≠ replay's \(y)" }
    if a.assignments != b.assignments { return "assignments \(a.assignments) ≠ replay's \(b.assignments)" }
    if a.followups.count != b.followups.count { return "\(a.followups.count) follow-ups ≠ replay's \(b.followups.count)" }
    for (x, y) in zip(a.followups, b.followups) where x != y { return "follow-up \(x.plan) \(x.metric) \(x.period): \(x) ≠ replay's \(y)" }
    if a.processes.map(\.process) != b.processes.map(\.process) { return "processes \(a.processes.map(\.process)) ≠ replay's \(b.processes.map(\.process))" }
    for (x, y) in zip(a.processes, b.processes) where x != y { return "process \(x.process): \(x) ≠ replay's \(y)" }
    if a.activities.count != b.activities.count { return "\(a.activities.count) activities ≠ replay's \(b.activities.count)" }
    for (x, y) in zip(a.activities, b.activities) where x != y { return "activity \(x.plan) \(x.activity): \(x) ≠ replay's \(y)" }
    if a.policies != b.policies { return "policies \(a.policies) ≠ replay's \(b.policies)" }
    if a.analysed != b.analysed { return "analysed versions \(a.analysed) ≠ replay's \(b.analysed)" }
    return "?"
}

/// A version whose content no longer reads as a whole (here a metric without periods, as a rule tightened after the
/// event was appended would leave it; written by hand past the log's trigger) counts as no content in the plan's view,
/// as in `Replay`: each part it set last comes from the version before that sets it, or from the registration. Plan p
/// loses v1's title (the registration's shows) and keeps v2's goals; plan q loses v2's title and goals, and shows v1's
/// title and text; plan r shows v1's goals, not none. `show` and `replay` take the same parts, as of every date.
@Test func aContentThatNoLongerReadsCountsAsNoneAsInReplay() throws {
    let t = try TemporaryLedger()
    let metric = #"{"id":"m","name":"M","target":1,"periods":["ÅR"]}"#
    try t.append("""
        {"type":"plan.registered","plan":"p","effective":"2020-01-01","data":{"title":"Reg","kind":"k","owner":"o"}}
        {"type":"plan.revised","plan":"p","effective":"2020-02-01","data":{"version":1,"change":"c1","content":{"title":"T1","goals":[{"id":"g1","perspective":"Ekonomi","text":"G1","metrics":[\(metric)]}]}}}
        {"type":"plan.revised","plan":"p","effective":"2020-03-01","data":{"version":2,"change":"c2","content":{"goals":[{"id":"g2","perspective":"Ekonomi","text":"G2"}]}}}
        {"type":"plan.registered","plan":"q","effective":"2020-01-01","data":{"title":"Reg","kind":"k","owner":"o"}}
        {"type":"plan.revised","plan":"q","effective":"2020-02-01","data":{"version":1,"change":"c1","content":{"title":"T1","text":"X1"}}}
        {"type":"plan.revised","plan":"q","effective":"2020-03-01","data":{"version":2,"change":"c2","content":{"title":"T2","goals":[{"id":"g2","perspective":"Ekonomi","text":"G2","metrics":[\(metric)]}]}}}
        {"type":"plan.registered","plan":"r","effective":"2020-01-01","data":{"title":"Reg","kind":"k","owner":"o"}}
        {"type":"plan.revised","plan":"r","effective":"2020-02-01","data":{"version":1,"change":"c1","content":{"goals":[{"id":"g1","perspective":"Ekonomi","text":"G1"}]}}}
        {"type":"plan.revised","plan":"r","effective":"2020-03-01","data":{"version":2,"change":"c2","content":{"goals":[{"id":"g2","perspective":"Ekonomi","text":"G2","metrics":[\(metric)]}]}}}
        """)
    try DatabaseQueue(path: t.path).writeWithoutTransaction { db in
        try db.execute(sql: """
            DROP TRIGGER event_refuses_update;
            UPDATE event SET data = replace(data, '"periods":["ÅR"]', '"periods":[]') WHERE seq IN (2, 6, 9);
            """)
        #expect(db.changesCount == 3)
    }
    var events: [RecordedEvent] = []
    try t.ledger.forEachEvent { events.append($0) }
    let queries = LedgerQueries(t.ledger)
    let asOf = LedgerDate(iso: "2020-06-01")!
    let p = try #require(try queries.plan("p", asOf: asOf, knownAt: .head))
    let q = try #require(try queries.plan("q", asOf: asOf, knownAt: .head))
    #expect(p.title == "Reg" && p.goals?.map(\.id) == ["g2"] && p.text == nil)
    #expect(q.title == "T1" && q.text == "X1" && q.goals == nil)
    #expect(try queries.plan("r", asOf: asOf, knownAt: .head)?.goals?.map(\.id) == ["g1"])
    for date in ["2020-01-15", "2020-02-15", "2020-03-01", "2020-06-01"] {
        let asOf = LedgerDate(iso: date)!
        let replayed = Replay.fold(events, asOf: asOf, knownAt: events.count).plans
        #expect(replayed.count == 3)
        for plan in replayed {
            // Only the parts the content supplies: `Replay` drops such an event whole, its version and change-list
            // entry with it, where the projections keep its change-list row.
            let shown = try #require(try queries.plan(plan.plan, asOf: asOf, knownAt: .head))
            #expect(shown.title == plan.title && shown.period == plan.period && shown.text == plan.text && shown.goals == plan.goals
                        && shown.budget == plan.budget && shown.analyses == plan.analyses, "\(plan.plan) as of \(date)")
        }
    }
}
