import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// An as-of answer is a handful of index lookups: it costs the same number of SQLite steps whether the log
/// holds a thousand events or a hundred thousand.
struct LookupCostTests {
    /// Other plans with revisions, and diary entries outside the month asked about, to grow every table.
    static func filler(_ count: Int, from start: Int) throws -> [ProposedEvent] {
        var events: [ProposedEvent] = []
        var i = start
        let day = LedgerDate(year: 2001, month: 1, day: 1)!
        while events.count < count {
            let key = "filler-\(i)"
            events.append(try ProposedEvent(type: .planRegistered, plan: key, effective: day.adding(days: i % 3000),
                                            data: ["title": .string("Plan \(i)"), "kind": "verksamhetsplan", "owner": .string("Division \(i % 7)")]))
            for v in 1...4 {
                events.append(try ProposedEvent(type: .planRevised, plan: key, effective: day.adding(days: i % 3000 + v * 30),
                                                data: ["version": .number(Double(v)), "change": .string("Revidering \(v)"), "approvedBy": "Divisionschef"]))
            }
            for d in 0..<5 {
                events.append(try ProposedEvent(type: .diaryRegistered, effective: day.adding(days: (i * 5 + d) % 4000),
                                                data: ["dnr": .string("F/\(i)/\(d)"), "title": "Skrivelse", "direction": "in"]))
            }
            i += 1
        }
        return events
    }

    func cost(fillerEvents: Int) throws -> (plan: Int, diary: Int, plans: Int) {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        try t.append(#"{"type":"diary.registered","effective":"2015-08-20","data":{"dnr":"RS/1321/2015","title":"Rutin v4","direction":"internal"}}"#)
        var written = 0
        while written < fillerEvents {
            let batch = try Self.filler(min(10_000, fillerEvents - written), from: written)
            try t.ledger.append(batch, actor: "test")
            written += batch.count
        }
        let point = TimePoint(asOf: LedgerDate(iso: "2014-08-07")!, knownAt: try t.ledger.head().seq)
        let plan = try t.ledger.readCountingSteps { db in try PlansProjection.plan(SeedHistory.plan, at: point, db) }
        #expect(plan.result?.version == 3)
        let august = TimePoint(asOf: LedgerDate(iso: "2015-12-31")!, knownAt: point.knownAt)
        let diary = try t.ledger.readCountingSteps { db in
            try DiaryProjection.entries(at: august, from: LedgerDate(iso: "2015-08-01"), to: LedgerDate(iso: "2015-08-31"), db)
        }
        #expect(diary.result.map(\.dnr) == ["RS/1321/2015"])
        let plans = try t.ledger.readCountingSteps { db in try PlansProjection.plans(at: TimePoint(asOf: LedgerDate(iso: "2000-06-01")!, knownAt: point.knownAt), db) }
        #expect(plans.result.isEmpty)
        return (plan.steps, diary.steps, plans.steps)
    }

    @Test func asOfAnswersCostTheSameAt1kAnd100k() throws {
        let small = try cost(fillerEvents: 1_000)
        let large = try cost(fillerEvents: 100_000)
        #expect(small.plan > 0)
        #expect(large.plan == small.plan, "show: \(small.plan) steps at 1k, \(large.plan) at 100k")
        #expect(large.diary == small.diary, "diary for one month: \(small.diary) steps at 1k, \(large.diary) at 100k")
        #expect(large.plans == small.plans, "plans before any registration: \(small.plans) steps at 1k, \(large.plans) at 100k")
    }
}
