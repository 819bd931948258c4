import Foundation
import LedgerCore
import Testing
import TestSupport

/// `plans`, `show`, `changes`, `diary`, `replay`, `rebuild` as a user runs them: exact output in every format.
@Suite(.serialized) struct QueryCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let seed = SeedHistory.rutin + "\n" + #"""
            {"type":"diary.registered","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-20","data":{"dnr":"RS/1321/2015","title":"Rutin för övergripande handlingsplan, version 4","direction":"internal","handler":"Samordningskansliet"}}
            {"type":"diary.registered","effective":"2015-09-01","data":{"dnr":"RS/1400/2015","title":"Klagomål från Anna Svensson","direction":"in","counterpart":"Anna Svensson","secrecy":{"ground":"OSL 25:1"}}}
            """#
        let appended = try run("append", stdin: seed, env: ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "160"].merging(env) { $1 })
    }

    @Test func plansAsOfADateInEveryFormat() throws {
        let table = try run("plans", "--as-of", "2014-07-01", "--format", "table")
        #expect(table.stdout == """
            plan                              kind   version  status    effective   approved by  title
            ────────────────────────────────  ─────  ───────  ────────  ──────────  ───────────  ───────────────────────────────────────────────────
            rutin-overgripande-handlingsplan  rutin        2  in-force  2014-06-24  —            Rutin för upprättande av övergripande handlingsplan

            """)
        let json = try run("plans", "--as-of", "2014-08-07", "--format", "json")
        #expect(json.stdout == """
            [
              {
                "approvedBy": "Tillförordnad landstingsdirektör",
                "effective": "2014-08-07",
                "kind": "rutin",
                "owner": "Samordningskansliet",
                "parent": null,
                "period": null,
                "plan": "rutin-overgripande-handlingsplan",
                "status": "in-force",
                "title": "Rutin för upprättande av övergripande handlingsplan",
                "version": 3
              }
            ]

            """)
        let csv = try run("plans", "--format", "csv")
        #expect(csv.stdout == "plan,kind,title,owner,period.from,period.to,parent,version,status,effective,approvedBy\r\n"
                + "rutin-overgripande-handlingsplan,rutin,Rutin för upprättande av övergripande handlingsplan,Samordningskansliet,,,,4,in-force,2015-08-14,Regiondirektör\r\n")
        let before = try run("plans", "--as-of", "2013-03-11", "--format", "json")
        #expect(before.stdout == "[]\n")
    }

    @Test func showAndChanges() throws {
        let show = try run("show", "rutin-overgripande-handlingsplan", "--as-of", "2014-08-07", "--format", "json")
        #expect(show.status == 0)
        #expect(show.stdout.contains(#""version": 3"#))
        #expect(show.stdout.contains(#""changes": ["#))
        #expect(show.stdout.contains(#""goals": null"#))
        let changes = try run("changes", "rutin-overgripande-handlingsplan", "--format", "table")
        let lines = changes.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("version  date        change"))
        #expect(lines[2].hasPrefix("      1  2013-03-12  Nyutgåva"))
        #expect(lines[2].contains("—"))
        let v2 = try run("show", "rutin-overgripande-handlingsplan", "--version", "2", "--format", "json")
        #expect(v2.stdout.contains(#""version": 2"#))
        let missing = try run("show", "rutin-overgripande-handlingplan")
        #expect(missing.status == 66)
        #expect(missing.stderr == "planledger: no such plan \"rutin-overgripande-handlingplan\"; did you mean \"rutin-overgripande-handlingsplan\"?\n")
        let early = try run("show", "rutin-overgripande-handlingsplan", "--as-of", "2012-01-01")
        #expect(early.status == 66)
        #expect(early.stderr.contains("does not exist as of 2012-01-01"))
    }

    @Test func publicDiaryNeverShowsTheSecret() throws {
        for format in ["table", "json", "csv"] {
            let r = try run("diary", "--public", "--format", format)
            #expect(r.status == 0)
            #expect(!r.stdout.contains("Anna Svensson"), "\(format) leaks the secret")
            #expect(!r.stdout.contains("Klagomål"), "\(format) leaks the secret")
            #expect(r.stdout.contains("Sekretess enligt OSL 25:1"))
        }
        let replay = try run("replay", "--public", "--format", "json")
        #expect(!replay.stdout.contains("Anna Svensson"))
        let registrar = try run("diary", "--format", "json")
        #expect(registrar.stdout.contains("Anna Svensson"))
        let range = try run("diary", "--from", "2015-09-01", "--to", "2015-09-30", "--format", "csv")
        #expect(range.stdout.split(separator: "\r\n").count == 2)
    }

    /// An entry classified by a later correction stays masked even when asked with knowledge from before it.
    @Test func aLaterClassificationAlsoMasksOlderAnswers() throws {
        #expect(try run("append", stdin: #"{"type":"event.corrected","effective":"2016-02-01","data":{"target":6,"reason":"Skulle ha sekretessmarkerats","replacement":{"data":{"dnr":"RS/1321/2015","title":"Rutin för övergripande handlingsplan, version 4","direction":"internal","handler":"Samordningskansliet","secrecy":{"ground":"OSL 18:8"}}}}}"#).status == 0)
        for k in ["6", "8"] {
            let r = try run("diary", "--public", "--known-at", k, "--format", "json")
            #expect(!r.stdout.contains("Rutin för övergripande"), "known at \(k)")
            #expect(r.stdout.contains("Sekretess enligt OSL 18:8"))
        }
    }

    @Test func changesListFutureVersions() throws {
        #expect(try run("append", stdin: #"{"type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2030-01-01","data":{"version":5,"change":"Framtida revidering","approvedBy":"Regiondirektör"}}"#).status == 0)
        #expect(try run("changes", "rutin-overgripande-handlingsplan", "--format", "json").stdout.contains(#""version": 5"#))
        #expect(!(try run("changes", "rutin-overgripande-handlingsplan", "--as-of", "2026-01-01", "--format", "json").stdout.contains(#""version": 5"#)))
        #expect(try run("show", "rutin-overgripande-handlingsplan", "--format", "json").stdout.contains(#""version": 4"#))
    }

    @Test func knownAtASeqOrATime() throws {
        let corrected = try run("append", stdin: #"{"type":"event.corrected","effective":"2016-02-01","data":{"target":4,"reason":"Fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör"}}}}"#,
                                env: ["PLANLEDGER_NOW": "2016-02-01T09:00:00Z"])
        #expect(corrected.status == 0)
        let old = try run("changes", "rutin-overgripande-handlingsplan", "--known-at", "7", "--format", "json")
        #expect(old.stdout.contains(#""approvedBy": "Tillförordnad landstingsdirektör""#))
        #expect(!old.stdout.contains(#""corrected": true"#))
        let byTime = try run("changes", "rutin-overgripande-handlingsplan", "--known-at", "2016-01-15T00:00:00Z", "--format", "json")
        #expect(byTime.stdout == old.stdout)
        let now = try run("changes", "rutin-overgripande-handlingsplan", "--format", "json")
        #expect(now.stdout.contains(#""approvedBy": "Landstingsdirektör""#))
        #expect(now.stdout.contains(#""corrected": true"#))
        let beyond = try run("plans", "--known-at", "99")
        #expect(beyond.status == 64)
        #expect(beyond.stderr.contains("the ledger's head is seq 8"))
        #expect(try run("plans", "--as-of", "2023-02-30").status == 64)
        #expect(try run("plans", "--known-at", "igår").status == 64)
    }

    @Test func replayEqualsTheProjections() throws {
        let replay = try run("replay", "--as-of", "2015-12-31", "--known-at", "6", "--format", "json")
        #expect(replay.status == 0)
        #expect(replay.stdout.contains(#""asOf": "2015-12-31""#))
        #expect(replay.stdout.contains(#""recorded": "2016-01-01T09:00:00.000Z""#))
        #expect(replay.stdout.contains(#""seq": 6"#))
        #expect(replay.stdout.contains("RS/1321/2015"))
        #expect(!replay.stdout.contains("RS/1400/2015"))  // seq 7, not yet known at 6
    }

    @Test func rebuildAndVerify() throws {
        let rebuild = try run("rebuild", "--format", "table")
        #expect(rebuild.status == 0)
        #expect(rebuild.stdout == "rebuilt plans.v1, changes.v3, diary.v3, followups.v1, assignments.v1, processes.v1, activities.v1, policies.v1, search.v4 from 7 events\n")
        #expect(try run("verify", "--format", "json").status == 0)
    }
}
