import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// The planning process (SPEC "The planning year", **The process**): every refusal of the three events, both sides of
/// each boundary (the year's window, a phase's ends, due today / overdue / reached late), hand-computed states, the
/// timetable's change list, and the two time axes.
struct ProcessTests {
    let t: TemporaryLedger

    /// Plan year 2021 (seed 002): window 2019-01-01 … 2021-12-31. seq 1 planned, seq 2 kickoff reached, seq 3 the
    /// nämnd milestone moved from 2020-03-18 to 2020-04-16 (effective 2020-03-01).
    init() throws {
        t = try TemporaryLedger()
        t.setClock("2020-06-01T08:00:00Z")
        try t.append("""
            {"type":"process.planned","effective":"2019-10-01","data":{"process":"vb-2021","title":"Planeringsprocess 2021","year":2021,"owner":"Regionstyrelsen","phases":[{"id":"forberedelser","name":"Förberedelser","from":"2019-10-01","to":"2020-01-31"},{"id":"pf","name":"Planeringsförutsättningar","from":"2020-01-01","to":"2020-02-29"},{"id":"namnder","name":"Nämnderna behandlar PF","from":"2020-03-01","to":"2020-04-30"}],"milestones":[{"id":"kickoff","name":"Kickoff","date":"2020-02-10","phase":"pf","purpose":"Majoritetens förslag till PF presenteras"},{"id":"pf-rs","name":"PF i RS","date":"2020-03-09","phase":"pf","body":"Regionstyrelsen"},{"id":"namnd","name":"Nämnd","date":"2020-03-18","phase":"namnder"}]}}
            {"type":"milestone.reached","effective":"2020-02-10","data":{"process":"vb-2021","milestone":"kickoff","note":"Presenterat"}}
            {"type":"process.revised","effective":"2020-03-01","data":{"process":"vb-2021","change":"Nämnd flyttad från 18 mars till 16 april","milestones":[{"id":"namnd","name":"Nämnd","date":"2020-04-16","phase":"namnder"}]}}
            """)
    }

    static func planned(_ year: Int = 2021, key: String = "p2", phases: String? = nil, milestones: String? = nil, extra: String = "") -> String {
        let p = phases ?? #"[{"id":"a","name":"A","from":"\#(year - 1)-01-01","to":"\#(year - 1)-02-01"}]"#
        let m = milestones ?? #"[{"id":"m","name":"M","date":"\#(year - 1)-01-10","phase":"a"}]"#
        return #"{"type":"process.planned","effective":"\#(year - 2)-10-01","data":{"process":"\#(key)","title":"T","year":\#(year),"owner":"RS","phases":\#(p),"milestones":\#(m)\#(extra)}}"#
    }

    static func reach(_ milestone: String, on date: String, process: String = "vb-2021", extra: String = "") -> String {
        #"{"type":"milestone.reached","effective":"\#(date)","data":{"process":"\#(process)","milestone":"\#(milestone)"\#(extra)}}"#
    }

    // MARK: - Refusals of the payload

