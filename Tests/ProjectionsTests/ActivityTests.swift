import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// Activities (SPEC, "The planning year"; seed 001 §3.3): `content.goals[].activities` read strictly,
/// `activity.reported` judged against the plan's content in force on its date, and the `activities` answer (status,
/// overdue) as of any date and known at any point — every answer here computed by hand.
struct ActivityTests {
    let t: TemporaryLedger
    let q: LedgerQueries

    init() throws {
        t = try TemporaryLedger()
        t.setClock("2022-01-01T08:00:00Z")
        q = LedgerQueries(t.ledger)
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    static let metric = #"{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","unit":"%","periods":["ÅR"]}"#
    static let utbilda = #"{"id":"utbilda","text":"Utbilda chefer i arbetsmiljö","targetGroup":"Chefer","from":"2022-02-01","due":"2022-06-30","metrics":["sjuk"],"responsible":"HR-direktör","contact":"HR-strateg"}"#
    static let rutin = #"{"id":"rutin","text":"Ta fram rutin för rehabilitering","targetGroup":"Medarbetare","due":"2022-09-30","responsible":"Regiondirektör","contact":"Kansliet"}"#

    func registration(_ key: String = "ap") -> String {
        #"{"type":"plan.registered","plan":"\#(key)","effective":"2021-11-01","data":{"title":"Aktivitetsplan","kind":"aktivitetsplan","owner":"Division"}}"#
    }

    func revision(_ key: String = "ap", version: Int = 1, effective: String = "2021-12-15", activities: [String]) -> String {
        #"{"type":"plan.revised","plan":"\#(key)","effective":"\#(effective)","data":{"version":\#(version),"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Hållbart arbetsliv","metrics":[\#(Self.metric)],"activities":[\#(activities.joined(separator: ","))]}]}}}"#
    }

    func report(_ activity: String, _ status: String, on effective: String, plan: String = "ap") -> String {
        #"{"type":"activity.reported","plan":"\#(plan)","effective":"\#(effective)","data":{"activity":"\#(activity)","status":"\#(status)","note":"Rapport"}}"#
    }

    /// A revision whose activities are `json` (raw), to test the reading of each field.
    func reading(_ json: String) -> [String] {
        t.problems(registration() + "\n" + #"{"type":"plan.revised","plan":"ap","effective":"2021-12-15","data":{"version":1,"change":"V1","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Mål","metrics":[\#(Self.metric)],"activities":\#(json)}]}}}"#)
    }

    // MARK: - Reading

    @Test func aWellFormedActivityPlanIsAccepted() throws {
        #expect(reading("[\(Self.utbilda),\(Self.rutin)]") == [])
        let shown = try #require(try q.plan("ap", asOf: date("2022-01-01"), knownAt: .head))
        #expect(shown.goals?.first?.activities.map(\.id) == ["utbilda", "rutin"])
        #expect(shown.goals?.first?.activities.first?.from == date("2022-02-01"))
        #expect(shown.goals?.first?.activities.last?.metrics == [])
    }

    @Test func everyBadActivityIsRefusedNamingItsField() {
        let base = "line 2: data.content.goals[0].activities[0]"
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","due":"2022-02-30","responsible":"R","contact":"C"}]"#)
            == ["\(base).due: \"2022-02-30\" is not a real date"])
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","from":"2022-03-01","due":"2022-02-28","responsible":"R","contact":"C"}]"#)
            == ["\(base).due: 2022-02-28 is before the activity starts (from 2022-03-01)"])
        // due on the day it starts is a one-day activity: accepted.
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","from":"2022-03-01","due":"2022-03-01","responsible":"R","contact":"C"}]"#) == [])
    }

