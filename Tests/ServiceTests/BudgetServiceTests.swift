import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// `GET /api/v1/plans/{plan}/budget`, `/plan/{plan}/budget` and the budget in `/plan/{plan}/jamfor`, on a ledger with
/// a board plan giving Division Service 1234.5 mnkr and a division plan taking 1 234 500.001 tkr of it, revised.
@Suite struct BudgetServiceTests {
    static let ledger: (directory: TemporaryDirectory, path: String) = {
        let directory = try! TemporaryDirectory()
        let path = directory.path("budget.sqlite")
        precondition(try! CommandRunner.run(["init", "--ledger", path]).status == 0)
        let history = """
            {"type":"plan.registered","plan":"ls","effective":"2016-06-01","data":{"title":"LS plan","kind":"styrelsens plan","owner":"LS","period":{"from":2017,"to":2019}}}
            {"type":"plan.revised","plan":"ls","effective":"2016-06-15","data":{"version":1,"change":"Antagen","approvedBy":"LF","content":{"budget":{"currency":"mnkr","frames":[{"unit":"Division Service","year":2017,"amount":1234.5,"kind":"operating"}]}}}}
            {"type":"plan.registered","plan":"div","effective":"2016-10-01","data":{"title":"Divisionsplan","kind":"divisionsplan","owner":"DS","period":{"from":2017,"to":2017},"parent":"ls"}}
            {"type":"plan.revised","plan":"div","effective":"2016-12-20","data":{"version":1,"change":"Fastställd","approvedBy":"LD","content":{"budget":{"currency":"tkr","frames":[{"unit":"Division Service","year":2017,"amount":1234500.001,"kind":"operating"},{"unit":"Division Service","year":2017,"amount":25000,"kind":"investment"}],"measures":[{"id":"m1","unit":"Division Service","text":"Samordna transporter","effects":[{"year":2017,"amount":-250.5},{"year":2019,"amount":1200}]}]}}}}
            {"type":"plan.revised","plan":"div","effective":"2017-02-01","data":{"version":2,"change":"Ramen sänkt","approvedBy":"LD","content":{"budget":{"currency":"tkr","frames":[{"unit":"Division Service","year":2017,"amount":1234000,"kind":"operating"}],"measures":[{"id":"m1","unit":"Division Service","text":"Samordna transporter","effects":[{"year":2017,"amount":-250.5},{"year":2019,"amount":1500}]}]}}}}
            """
        let appended = try! CommandRunner.run(["append", "--ledger", path], stdin: Data(history.utf8), environment: ["PLANLEDGER_NOW": "2017-02-02T08:00:00Z"])
        precondition(appended.status == 0, appended.stderr)
        return (directory, path)
    }()

    func application() -> some ApplicationProtocol { demoApplication(path: Self.ledger.path) }

