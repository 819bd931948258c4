import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// Every date comparison of the rules and the views at its boundary, on both sides: the day itself and the
/// day before or after it. The answers are worked out by hand from the dates in each history.
struct DateBoundaryTests {
    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    /// A ledger holding `history`, appended at midday UTC on 2024-06-01 (the same day in every zone of Europe).
    func ledger(_ history: String) throws -> TemporaryLedger {
        let t = try TemporaryLedger()
        t.setClock("2024-06-01T12:00:00Z")
        try t.append(history)
        return t
    }

    /// Problems of appending `line` to a ledger holding `history`: empty when it is accepted.
    func problems(_ history: String, then line: String) throws -> [String] {
        try ledger(history).problems(line)
    }

    /// `line` is accepted after `history`, and `refused` is refused with a problem containing `reason`.
    func boundary(_ history: String, accepted line: String, refused: String, reason: String,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try problems(history, then: line) == [], "the boundary day must be accepted", sourceLocation: sourceLocation)
        let found = try problems(history, then: refused)
        #expect(found.contains { $0.contains(reason) }, "expected a problem with \(reason), got \(found)", sourceLocation: sourceLocation)
    }

    static let registered = #"{"type":"plan.registered","plan":"p","effective":"2023-01-10","data":{"title":"Plan","kind":"rutin","owner":"Kansliet","period":{"from":2023,"to":2023}}}"#
    static let v1 = #"{"type":"plan.revised","plan":"p","effective":"2023-01-10","data":{"version":1,"change":"Ny","approvedBy":"RS"}}"#
    static let v2 = #"{"type":"plan.revised","plan":"p","effective":"2023-03-15","data":{"version":2,"change":"Reviderad","approvedBy":"RS"}}"#

    // MARK: The rules of append

    @Test func firstVersionOnTheRegistrationDay() throws {
        try boundary(Self.registered,
                     accepted: #"{"type":"plan.revised","plan":"p","effective":"2023-01-10","data":{"version":1,"change":"Ny"}}"#,
                     refused: #"{"type":"plan.revised","plan":"p","effective":"2023-01-09","data":{"version":1,"change":"Ny"}}"#,
                     reason: "line 1: effective: 2023-01-09 is before the plan's registration (2023-01-10)")
    }

    @Test func revisionOnThePreviousVersionsDate() throws {
        let history = Self.registered + "\n" + Self.v1 + "\n" + Self.v2
        try boundary(history,
                     accepted: #"{"type":"plan.revised","plan":"p","effective":"2023-03-15","data":{"version":3,"change":"Samma dag"}}"#,
                     refused: #"{"type":"plan.revised","plan":"p","effective":"2023-03-14","data":{"version":3,"change":"Dagen före"}}"#,
                     reason: "line 1: effective: 2023-03-14 is before version 2 (2023-03-15)")
    }

    /// Version 2 is judged against version 1, not against the registration: 2023-01-09 is after neither.
    @Test func secondVersionIsJudgedAgainstTheFirst() throws {
        let registeredEarly = #"{"type":"plan.registered","plan":"p","effective":"2022-12-01","data":{"title":"Plan","kind":"rutin","owner":"Kansliet"}}"#
        let history = registeredEarly + "\n" + Self.v1
        let found = try problems(history, then: #"{"type":"plan.revised","plan":"p","effective":"2023-01-09","data":{"version":2,"change":"x"}}"#)
        #expect(found == ["line 1: effective: 2023-01-09 is before version 1 (2023-01-10); a version cannot predate the one before it"])
    }

    @Test func repealOnTheLatestVersionsDate() throws {
        let history = Self.registered + "\n" + Self.v1 + "\n" + Self.v2
        try boundary(history,
                     accepted: #"{"type":"plan.repealed","plan":"p","effective":"2023-03-15","data":{"reason":"Ersatt","approvedBy":"RS"}}"#,
                     refused: #"{"type":"plan.repealed","plan":"p","effective":"2023-03-14","data":{"reason":"Ersatt","approvedBy":"RS"}}"#,
                     reason: "line 1: effective: 2023-03-14 is before the plan's latest version or registration (2023-03-15)")
    }

    /// A corrected version may move up to the next version's date, not past it (seq 2 is version 1).
    @Test func correctedVersionUpToTheNextOne() throws {
        let history = Self.registered + "\n" + Self.v1 + "\n" + Self.v2
        try boundary(history,
                     accepted: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":2,"reason":"Fel datum","replacement":{"effective":"2023-03-15","data":{"version":1,"change":"Ny"}}}}"#,
                     refused: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":2,"reason":"Fel datum","replacement":{"effective":"2023-03-16","data":{"version":1,"change":"Ny"}}}}"#,
                     reason: "data.replacement.effective: 2023-03-16 is after version 2 (2023-03-15)")
    }

    /// A corrected registration may move up to version 1's date, not past it (seq 1 is the registration).
    @Test func correctedRegistrationUpToTheFirstVersion() throws {
        let history = Self.registered + "\n" + Self.v2.replacingOccurrences(of: "\"version\":2", with: "\"version\":1")
        let data = #"{"title":"Plan","kind":"rutin","owner":"Kansliet","period":{"from":2023,"to":2023}}"#
        try boundary(history,
                     accepted: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-03-15","data":"# + data + "}}}",
                     refused: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-03-16","data":"# + data + "}}}",
                     reason: "data.replacement.effective: 2023-03-16 is after version 1 (2023-03-15)")
    }

    /// A corrected version may move up to the repeal's date, not past it (seq 3 is version 2).
    @Test func correctedVersionUpToTheRepeal() throws {
        let history = Self.registered + "\n" + Self.v1 + "\n" + Self.v2 + "\n"
            + #"{"type":"plan.repealed","plan":"p","effective":"2023-05-02","data":{"reason":"Ersatt","approvedBy":"RS"}}"#
        try boundary(history,
                     accepted: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":3,"reason":"Fel datum","replacement":{"effective":"2023-05-02","data":{"version":2,"change":"Reviderad"}}}}"#,
                     refused: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":3,"reason":"Fel datum","replacement":{"effective":"2023-05-03","data":{"version":2,"change":"Reviderad"}}}}"#,
                     reason: "data.replacement.effective: 2023-05-03 is after the plan's repeal (2023-05-02)")
    }

    static let issued = #"{"type":"assignment.issued","effective":"2023-03-01","data":{"assignment":"u1","title":"Utred","assignee":"RD","deadline":"2023-06-30","issuedBy":"RS"}}"#

    @Test func reportOnTheIssueDate() throws {
        try boundary(Self.issued,
                     accepted: #"{"type":"assignment.reported","effective":"2023-03-01","data":{"assignment":"u1","status":"partial","note":"Påbörjat"}}"#,
                     refused: #"{"type":"assignment.reported","effective":"2023-02-28","data":{"assignment":"u1","status":"partial","note":"Påbörjat"}}"#,
                     reason: "line 1: effective: 2023-02-28 is before the assignment was issued (2023-03-01)")
    }

    /// A corrected issue may move up to the earliest report's date, not past it (seq 1 is the issue).
    @Test func correctedIssueUpToItsEarliestReport() throws {
        let history = Self.issued + "\n" + #"{"type":"assignment.reported","effective":"2023-04-12","data":{"assignment":"u1","status":"partial","note":"Påbörjat"}}"#
        let data = #"{"assignment":"u1","title":"Utred","assignee":"RD","deadline":"2023-06-30","issuedBy":"RS"}"#
        try boundary(history,
                     accepted: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-04-12","data":"# + data + "}}}",
                     refused: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-04-13","data":"# + data + "}}}",
                     reason: "data.replacement.effective: 2023-04-13 is after the assignment's earliest report (2023-04-12)")
    }

    static let entry = #"{"type":"diary.registered","effective":"2023-03-01","data":{"dnr":"RS/1/2023","title":"Skrivelse","direction":"in","counterpart":"Anna"}}"#

    @Test func archivedOnTheEntrysDate() throws {
        try boundary(Self.entry,
                     accepted: #"{"type":"diary.archived","effective":"2023-03-01","data":{"dnr":"RS/1/2023","retention":"keep"}}"#,
                     refused: #"{"type":"diary.archived","effective":"2023-02-28","data":{"dnr":"RS/1/2023","retention":"keep"}}"#,
                     reason: "line 1: effective: 2023-02-28 is before the entry's date (2023-03-01)")
    }

    /// A corrected entry may move up to its archiving's date, not past it (seq 1 is the registration).
    @Test func correctedEntryUpToItsArchiving() throws {
        let history = Self.entry + "\n" + #"{"type":"diary.archived","effective":"2023-05-31","data":{"dnr":"RS/1/2023","retention":"keep"}}"#
        let data = #"{"dnr":"RS/1/2023","title":"Skrivelse","direction":"in","counterpart":"Anna"}"#
        try boundary(history,
                     accepted: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-05-31","data":"# + data + "}}}",
                     refused: #"{"type":"event.corrected","effective":"2024-06-01","data":{"target":1,"reason":"Fel datum","replacement":{"effective":"2023-06-01","data":"# + data + "}}}",
                     reason: "data.replacement.effective: 2023-06-01 is after the entry was archived (2023-05-31)")
    }

    // MARK: Follow-ups

    /// Plan "f", 2023, with metric "m" reported in DÅ04 and ÅR, repealed on 2023-06-01.
    static let followedPlan = """
        {"type":"plan.registered","plan":"f","effective":"2023-01-10","data":{"title":"Verksamhetsplan","kind":"verksamhetsplan","owner":"Division","period":{"from":2023,"to":2023}}}
        {"type":"plan.revised","plan":"f","effective":"2023-01-10","data":{"version":1,"change":"Fastställd","approvedBy":"RD","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m","name":"Resultat","target":0,"unit":"mnkr","periods":["DÅ04","ÅR"]}]}]}}}
        """
    static let repealJune = #"{"type":"plan.repealed","plan":"f","effective":"2023-06-01","data":{"reason":"Ersatt","approvedBy":"RD"}}"#

    /// The annual period ends after the repeal, so the report is judged on its own date: the day before the
    /// repeal the content is in force, on the repeal's day it is not.
    @Test func followupOnTheRepealDate() throws {
        try boundary(Self.followedPlan + "\n" + Self.repealJune,
                     accepted: #"{"type":"followup.recorded","plan":"f","effective":"2023-05-31","data":{"metric":"m","period":"2023-ÅR","outcome":1,"fulfilment":"met"}}"#,
                     refused: #"{"type":"followup.recorded","plan":"f","effective":"2023-06-01","data":{"metric":"m","period":"2023-ÅR","outcome":1,"fulfilment":"met"}}"#,
                     reason: "effective: plan \"f\" was repealed on 2023-06-01")
    }

    @Test func followupPeriodsTheMetricDeclaresAndTheYearsOfThePlan() throws {
        let accepted = try problems(Self.followedPlan, then: #"{"type":"followup.recorded","plan":"f","effective":"2023-05-10","data":{"metric":"m","period":"2023-DÅ04","outcome":1,"fulfilment":"met"}}"#)
        #expect(accepted == [])
        let code = try problems(Self.followedPlan, then: #"{"type":"followup.recorded","plan":"f","effective":"2023-09-10","data":{"metric":"m","period":"2023-DÅ08","outcome":1,"fulfilment":"met"}}"#)
        #expect(code == [#"line 1: data.period: metric "m" is followed up in DÅ04, ÅR, not DÅ08"#])
        // 2024-DÅ04 ended on 30 April 2024, when version 1 was still the one in force: only the year is wrong.
        let year = try problems(Self.followedPlan, then: #"{"type":"followup.recorded","plan":"f","effective":"2024-05-10","data":{"metric":"m","period":"2024-DÅ04","outcome":1,"fulfilment":"met"}}"#)
        #expect(year == ["line 1: data.period: 2024 is outside the plan's period (2023-01-01 – 2023-12-31)"])
    }

    /// Without a period, a metric recurs from the year of the version that introduced it (2023), not before.
    /// (Which words refuse 2022 depends on the day the report is judged on; that it is refused does not.)
    @Test func followupYearsOfAPlanWithoutPeriod() throws {
        let history = Self.followedPlan.replacingOccurrences(of: #","period":{"from":2023,"to":2023}"#, with: "")
        try boundary(history,
                     accepted: #"{"type":"followup.recorded","plan":"f","effective":"2023-05-10","data":{"metric":"m","period":"2023-DÅ04","outcome":1,"fulfilment":"met"}}"#,
                     refused: #"{"type":"followup.recorded","plan":"f","effective":"2023-05-10","data":{"metric":"m","period":"2022-ÅR","outcome":1,"fulfilment":"met"}}"#,
                     reason: "2022")
    }

    /// A period is due from its last day (30 April for DÅ04) and not the day before.
    @Test func declaredPeriodDueFromItsLastDay() throws {
        let t = try ledger(Self.followedPlan)
        let q = LedgerQueries(t.ledger)
        #expect(try q.followups(plan: "f", asOf: date("2023-04-29"), knownAt: .head).isEmpty)
        let due = try q.followups(plan: "f", asOf: date("2023-04-30"), knownAt: .head)
        #expect(due.map { "\($0.metric) \($0.period) \($0.outcome == nil ? "missing" : "reported")" } == ["m 2023-DÅ04 missing"])
        #expect(Replay.fold(try events(t), asOf: date("2023-04-29"), knownAt: 2).followups.isEmpty)
        #expect(Replay.fold(try events(t), asOf: date("2023-04-30"), knownAt: 2).followups.map(\.period.description) == ["2023-DÅ04"])
    }

    /// A plan repealed on a period's last day owes nothing for that period; repealed the day after, it does.
    @Test func repealOnAPeriodsLastDay() throws {
        for (repeal, expected) in [("2023-04-30", [String]()), ("2023-05-01", ["2023-DÅ04"])] {
            let t = try ledger(Self.followedPlan + "\n" + #"{"type":"plan.repealed","plan":"f","effective":"\#(repeal)","data":{"reason":"Ersatt","approvedBy":"RD"}}"#)
            let rows = try LedgerQueries(t.ledger).followups(plan: "f", asOf: date("2023-12-31"), knownAt: .head)
            #expect(rows.map(\.period.description) == expected, "repealed on \(repeal)")
        }
    }

    /// A version takes effect on its own date: a metric added by version 2 on 30 April is due for DÅ04.
    @Test func contentInForceOnTheVersionsOwnDate() throws {
        let v2 = #"{"type":"plan.revised","plan":"f","effective":"2023-04-30","data":{"version":2,"change":"Nytt mått","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m","name":"Resultat","target":0,"unit":"mnkr","periods":["DÅ04","ÅR"]},{"id":"n","name":"Nytt","target":1,"periods":["DÅ04"]}]}]}}}"#
        let t = try ledger(Self.followedPlan + "\n" + v2)
        let q = LedgerQueries(t.ledger)
        #expect(try q.followups(plan: "f", asOf: date("2023-04-30"), knownAt: .head).map(\.metric) == ["m", "n"])
        let plan = try #require(try q.plan("f", asOf: date("2023-04-30"), knownAt: .head))
        #expect(plan.version == 2)
        #expect(try q.plan("f", asOf: date("2023-04-29"), knownAt: .head)?.version == 1)
    }

    /// A plan whose first version takes effect on 30 April owes DÅ04 that year; one that takes effect on
    /// 1 May does not.
    @Test func firstVersionOnAPeriodsLastDay() throws {
        for (adopted, expected) in [("2023-04-30", ["2023-DÅ04"]), ("2023-05-01", [String]())] {
            let t = try ledger(Self.followedPlan.replacingOccurrences(of: #""effective":"2023-01-10","data":{"version":1"#,
                                                                      with: #""effective":"\#(adopted)","data":{"version":1"#))
            let rows = try LedgerQueries(t.ledger).followups(plan: "f", asOf: date("2023-05-31"), knownAt: .head)
            #expect(rows.map(\.period.description) == expected, "version 1 adopted on \(adopted)")
            #expect(Replay.fold(try events(t), asOf: date("2023-05-31"), knownAt: 2).followups.map(\.period.description) == expected)
        }
    }

    // MARK: Views

    @Test func planInForceOnItsPeriodsLastDayAndExpiredTheNext() throws {
        let t = try ledger(Self.registered + "\n" + Self.v1)
        let q = LedgerQueries(t.ledger)
        #expect(try q.plans(asOf: date("2023-01-09"), knownAt: .head).isEmpty)
        #expect(try q.plans(asOf: date("2023-01-10"), knownAt: .head).map(\.status) == [.inForce])
        #expect(try q.plans(asOf: date("2023-12-31"), knownAt: .head).map(\.status) == [.inForce])
        #expect(try q.plans(asOf: date("2024-01-01"), knownAt: .head).map(\.status) == [.expired])
        #expect(Replay.fold(try events(t), asOf: date("2023-12-31"), knownAt: 2).plans.map(\.status) == [.inForce])
        #expect(Replay.fold(try events(t), asOf: date("2024-01-01"), knownAt: 2).plans.map(\.status) == [.expired])
    }

    /// Issued 2023-03-01, due 2023-06-30: not overdue on its deadline, overdue the day after, also with a
    /// partial report; a report counts from its own date.
    @Test func assignmentOverdueTheDayAfterItsDeadline() throws {
        let t = try ledger(Self.issued)
        let q = LedgerQueries(t.ledger)
        func overdue(_ d: String) throws -> [Bool] { try q.assignments(plan: nil, asOf: date(d), knownAt: .head).map(\.overdue) }
        #expect(try overdue("2023-06-30") == [false])
        #expect(try overdue("2023-07-01") == [true])
        t.setClock("2024-06-02T12:00:00Z")
        try t.append(#"{"type":"assignment.reported","effective":"2023-06-20","data":{"assignment":"u1","status":"partial","note":"Halvvägs"}}"#)
        #expect(try overdue("2023-06-30") == [false])
        #expect(try overdue("2023-07-01") == [true], "a partial report does not make it done")
        try t.append(#"{"type":"assignment.reported","effective":"2023-07-05","data":{"assignment":"u1","status":"done","note":"Klart"}}"#)
        let onReport = try #require(try q.assignments(plan: nil, asOf: date("2023-07-05"), knownAt: .head).first)
        #expect(onReport.status == .done && onReport.reported == date("2023-07-05") && !onReport.overdue)
        let before = try #require(try q.assignments(plan: nil, asOf: date("2023-07-04"), knownAt: .head).first)
        #expect(before.status == .partial && before.reported == date("2023-06-20") && before.overdue)
        let replayed = Replay.fold(try events(t), asOf: date("2023-07-05"), knownAt: 3).assignments
        #expect(replayed.map(\.status) == [.done])
        #expect(Replay.fold(try events(t), asOf: date("2023-07-04"), knownAt: 3).assignments.map(\.overdue) == [true])
    }

    /// `diary --from D --to D` holds the entries dated D: both ends are inclusive.
    @Test func diaryRangeIncludesBothEnds() throws {
        let t = try ledger(Self.entry)
        let q = LedgerQueries(t.ledger)
        let d = date("2023-03-01")
        #expect(try q.diary(from: d, to: d, asOf: d, knownAt: .head).map(\.dnr) == ["RS/1/2023"])
        #expect(try q.diary(from: date("2023-03-02"), to: nil, asOf: date("2023-12-31"), knownAt: .head).isEmpty)
        #expect(try q.diary(from: nil, to: date("2023-02-28"), asOf: date("2023-12-31"), knownAt: .head).isEmpty)
        #expect(try q.diary(from: nil, to: nil, asOf: date("2023-02-28"), knownAt: .head).isEmpty)
    }

    /// Known at the correction's seq the correction counts; known at the seq before, it does not.
    @Test func knownAtTheCorrectionsOwnSeq() throws {
        let t = try ledger(Self.registered + "\n" + Self.v1)
        try t.append(#"{"type":"event.corrected","effective":"2024-06-01","data":{"target":2,"reason":"Stavfel","replacement":{"data":{"version":1,"change":"Nyutgåva","approvedBy":"RS"}}}}"#)
        let q = LedgerQueries(t.ledger)
        let asOf = date("2023-06-01")
        #expect(try q.plan("p", asOf: asOf, knownAt: .seq(3), version: nil)?.changes.map(\.change) == ["Nyutgåva"])
        #expect(try q.plan("p", asOf: asOf, knownAt: .seq(2), version: nil)?.changes.map(\.change) == ["Ny"])
        #expect(Replay.fold(try events(t), asOf: asOf, knownAt: 3).plans.first?.changes.map(\.change) == ["Nyutgåva"])
        #expect(Replay.fold(try events(t), asOf: asOf, knownAt: 2).plans.first?.changes.map(\.change) == ["Ny"])
        #expect(Replay.fold(try events(t), asOf: asOf, knownAt: 1).plans.first?.version == 0)
    }

    // MARK: Audit

    /// An entry dated 2023-03-01 registered N days later, at midday UTC (the same day in UTC and in
    /// Stockholm): `lateAfter` N is no finding, N + 1 days is.
    @Test(arguments: [0, 1, 7, 30])
    func lateRegistrationAtExactlyNDays(n: Int) throws {
        for (days, late) in [(n, false), (n + 1, true)] {
            let t = try TemporaryLedger()
            let registeredOn = date("2023-03-01").adding(days: days)
            t.setClock("\(registeredOn)T12:00:00Z")
            try t.append(Self.entry)
            let findings = try LedgerQueries(t.ledger).audit(asOf: date("2024-01-01"), knownAt: .head, rules: Audit.Rules(lateAfter: n))
            #expect(findings.map(\.finding) == (late ? [.lateRegistration] : []), "registered \(days) days after its date, lateAfter \(n)")
            if late {
                #expect(findings.first?.detail == "RS/1/2023 dated 2023-03-01 was registered on \(registeredOn), \(days) days later (more than \(n); OSL 5:1 asks for registration without delay)")
            }
        }
    }

    /// Period DÅ04 2023 ended 2023-04-30; with grace 60 it is a finding from 2023-06-30 (61 days), not on
    /// 2023-06-29 (60 days: 31 in May, 29 in June).
    @Test func missingFollowupAfterExactlyTheGrace() throws {
        let t = try ledger(Self.followedPlan)
        let q = LedgerQueries(t.ledger)
        let rules = Audit.Rules(grace: 60, lateAfter: 7)
        #expect(try q.audit(asOf: date("2023-06-29"), knownAt: .head, rules: rules).isEmpty)
        let found = try q.audit(asOf: date("2023-06-30"), knownAt: .head, rules: rules)
        #expect(found.map(\.finding) == [.followupMissing])
        #expect(found.first?.detail == "no outcome for metric m (Resultat) for 2023-DÅ04, which ended 2023-04-30, 61 days before 2023-06-30")
    }

    /// The approver is what is missing: a dnr and a decision do not stand in for it.
    @Test func versionWithDnrAndDecisionButNoApproverIsAFinding() throws {
        let t = try ledger(Self.registered.replacingOccurrences(of: #","period":{"from":2023,"to":2023}"#, with: "") + "\n"
            + #"{"type":"plan.revised","plan":"p","effective":"2023-01-10","data":{"version":1,"change":"Antagen","dnr":"RS/5/2023","decision":{"body":"Regionstyrelsen","paragraph":"§ 12"}}}"#)
        let findings = try LedgerQueries(t.ledger).audit(asOf: date("2023-02-01"), knownAt: .head, rules: Audit.Rules())
        // Compared by what the JSON carries (`facts` are the values behind the Swedish wording).
        #expect(findings.count == 1)
        #expect(findings.first?.finding == .versionWithoutApprover)
        #expect(findings.first?.plan == "p")
        #expect(findings.first?.dnr == "RS/5/2023")
        #expect(findings.first?.seq == 2)
        #expect(findings.first?.detail == #"version 1 of p (2023-01-10, "Antagen") has no approver (Beslutat av) recorded"#)
    }

    /// Assignment u1 (due 2023-06-30) as of 2023-07-01: overdue by 1 day, with no report; then with a
    /// partial one.
    @Test func overdueFindingTextOnTheDayAfter() throws {
        let t = try ledger(Self.issued)
        let q = LedgerQueries(t.ledger)
        #expect(try q.audit(asOf: date("2023-06-30"), knownAt: .head, rules: Audit.Rules()).isEmpty)
        #expect(try q.audit(asOf: date("2023-07-01"), knownAt: .head, rules: Audit.Rules()).map(\.detail)
                == [#"assignment u1 ("Utred", to RD) was due 2023-06-30, 1 days before 2023-07-01, and has no report"#])
        try t.append(#"{"type":"assignment.reported","effective":"2023-06-20","data":{"assignment":"u1","status":"partial","note":"Halvvägs"}}"#)
        #expect(try q.audit(asOf: date("2023-07-01"), knownAt: .head, rules: Audit.Rules()).map(\.detail)
                == [#"assignment u1 ("Utred", to RD) was due 2023-06-30, 1 days before 2023-07-01, and has only a partial report (2023-06-20)"#])
    }

    func events(_ t: TemporaryLedger) throws -> [RecordedEvent] {
        var all: [RecordedEvent] = []
        try t.ledger.forEachEvent { all.append($0) }
        return all
    }
}
