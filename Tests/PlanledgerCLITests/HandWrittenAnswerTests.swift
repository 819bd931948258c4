import Foundation
import LedgerCore
import Testing
import TestSupport

/// The views and audit findings of a small history, checked against answers worked out by hand and written
/// out literally, so that a bug in the view builders (which the projections and `replay` share, so that
/// "projection equals replay" cannot see it) fails here.
///
/// The history (appended at 2023-05-20T12:00:00Z, then a correction at 2023-05-22T12:00:00Z):
///
/// | seq | event |
/// |---|---|
/// | 1 | plan `vp` registered 2023-01-05, period 2023 |
/// | 2 | version 1, 2023-01-20: dnr and decision but no approver; text, goal `ek` with metric `res` (DÅ04, ÅR) |
/// | 3 | version 2, 2023-03-01, approved: goal `ek` now also has `sjuk` (DÅ04) |
/// | 4 | DS/10/2023 dated 2023-02-01, registered 2023-05-20: 108 days late (27 + 31 + 30 + 20) |
/// | 5 | DS/11/2023 dated 2023-05-18, a complaint naming a person |
/// | 6 | assignment `vp-1` issued 2023-01-20, due 2023-04-30 |
/// | 7 | follow-up of `res` for 2023-DÅ04, reported 2023-05-15 |
/// | 8 | correction of seq 5: the complaint is classified (OSL 39:3) |
@Suite(.serialized) struct HandWrittenAnswerTests {
    let dir: TemporaryDirectory
    let ledger: String