    @Test func unknownFieldsAreRefusedAtEveryDepth() {
        #expect(t.problems(Self.planned(extra: #","colour":"red""#)) == ["line 1: data.colour: unknown field"])
        #expect(t.problems(Self.planned(phases: #"[{"id":"a","name":"A","from":"2020-01-01","to":"2020-02-01","x":1}]"#))
            == ["line 1: data.phases[0].x: unknown field"])
        #expect(t.problems(Self.planned(milestones: #"[{"id":"m","name":"M","date":"2020-01-10","owner":"x"}]"#))
            == ["line 1: data.milestones[0].owner: unknown field"])
        #expect(t.problems(Self.reach("pf-rs", on: "2020-03-09", extra: #","late":true"#)) == ["line 1: data.late: unknown field"])
    }

    @Test func impossibleDatesAndBackwardPhasesAreRefused() {
        #expect(t.problems(Self.planned(milestones: #"[{"id":"m","name":"M","date":"2020-02-30"}]"#))
            == [#"line 1: data.milestones[0].date: "2020-02-30" is not a real date"#])
        #expect(t.problems(Self.planned(phases: #"[{"id":"a","name":"A","from":"2020-03-01","to":"2020-02-29"}]"#, milestones: "[]"))
            == ["line 1: data.phases[0].to: ends (2020-02-29) before the phase starts (2020-03-01)"])
        // One day long is a phase.
        #expect(t.problems(Self.planned(phases: #"[{"id":"a","name":"A","from":"2020-03-01","to":"2020-03-01"}]"#, milestones: "[]")) == [])
    }

    @Test func duplicateIdsAndUnknownPhasesAreRefused() {
        #expect(t.problems(Self.planned(phases: #"[{"id":"a","name":"A","from":"2020-01-01","to":"2020-01-02"},{"id":"a","name":"B","from":"2020-01-01","to":"2020-01-02"}]"#, milestones: "[]"))
            == [#"line 1: data.phases: phase id "a" is used twice"#])
        #expect(t.problems(Self.planned(milestones: #"[{"id":"m","name":"M","date":"2020-01-10"},{"id":"m","name":"N","date":"2020-01-11"}]"#))
            == [#"line 1: data.milestones: milestone id "m" is used twice"#])
        #expect(t.problems(Self.planned(milestones: #"[{"id":"m","name":"M","date":"2020-01-10","phase":"b"}]"#))
            == [#"line 1: data.milestones[0].phase: "b" is not a phase of the timetable (phases: a)"#])
    }

    /// The window of plan year 2021 is 2019-01-01 … 2021-12-31: both edges inside, the days beyond outside.
    @Test func theYearsWindowHasTwoEdges() {
        func milestone(_ date: String) -> String { #"[{"id":"m","name":"M","date":"\#(date)"}]"# }
        #expect(t.problems(Self.planned(key: "e1", milestones: milestone("2019-01-01"))) == [])
        #expect(t.problems(Self.planned(key: "e2", milestones: milestone("2021-12-31"))) == [])
        #expect(t.problems(Self.planned(key: "e3", milestones: milestone("2018-12-31")))
            == ["line 1: data.milestones[0].date: 2018-12-31 is outside plan year 2021's window 2019-01-01 … 2021-12-31 (a process runs from 1 January two years before its plan year to the end of that year)"])
        #expect(t.problems(Self.planned(key: "e4", milestones: milestone("2022-01-01"))).first?.hasPrefix("line 1: data.milestones[0].date: 2022-01-01 is outside plan year 2021's window") == true)
        #expect(t.problems(Self.planned(key: "e5", phases: #"[{"id":"a","name":"A","from":"2018-10-01","to":"2019-01-31"}]"#, milestones: "[]"))
            .first?.hasPrefix("line 1: data.phases[0].from: 2018-10-01 is outside") == true)
    }

    // MARK: - Refusals of the state rules

    @Test func theRulesRefuseWhatTheLedgerDoesNotHold() throws {
        #expect(t.problems(Self.planned(key: "vb-2021")) == [#"line 1: data.process: "vb-2021" is already planned (seq 1); change its timetable with process.revised"#])
        #expect(t.problems(Self.reach("kickoff", on: "2020-02-10", process: "okand")) == [#"line 1: data.process: no process "okand" in the ledger"#])
        #expect(t.problems(#"{"type":"process.revised","effective":"2020-03-01","data":{"process":"okand","change":"x","phases":[{"id":"a","name":"A","from":"2020-01-01","to":"2020-01-02"}]}}"#)
            == [#"line 1: data.process: no process "okand" in the ledger"#])
        #expect(t.problems(Self.reach("slut", on: "2020-05-01")) == [#"line 1: data.milestone: no milestone "slut" in the timetable of "vb-2021" in force on 2020-05-01 (milestones: kickoff, pf-rs, namnd)"#])
        #expect(t.problems(Self.reach("kickoff", on: "2020-02-11")) == [#"line 1: data.milestone: "kickoff" of "vb-2021" is already reached on 2020-02-10 (seq 2); to change that, run planledger correct 2"#])
        #expect(t.problems(Self.reach("pf-rs", on: "2019-09-30")) == ["line 1: effective: 2019-09-30 is before the process was planned (2019-10-01); no milestone is in its timetable yet"])
        #expect(t.problems(Self.reach("pf-rs", on: "2020-03-09", extra: #","plan":"ingen-plan""#)) == [#"line 1: data.plan: no plan "ingen-plan" in the ledger"#])
        #expect(t.problems(#"{"type":"process.revised","effective":"2020-03-01","data":{"process":"vb-2021","change":"Inget"}}"#)
            == ["line 1: data: a revision names at least one of phases and milestones"])
        #expect(t.problems(#"{"type":"process.revised","effective":"2019-09-01","data":{"process":"vb-2021","change":"Tidigt","milestones":[{"id":"namnd","name":"Nämnd","date":"2020-04-20"}]}}"#)
            == ["line 1: effective: 2019-09-01 is before the process was planned (2019-10-01); a timetable is revised after it is planned"])
        #expect(t.problems(#"{"type":"process.revised","effective":"2020-03-02","data":{"process":"vb-2021","change":"Utanför","milestones":[{"id":"namnd","name":"Nämnd","date":"2022-01-01","phase":"ingen"}]}}"#).count == 2)
        #expect(try t.ledger.head().seq == 3)
    }

    /// A milestone a revision adds is in the timetable from the revision's date, not before.
    @Test func aMilestoneAddedByARevisionCountsFromItsDate() throws {
        try t.append(#"{"type":"process.revised","effective":"2020-05-01","data":{"process":"vb-2021","change":"Ny milstolpe","milestones":[{"id":"vp","name":"VP klar","date":"2020-09-30"}]}}"#)
        #expect(t.problems(Self.reach("vp", on: "2020-04-30")).first?.hasPrefix(#"line 1: data.milestone: no milestone "vp" in the timetable of "vb-2021" in force on 2020-04-30"#) == true)
        #expect(t.problems(Self.reach("vp", on: "2020-05-01")) == [])
        // The revision is what the reached milestone stands on: retracting it is refused.
        #expect(t.problems(#"{"type":"event.retracted","effective":"2020-06-01","data":{"target":4,"reason":"x"}}"#)
            == [#"line 1: data.target: milestone "vp" was reached (seq 5) and is in the timetable only through this revision; retract that first"#])
        #expect(try t.ledger.verify().ok)
    }

    /// A correction of that revision must keep "vp" in the timetable on the day it was reached (2020-05-01): moving the
    /// revision to the next day, or dropping "vp" from it, is refused; moving it to the same day, or earlier, is not.
    @Test func aCorrectedRevisionKeepsTheMilestonesReachedThroughIt() throws {
        try t.append(#"{"type":"process.revised","effective":"2020-05-01","data":{"process":"vb-2021","change":"Ny milstolpe","milestones":[{"id":"vp","name":"VP klar","date":"2020-09-30"}]}}"#)
        try t.append(Self.reach("vp", on: "2020-05-01"))
        func moved(to date: String, milestone: String = "vp") -> String {
            #"{"type":"event.corrected","effective":"2020-06-01","data":{"target":4,"reason":"Datum","replacement":{"effective":"\#(date)","data":{"process":"vb-2021","change":"Ny milstolpe","milestones":[{"id":"\#(milestone)","name":"VP klar","date":"2020-09-30"}]}}}}"#
        }
        let refusal = #"line 1: data.replacement.data: milestone "vp" was reached (seq 5) and would no longer be in the timetable on that day; correct or retract that first"#
        #expect(t.problems(moved(to: "2020-05-02")) == [refusal])
        #expect(t.problems(moved(to: "2020-05-01", milestone: "vp2")) == [refusal])
        #expect(t.problems(moved(to: "2020-05-01")) == [])
        #expect(t.problems(moved(to: "2020-04-20")) == [])
        #expect(try t.ledger.verify().ok)
    }

    @Test func aPlanningWithReachedMilestonesCannotBeRetractedAndACorrectionKeepsTheMilestone() throws {
        #expect(t.problems(#"{"type":"event.retracted","effective":"2020-06-01","data":{"target":1,"reason":"x"}}"#)
            == [#"line 1: data.target: process "vb-2021" has 1 revision(s) and 1 reached milestone(s); retract those first"#])
        #expect(t.problems(#"{"type":"event.corrected","effective":"2020-06-01","data":{"target":2,"reason":"Fel milstolpe","replacement":{"data":{"process":"vb-2021","milestone":"pf-rs"}}}}"#)
            == [#"line 1: data.replacement.data.milestone: a correction cannot change milestone ("vb-2021/kickoff" → "vb-2021/pf-rs"); retract seq 2 and record it anew"#])
        // The note may be corrected, and the date moved.
        #expect(t.problems(#"{"type":"event.corrected","effective":"2020-06-01","data":{"target":2,"reason":"Datum","replacement":{"effective":"2020-02-12","data":{"process":"vb-2021","milestone":"kickoff","note":"Presenterat två dagar senare"}}}}"#) == [])
        let view = try #require(try LedgerQueries(t.ledger).process("vb-2021", asOf: LedgerDate(iso: "2020-06-01")!, knownAt: .head))
        #expect(view.milestones.first { $0.id == "kickoff" }?.daysLate == 2)
        #expect(try t.ledger.verify().ok)
    }

    // MARK: - States, hand-computed

    func view(_ asOf: String, knownAt: KnownAt = .head) throws -> ProcessView? {
        try LedgerQueries(t.ledger).process("vb-2021", asOf: LedgerDate(iso: asOf)!, knownAt: knownAt)
    }

    func states(_ v: ProcessView) -> [String: String] {
        Dictionary(uniqueKeysWithValues: v.milestones.map { ($0.id, $0.state.rawValue) } + v.phases.map { ($0.id, $0.state.rawValue) })
    }

    @Test func dueTodayThenOverdueThenReachedLate() throws {
        // 2020-03-09: pf-rs due today; PF ended 2020-02-29 (done); nämnderna began 2020-03-01 (current).
        let due = try #require(try view("2020-03-09"))
        #expect(states(due) == ["kickoff": "reached", "pf-rs": "due", "namnd": "upcoming", "forberedelser": "done", "pf": "done", "namnder": "current"])
        #expect(due.nextMilestone == "pf-rs" && due.currentPhase == "namnder")
        // The day after: overdue.
        let overdue = try #require(try view("2020-03-10"))
        #expect(overdue.milestones.first { $0.id == "pf-rs" }?.state == .overdue)
        // Reached 2020-03-12: three days late (12 − 9); before that day it is still overdue.
        try t.append(Self.reach("pf-rs", on: "2020-03-12"))
        #expect(try view("2020-03-11")?.milestones.first { $0.id == "pf-rs" }?.state == .overdue)
        let late = try #require(try view("2020-03-12")?.milestones.first { $0.id == "pf-rs" })
        #expect(late.state == .reached && late.reached == LedgerDate(iso: "2020-03-12") && late.daysLate == 3)
        // Early counts as on time: 0, never negative.
        try t.append(Self.reach("namnd", on: "2020-04-01"))
        #expect(try view("2020-04-01")?.milestones.first { $0.id == "namnd" }?.daysLate == 0)
        #expect(try view("2020-04-01")?.nextMilestone == nil)
    }

    @Test func phasesOnTheirEdges() throws {
        // The first day and the last day of a phase are both current; the day after is done.
        #expect(try view("2019-10-01").map(states)?["forberedelser"] == "current")
        #expect(try view("2020-01-31").map(states)?["forberedelser"] == "current")
        #expect(try view("2020-02-01").map(states)?["forberedelser"] == "done")
        #expect(try view("2019-12-31").map(states)?["pf"] == "upcoming")
        // Two current phases: the one that began last is the current phase.
        #expect(try view("2020-01-15")?.currentPhase == "pf")
        // Before the planning's date there is no process.
        #expect(try view("2019-09-30") == nil)
    }

    @Test func theRevisionMovesTheMilestoneFromItsDateAndShowsInTheChangeList() throws {
        // Before the revision's date the nämnd milestone is 2020-03-18 (overdue on 03-20); from it, 2020-04-16.
        #expect(try view("2020-02-29")?.milestones.first { $0.id == "namnd" }?.date == LedgerDate(iso: "2020-03-18"))
        let after = try #require(try view("2020-03-20"))
        #expect(after.milestones.first { $0.id == "namnd" }?.date == LedgerDate(iso: "2020-04-16"))
        #expect(after.milestones.first { $0.id == "namnd" }?.state == .upcoming)
        #expect(after.changes.map(\.kind) == ["planned", "revised"])
        #expect(after.changes.map(\.change) == [nil, "Nämnd flyttad från 18 mars till 16 april"])
        #expect(after.changes.map(\.seq) == [1, 3])
        // Known at seq 2 (before the revision was recorded), the old date holds even on 2020-03-20: overdue.
        let before = try #require(try view("2020-03-20", knownAt: .seq(2)))
        #expect(before.milestones.first { $0.id == "namnd" }?.state == .overdue)
        #expect(before.changes.count == 1)
    }

    @Test func theJSONHasTheSPECsShape() throws {
        let json = try #require(try view("2020-03-20")).json
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        for key in ["process", "title", "year", "asOf", "currentPhase", "nextMilestone", "phases", "milestones", "changes"] {
            #expect(members[key] != nil, "\(key)")
        }
        #expect(members["nextMilestone"] == .string("pf-rs"))
        guard case .array(let milestones)? = members["milestones"], case .object(let first)? = milestones.first else { Issue.record("no milestones"); return }
        #expect(first["id"] == .string("kickoff") && first["state"] == .string("reached") && first["reached"] == .string("2020-02-10")
            && first["daysLate"] == .number(0))
        guard case .object(let overdue)? = milestones.dropFirst().first else { Issue.record("no second"); return }
        #expect(overdue["state"] == .string("overdue") && overdue["reached"] == .null && overdue["daysLate"] == .null)
    }
}
