import Foundation
import LedgerCore
import Testing
import TestSupport

/// What the outputs promise: CSV carries every field JSON has, absent values look the same in every table,
/// trees and narrow terminals are drawn so a person can read them, ranges are checked, follow-ups are dated.
@Suite(.serialized) struct OutputShapeTests {
    let dir: TemporaryDirectory
    let ledger: String

    /// The seed rutin and governance history, with a correction (correctedBy), a classified and archived diary
    /// entry (secrecy, archived), a follow-up with a comment, a partial report and a repealed plan: every nested
    /// object of every JSON answer is non-null at least once.
    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let extra = #"""
            {"type":"diary.registered","plan":"rs-plan-2023","effective":"2023-05-11","data":{"dnr":"RS/412/2023","title":"Klagomål","direction":"in","counterpart":"Anna Svensson","handler":"Patientnämnden","case":"RS/400/2023","secrecy":{"ground":"OSL 25:1"}}}
            {"type":"diary.archived","effective":"2023-06-20","data":{"dnr":"RS/412/2023","retention":"cull","cullAfter":"2033-12-31"}}
            {"type":"diary.registered","effective":"2023-05-12","data":{"dnr":"RS/413/2023","title":"Skrivelse","direction":"internal"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.3,"unit":"%","fulfilment":"not-met","comment":"Hög"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"budget","period":"2022-DÅ04","outcome":"Ej tillgängligt","fulfilment":"not-available"}}
            {"type":"assignment.reported","effective":"2023-03-15","data":{"assignment":"rs-2023-vns","status":"partial","note":"Delrapport"}}
            {"type":"event.corrected","effective":"2016-01-02","data":{"target":4,"reason":"Fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör","dnr":"LS/1/2014","decision":{"body":"Landstingsstyrelsen","paragraph":"§ 12"}}}}}
            {"type":"plan.registered","plan":"utkast-2024","effective":"2023-01-10","data":{"title":"Utkast","kind":"riktlinje","owner":"Kansliet"}}
            {"type":"policy.adopted","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-14","data":{"policy":"perspektivanalys","requires":"perspective-analyses","kinds":["övergripande handlingsplan"],"perspectives":["gender-equality","child-rights"],"dnr":"RS/1321/2015","approvedBy":"Regiondirektör"}}
            """#
        let appended = try run("append", stdin: SeedHistory.rutin + "\n" + SeedHistory.governance + "\n" + extra,
                               env: ["PLANLEDGER_NOW": "2023-07-01T08:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try run(args, stdin: stdin, env: env)
    }

    func run(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2023-07-15T10:00:00Z", "COLUMNS": "200"].merging(env) { $1 })
    }

    // MARK: - CSV carries what JSON carries

    /// Every path of a JSON answer: object members joined with dots, the elements of an array of objects under
    /// the array's own path (a list's rows, replay's `plans` and `diary`), anything else a leaf.
    static func paths(_ value: Any, _ prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            var result: Set<String> = []
            for (key, member) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                let below = paths(member, path)
                result.formUnion(below.isEmpty ? [path] : below)
            }
            return result
        }
        if let array = value as? [Any], array.contains(where: { $0 is [String: Any] }) {
            return array.reduce(into: Set<String>()) { $0.formUnion(paths($1, prefix)) }
        }
        return prefix.isEmpty ? [] : [prefix]
    }

    /// Compares a command's CSV header with the paths of its JSON: each path is a column, or lies inside one (a
    /// list of objects as JSON in one cell), or is a null object whose members are columns; each column is a path
    /// or inside one. `extra` are columns the CSV adds (replay's `section`), `replaced` JSON paths it shows otherwise.
    func expectSameFields(_ args: [String], extra: Set<String> = [], replaced: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let json = try run(args + ["--format", "json"])
        let csv = try run(args + ["--format", "csv"])
        #expect(json.status == 0 && csv.status == 0, "\(args): \(json.stderr)\(csv.stderr)", sourceLocation: sourceLocation)
        let value = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8), options: [.fragmentsAllowed])
        let jsonPaths = Self.paths(value).filter { path in !replaced.contains { path == $0 || path.hasPrefix($0 + ".") } }
        let header = csv.stdout.components(separatedBy: "\r\n")[0].split(separator: ",").map(String.init)
        #expect(Set(header).count == header.count, "\(args): a column twice: \(header)", sourceLocation: sourceLocation)
        func related(_ a: String, _ b: String) -> Bool { a == b || a.hasPrefix(b + ".") || b.hasPrefix(a + ".") }
        let uncovered = jsonPaths.filter { path in !header.contains { related(path, $0) } }.sorted()
        let unknown = header.filter { column in !extra.contains(column) && !jsonPaths.contains { related(column, $0) } }
        #expect(uncovered == [], "\(args): JSON fields the CSV lacks", sourceLocation: sourceLocation)
        #expect(unknown == [], "\(args): CSV columns JSON lacks", sourceLocation: sourceLocation)
        #expect(!jsonPaths.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func everyCSVCarriesEveryFieldOfItsJSON() throws {
        try expectSameFields(["plans", "--as-of", "2023-07-01"])
        try expectSameFields(["show", "division-service-2022", "--as-of", "2022-06-01"])
        try expectSameFields(["show", "rutin-overgripande-handlingsplan", "--version", "3"])
        try expectSameFields(["changes", "rutin-overgripande-handlingsplan"])
        try expectSameFields(["diary"])
        try expectSameFields(["followups", "--as-of", "2023-07-01"])
        try expectSameFields(["assignments"])
        try expectSameFields(["chain", "strategisk-plan-2023"], extra: ["parent", "depth"], replaced: ["children"])
        try expectSameFields(["audit", "--as-of", "2023-07-15"])
        try expectSameFields(["replay", "--as-of", "2023-07-01"], extra: ["section"])
        try expectSameFields(["policies"], replaced: ["history"])
        try expectSameFields(["history", "rutin-overgripande-handlingsplan"])
        try expectSameFields(["verify"])
        try expectSameFields(["diarise", "--dnr", "RS/500/2023", "--title", "Brev", "--direction", "in", "--id", "brev-500", "--effective", "2023-07-01"])
    }

    @Test func theNestedFieldsAreDottedColumns() throws {
        let diary = try run("diary", "--format", "csv")
        #expect(diary.stdout.hasPrefix("dnr,date,title,direction,counterpart,handler,case,plan,secrecy.ground,archived.date,archived.retention,archived.cullAfter,seq,recorded\r\n"))
        #expect(diary.stdout.contains("RS/412/2023,2023-05-11,Klagomål,in,Anna Svensson,Patientnämnden,RS/400/2023,rs-plan-2023,OSL 25:1,2023-06-20,cull,2033-12-31,"))
        let changes = try run("changes", "rutin-overgripande-handlingsplan", "--format", "csv")
        #expect(changes.stdout.hasPrefix("version,date,change,approvedBy,dnr,seq,recorded,corrected,correctedBy,decision.body,decision.paragraph\r\n"))
        #expect(changes.stdout.contains("\r\n3,2014-08-07,Tillägg,Landstingsdirektör,LS/1/2014,4,"))
        #expect(changes.stdout.contains(",true,21,Landstingsstyrelsen,§ 12\r\n"))
    }

    /// Replay's CSV keeps the time point and the diary: a `point` row, then `plans` and `diary` rows.
    @Test func replayCSVKeepsTheTimePointAndTheDiary() throws {
        let csv = try run("replay", "--as-of", "2023-07-01", "--known-at", "22", "--format", "csv")
        let rows = csv.stdout.components(separatedBy: "\r\n").dropLast()
        #expect(rows.first?.hasPrefix("section,asOf,knownAt.seq,knownAt.recorded,plans.plan,") == true)
        #expect(rows.dropFirst().first?.hasPrefix("point,2023-07-01,22,2023-07-01T08:00:00.000Z,,") == true)
        #expect(rows.filter { $0.hasPrefix("plans,2023-07-01,22,") }.count == 5)
        #expect(rows.filter { $0.hasPrefix("diary,2023-07-01,22,") }.count == 2)
        #expect(rows.contains { $0.hasPrefix("diary,") && $0.contains(",RS/413/2023,2023-05-12,Skrivelse,internal,") })
    }

    // MARK: - Absent values, targets

    @Test func anAbsentValueIsADashInEveryTable() throws {
        let changes = try run("changes", "rutin-overgripande-handlingsplan", "--format", "table")
        #expect(changes.stdout.contains("      1  2013-03-12  Nyutgåva  "))
        let v1 = changes.stdout.split(separator: "\n").first { $0.hasPrefix("      1  ") }.map(String.init) ?? ""
        #expect(v1.components(separatedBy: "—").count == 4, "approved by, dnr and corrected: \(v1)")
        let plans = try run("plans", "--as-of", "2023-07-01", "--format", "table")
        let draft = plans.stdout.split(separator: "\n").first { $0.hasPrefix("utkast-2024") }.map(String.init) ?? ""
        #expect(draft.contains("draft     —           —"), "\(draft)")
        let diary = try run("diary", "--format", "table")
        let internalMemo = diary.stdout.split(separator: "\n").first { $0.contains("RS/413/2023") }.map(String.init) ?? ""
        #expect(internalMemo.components(separatedBy: "—").count == 4, "counterpart, handler, archived: \(internalMemo)")
        let audit = try run("audit", "--as-of", "2023-07-15", "--format", "table")
        let missing = audit.stdout.split(separator: "\n").first { $0.hasPrefix("followup-missing") }.map(String.init) ?? ""
        #expect(missing.contains("  —  "), "a finding without dnr: \(missing)")
        let followups = try run("followups", "division-service-2022", "--as-of", "2023-07-01", "--format", "table")
        // A period not yet followed up: outcome, fulfilment and reported date are each a dash.
        let unreported = followups.stdout.split(separator: "\n").first { $0.contains("2022-ÅR ") && $0.contains("Sjukfrånvaro") }.map(String.init) ?? ""
        #expect(unreported.hasSuffix("Minska  —                —              —"), "\(followups.stdout)")
        #expect(followups.stdout.contains("Ej tillgängligt  not-available  2022-05-20"), "\(followups.stdout)")
        let assignments = try run("assignments", "--as-of", "2023-03-01", "--format", "table")
        #expect(assignments.stdout.contains("2023-06-30  rs-2023-kompetens  open    —        Regiondirektören"), "\(assignments.stdout)")
    }

    /// A text target is shown as written, a number with its unit; an outcome likewise.
    @Test func targetsAndOutcomesReadAsWritten() throws {
        let show = try run("show", "division-service-2022", "--as-of", "2022-06-01", "--format", "table")
        #expect(show.stdout.contains("    sjukfranvaro: Sjukfrånvaro, target Minska, baseline 5.1 % (DÅ04, DÅ08, ÅR)\n"))
        #expect(show.stdout.contains("    budget: Budgetavvikelse, target 0 mnkr (DÅ04, DÅ08, ÅR)\n"))
        #expect(show.stdout.contains("    upphandling: Andel upphandlingar enligt plan, target 100 % (DÅ04, DÅ08, ÅR)\n"))
        #expect(!show.stdout.contains("\"Minska\""))
        let followups = try run("followups", "division-service-2022", "--as-of", "2022-06-01", "--format", "table")
        #expect(followups.stdout.contains("  Budgetavvikelse                  0 mnkr  Ej tillgängligt  not-available  2022-05-20\n"))
        #expect(followups.stdout.contains("  Sjukfrånvaro                     Minska  6.3 %            not-met        2022-05-20\n"))
        #expect(followups.stdout.contains("  Andel upphandlingar enligt plan  100 %   —                —              —\n"))
    }

    // MARK: - Trees and narrow terminals

    /// Three levels, several children: ├─ before a child with siblings after it, └─ before the last, │ where a
    /// branch continues past a grandchild.
    @Test func chainDrawsATree() throws {
        let tree = try TemporaryDirectory()
        let path = tree.path("tree.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", path]).status == 0)
        func plan(_ key: String, _ parent: String?) -> String {
            let parentField = parent.map { #","parent":"\#($0)""# } ?? ""
            return #"{"type":"plan.registered","plan":"\#(key)","effective":"2022-01-01","data":{"title":"Plan \#(key)","kind":"plan","owner":"O"\#(parentField)}}"#
        }
        let lines = [plan("a", nil), plan("b", "a"), plan("b1", "b"), plan("b2", "b"), plan("c", "a"), plan("c1", "c"), plan("d", "a"), plan("b1x", "b1")]
        #expect(try CommandRunner.run(["append", "--ledger", path], stdin: Data(lines.joined(separator: "\n").utf8)).status == 0)
        let r = try CommandRunner.run(["chain", "a", "--as-of", "2023-01-01", "--format", "table", "--ledger", path])
        #expect(r.stdout == """
            a  Plan a (plan, version 0)
            ├─ b  Plan b (plan, version 0)
            │  ├─ b1  Plan b1 (plan, version 0)
            │  │  └─ b1x  Plan b1x (plan, version 0)
            │  └─ b2  Plan b2 (plan, version 0)
            ├─ c  Plan c (plan, version 0)
            │  └─ c1  Plan c1 (plan, version 0)
            └─ d  Plan d (plan, version 0)

            """)
    }

    /// At 80 columns the audit's detail goes on its own indented lines instead of a 12-character ribbon; at 120 it
    /// wraps beside its row. No line is wider than the terminal.
    @Test func auditFitsANarrowTerminal() throws {
        for columns in [80, 120] {
            let r = try run(["audit", "--as-of", "2023-07-15", "--format", "table"], env: ["COLUMNS": String(columns)])
            #expect(r.status == 0)
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.allSatisfy { $0.count <= columns }, "\(columns): \(r.stdout)")
            let json = try run("audit", "--as-of", "2023-07-15", "--format", "json")
            let findings = json.stdout.components(separatedBy: #""finding":"#).count - 1
            // Header, its detail line, rule, and per finding its row and at most three lines of detail (190 lines before).
            #expect(lines.count <= 3 + 4 * findings, "\(columns): \(lines.count) lines for \(findings) findings:\n\(r.stdout)")
        }
        let narrow = try run(["audit", "--as-of", "2023-07-15", "--format", "table"], env: ["COLUMNS": "80"])
        #expect(narrow.stdout.hasPrefix("""
            finding                   plan                              dnr          seq
                detail
            ────────────────────────  ────────────────────────────────  ───────────  ───
            version-without-approver  rutin-overgripande-handlingsplan  —              2
                version 1 of rutin-overgripande-handlingsplan (2013-03-12, "Nyutgåva") has
                no approver (Beslutat av) recorded
            version-without-approver  rutin-overgripande-handlingsplan  —              3

            """))
        // At 120 the detail fits on one or two lines below its row; beside it, it would take four.
        let wide = try run(["audit", "--as-of", "2023-07-15", "--format", "table"], env: ["COLUMNS": "120"])
        #expect(wide.stdout.contains("""
            late-registration         —                                 RS/413/2023   17
                RS/413/2023 dated 2023-05-12 was registered on 2023-07-01, 50 days later (more than 7; OSL 5:1 asks for registration
                without delay)

            """))
        // At 200 it goes beside its row.
        let wider = try run(["audit", "--as-of", "2023-07-15", "--format", "table"], env: ["COLUMNS": "200"])
        #expect(wider.stdout.hasPrefix("finding                   plan                              dnr          seq  detail\n"))
    }

    // MARK: - Ranges and dates

    @Test func aReversedRangeIsAUsageError() throws {
        let r = try run("diary", "--from", "2023-12-31", "--to", "2023-01-01")
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("--from 2023-12-31 is after --to 2023-01-01"))
        let oneDay = try run("diary", "--from", "2023-05-11", "--to", "2023-05-11", "--format", "json")
        #expect(oneDay.status == 0)
        #expect(oneDay.stdout.contains("RS/412/2023") && !oneDay.stdout.contains("RS/413/2023"))
        #expect(try run("diary", "--from", "2023-05-12", "--to", "2023-05-11").status == 64)
    }

    /// A follow-up of a period long past needs its report date; of the current period it defaults to today and
    /// says so.
    @Test func followUpAsksForTheDateOfAnOldPeriod() throws {
        let old = try run("follow-up", "division-service-2022", "--metric", "upphandling", "--period", "2022-DÅ08", "--outcome", "97",
                          "--fulfilment", "partly", "--format", "json")
        #expect(old.status == 64)
        #expect(old.stderr.contains("--effective: required for a follow-up of 2022-DÅ08"))
        let dated = try run("follow-up", "division-service-2022", "--metric", "upphandling", "--period", "2022-DÅ08", "--outcome", "97",
                            "--fulfilment", "partly", "--effective", "2022-09-20", "--format", "json")
        #expect(dated.status == 0, "\(dated.stderr)")
        #expect(dated.stderr == "")
        // Within the reporting window (60 days after the period's end) today is the default, said on stderr.
        let recent = try run(["follow-up", "division-service-2022", "--metric", "upphandling", "--period", "2022-ÅR", "--outcome", "99",
                              "--fulfilment", "met", "--format", "json"], env: ["PLANLEDGER_NOW": "2023-02-20T10:00:00Z"])
        #expect(recent.status == 0, "\(recent.stderr)")
        #expect(recent.stderr == "planledger: --effective not given: recording the follow-up of 2022-ÅR as reported today, 2023-02-20\n")
        let late = try run(["follow-up", "division-service-2022", "--metric", "budget", "--period", "2022-ÅR", "--outcome", "1",
                            "--fulfilment", "met", "--format", "json"], env: ["PLANLEDGER_NOW": "2023-03-02T10:00:00Z"])
        #expect(late.status == 64, "61 days after the end: \(late.stderr)")
        // The same metric and period again: refused, pointing to the first.
        let again = try run("follow-up", "division-service-2022", "--metric", "upphandling", "--period", "2022-DÅ08", "--outcome", "98",
                            "--fulfilment", "partly", "--effective", "2022-09-21", "--format", "json")
        #expect(again.status == 65)
        #expect(again.stderr.contains("--period: plan \"division-service-2022\" already has a follow-up of \"upphandling\" for 2022-DÅ08 (seq 24)"))
        #expect(again.stderr.contains("planledger correct 24"))
    }
}
