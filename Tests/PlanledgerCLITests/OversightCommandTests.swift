import Foundation
import LedgerCore
import Testing
import TestSupport

/// `followups`, `assignments`, `chain`, `audit` end to end.
@Suite(.serialized) struct OversightCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let appended = try run("append", stdin: SeedHistory.rutin + "\n" + SeedHistory.governance, env: ["PLANLEDGER_NOW": "2022-12-14T08:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
        let report = try run("append", stdin: #"{"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.3,"unit":"%","fulfilment":"not-met"}}"#,
                             env: ["PLANLEDGER_NOW": "2022-12-15T08:00:00Z"])
        #expect(report.status == 0, "\(report.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "200"].merging(env) { $1 })
    }

    @Test func followupsJSON() throws {
        let r = try run("followups", "division-service-2022", "--as-of", "2022-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("""
              {
                "baseline": 5.1,
                "comment": null,
                "effective": "2022-05-20",
                "fulfilment": "not-met",
                "goal": "kompetens",
                "metric": "sjukfranvaro",
                "name": "Sjukfrånvaro",
                "outcome": 6.3,
                "period": "2022-DÅ04",
                "perspective": "Medarbetare",
                "plan": "division-service-2022",
                "seq": 15,
                "target": "Minska",
                "unit": "%"
              }
            """))
        #expect(r.stdout.contains(#""outcome": null"#))
        let period = try run("followups", "--period", "2022-DÅ08", "--as-of", "2022-12-31", "--format", "csv")
        #expect(period.stdout.split(separator: "\r\n").count == 4)
        #expect(try run("followups", "--period", "Q3").status == 64)
        #expect(try run("followups", "division-service-2021").status == 66)
    }

    @Test func overdueAssignments() throws {
        let r = try run("assignments", "--overdue", "--as-of", "2023-04-01", "--format", "table")
        #expect(r.stdout == """
            deadline    assignment   status  overdue  assignee          title
            ──────────  ───────────  ──────  ───────  ────────────────  ────────────────────────────────────────────────
            2023-03-20  rs-2023-vns  open    OVERDUE  Regiondirektören  Utreda funktioner liknande VNS, vårdnära service

            """)
        let json = try run("assignments", "--plan", "rs-plan-2023", "--as-of", "2023-07-01", "--format", "json")
        #expect(json.stdout.components(separatedBy: #""overdue": true"#).count == 3)
        #expect(json.stdout.contains(#""issuedBy": "Regionstyrelsen""#))
        let none = try run("assignments", "--overdue", "--as-of", "2023-01-01", "--format", "table")
        #expect(none.stdout == "no overdue assignments as of 2023-01-01\n")
    }

    @Test func chainAsATree() throws {
        let table = try run("chain", "strategisk-plan-2023", "--as-of", "2023-01-01", "--format", "table")
        #expect(table.stdout == """
            strategisk-plan-2023  Strategisk plan 2023–2025 (strategisk plan, version 1)
            └─ rs-plan-2023  Regionstyrelsens plan 2023–2025 (regionstyrelsens plan, version 1)
               └─ division-service-2022  Divisionsplan Service 2022 (divisionsplan, version 1)

            """)
        let json = try run("chain", "rs-plan-2023", "--format", "json")
        #expect(json.stdout.contains(#""children": [],"#))
        let show = try run("show", "rs-plan-2023", "--format", "json")
        #expect(show.stdout.contains(#""parent": "strategisk-plan-2023""#))
        #expect(show.stdout.contains("""
              "children": [
                "division-service-2022"
              ],
            """))
    }

    @Test func auditFindings() throws {
        let r = try run("audit", "--as-of", "2023-07-15", "--format", "json")
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""finding": "version-without-approver""#))
        #expect(r.stdout.contains(#""finding": "assignment-overdue""#))
        #expect(r.stdout.contains(#""finding": "followup-missing""#))
        // The follow-up was recorded on 2022-12-15 for a report dated 2022-05-20, but it is no diary entry:
        // late registration concerns the diary only.
        #expect(!r.stdout.contains("late-registration"))
        let csv = try run("audit", "--as-of", "2023-07-15", "--grace", "500", "--format", "csv")
        #expect(!csv.stdout.contains("followup-missing"))
        #expect(csv.stdout.hasPrefix("finding,plan,dnr,seq,detail\r\n"))
        #expect(try run("audit", "--grace", "-1").status == 64)
    }
}
