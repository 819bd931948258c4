import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// The seed rutin (Rutin för upprättande av övergripande handlingsplan, versions 1–4) asked on both axes.
struct SeedRutinTests {
    let t: TemporaryLedger
    let q: LedgerQueries
    let plan = SeedHistory.plan

    init() throws {
        t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        q = LedgerQueries(t.ledger)
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    @Test func versionInForceOnEachDate() throws {
        #expect(try q.plan(plan, asOf: date("2013-03-11"), knownAt: .head) == nil)
        let v1 = try #require(try q.plan(plan, asOf: date("2013-03-12"), knownAt: .head))
        #expect(v1.version == 1 && v1.approvedBy == nil && v1.status == .inForce)
        let july = try #require(try q.plan(plan, asOf: date("2014-07-01"), knownAt: .head))
        #expect(july.version == 2)
        #expect(july.effective == date("2014-06-24"))
        #expect(july.approvedBy == nil)
        let august = try #require(try q.plan(plan, asOf: date("2014-08-07"), knownAt: .head))
        #expect(august.version == 3)
        #expect(august.approvedBy == "Tillförordnad landstingsdirektör")
        let now = try #require(try q.plan(plan, asOf: date("2026-11-25"), knownAt: .head))
        #expect(now.version == 4 && now.approvedBy == "Regiondirektör")
        #expect(now.changes.map(\.version) == [1, 2, 3, 4])
        #expect(now.changes.map(\.approvedBy) == [nil, nil, "Tillförordnad landstingsdirektör", "Regiondirektör"])
        #expect(now.changes[3].dnr == "RS/1321/2015")
        #expect(try q.plans(asOf: date("2013-01-01"), knownAt: .head).isEmpty)
    }

    @Test func showAsOfAnEarlierVersion() throws {
        let v2 = try #require(try q.plan(plan, asOf: date("2026-01-01"), knownAt: .head, version: 2))
        #expect(v2.version == 2 && v2.changes.count == 2)
    }

    /// A correction of version 3's date and approver: old knowledge gives the old answer.
    @Test func correctionSeenBeforeAndAfter() throws {
        let before = try t.ledger.head().seq
        try t.append(#"{"type":"event.corrected","effective":"2016-03-01","data":{"target":4,"reason":"Fel datum och beslutsfattare i ändringsförteckningen","replacement":{"effective":"2014-09-01","data":{"version":3,"change":"Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet","approvedBy":"Landstingsdirektör"}}}}"#)
        let old = try #require(try q.plan(plan, asOf: date("2026-01-01"), knownAt: .seq(before))).changes[2]
        #expect(old.date == date("2014-08-07") && old.approvedBy == "Tillförordnad landstingsdirektör" && !old.corrected)
        let new = try #require(try q.plan(plan, asOf: date("2026-01-01"), knownAt: .head)).changes[2]
        #expect(new.date == date("2014-09-01") && new.approvedBy == "Landstingsdirektör" && new.corrected && new.correctedBy == before + 1)
        #expect(new.seq == old.seq)
        // Between the two dates the answer depends on what was known.
        let between = date("2014-08-20")
        #expect(try q.plan(plan, asOf: between, knownAt: .seq(before))?.version == 3)
        #expect(try q.plan(plan, asOf: between, knownAt: .head)?.version == 2)
        // Known at a time: the correction was recorded after the original events.
        let recordedOriginal = try #require(try t.ledger.event(seq: before)).recorded
        #expect(try q.plan(plan, asOf: between, knownAt: .instant(recordedOriginal))?.version == 3)
    }

    @Test func retractedDiaryEntry() throws {
        try t.append(#"{"type":"diary.registered","effective":"2015-08-20","data":{"dnr":"RS/1321/2015","title":"Rutin v4","direction":"internal"}}"#)
        let registered = try t.ledger.head().seq
        try t.append(#"{"type":"event.retracted","effective":"2015-09-01","data":{"target":\#(registered),"reason":"Registrerad på fel dnr"}}"#)
        let far = date("2030-01-01")
        #expect(try q.diary(from: nil, to: nil, asOf: far, knownAt: .head).isEmpty)
        #expect(try q.diary(from: nil, to: nil, asOf: far, knownAt: .seq(registered)).map(\.dnr) == ["RS/1321/2015"])
        #expect(try q.diary(from: nil, to: nil, asOf: date("2015-08-19"), knownAt: .seq(registered)).isEmpty)
    }

    @Test func publicModeMasksSecrets() throws {
        try t.append(#"{"type":"diary.registered","effective":"2015-09-01","data":{"dnr":"RS/1400/2015","title":"Patientklagomål Anna Svensson","direction":"in","counterpart":"Anna Svensson","secrecy":{"ground":"OSL 25:1"}}}"#)
        let entry = try #require(try q.diary(from: nil, to: nil, asOf: date("2016-01-01"), knownAt: .head).first)
        #expect(entry.title == "Patientklagomål Anna Svensson")
        #expect(entry.masked.title == "Sekretess enligt OSL 25:1")
        #expect(entry.masked.counterpart == nil)
        #expect(entry.masked.dnr == "RS/1400/2015" && entry.masked.date == entry.date)
    }

    @Test func rebuildGivesTheSameTables() throws {
        try RandomHistory.build(seed: 99, steps: 60, into: t)
        let before = try q.snapshot(asOf: date("2026-01-01"), knownAt: .head)
        try t.ledger.rebuild()
        #expect(try q.snapshot(asOf: date("2026-01-01"), knownAt: .head) == before)
        #expect(try t.ledger.verify().ok)
    }
}
