import Foundation
import LedgerCore
import Testing
import TestSupport

/// `planledger policies`, `show` with perspective analyses, and the audit's perspective-analysis-missing, end to end
/// on the demo ledger (seed 001 §3.4, seed 003).
@Suite(.serialized) struct PolicyCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("demo.sqlite")
        let made = try CommandRunner.run(["demo", "--ledger", ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z"])
        #expect(made.status == 0, "\(made.stderr)")
    }

    func run(_ args: String..., swedish: Bool = false) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], environment: [
            "PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "300", "LANG": swedish ? "sv_SE.UTF-8" : "en_GB.UTF-8",
        ])
    }

    @Test func policiesAsJSONOnEitherSideOfEachVersion() throws {
        func perspectives(asOf: String) throws -> [[String]] {
            let r = try run("policies", "--as-of", asOf, "--format", "json")
            #expect(r.status == 0, "\(r.stderr)")
            guard case .array(let items) = try JSONParser.parse(r.stdout) else { return [] }
            return items.map { item in
                guard case .object(let o) = item, case .array(let ps) = o["perspectives"] else { return [] }
                return ps.compactMap(\.stringValue)
            }
        }
        #expect(try perspectives(asOf: "2014-08-06") == [])
        #expect(try perspectives(asOf: "2014-08-07") == [["gender-equality"]])
        #expect(try perspectives(asOf: "2015-08-13") == [["gender-equality"]])
        #expect(try perspectives(asOf: "2015-08-14") == [["gender-equality", "child-rights", "environment", "economy", "regional-development"]])
    }

    @Test func policiesAsCSVAndSwedishTable() throws {
        let csv = try run("policies", "--format", "csv")
        #expect(csv.status == 0)
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "policy,requires,kinds,perspectives,dnr,approvedBy,plan,effective,seq")
        #expect(lines.count == 3, "one row per version")
        let table = try run("policies", "--format", "table", swedish: true)
        #expect(table.stdout.contains("jämställdhet och jämlikhet, barnens rätt, miljö, ekonomi, regional utveckling"))
        #expect(table.stdout.contains("gällande"))
        let none = try run("policies", "--as-of", "2014-01-01", "--format", "table", swedish: true)
        #expect(none.stdout == "inga policyer per 2014-01-01\n")
    }

    @Test func showCarriesAnalyses() throws {
        let r = try run("show", "rs-plan-2023", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .object(let plan) = try JSONParser.parse(r.stdout), case .array(let analyses) = plan["analyses"] else {
            Issue.record("no analyses: \(r.stdout)")
            return
        }
        #expect(analyses.count == 2)
        #expect(analyses.last == ["perspective": "child-rights", "concerned": true, "text": "Åtgärden/beslutet är uppenbart för barnets bästa."])
        // A plan whose content never named analyses: null, not [].
        let rutin = try run("show", "rutin-overgripande-handlingsplan", "--format", "json")
        #expect(rutin.stdout.contains(#""analyses": null"#))
        // The Swedish table names each missing perspective with the policy that requires it.
        let table = try run("show", "handlingsplan-attraktiv-arbetsgivare-2016", "--format", "table", swedish: true)
        #expect(table.stdout.contains("Perspektivanalyser"))
        #expect(table.stdout.contains("[jämställdhet och jämlikhet] Sjukfrånvaron mäts"))
        #expect(table.stdout.contains("[miljö] Analys saknas (krävs av policyn perspektivanalys-handlingsplan sedan 2015-08-14)"))
        #expect(table.stdout.components(separatedBy: "Analys saknas").count - 1 == 4)
    }

    @Test func auditFindsTheActionPlanLackingFourPerspectives() throws {
        let r = try run("audit", "--as-of", "2023-07-15", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let findings) = try JSONParser.parse(r.stdout) else { Issue.record("not an array"); return }
        let missing = findings.filter { ($0.objectValue?["finding"]) == .string("perspective-analysis-missing") }
        // The rutin's example plan lacks four perspectives; the action plan for trust-based governance (seed 003, adopted
        // 2023-06-28, of the same kind) states none of the five.
        #expect(missing.count == 2)
        #expect(missing.first?.objectValue?["plan"] == .string("handlingsplan-attraktiv-arbetsgivare-2016"))
        #expect(missing.last?.objectValue?["plan"] == .string("handlingsplan-tillit-2023"))
        #expect(missing.last?.objectValue?["detail"]?.stringValue?.contains("no analysis of gender-equality, child-rights, environment, economy, regional-development") == true)
        #expect(missing.first?.objectValue?["detail"]?.stringValue?.contains("child-rights, environment, economy, regional-development") == true)
        // Before the plan was adopted (2015-10-30) there is nothing to find.
        let before = try run("audit", "--as-of", "2015-10-29", "--format", "json")
        #expect(!before.stdout.contains("perspective-analysis-missing"))
        let sv = try run("audit", "--as-of", "2023-07-15", "--format", "table", swedish: true)
        #expect(sv.stdout.contains("perspektivanalys saknas"))
        #expect(sv.stdout.contains("saknar analys av barnens rätt, miljö, ekonomi, regional utveckling"))
    }

    @Test func aBadPolicyIsRefusedNamingTheField() throws {
        let bad = try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(#"{"type":"policy.adopted","plan":"rutin-overgripande-handlingsplan","effective":"2016-01-01","data":{"policy":"x","requires":"perspective-analyses","kinds":["rutin"],"perspectives":["miljo"],"approvedBy":"RD"}}"#.utf8),
                                        environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("line 1: data.perspectives[0]: expected one of"))
    }
}