    func get(_ client: some TestClientProtocol, _ uri: String, _ role: Role = .public) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
        return (response.status, text(response))
    }

    @Test func theEndpointAnswersEveryRoleWithTheCLIsBytes() async throws {
        let cli = try CommandRunner.run(["budget", "div", "--as-of", "2017-01-15", "--format", "json", "--ledger", Self.ledger.path])
        #expect(cli.status == 0, "\(cli.stderr)")
        try await application().test(.router) { client in
            for role in Role.allCases {
                let (status, body) = try await get(client, "/api/v1/plans/div/budget?asOf=2017-01-15", role)
                #expect(status == .ok, "\(role)")
                #expect(body == cli.stdout, "\(role)")
            }
            #expect(cli.stdout.contains(#""amount": 1234500.001"#) && cli.stdout.contains(#""currency": "tkr""#))
            // Known-at is the auditors'; with it, version 1 shows as the register stood before version 2 (seq 4).
            let (publicKnownAt, _) = try await get(client, "/api/v1/plans/div/budget?asOf=2017-03-01&knownAt=4")
            #expect(publicKnownAt == .unauthorized)
            let (status, before) = try await get(client, "/api/v1/plans/div/budget?asOf=2017-03-01&knownAt=4", .auditor)
            #expect(status == .ok && before.contains(#""amount": 1234500.001"#) && before.contains(#""version": 1"#))
            let (_, now) = try await get(client, "/api/v1/plans/div/budget?asOf=2017-03-01", .staff)
            #expect(now.contains(#""amount": 1234000"#) && now.contains(#""version": 2"#))
        }
    }

    @Test func refusals() async throws {
        try await application().test(.router) { client in
            for (uri, expected) in [("/api/v1/plans/nej/budget", HTTPResponse.Status.notFound), ("/api/v1/plans/div/budget?asOf=2017-02-30", .badRequest),
                                    ("/api/v1/plans/div/budget?currency=sek", .badRequest), ("/plan/nej/budget", .notFound)] {
                let (status, _) = try await get(client, uri)
                #expect(status == expected, "\(uri)")
            }
        }
    }

    @Test func thePageShowsAmountsTheSwedishWay() async throws {
        try await application().test(.router) { client in
            let (status, html) = try await get(client, "/plan/div/budget?asOf=2017-01-15")
            #expect(status == .ok)
            #expect(html.contains("<h1>Budget: Divisionsplan</h1>"))
            #expect(html.contains(#"<caption>Ramar per enhet, år och slag</caption>"#))
            #expect(html.contains(#"<th scope="col" class="amount">Belopp (tkr)</th>"#))
            #expect(html.contains("<tr><th scope=\"row\">Division Service</th><td class=\"amount\">2017</td><td>drift</td><td class=\"amount\">1\u{00A0}234\u{00A0}500,001</td></tr>"))
            #expect(html.contains("<td>investering</td><td class=\"amount\">25\u{00A0}000</td>"))
            // Measures: one column per year any measure has an effect for; a year without one says so in words.
            #expect(html.contains(#"<th scope="col" class="amount">2017 (tkr)</th><th scope="col" class="amount">2019 (tkr)</th>"#))
            #expect(html.contains("<td class=\"amount\">-250,5</td><td class=\"amount\">1\u{00A0}200</td>"))
            // The plan page links to it; a plan without a budget does not.
            let (_, plan) = try await get(client, "/plan/div?asOf=2017-01-15")
            #expect(plan.contains(#"<a href="/plan/div/budget?asOf=2017-01-15">Budget och ekonomisk handlingsplan</a>"#))
            let (_, before) = try await get(client, "/plan/div?asOf=2016-12-19")
            #expect(!before.contains("/plan/div/budget"))
            let (_, none) = try await get(client, "/plan/div/budget?asOf=2016-12-19")
            #expect(none.contains("Ingen version som gäller vid tidpunkten anger någon budget."))
            #expect(!html.contains("style=") && !html.contains("<script"))
        }
    }

    @Test func theComparisonShowsTheChangedFrameAndMeasure() async throws {
        try await application().test(.router) { client in
            let (status, html) = try await get(client, "/plan/div/jamfor?fran=1&till=2")
            #expect(status == .ok)
            #expect(html.contains(#"<h2 id="budget">Budget</h2>"#))
            #expect(html.contains("<th scope=\"row\">Division Service</th><td class=\"amount\">2017</td><td>drift</td><td><span class=\"change change--changed\">ändrat</span></td><td class=\"amount\"><del>1\u{00A0}234\u{00A0}500,001\u{00A0}tkr</del></td><td class=\"amount\"><ins>1\u{00A0}234\u{00A0}000\u{00A0}tkr</ins></td>"))
            #expect(html.contains("<td>investering</td><td><span class=\"change change--removed\">borttaget</span></td><td class=\"amount\"><del>25\u{00A0}000\u{00A0}tkr</del></td><td class=\"amount\"></td>"))
            #expect(html.contains("<del>2017: -250,5\u{00A0}tkr; 2019: 1\u{00A0}200\u{00A0}tkr</del>") && html.contains("<ins>2017: -250,5\u{00A0}tkr; 2019: 1\u{00A0}500\u{00A0}tkr</ins>"))
            #expect(!html.contains("Versionerna har samma innehåll."))
        }
    }

    /// The demo's division plan 2017 (seed 000's structure, amounts 0 tkr since no seed gives one), end to end.
    @Test func theDemosDivisionPlanHasItsBudgetPage() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await get(client, "/plan/divisionsplan-service-2017/budget?asOf=2017-03-01")
            #expect(status == .ok)
            #expect(html.contains("<h1>Budget: Divisionsplan Service 2017</h1>"))
            #expect(html.contains("Enligt version 2. Belopp i tkr"))
            #expect(html.contains(#"<tr><th scope="row">Division Service</th><td class="amount">2017</td><td>investering</td><td class="amount">0</td></tr>"#))
            #expect(html.contains(#"<th scope="col" class="amount">2017 (tkr)</th><th scope="col" class="amount">2018 (tkr)</th><th scope="col" class="amount">2019 (tkr)</th>"#))
            let (_, plan) = try await get(client, "/plan/divisionsplan-service-2017?asOf=2017-03-01")
            #expect(plan.contains(#"<a href="/plan/divisionsplan-service-2017/budget?asOf=2017-03-01">"#))
            let (_, diff) = try await get(client, "/plan/divisionsplan-service-2017/jamfor?fran=1&till=2")
            #expect(diff.contains(#"<span class="change change--added">tillagt</span>"#) && diff.contains(#"<h2 id="budget">Budget</h2>"#))
        }
    }
}
