import Foundation
import LedgerCore
import Testing
import TestSupport

/// `planledger activities` and `planledger report-activity` end to end: the exact table, JSON and CSV, the filters,
/// and every refusal with its exit code.
@Suite(.serialized) struct ActivityCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    static let plan = """
        {"type":"plan.registered","plan":"ap-2024","effective":"2023-11-01","data":{"title":"Aktivitetsplan 2024","kind":"aktivitetsplan","owner":"Division Service","period":{"from":2024,"to":2024}}}
        {"type":"plan.revised","plan":"ap-2024","effective":"2023-12-15","data":{"version":1,"change":"Fastställd","approvedBy":"Divisionschef","content":{"goals":[{"id":"kompetens","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","metrics":[{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","unit":"%","periods":["ÅR"]}],"activities":[{"id":"chefsutbildning","text":"Utbilda chefer i arbetsmiljö","targetGroup":"Chefer","from":"2024-02-01","due":"2024-05-31","metrics":["sjuk"],"responsible":"HR-chef","contact":"HR-strateg"},{"id":"rehab","text":"Ta fram rutin för rehabilitering","targetGroup":"Medarbetare","due":"2024-09-30","responsible":"Divisionschef","contact":"Kansliet"}]}]}}}
        """

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let appended = try run("append", stdin: Self.plan, env: ["PLANLEDGER_NOW": "2023-12-15T08:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2024-06-15T10:00:00Z", "COLUMNS": "200", "PLANLEDGER_ACTOR": "registrator:test"].merging(env) { $1 })
    }

    @Test func reportThenListAsOfDates() throws {
        let started = try run("report-activity", "ap-2024", "--activity", "chefsutbildning", "--status", "started", "--note", "Första kursen",
                              "--effective", "2024-03-01", "--format", "json")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains(#""appended": 1"#))

        let table = try run("activities", "--as-of", "2024-06-01", "--format", "table")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            due         plan     activity         status                overdue  responsible    title
            ──────────  ───────  ───────────────  ────────────────────  ───────  ─────────────  ────────────────────────────────
            2024-05-31  ap-2024  chefsutbildning  started (2024-03-01)  OVERDUE  HR-chef        Utbilda chefer i arbetsmiljö
            2024-09-30  ap-2024  rehab            open                  —        Divisionschef  Ta fram rutin för rehabilitering

            """)
        // Due today is not overdue.
        let onDue = try run("activities", "ap-2024", "--overdue", "--as-of", "2024-05-31", "--format", "json")
        #expect(onDue.stdout == "[]\n")
        let json = try run("activities", "ap-2024", "--overdue", "--as-of", "2024-06-01", "--format", "json")
        #expect(json.stdout == """
            [
              {
                "activity": "chefsutbildning",
                "contact": "HR-strateg",
                "due": "2024-05-31",
                "from": "2024-02-01",
                "goal": "kompetens",
                "metrics": [
                  "sjuk"
                ],
                "note": "Första kursen",
                "overdue": true,
                "plan": "ap-2024",
                "reported": "2024-03-01",
                "responsible": "HR-chef",
                "seq": 3,
                "status": "started",
                "targetGroup": "Chefer",
                "text": "Utbilda chefer i arbetsmiljö"
              }
            ]

            """)
        let csv = try run("activities", "--as-of", "2024-06-01", "--format", "csv")
        #expect(csv.stdout.hasPrefix("activity,plan,goal,text,targetGroup,from,due,responsible,contact,status,reported,note,overdue\r\n"))
        #expect(csv.stdout.split(separator: "\r\n").count == 3)

        // Done closes it: no longer overdue. Swedish words in a Swedish table.
        #expect(try run("report-activity", "ap-2024", "--activity", "chefsutbildning", "--status", "done", "--note", "Klart",
                        "--effective", "2024-06-10").status == 0)
        let swedish = try run("activities", "--as-of", "2024-10-01", "--format", "table", env: ["LANG": "sv_SE.UTF-8"])
        #expect(swedish.stdout.contains("genomförd (2024-06-10)"))
        #expect(swedish.stdout.contains("ej rapporterad"))
        #expect(swedish.stdout.contains("FÖRSENAD"))
        let none = try run("activities", "--overdue", "--as-of", "2024-06-15", "--format", "table")
        #expect(none.stdout == "no overdue activities as of 2024-06-15\n")
    }

    @Test func refusals() throws {
        let notInForce = try run("report-activity", "ap-2024", "--activity", "okänd", "--status", "started", "--note", "x", "--effective", "2024-03-01")
        #expect(notInForce.status == 65)
        #expect(notInForce.stderr.contains(#"--activity: "okänd" is not an activity of plan "ap-2024" in force on 2024-03-01 (version 1; its activities: chefsutbildning, rehab)"#))
        let beforeVersion = try run("report-activity", "ap-2024", "--activity", "rehab", "--status", "started", "--note", "x", "--effective", "2023-12-14")
        #expect(beforeVersion.status == 65)
        #expect(beforeVersion.stderr.contains("no version of plan \"ap-2024\" is in force on 2023-12-14"))
        let badStatus = try run("report-activity", "ap-2024", "--activity", "rehab", "--status", "finished", "--note", "x")
        #expect(badStatus.status == 64)
        let noPlan = try run("activities", "finns-inte")
        #expect(noPlan.status == 66)
        let badDate = try run("activities", "--as-of", "2024-02-30")
        #expect(badDate.status == 64)
        // Nothing was written by the refusals.
        #expect(try run("export").stdout.split(separator: "\n").count == 2)
    }
}
