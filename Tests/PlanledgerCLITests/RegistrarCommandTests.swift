import Foundation
import LedgerCore
import Testing
import TestSupport

/// Every registrar command run as typed, with exact output, building the same events `append` would.
@Suite(.serialized) struct RegistrarCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
    }

    func run(_ args: String..., env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], environment: ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z", "COLUMNS": "160"].merging(env) { $1 })
    }

    /// The seq and hash `export` has for the last event.
    func head() throws -> (seq: Int, hash: String) {
        let last = try #require(try run("export").stdout.split(separator: "\n").last)
        guard case .object(let e) = try JSONParser.parse(String(last)), case .number(let seq) = e["seq"], case .string(let hash) = e["hash"] else {
            throw CancellationError()
        }
        return (Int(seq), hash)
    }

    func lastEvent() throws -> [String: JSONValue] {
        let last = try #require(try run("export").stdout.split(separator: "\n").last)
        guard case .object(let e) = try JSONParser.parse(String(last)) else { return [:] }
        return e
    }

    @Test func registerAndRevisePrintSeqAndHash() throws {
        let reg = try run("register", "rutin-handlingsplan", "--title", "Rutin för upprättande av övergripande handlingsplan",
                          "--kind", "rutin", "--owner", "Samordningskansliet", "--effective", "2013-03-12", "--format", "table")
        #expect(reg.status == 0, "\(reg.stderr)")
        let h1 = try head()
        #expect(reg.stdout == """
            appended  skipped  head seq  head hash
            ────────  ───────  ────────  ────────────────────────────────────────────────────────────────
            1         0        1         \(h1.hash)

            """)
        let rev = try run("revise", "rutin-handlingsplan", "--version", "1", "--change", "Nyutgåva", "--effective", "2013-03-12", "--format", "json")
        let h2 = try head()
        #expect(rev.stdout == """
            {
              "appended": 1,
              "head": {
                "hash": "\(h2.hash)",
                "seq": 2
              },
              "skipped": 0
            }

            """)
        let v4 = try run("revise", "rutin-handlingsplan", "--version", "2", "--change", "Reviderad utifrån regionbildning",
                         "--approved-by", "Regiondirektör", "--dnr", "RS/1321/2015", "--body", "Regiondirektör", "--paragraph", "§ 12",
                         "--effective", "2015-08-14")
        #expect(v4.status == 0)
        #expect(try lastEvent()["data"] == [
            "version": 2, "change": "Reviderad utifrån regionbildning", "approvedBy": "Regiondirektör", "dnr": "RS/1321/2015",
            "decision": ["body": "Regiondirektör", "paragraph": "§ 12"],
        ])
        #expect(try lastEvent()["actor"] == "registrator:test")
    }

    @Test func errorsNameTheOption() throws {
        _ = try run("register", "rutin-handlingsplan", "--title", "Rutin", "--kind", "rutin", "--owner", "SK", "--effective", "2013-03-12")
        let gap = try run("revise", "rutin-handlingsplan", "--version", "3", "--change", "x", "--effective", "2014-01-01")
        #expect(gap.status == 65)
        #expect(gap.stderr == "--version: expected 1 (the plan has no version yet), got 3\nplanledger: nothing was appended (1 problem)\n")
        let unknown = try run("revise", "rutin-handlingplan", "--version", "1", "--change", "x", "--effective", "2014-01-01")
        #expect(unknown.stderr.hasPrefix(#"PLAN: no plan "rutin-handlingplan" in the ledger"#))
        let badDate = try run("revise", "rutin-handlingsplan", "--version", "1", "--change", "x", "--effective", "2014-02-30")
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains(#"--effective: expected a real date YYYY-MM-DD, got "2014-02-30""#))
        let deadline = try run("assign", "--assignment", "a1", "--title", "t", "--assignee", "x", "--deadline", "2023-06-31", "--issued-by", "RS")
        #expect(deadline.status == 65)
        #expect(deadline.stderr.hasPrefix(#"--deadline: "2023-06-31" is not a real date"#))
        #expect(try run("diarise", "--dnr", "1", "--title", "t", "--direction", "inbound").status == 64)
        #expect(try run("export").stdout.split(separator: "\n").count == 1)
    }

    @Test func everyCommandBuildsItsEvent() throws {
        func ok(_ r: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        }
        ok(try run("register", "div-plan", "--title", "Divisionsplan 2022", "--kind", "divisionsplan", "--owner", "Division Service",
                   "--from", "2022", "--to", "2022", "--effective", "2021-11-01"))
        #expect(try lastEvent()["data"]?.objectValue?["period"] == ["from": 2022, "to": 2022])
        let content = dir.path("content.json")
        try Data(#"{"goals":[{"id":"g","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","metrics":[{"id":"sjukfranvaro","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","ÅR"]}]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: content))
        ok(try run("revise", "div-plan", "--version", "1", "--change", "Fastställd", "--approved-by", "Regiondirektör",
                   "--content-file", content, "--effective", "2021-12-15"))
        ok(try run("follow-up", "div-plan", "--metric", "sjukfranvaro", "--period", "2022-DÅ04", "--outcome", "6,3", "--unit", "%",
                   "--fulfilment", "not-met", "--effective", "2022-05-20"))
        #expect(try lastEvent()["data"]?.objectValue?["outcome"] == .number(6.3))
        ok(try run("follow-up", "div-plan", "--metric", "sjukfranvaro", "--period", "2022-ÅR", "--outcome", "Ej tillgängligt",
                   "--fulfilment", "not-available", "--effective", "2023-01-20"))
        #expect(try lastEvent()["data"]?.objectValue?["outcome"] == "Ej tillgängligt")
        ok(try run("decide", "--dnr", "1043-2022", "--body", "Regionstyrelsen", "--subject", "Reviderad plan", "--text", "Antas",
                   "--paragraph", "§ 245", "--plan", "div-plan", "--effective", "2022-12-13"))
        #expect(try lastEvent()["type"] == "decision.recorded")
        ok(try run("diarise", "--dnr", "RS/412/2023", "--title", "Klagomål", "--direction", "in", "--counterpart", "Anna Svensson",
                   "--handler", "Patientnämnden", "--case", "RS/412/2023", "--secrecy", "OSL 25:1", "--effective", "2023-05-11"))
        #expect(try lastEvent()["data"]?.objectValue?["secrecy"] == ["ground": "OSL 25:1"])
        ok(try run("archive", "--dnr", "RS/412/2023", "--retention", "cull", "--cull-after", "2033-12-31", "--effective", "2023-06-01"))
        ok(try run("assign", "--assignment", "rs-2023-vns", "--title", "Utreda VNS", "--assignee", "Regiondirektören",
                   "--deadline", "2023-03-20", "--issued-by", "Regionstyrelsen", "--plan", "div-plan", "--effective", "2022-12-13"))
        ok(try run("report", "--assignment", "rs-2023-vns", "--status", "partial", "--note", "Delrapport", "--effective", "2023-03-01"))
        let reportSeq = try head().seq
        ok(try run("correct", String(reportSeq), "--set", "status=done", "--set", "note=Klart", "--reason", "Fel status",
                   "--effective", "2023-03-02"))
        #expect(try lastEvent()["data"] == [
            "target": .number(Double(reportSeq)), "reason": "Fel status",
            "replacement": ["data": ["assignment": "rs-2023-vns", "status": "done", "note": "Klart"]],
        ])
        let assignments = try run("assignments", "--as-of", "2023-04-01", "--format", "json")
        #expect(assignments.stdout.contains(#""status": "done""#))
        ok(try run("retract", "--reason", "Registrerad av misstag", String(reportSeq), "--effective", "2023-03-03"))
        #expect(try run("assignments", "--as-of", "2023-04-01", "--format", "json").stdout.contains(#""status": "open""#))
        ok(try run("repeal", "div-plan", "--reason", "Ersatt av divisionsplan 2023", "--approved-by", "Regiondirektör", "--effective", "2023-01-01"))
        #expect(try run("plans", "--as-of", "2023-02-01", "--format", "csv").stdout.contains(",repealed,"))
        #expect(try run("verify").status == 0)
    }

    @Test func correctMovesAndUnsets() throws {
        _ = try run("register", "p", "--title", "Plan", "--kind", "rutin", "--owner", "SK", "--effective", "2013-01-01")
        _ = try run("revise", "p", "--version", "1", "--change", "Ny", "--approved-by", "X", "--effective", "2013-03-12")
        let r = try run("correct", "2", "--unset", "approvedBy", "--move-to", "2013-03-15", "--reason", "Fel", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try lastEvent()["data"]?.objectValue?["replacement"] == ["effective": "2013-03-15", "data": ["version": 1, "change": "Ny"]])
        let bad = try run("correct", "2", "--set", "version=2", "--reason", "Fel")
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("data.replacement.data.version: a correction cannot change version"))
        #expect(try run("correct", "99", "--set", "x=1", "--reason", "r").status == 66)
        #expect(try run("correct", "2", "--reason", "r").status == 64)
    }

    @Test func sameIdTwiceIsSkipped() throws {
        _ = try run("register", "p", "--title", "Plan", "--kind", "rutin", "--owner", "SK", "--effective", "2013-01-01", "--id", "reg-p")
        let again = try run("register", "p", "--title", "Plan", "--kind", "rutin", "--owner", "SK", "--effective", "2013-01-01", "--id", "reg-p", "--format", "json")
        #expect(again.status == 0)
        #expect(again.stdout.contains(#""skipped": 1"#))
    }

    @Test func completionsAndHelp() throws {
        let bash = try CommandRunner.run("--generate-completion-script", "bash")
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("planledger"))
        #expect(bash.stdout.contains("revise"))
        let help = try CommandRunner.run("revise", "--help")
        #expect(help.stdout.contains("--approved-by"))
    }
}