    static let history = #"""
        {"type":"plan.registered","plan":"vp","effective":"2023-01-05","data":{"title":"Verksamhetsplan 2023","kind":"verksamhetsplan","owner":"Division Service","period":{"from":2023,"to":2023}}}
        {"type":"plan.revised","plan":"vp","effective":"2023-01-20","data":{"version":1,"change":"Fastställd","dnr":"DS/4/2023","decision":{"body":"Divisionsledningen","paragraph":"§ 3"},"content":{"text":"Planen för 2023.","goals":[{"id":"ek","perspective":"Ekonomi","text":"Ekonomi i balans","metrics":[{"id":"res","name":"Resultat","target":0,"unit":"mnkr","periods":["DÅ04","ÅR"]}]}]}}}
        {"type":"plan.revised","plan":"vp","effective":"2023-03-01","data":{"version":2,"change":"Nytt mått","approvedBy":"Divisionschef","content":{"goals":[{"id":"ek","perspective":"Ekonomi","text":"Ekonomi i balans","metrics":[{"id":"res","name":"Resultat","target":0,"unit":"mnkr","periods":["DÅ04","ÅR"]},{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04"]}]}]}}}
        {"type":"diary.registered","plan":"vp","effective":"2023-02-01","data":{"dnr":"DS/10/2023","title":"Skrivelse om lokaler","direction":"in","counterpart":"Fastighetsbolaget","handler":"Kansliet"}}
        {"type":"diary.registered","effective":"2023-05-18","data":{"dnr":"DS/11/2023","title":"Anmälan från medarbetare","direction":"in","counterpart":"Kalle Karlsson"}}
        {"type":"assignment.issued","plan":"vp","effective":"2023-01-20","data":{"assignment":"vp-1","title":"Utreda lokalbehov","assignee":"Kanslichef","deadline":"2023-04-30","issuedBy":"Divisionsledningen"}}
        {"type":"followup.recorded","plan":"vp","effective":"2023-05-15","data":{"metric":"res","period":"2023-DÅ04","outcome":-2.5,"unit":"mnkr","fulfilment":"not-met","comment":"Högre lokalkostnader"}}
        """#

    static let classification = #"""
        {"type":"event.corrected","effective":"2023-05-22","data":{"target":5,"reason":"Sekretess","replacement":{"data":{"dnr":"DS/11/2023","title":"Anmälan från medarbetare","direction":"in","counterpart":"Kalle Karlsson","secrecy":{"ground":"OSL 39:3"}}}}}
        """#

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let first = try run("append", stdin: Self.history, env: ["PLANLEDGER_NOW": "2023-05-20T12:00:00Z"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try run("append", stdin: Self.classification, env: ["PLANLEDGER_NOW": "2023-05-22T12:00:00Z"])
        #expect(second.status == 0, "\(second.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try run(args, stdin: stdin, env: env)
    }

    func run(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"].merging(env) { $1 })
    }

    /// Runs a query with `--format json` and compares its answer with `expected`, member by member.
    func expectJSON(_ args: String..., equals expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CommandRunner.run(args + ["--ledger", ledger, "--format", "json"], environment: [
            "PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
        ])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        let actual = try JSONParser.parse(r.stdout)
        let wanted = try JSONParser.parse(expected)
        #expect(actual == wanted, "\(args.joined(separator: " ")) answered:\n\(r.stdout)", sourceLocation: sourceLocation)
    }

    static let recorded = "2023-05-20T12:00:00.000Z"
    static let version1 = #"{"version":1,"date":"2023-01-20","change":"Fastställd","approvedBy":null,"dnr":"DS/4/2023","seq":2,"recorded":"\#(recorded)","corrected":false,"correctedBy":null,"decision":{"body":"Divisionsledningen","paragraph":"§ 3"}}"#
    static let version2 = #"{"version":2,"date":"2023-03-01","change":"Nytt mått","approvedBy":"Divisionschef","dnr":null,"seq":3,"recorded":"\#(recorded)","corrected":false,"correctedBy":null,"decision":null}"#
    static let res = #"{"id":"res","name":"Resultat","target":0,"baseline":null,"unit":"mnkr","periods":["DÅ04","ÅR"]}"#
    static let sjuk = #"{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04"]}"#
    static let period = #"{"from":"2023-01-01","to":"2023-12-31"}"#

    @Test func plans() throws {
        try expectJSON("plans", "--as-of", "2023-05-31", equals: #"""
            [{"plan":"vp","kind":"verksamhetsplan","title":"Verksamhetsplan 2023","owner":"Division Service","period":\#(Self.period),
              "parent":null,"version":2,"status":"in-force","effective":"2023-03-01","approvedBy":"Divisionschef"}]
            """#)
        // Before version 1: registered, no version in force.
        try expectJSON("plans", "--as-of", "2023-01-19", equals: #"""
            [{"plan":"vp","kind":"verksamhetsplan","title":"Verksamhetsplan 2023","owner":"Division Service","period":\#(Self.period),
              "parent":null,"version":0,"status":"draft","effective":null,"approvedBy":null}]
            """#)
        try expectJSON("plans", "--as-of", "2024-01-01", equals: #"""
            [{"plan":"vp","kind":"verksamhetsplan","title":"Verksamhetsplan 2023","owner":"Division Service","period":\#(Self.period),
              "parent":null,"version":2,"status":"expired","effective":"2023-03-01","approvedBy":"Divisionschef"}]
            """#)
    }

    /// Version 2 named only goals: the text stays version 1's.
    @Test func show() throws {
        try expectJSON("show", "vp", "--as-of", "2023-05-31", equals: #"""
            {"plan":"vp","kind":"verksamhetsplan","title":"Verksamhetsplan 2023","owner":"Division Service","period":\#(Self.period),
             "parent":null,"version":2,"status":"in-force","effective":"2023-03-01","approvedBy":"Divisionschef","supersededBy":null,"analyses":null,
             "text":"Planen för 2023.",
             "goals":[{"id":"ek","perspective":"Ekonomi","text":"Ekonomi i balans","successFactor":null,"metrics":[\#(Self.res),\#(Self.sjuk)]}],
             "changes":[\#(Self.version1),\#(Self.version2)],
             "children":[]}
            """#)
        try expectJSON("show", "vp", "--as-of", "2023-02-28", equals: #"""
            {"plan":"vp","kind":"verksamhetsplan","title":"Verksamhetsplan 2023","owner":"Division Service","period":\#(Self.period),
             "parent":null,"version":1,"status":"in-force","effective":"2023-01-20","approvedBy":null,"supersededBy":null,"analyses":null,
             "text":"Planen för 2023.",
             "goals":[{"id":"ek","perspective":"Ekonomi","text":"Ekonomi i balans","successFactor":null,"metrics":[\#(Self.res)]}],
             "changes":[\#(Self.version1)],
             "children":[]}
            """#)
    }

    @Test func changes() throws {
        try expectJSON("changes", "vp", equals: "[\(Self.version1),\(Self.version2)]")
    }

    static let lokaler = #"{"dnr":"DS/10/2023","date":"2023-02-01","title":"Skrivelse om lokaler","direction":"in","counterpart":"Fastighetsbolaget","handler":"Kansliet","case":null,"plan":"vp","secrecy":null,"seq":4,"recorded":"\#(recorded)","archived":null}"#

    @Test func diary() throws {
        try expectJSON("diary", "--as-of", "2023-05-31", equals: #"""
            [\#(Self.lokaler),
             {"dnr":"DS/11/2023","date":"2023-05-18","title":"Anmälan från medarbetare","direction":"in","counterpart":"Kalle Karlsson","handler":null,"case":null,"plan":null,"secrecy":{"ground":"OSL 39:3"},"seq":5,"recorded":"\#(Self.recorded)","archived":null}]
            """#)
        try expectJSON("diary", "--as-of", "2023-05-31", "--public", equals: #"""
            [\#(Self.lokaler),
             {"dnr":"DS/11/2023","date":"2023-05-18","title":"Sekretess enligt OSL 39:3","direction":"in","counterpart":null,"handler":null,"case":null,"plan":null,"secrecy":{"ground":"OSL 39:3"},"seq":5,"recorded":"\#(Self.recorded)","archived":null}]
            """#)
    }

    /// As of 2023-05-31 the DÅ04 period (ended 2023-04-30) is due for both metrics of version 2, the
    /// version in force on 30 April; `res` was reported on 2023-05-15, `sjuk` was not.
    @Test func followups() throws {
        let sjuk = #"{"plan":"vp","goal":"ek","perspective":"Ekonomi","metric":"sjuk","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","period":"2023-DÅ04","outcome":null,"fulfilment":null,"comment":null,"effective":null,"seq":null}"#
        try expectJSON("followups", "vp", "--as-of", "2023-05-31", equals: #"""
            [{"plan":"vp","goal":"ek","perspective":"Ekonomi","metric":"res","name":"Resultat","target":0,"baseline":null,"unit":"mnkr","period":"2023-DÅ04","outcome":-2.5,"fulfilment":"not-met","comment":"Högre lokalkostnader","effective":"2023-05-15","seq":7},
             \#(sjuk)]
            """#)
        // The report counts from its own date, not the day before.
        try expectJSON("followups", "vp", "--as-of", "2023-05-14", equals: #"""
            [{"plan":"vp","goal":"ek","perspective":"Ekonomi","metric":"res","name":"Resultat","target":0,"baseline":null,"unit":"mnkr","period":"2023-DÅ04","outcome":null,"fulfilment":null,"comment":null,"effective":null,"seq":null},
             \#(sjuk)]
            """#)
    }

    @Test func assignments() throws {
        let assignment = #"{"assignment":"vp-1","plan":"vp","title":"Utreda lokalbehov","assignee":"Kanslichef","issuedBy":"Divisionsledningen","issued":"2023-01-20","deadline":"2023-04-30","status":"open","reported":null,"note":null,"overdue":"#
        try expectJSON("assignments", "--as-of", "2023-04-30", equals: "[\(assignment)false}]")
        try expectJSON("assignments", "--as-of", "2023-05-01", equals: "[\(assignment)true}]")
    }

    /// As of 2023-07-01: version 1 has no approver; DS/10 was registered 108 days after its date (DS/11 only
    /// 2); vp-1 is 62 days overdue (1 + 31 + 30); `sjuk` has had no DÅ04 outcome for 62 days (> 60).
    @Test func audit() throws {
        try expectJSON("audit", "--as-of", "2023-07-01", equals: #"""
            [{"finding":"version-without-approver","plan":"vp","dnr":"DS/4/2023","seq":2,
              "detail":"version 1 of vp (2023-01-20, \"Fastställd\") has no approver (Beslutat av) recorded"},
             {"finding":"late-registration","plan":"vp","dnr":"DS/10/2023","seq":4,
              "detail":"DS/10/2023 dated 2023-02-01 was registered on 2023-05-20, 108 days later (more than 7; OSL 5:1 asks for registration without delay)"},
             {"finding":"assignment-overdue","plan":"vp","dnr":null,"seq":6,
              "detail":"assignment vp-1 (\"Utreda lokalbehov\", to Kanslichef) was due 2023-04-30, 62 days before 2023-07-01, and has no report"},
             {"finding":"followup-missing","plan":"vp","dnr":null,"seq":null,
              "detail":"no outcome for metric sjuk (Sjukfrånvaro) for 2023-DÅ04, which ended 2023-04-30, 62 days before 2023-07-01"}]
            """#)
        // 108 days late is no finding when up to 108 are allowed, and one when up to 107 are.
        let allowed = try run("audit", "--as-of", "2023-07-01", "--late-after", "108", "--format", "json")
        #expect(allowed.status == 0 && !allowed.stdout.contains("late-registration"))
        let strict = try run("audit", "--as-of", "2023-07-01", "--late-after", "107", "--format", "json")
        #expect(strict.stdout.contains("DS/10/2023 dated 2023-02-01 was registered on 2023-05-20, 108 days later (more than 107;"))
    }

    /// The complaint was classified by seq 8. Public output never shows its title or counterpart, whatever
    /// the knowledge point: not before the correction (seq 5–7), not after it (8), in `diary` or `replay`.
    @Test func publicOutputMasksALaterClassificationAtEveryKnownAt() throws {
        for k in 1...8 {
            for command in [["diary", "--public"], ["replay", "--public"]] {
                let r = try run(command + ["--as-of", "2023-05-31", "--known-at", String(k), "--format", "json"])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(!r.stdout.contains("Kalle Karlsson") && !r.stdout.contains("Anmälan"), "\(command[0]) --known-at \(k): \(r.stdout)")
                let masked = r.stdout.contains("Sekretess enligt OSL 39:3")
                #expect(masked == (k >= 5), "\(command[0]) --known-at \(k) shows the entry masked from seq 5 on")
            }
        }
        // Without --public the registrar sees what the ledger knew then.
        let before = try run("replay", "--as-of", "2023-05-31", "--known-at", "7", "--format", "json")
        #expect(before.stdout.contains("Kalle Karlsson"))
    }
}
