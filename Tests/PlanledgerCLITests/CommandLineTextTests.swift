import Foundation
import LedgerCore
import Testing
import TestSupport

/// SPEC "Fidelity": command-line values and environment variables are validated like file input (exit 65,
/// naming the option), from their raw bytes; before, Swift repaired them into U+FFFD and they were appended.
@Suite(.serialized) struct CommandLineTextTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
    }

    /// Runs `planledger ARGS --ledger …` through the shell; `args` is shell text, so `$(printf …)` makes raw bytes.
    func shell(_ args: String, env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.runShell(#""$PLANLEDGER" \#(args) --ledger "$LEDGER""#,
                                   environment: ["LEDGER": ledger, "PLANLEDGER_NOW": "2023-05-11T09:00:00Z", "PLANLEDGER_ACTOR": "registrator:test"]
                                       .merging(env) { $1 })
    }

    func exported() throws -> [String] {
        try CommandRunner.run(["export", "--ledger", ledger]).stdout.split(separator: "\n").map(String.init)
    }

    /// The issue's example: a Latin-1 title from a script, which became `Ans\uFFFDkan…` in the log.
    @Test func latin1TitleIsRefusedNamingTheOption() throws {
        let r = try shell(#"diarise --dnr RS/6/2023 --title "$(printf 'Ans\366kan fr\345n f\366rening')" --direction in --effective 2023-05-11"#)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix(#"--title: not valid UTF-8: byte 4 is 0xF6; it looks like Latin-1 (ISO 8859-1), as exported by older systems, where it reads "…Ansökan från förening…"; convert it first: iconv -f ISO-8859-1 -t UTF-8"#))
        #expect(r.stderr.contains("LANG=sv_SE.UTF-8"))
        #expect(try exported().isEmpty)
    }

    @Test func everyOptionFormAndPositionalIsNamed() throws {
        // --option=value: the offset counts within the value.
        let equals = try shell(#"diarise --dnr RS/6/2023 "--counterpart=$(printf 'Kommun \226 Syd')" --title T --direction in"#)
        #expect(equals.status == 65)
        #expect(equals.stderr.hasPrefix("--counterpart: not valid UTF-8: byte 8 is 0x96; it looks like Windows-1252"))
        #expect(equals.stderr.contains("iconv -f WINDOWS-1252 -t UTF-8"))
        let dnr = try shell(#"diarise --dnr "$(printf 'RS/6/2023\226A')" --title T --direction in"#)
        #expect(dnr.stderr.hasPrefix("--dnr: not valid UTF-8: byte 10 is 0x96"))
        // A positional argument (the plan's key) is named by its place.
        let plan = try shell(#"register "$(printf 'plan-\344')" --title T --kind rutin --owner O"#)
        #expect(plan.status == 65)
        #expect(plan.stderr.hasPrefix("argument 2: not valid UTF-8: byte 6 is 0xE4"))
        // Every bad value is listed, and query commands refuse too.
        let two = try shell(#"revise p --version 1 --change "$(printf '\351')" --approved-by "$(printf '\351')""#)
        #expect(two.stderr.contains("--change: not valid UTF-8: byte 1 is 0xE9") && two.stderr.contains("--approved-by: not valid UTF-8: byte 1 is 0xE9"))
        #expect(try shell(#"diary --from "$(printf '2023\377')""#).status == 65)
        #expect(try exported().isEmpty)
    }

    /// Valid UTF-8 that holds a control character is refused by the event's rules, named as the option.
    @Test func controlCharactersInOptionsAreNamedAsTheOption() throws {
        let escape = try shell(#"diarise --dnr RS/7/2023 --title "$(printf 'a\033[31mb')" --direction in"#)
        #expect(escape.status == 65)
        #expect(escape.stderr.hasPrefix("--title: holds the control character U+001B (ESCAPE) at character 2"))
        let c1 = try shell(#"diarise --dnr RS/7/2023 --title T --counterpart "$(printf 'Plan 2023\302\2262025')" --direction in"#)
        #expect(c1.stderr.hasPrefix(#"--counterpart: holds the control character U+0096 at character 10; C1 control characters usually mean Windows-1252 text was decoded as Latin-1 (ISO 8859-1): byte 0x96 is "–" in Windows-1252"#))
        let secrecy = try shell(#"diarise --dnr RS/7/2023 --title T --secrecy "$(printf 'OSL\r25:1')" --direction in"#)
        #expect(secrecy.stderr.hasPrefix("--secrecy: holds the control character U+000D (CARRIAGE RETURN) at character 4"))
        let plan = try shell(#"decide --dnr RS/7/2023 --body RS --subject S --text "$(printf 'x\177')" --plan p"#)
        #expect(plan.stderr.hasPrefix("--text: holds the control character U+007F (DELETE) at character 2"))
        #expect(try exported().isEmpty)
    }

    @Test func actorFromTheEnvironmentIsChecked() throws {
        let latin1 = try CommandRunner.runShell(#"PLANLEDGER_ACTOR="$(printf 'registrat\366r')" "$PLANLEDGER" diarise --dnr RS/8/2023 --title T --direction in --ledger "$LEDGER""#,
                                                environment: ["LEDGER": ledger])
        #expect(latin1.status == 65, "\(latin1.stderr)")
        #expect(latin1.stderr.hasPrefix("PLANLEDGER_ACTOR: not valid UTF-8: byte 10 is 0xF6; it looks like Latin-1"))
        let escape = try CommandRunner.runShell(#"PLANLEDGER_ACTOR="$(printf 'reg\033')" "$PLANLEDGER" append - --ledger "$LEDGER""#,
                                                stdin: Data(#"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/8/2023","title":"T","direction":"in"}}"#.utf8),
                                                environment: ["LEDGER": ledger])
        #expect(escape.status == 65)
        #expect(escape.stderr.hasPrefix("PLANLEDGER_ACTOR: holds the control character U+001B (ESCAPE) at character 4"))
        #expect(try exported().isEmpty)
        // Both sides: a correct UTF-8 actor with å is kept byte for byte.
        let good = try shell("diarise --dnr RS/8/2023 --title T --direction in", env: ["PLANLEDGER_ACTOR": "registratör:åsa"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try exported().first?.contains(#""actor":"registratör:åsa""#) == true)
    }

    /// `--content-file` in Latin-1 was "invalid UTF-8 byte 0x6B at byte 18": the byte after the bad one, no hint.
    @Test func contentFileIsCheckedAsAppendInputIs() throws {
        #expect(try shell("register p --title T --kind rutin --owner O --effective 2023-01-01").status == 0)
        let latin1 = dir.path("content-latin1.json")
        try Data(Array(#"{"text": "Ans"#.utf8) + [0xF6] + Array(#"kan"}"#.utf8)).write(to: URL(fileURLWithPath: latin1))
        let r = try shell("revise p --version 1 --change Ny --content-file \(latin1)")
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("--content-file: \(latin1): not valid UTF-8: byte 14 is 0xF6; it looks like Latin-1 (ISO 8859-1)"))
        #expect(r.stderr.contains("Ansökan") && r.stderr.contains("iconv -f ISO-8859-1 -t UTF-8"))
        let cp1252 = dir.path("content-1252.json")
        try Data(Array(#"{"text": "2023 "#.utf8) + [0x96] + Array(#" 2025"}"#.utf8)).write(to: URL(fileURLWithPath: cp1252))
        let w = try shell("revise p --version 1 --change Ny --content-file \(cp1252)")
        #expect(w.stderr.hasPrefix("--content-file: \(cp1252): not valid UTF-8: byte 16 is 0x96; it looks like Windows-1252"))
        let control = dir.path("content-control.json")
        try Data(#"{"goals":[{"id":"g","perspective":"Ekonomi","text":"a\u0000b","metrics":[]}]}"#.utf8).write(to: URL(fileURLWithPath: control))
        let c = try shell("revise p --version 1 --change Ny --content-file \(control)")
        #expect(c.status == 65)
        #expect(c.stderr.hasPrefix("--content-file: goals[0].text: holds the control character U+0000 (NUL) at character 2"))
        #expect(try exported().count == 1)
    }

    /// An append file in Windows-1252 gets the Windows-1252 hint (the Latin-1 one turned its dash into U+0096).
    @Test func appendFileInWindows1252IsNamed() throws {
        let file = dir.path("events-1252.jsonl")
        let line = Array(#"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/9/2023","title":"Plan 2023"#.utf8) + [0x96]
            + Array(#"2025 f"#.utf8) + [0xF6] + Array(#"r region"#.utf8) + Array(#"","direction":"in"}}"#.utf8) + [0x0A]
        try Data(line).write(to: URL(fileURLWithPath: file))
        let r = try CommandRunner.run(["append", file, "--ledger", ledger])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("line 1: not valid UTF-8: byte 97 is 0x96; it looks like Windows-1252"))
        #expect(r.stderr.contains("Plan 2023–2025 för region") && r.stderr.contains("iconv -f WINDOWS-1252 -t UTF-8"))
    }
}

/// The ERMS document's organisation comes from an option or the environment: checked the same way.
@Suite(.serialized) struct OrganisationTextTests {
    @Test func organisationIsCheckedFromOptionAndEnvironment() throws {
        let dir = try TemporaryDirectory()
        let ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        let line = #"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/1/2023","title":"Ansökan","direction":"in"}}"#
        #expect(try CommandRunner.run(["append", "-", "--ledger", ledger], stdin: Data(line.utf8)).status == 0)
        let env = try CommandRunner.runShell(#"PLANLEDGER_ORGANISATION="$(printf 'Region J\344mtland')" "$PLANLEDGER" export --format erms --ledger "$LEDGER""#,
                                             environment: ["LEDGER": ledger])
        #expect(env.status == 65)
        #expect(env.stderr.hasPrefix("PLANLEDGER_ORGANISATION: not valid UTF-8: byte 9 is 0xE4; it looks like Latin-1"))
        #expect(env.stdout.isEmpty)
        let option = try CommandRunner.run(["export", "--format", "erms", "--organisation", "Region\u{85}Syd", "--ledger", ledger])
        #expect(option.status == 65)
        #expect(option.stderr.hasPrefix("--organisation: holds the control character U+0085 at character 7; C1"))
        let good = try CommandRunner.run(["export", "--format", "erms", "--ledger", ledger], environment: ["PLANLEDGER_ORGANISATION": "Region Jämtland Härjedalen"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Region Jämtland Härjedalen"))
    }
}