    @Test func unknownFieldsAndMissingOnesAreRefusedAtEveryDepth() {
        let base = "line 2: data.content.goals[0].activities[0]"
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","due":"2022-03-01","responsible":"R","contact":"C","budget":5}]"#)
            == ["\(base).budget: unknown field"])
        #expect(reading(#"[{"id":"a","text":"T","due":"2022-03-01","responsible":"R"}]"#)
            == ["\(base).targetGroup: is required", "\(base).contact: is required"])
        #expect(reading(#"["utbilda"]"#) == ["\(base): expected an object, got a string"])
        #expect(reading(#"{"id":"a"}"#) == ["line 2: data.content.goals[0].activities: expected an array, got an object"])
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","due":"2022-03-01","metrics":[3],"responsible":"R","contact":"C"}]"#)
            == ["\(base).metrics[0]: expected a metric id (a non-empty string), got a number"])
    }

    @Test func activityIdsAreUniqueAcrossTheWholeContent() {
        let twoGoals = #"{"type":"plan.revised","plan":"ap","effective":"2021-12-15","data":{"version":1,"change":"V1","content":{"goals":[{"id":"g1","perspective":"Medarbetare","text":"A","activities":[\#(Self.rutin)]},{"id":"g2","perspective":"Ekonomi","text":"B","activities":[\#(Self.rutin)]}]}}}"#
        #expect(t.problems(registration() + "\n" + twoGoals) == [
            "line 2: data.content.goals[1].activities[0].id: activity id \"rutin\" is used twice in the content",
        ])
    }

    @Test func anActivityNamesOnlyMetricsOfTheSameContent() {
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","due":"2022-03-01","metrics":["sjuk","kö"],"responsible":"R","contact":"C"}]"#) == [
            "line 2: data.content.goals[0].activities[0].metrics: \"kö\" is not a metric of this content (its metrics: sjuk)",
        ])
        #expect(reading(#"[{"id":"a","text":"T","targetGroup":"G","due":"2022-03-01","metrics":["sjuk","sjuk"],"responsible":"R","contact":"C"}]"#) == [
            "line 2: data.content.goals[0].activities[0].metrics: names a metric twice",
        ])
    }

    @Test func aReportIsReadStrictly() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda]))
        #expect(t.problems(#"{"type":"activity.reported","plan":"ap","effective":"2022-03-01","data":{"activity":"utbilda","status":"finished","note":"x"}}"#)
            == [#"line 1: data.status: expected one of "started", "done", "cancelled", got "finished""#])
        #expect(t.problems(#"{"type":"activity.reported","plan":"ap","effective":"2022-03-01","data":{"activity":"utbilda","status":"done","note":"x","by":"y"}}"#)
            == ["line 1: data.by: unknown field"])
        #expect(t.problems(#"{"type":"activity.reported","effective":"2022-03-01","data":{"activity":"utbilda","status":"done","note":"x"}}"#)
            .first?.contains("plan") == true)
    }

    // MARK: - The rule: in the content in force on the report's date

    @Test func aReportNamesAnActivityInForceOnItsDate() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda]))
        try t.append(revision(version: 2, effective: "2022-05-01", activities: [Self.rutin]))
        // utbilda is in version 1 (from 2021-12-15) and dropped by version 2 (from 2022-05-01).
        #expect(t.problems(report("utbilda", "started", on: "2022-04-30")) == [])
        #expect(t.problems(report("utbilda", "done", on: "2022-05-01")) == [
            "line 1: data.activity: \"utbilda\" is not an activity of plan \"ap\" in force on 2022-05-01 (version 2; its activities: rutin)",
        ])
        #expect(t.problems(report("rutin", "started", on: "2022-04-30")) == [
            "line 1: data.activity: \"rutin\" is not an activity of plan \"ap\" in force on 2022-04-30 (version 1; its activities: utbilda)",
        ])
        #expect(t.problems(report("rutin", "started", on: "2022-05-01")) == [])
    }

    /// A report stands on the version whose content holds its activity: a correction that moves that version past the
    /// report, or drops the activity from it, and a retraction of it, are refused naming the report (found by a
    /// newcomer's trial); a correction that leaves the activity in force on the report's day is accepted.
    @Test func aVersionThatReportsStandOnCannotBeMovedPastThemOrRetracted() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda, Self.rutin]))
        try t.append(report("utbilda", "started", on: "2022-03-01"))
        func corrected(effective: String, activities: [String]) -> String {
            let data = #"{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Medarbetare","text":"Hållbart arbetsliv","metrics":[\#(Self.metric)],"activities":[\#(activities.joined(separator: ","))]}]}}"#
            return #"{"type":"event.corrected","plan":"ap","effective":"2022-06-01","data":{"target":2,"reason":"Fel","replacement":{"effective":"\#(effective)","data":\#(data)}}}"#
        }
        let moved = t.problems(corrected(effective: "2022-03-02", activities: [Self.utbilda, Self.rutin]))
        #expect(moved.count == 1 && moved.first?.hasPrefix("line 1: data.replacement: activity reports depend on seq 2 (plan.revised of \"ap\"): seq 3 would no longer pass the activity rule") == true, "\(moved)")
        let dropped = t.problems(corrected(effective: "2021-12-15", activities: [Self.rutin]))
        #expect(dropped.count == 1 && dropped.first?.contains("seq 3 would no longer pass the activity rule") == true, "\(dropped)")
        let retracted = t.problems(#"{"type":"event.retracted","plan":"ap","effective":"2022-06-01","data":{"target":2,"reason":"Fel"}}"#)
        #expect(retracted.count == 1 && retracted.first?.contains("activity reports depend on version 1 of \"ap\": seq 3") == true, "\(retracted)")
        // The day of the report itself still holds the activity: accepted.
        #expect(t.problems(corrected(effective: "2022-03-01", activities: [Self.utbilda])) == [])
        #expect(try t.ledger.verify().ok)
    }

    /// An activity's id is a key (a report names it): a space or a bidi control, which would let one id pass for another
    /// on screen, is refused (found by a newcomer's trial).
    @Test func anActivityIdIsAKey() {
        let refused = reading(#"[{"id":"a b","text":"T","targetGroup":"G","due":"2022-03-01","responsible":"R","contact":"C"}]"#)
        #expect(refused.count == 1 && refused.first?.hasPrefix("line 2: data.content.goals[0].activities[0].id: ") == true, "\(refused)")
        let spoof = reading("[{\"id\":\"a\u{202E}b\",\"text\":\"T\",\"targetGroup\":\"G\",\"due\":\"2022-03-01\",\"responsible\":\"R\",\"contact\":\"C\"}]")
        #expect(spoof.count == 1, "\(spoof)")
        #expect(reading(#"[{"id":"a-b_c.1","text":"T","targetGroup":"G","due":"2022-03-01","responsible":"R","contact":"C"}]"#) == [])
    }

    @Test func aReportBeforeAnyVersionOrOfAnUnknownOrRepealedPlanIsRefused() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda]))
        #expect(t.problems(report("utbilda", "started", on: "2021-12-14")) == [
            "line 1: effective: no version of plan \"ap\" is in force on 2021-12-14",
        ])
        #expect(t.problems(report("utbilda", "started", on: "2022-03-01", plan: "okänd")) == [
            "line 1: plan: no plan \"okänd\" in the ledger",
        ])
        try t.append(#"{"type":"plan.repealed","plan":"ap","effective":"2022-06-01","data":{"reason":"Ersatt","approvedBy":"RS"}}"#)
        #expect(t.problems(report("utbilda", "done", on: "2022-06-01")) == [
            "line 1: effective: plan \"ap\" was repealed on 2022-06-01; it has no activities in force on 2022-06-01",
        ])
        #expect(t.problems(report("utbilda", "done", on: "2022-05-31")) == [])
    }

    @Test func aCorrectionCannotMoveAReportToAnotherActivity() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda, Self.rutin]) + "\n" + report("utbilda", "started", on: "2022-03-01"))
        let problems = t.problems(#"{"type":"event.corrected","plan":"ap","effective":"2022-03-02","data":{"target":3,"reason":"Fel","replacement":{"data":{"activity":"rutin","status":"started","note":"x"}}}}"#)
        #expect(problems == [
            "line 1: data.replacement.data.activity: a correction cannot change activity (\"utbilda\" → \"rutin\"); retract seq 3 and record it anew",
        ])
    }

    // MARK: - The answer

    @Test func statusAndOverdueAsOfEachDate() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda, Self.rutin]))
        try t.append(report("utbilda", "started", on: "2022-03-01"))
        try t.append(report("utbilda", "done", on: "2022-07-04"))
        try t.append(report("rutin", "cancelled", on: "2022-10-03"))

        func answer(_ asOf: String, overdue: Bool = false) throws -> [String] {
            try q.activities(plan: nil, overdue: overdue, asOf: date(asOf), knownAt: .head).map { "\($0.activity) \($0.status.rawValue)\($0.overdue ? " overdue" : "")" }
        }
        #expect(try answer("2021-12-14") == [])
        #expect(try answer("2022-01-10") == ["utbilda open", "rutin open"])
        #expect(try answer("2022-03-01") == ["utbilda started", "rutin open"])
        // Due 2022-06-30: due today is not overdue; the day after, it is.
        #expect(try answer("2022-06-30") == ["utbilda started", "rutin open"])
        #expect(try answer("2022-07-01") == ["utbilda started overdue", "rutin open"])
        #expect(try answer("2022-07-01", overdue: true) == ["utbilda started overdue"])
        #expect(try answer("2022-07-04") == ["utbilda done", "rutin open"])
        #expect(try answer("2022-10-01") == ["utbilda done", "rutin open overdue"])
        // Cancelled closes it as done does.
        #expect(try answer("2022-10-03") == ["utbilda done", "rutin cancelled"])

        let row = try #require(try q.activities(plan: "ap", overdue: false, asOf: date("2022-07-01"), knownAt: .head).first)
        #expect(row.json == [
            "activity": "utbilda", "plan": "ap", "goal": "g", "text": "Utbilda chefer i arbetsmiljö", "targetGroup": "Chefer",
            "from": "2022-02-01", "due": "2022-06-30", "metrics": ["sjuk"], "responsible": "HR-direktör", "contact": "HR-strateg",
            "status": "started", "reported": "2022-03-01", "note": "Rapport", "overdue": true, "seq": 3,
        ])
    }

    @Test func aVersionThatDropsAnActivityStopsListingItFromItsDate() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda, Self.rutin]))
        try t.append(revision(version: 2, effective: "2022-08-01", activities: [Self.rutin]))
        #expect(try q.activities(plan: "ap", overdue: true, asOf: date("2022-07-31"), knownAt: .head).map(\.activity) == ["utbilda"])
        #expect(try q.activities(plan: "ap", overdue: false, asOf: date("2022-08-01"), knownAt: .head).map(\.activity) == ["rutin"])
        // A version that leaves goals as they were (no `goals`) keeps the activities.
        try t.append(#"{"type":"plan.revised","plan":"ap","effective":"2022-09-01","data":{"version":3,"change":"Ny titel","content":{"title":"Aktivitetsplan 2022"}}}"#)
        #expect(try q.activities(plan: "ap", overdue: false, asOf: date("2022-09-01"), knownAt: .head).map(\.activity) == ["rutin"])
        #expect(t.problems(report("rutin", "started", on: "2022-09-02")) == [])
    }

    @Test func knownAtAnswersAsTheRegisterDidThen() throws {
        try t.append(registration() + "\n" + revision(activities: [Self.utbilda]))   // seq 1, 2
        try t.append(report("utbilda", "done", on: "2022-06-15"))                    // seq 3
        try t.append(#"{"type":"event.corrected","plan":"ap","effective":"2022-08-01","data":{"target":3,"reason":"Fel status","replacement":{"data":{"activity":"utbilda","status":"started","note":"Pågår"}}}}"#)
        let asOf = date("2022-08-01")
        let before = try #require(try q.activities(plan: "ap", overdue: false, asOf: asOf, knownAt: .seq(3)).first)
        #expect(before.status == .done && !before.overdue)
        let after = try #require(try q.activities(plan: "ap", overdue: false, asOf: asOf, knownAt: .head).first)
        #expect(after.status == .started && after.overdue && after.note == "Pågår" && after.seq == 3)
        try t.append(#"{"type":"event.retracted","plan":"ap","effective":"2022-08-02","data":{"target":3,"reason":"Fel"}}"#)
        let retracted = try #require(try q.activities(plan: "ap", overdue: false, asOf: asOf, knownAt: .head).first)
        #expect(retracted.status == .open && retracted.reported == nil && retracted.seq == nil)
        #expect(try t.ledger.verify().ok)
    }
}
