import Foundation
import LedgerCore
import Testing
import TestSupport

/// `planledger budget PLAN` end to end: the table (amounts right-aligned, Swedish or English figures, the currency),
/// JSON per SPEC, CSV, the time axes, a plan that does not exist, and a refused budget naming line and field.
@Suite(.serialized) struct BudgetCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    static let history = """
        {"type":"plan.registered","plan":"ls","effective":"2016-06-01","data":{"title":"LS plan","kind":"styrelsens plan","owner":"LS","period":{"from":2017,"to":2019}}}
        {"type":"plan.revised","plan":"ls","effective":"2016-06-15","data":{"version":1,"change":"Antagen","approvedBy":"LF","content":{"budget":{"currency":"mnkr","frames":[{"unit":"Division Service","year":2017,"amount":1234.5,"kind":"operating"}]}}}}
        {"type":"plan.registered","plan":"div","effective":"2016-10-01","data":{"title":"Divisionsplan","kind":"divisionsplan","owner":"DS","period":{"from":2017,"to":2017},"parent":"ls"}}
        {"type":"plan.revised","plan":"div","effective":"2016-12-20","data":{"version":1,"change":"Fastställd","approvedBy":"LD","content":{"budget":{"currency":"tkr","frames":[{"unit":"Division Service","year":2017,"amount":1234500.001,"kind":"operating"},{"unit":"Division Service","year":2017,"amount":25000,"kind":"investment"}],"measures":[{"id":"m1","unit":"Division Service","text":"Samordna transporter","effects":[{"year":2017,"amount":-250.5},{"year":2018,"amount":1200}]}]}}}}
        """

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let appended = try run("append", stdin: Self.history, env: ["PLANLEDGER_NOW": "2016-12-21T08:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "200"].merging(env) { $1 })
    }

    @Test func tableInEnglishAndSwedish() throws {
        let r = try run("budget", "div", "--as-of", "2017-03-01", "--format", "table")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            Divisionsplan (div, version 1)

            Frames (ramar)
            unit              year  kind         amount (tkr)
            ────────────────  ────  ──────────  ─────────────
            Division Service  2017  operating   1,234,500.001
            Division Service  2017  investment         25,000

            Measures with full-year effect (ekonomisk handlingsplan), tkr
            measure  unit                2017   2018  detail
            ───────  ────────────────  ──────  ─────  ────────────────────
            m1       Division Service  -250.5  1,200  Samordna transporter

            """)
        let sv = try run("budget", "div", "--as-of", "2017-03-01", "--format", "table", env: ["LANG": "sv_SE.UTF-8"])
        #expect(sv.status == 0, "\(sv.stderr)")
        #expect(sv.stdout.contains("Division Service  2017  drift        1 234 500,001"), "\(sv.stdout)")
        #expect(sv.stdout.contains("Division Service  2017  investering         25 000"), "\(sv.stdout)")
        #expect(sv.stdout.contains("m1      Division Service  -250,5  1 200  Samordna transporter"), "\(sv.stdout)")
        #expect(sv.stdout.contains("belopp (tkr)"))
    }

    @Test func jsonPerSpec() throws {
        let r = try run("budget", "ls", "--as-of", "2017-03-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            {
              "asOf": "2017-03-01",
              "currency": "mnkr",
              "frames": [
                {
                  "amount": 1234.5,
                  "kind": "operating",
                  "unit": "Division Service",
                  "year": 2017
                }
              ],
              "measures": [],
              "plan": "ls",
              "title": "LS plan",
              "version": 1
            }

            """)
    }

    @Test func csvRowsPerFrameAndEffect() throws {
        let r = try run("budget", "div", "--as-of", "2017-03-01", "--format", "csv")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\r\n") == [
            "plan,section,unit,year,amount,currency,kind,measure,text",
            "div,frame,Division Service,2017,1234500.001,tkr,operating,,",
            "div,frame,Division Service,2017,25000,tkr,investment,,",
            "div,measure,Division Service,2017,-250.5,tkr,,m1,Samordna transporter",
            "div,measure,Division Service,2018,1200,tkr,,m1,Samordna transporter",
        ])
    }

    @Test func beforeTheVersionThereIsNoBudgetAndAnUnknownPlanIsMissing() throws {
        let before = try run("budget", "div", "--as-of", "2016-12-19", "--format", "json")
        #expect(before.status == 0)
        #expect(before.stdout.contains(#""currency": null"#) && before.stdout.contains(#""frames": []"#))
        let table = try run("budget", "div", "--as-of", "2016-12-19", "--format", "table")
        #expect(table.stdout.contains("(no budget in the version in force)"))
        // Known at seq 2 (before the division plan was registered): no such plan then.
        #expect(try run("budget", "div", "--known-at", "2").status == 66)
        #expect(try run("budget", "nej").status == 66)
        #expect(try run("budget", "div", "--as-of", "2017-02-30").status == 64)
    }

    @Test func theAuditNamesBothPlans() throws {
        let r = try run("audit", "--as-of", "2017-03-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""finding": "budget-exceeds-frame""#))
        #expect(r.stdout.contains("the operating frames for Division Service in 2017 in the plans under ls add up to 1234.500001 mnkr"),
                "\(r.stdout)")
        let sv = try run("audit", "--as-of", "2017-03-01", "--format", "table", env: ["LANG": "sv_SE.UTF-8"])
        #expect(sv.stdout.contains("budget över ram"), "\(sv.stdout)")
        #expect(sv.stdout.contains("driftramarna för Division Service 2017 i planerna under ls blir sammanlagt"), "\(sv.stdout)")
    }

    @Test func aBadBudgetIsRefusedNamingLineAndField() throws {
        let bad = """
            {"type":"plan.revised","plan":"div","effective":"2016-12-21","data":{"version":2,"change":"x","content":{"budget":{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":-5,"kind":"operating"}]}}}}
            """
        let r = try run("append", stdin: bad)
        #expect(r.status == 65)
        #expect(r.stderr.contains("line 1: data.content.budget.frames[0].amount: must not be negative, got -5"), "\(r.stderr)")
        #expect(try run("changes", "div", "--format", "json").stdout.contains(#""version": 2"#) == false)
    }
}
