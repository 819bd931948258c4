import Foundation
import LedgerCore
import Testing
import TestSupport

/// `process`, `processes` and `reach` end to end on the demo ledger (seed 002's process for plan year 2024): the
/// exact JSON of the SPEC's shape, a milestone reached through the registrar command, and the refusals.
@Suite(.serialized) struct ProcessCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("demo.sqlite")
        let made = try CommandRunner.run(["demo", "--ledger", ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z"])
        #expect(made.status == 0, "\(made.stderr)")
    }

    func run(_ args: String..., env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "200"].merging(env) { $1 })
    }

    func json(_ args: String...) throws -> [String: JSONValue] {
        let r = try CommandRunner.run(args + ["--ledger", ledger, "--format", "json"], environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .object(let members) = try JSONParser.parse(r.stdout) else { Issue.record("not an object: \(r.stdout)"); return [:] }
        return members
    }

    static func milestone(_ answer: [String: JSONValue], _ id: String) -> [String: JSONValue] {
        guard case .array(let all)? = answer["milestones"] else { return [:] }
        for case .object(let m) in all where m["id"] == .string(id) { return m }
        return [:]
    }

    /// Mid-May 2023 (hand-computed from the demo's timetable): beslut (from 2023-05-01) is the current phase that
    /// began last; the nämnd milestone, moved to 2023-04-16 and reached 2023-04-25, is 9 days late; the PF, reached
    /// 2023-02-27 before its date 2023-03-09, is on time (0).
    @Test func whereTheProcessStandsInMay() throws {
        let answer = try json("process", "planeringsprocess-2024", "--as-of", "2023-05-15")
        #expect(answer["process"] == .string("planeringsprocess-2024") && answer["year"] == .number(2024) && answer["asOf"] == .string("2023-05-15"))
        #expect(answer["currentPhase"] == .string("beslut"))
        #expect(answer["nextMilestone"] == .string("regionplan"))
        let namnd = Self.milestone(answer, "namnd")
        #expect(namnd["date"] == .string("2023-04-16") && namnd["state"] == .string("reached") && namnd["reached"] == .string("2023-04-25")
            && namnd["daysLate"] == .number(9))
        #expect(Self.milestone(answer, "pf-rs")["daysLate"] == .number(0))
        #expect(Self.milestone(answer, "vp-klar")["state"] == .string("upcoming") && Self.milestone(answer, "vp-klar")["daysLate"] == .null)
        guard case .array(let phases)? = answer["phases"] else { Issue.record("no phases"); return }
        let states = phases.compactMap { phase -> String? in
            guard case .object(let p) = phase, case .string(let state)? = p["state"] else { return nil }
            return state
        }
        #expect(states == ["done", "done", "done", "current", "current", "upcoming", "upcoming"])
        guard case .array(let changes)? = answer["changes"] else { Issue.record("no changes"); return }
        #expect(changes.count == 2)
    }

    /// The day VP klar is due it is `due`; the day after, `overdue`, and audit names it; reached through `reach`
    /// two days late, it is `reached` with daysLate 2 and the audit finding is gone.
    @Test func dueOverdueAndReachedByTheRegistrar() throws {
        #expect(Self.milestone(try json("process", "planeringsprocess-2024", "--as-of", "2023-09-30"), "vp-klar")["state"] == .string("due"))
        #expect(Self.milestone(try json("process", "planeringsprocess-2024", "--as-of", "2023-10-01"), "vp-klar")["state"] == .string("overdue"))
        let audit = try run("audit", "--as-of", "2023-10-02", "--format", "json")
        #expect(audit.stdout.contains(#""finding": "milestone-overdue""#) && audit.stdout.contains("milestone vp-klar"))
        let reached = try run("reach", "planeringsprocess-2024", "vp-klar", "--effective", "2023-10-02", "--note", "Sista nämnden beslutade 2 oktober",
                              env: ["PLANLEDGER_ACTOR": "registrator:test"])
        #expect(reached.status == 0, "\(reached.stderr)")
        let vp = Self.milestone(try json("process", "planeringsprocess-2024", "--as-of", "2023-10-02"), "vp-klar")
        #expect(vp["state"] == .string("reached") && vp["daysLate"] == .number(2) && vp["note"] == .string("Sista nämnden beslutade 2 oktober"))
        #expect(!(try run("audit", "--as-of", "2023-10-02", "--format", "json")).stdout.contains("milestone vp-klar"))
        // Twice is refused, naming the first; nothing is written.
        let again = try run("reach", "planeringsprocess-2024", "vp-klar", "--effective", "2023-10-03", env: ["PLANLEDGER_ACTOR": "registrator:test"])
        #expect(again.status == 65)
        #expect(again.stderr.contains(#"--milestone: "vp-klar" of "planeringsprocess-2024" is already reached on 2023-10-02"#), "\(again.stderr)")
        let unknown = try run("reach", "planeringsprocess-2024", "okand", "--effective", "2023-10-03", env: ["PLANLEDGER_ACTOR": "registrator:test"])
        #expect(unknown.status == 66, "\(unknown.stderr)")
    }

    @Test func processesAndAMissingProcess() throws {
        let list = try run("processes", "--as-of", "2023-05-15", "--format", "json")
        #expect(list.status == 0)
        guard case .array(let rows) = try JSONParser.parse(list.stdout) else { Issue.record("not an array"); return }
        #expect(rows.count == 2)
        #expect(rows.first == [
            "process": "planering-2017", "title": "Planering 2017", "year": 2017, "owner": "Landstingsdirektören", "asOf": "2023-05-15",
            "currentPhase": .null, "nextMilestone": "jamstalldhet", "nextMilestoneDate": "2016-11-30", "overdue": 1,
        ])
        // Before it was planned, the process does not exist: exit 66 and a message naming it.
        let early = try run("process", "planeringsprocess-2024", "--as-of", "2022-10-02")
        #expect(early.status == 66 && early.stderr.contains(#"no planning process "planeringsprocess-2024" as of 2022-10-02"#))
        let table = try run("process", "planeringsprocess-2024", "--as-of", "2023-05-15", "--format", "table", env: ["LANG": "sv_SE.UTF-8"])
        #expect(table.stdout.contains("Nämndernas återkoppling på PF   2023-04-16  nådd      2023-04-25  9 dagar sen"), "\(table.stdout)")
        #expect(table.stdout.contains("Per 2023-05-15: pågående fas Beslut om regionplan; nästa milstolpe Regionplan och budget beslutas (2023-06-30)"))
    }
}
