import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
@testable import Service
import Testing
import TestSupport

/// The plan pages against the demo ledger (`planledger demo`) and ledgers shaped here, every expectation computed by
/// hand from the demo's events: the rutin's versions 1–4 (version 2 recorded effective 2014-06-14 and corrected at
/// seq 7, 2016-02-10T13:00Z, to 2014-06-24), Divisionsplan Service 2022 with goals under three perspectives and its
/// April 2022 follow-ups (reported 2022-05-20), and the chain strategisk-plan-2017 → ls-plan-2017 → two plans.
@Suite struct PlanPagesTests {
    static let rutin = "/plan/rutin-overgripande-handlingsplan"

    /// The rows of the ändringsförteckning, each as its cells' text (tags removed).
    func changeRows(_ html: String) -> [[String]] {
        guard let start = html.range(of: #"<table id="andringsforteckning">"#),
              let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return [] }
        let table = String(html[start.upperBound..<end.lowerBound])
        guard let body = table.range(of: "<tbody>") else { return [] }
        return table[body.upperBound...].split(separator: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                String(cell).replacing(/<[^>]*>/, with: "").replacing(/^[^>]*>/, with: "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }

    func page(_ client: some TestClientProtocol, _ uri: String, _ role: Role = .public) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
        return (response.status, text(response))
    }

    @Test func thePlanWithItsChangeListAsTheDocumentPrintsIt() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, Self.rutin + "?asOf=2024-06-30")
            #expect(status == .ok)
            #expect(html.contains("<h1>Rutin för upprättande av övergripande handlingsplan</h1>"))
            #expect(html.contains(#"<dt>Typ</dt><dd>rutin</dd>"#) && html.contains(#"<dt>Ägare</dt><dd>Samordningskansliet</dd>"#))
            #expect(html.contains(#"<span class="status status--in-force">gällande per 2024-06-30</span>"#))
            #expect(html.contains("4, Gäller från <time datetime=\"2015-08-14\">2015-08-14</time>, Beslutat av Regiondirektör"))
            #expect(html.contains("<th scope=\"col\">Version</th><th scope=\"col\">Datum</th><th scope=\"col\">Ändring</th><th scope=\"col\">Beslutat av</th>"))
            let rows = changeRows(html)
            #expect(rows.map { Array($0.prefix(4)) } == [
                ["1.", "2013-03-12", "Nyutgåva", ""],
                ["2.", "2014-06-24", "Reviderad utifrån att rutinen anpassats efter den nya styrmodellen (rättad)", ""],
                ["3.", "2014-08-07", "Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet", "Tillförordnad landstingsdirektör"],
                ["4.", "2015-08-14", "Reviderad utifrån regionbildning och reviderad styrmodell samt utifrån att regiondirektörens verksamhetsplan ska innehålla mål från samtliga handlingsplaner.", "Regiondirektör"],
            ])
            // Each version links to its comparison with the one before; the first has none.
            #expect(rows.map { $0.last ?? "" } == ["", "Jämför med version 1", "Jämför med version 2", "Jämför med version 3"])
            #expect(html.contains(#"<a href="/plan/rutin-overgripande-handlingsplan/jamfor?fran=3&amp;till=4">"#))
            // The version picker and the as-of form, GET forms to the page itself.
            #expect(html.contains(#"<select id="version" name="version">"#))
            #expect(html.contains(#"<option value="4" selected>4</option>"#) && html.contains(#"<option value="1">1</option>"#))
            #expect(html.contains(#"<label for="asOf">Visa som den gällde den</label>"#))
            #expect(html.contains(#"<input type="date" id="asOf" name="asOf" value="2024-06-30" required>"#))
            // Only auditors are offered the known-at form.
            #expect(!html.contains(#"name="knownAt""#))
            #expect(html.contains(#"<a href="/plan/rutin-overgripande-handlingsplan/uppfoljning?asOf=2024-06-30">"#))
            #expect(html.components(separatedBy: "<h1").count == 2)
        }
    }

    /// Both sides of each date a version took effect: 2013-03-12 (registered and v1), 2014-06-24 (v2), 2015-08-14 (v4).
    @Test func asOfBoundaries() async throws {
        try await demoApplication().test(.router) { client in
            let (before, missing) = try await page(client, Self.rutin + "?asOf=2013-03-11")
            #expect(before == .notFound)
            #expect(missing.contains("Planen fanns inte vid den tidpunkt som efterfrågades: rutin-overgripande-handlingsplan"))
            for (date, version, rows) in [("2013-03-12", 1, 1), ("2014-06-23", 1, 1), ("2014-06-24", 2, 2), ("2015-08-13", 3, 3), ("2015-08-14", 4, 4)] {
                let (status, html) = try await page(client, Self.rutin + "?asOf=\(date)")
                #expect(status == .ok, "\(date)")
                #expect(html.contains("<dt>Version</dt><dd>\(version), "), "\(date)")
                #expect(html.contains("gällande per \(date)"), "\(date)")
                #expect(changeRows(html).count == rows, "\(date)")
                #expect(html.contains(#"<time datetime="\#(date)">\#(date)</time>"#), "\(date)")
            }
        }
    }

    @Test func anEarlierVersionSaysWhichReplacedIt() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, Self.rutin + "?asOf=2024-06-30&version=2")
            #expect(status == .ok)
            #expect(html.contains(#"<span class="status status--superseded">ersatt av version 3 den 2014-08-07 per 2024-06-30</span>"#))
            #expect(changeRows(html).map(\.first) == ["1.", "2."])
            // The picker still offers every version in force by the date, the one shown selected.
            #expect(html.contains(#"<option value="2" selected>2</option>"#) && html.contains(#"<option value="4">4</option>"#))
            // Version 3 is not in force on 2014-08-06; version 2 then is the one in force.
            let (early, _) = try await page(client, Self.rutin + "?asOf=2014-08-06&version=3")
            #expect(early == .notFound)
            let (inForce, current) = try await page(client, Self.rutin + "?asOf=2014-08-07&version=3")
            #expect(inForce == .ok && current.contains("gällande per 2014-08-07"))
        }
    }

    @Test func unknownPlansAndVersionsAre404PagesSayingWhich() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/finns-inte")
            #expect(status == .notFound)
            #expect(html.contains("Det finns ingen plan med nyckeln finns-inte"))
            #expect(html.contains("<code>plan</code>: okänd plan"))
            let (versionStatus, version) = try await page(client, Self.rutin + "?asOf=2024-06-30&version=5")
            #expect(versionStatus == .notFound)
            #expect(version.contains("ingen sådan version") && version.contains("Version 5") && version.contains("den senaste versionen är 4"))
            #expect(version.contains("<code>version</code>"))
            for uri in ["/plan/finns-inte/jamfor?fran=1&till=2", "/plan/finns-inte/uppfoljning", "/plan/finns-inte/malkedja", Self.rutin + "/jamfor?fran=1&till=9"] {
                let (status, html) = try await page(client, uri)
                #expect(status == .notFound, "\(uri)")
                #expect(html.contains("finns-inte") || html.contains("den senaste kända versionen är 4"), "\(uri)")
            }
            let (bad, badHTML) = try await page(client, Self.rutin + "?version=noll")
            #expect(bad == .badRequest && badHTML.contains("version"))
            let (unknown, _) = try await page(client, Self.rutin + "?vad=1")
            #expect(unknown == .badRequest)
        }
    }

    /// Version 2's date was corrected at seq 7 (recorded 2016-02-10T13:00Z): as known before, the change list shows the
    /// date first recorded, 2014-06-14; after, 2014-06-24. Only auditors may ask.
    @Test func knownAtIsForAuditorsAndShowsTheOlderAnswer() async throws {
        try await demoApplication().test(.router) { client in
            let (before, old) = try await page(client, Self.rutin + "?asOf=2024-06-30&knownAt=2016-02-10T12:59:59Z", .auditor)
            #expect(before == .ok)
            #expect(changeRows(old).map { $0[1] } == ["2013-03-12", "2014-06-14", "2014-08-07", "2015-08-14"])
            #expect(old.contains(#"som registret visade den <span class="known-at">2016-02-10T12:59:59Z</span>"#))
            #expect(old.contains(#"<input type="hidden" name="knownAt" value="2016-02-10T12:59:59Z">"#))
            #expect(old.contains(#"jamfor?fran=1&amp;till=2&amp;knownAt=2016-02-10T12:59:59Z"#))
            let (after, new) = try await page(client, Self.rutin + "?asOf=2024-06-30&knownAt=2016-02-10T13:00:00Z", .auditor)
            #expect(after == .ok)
            #expect(changeRows(new).map { $0[1] } == ["2013-03-12", "2014-06-24", "2014-08-07", "2015-08-14"])
            // As known before the correction, version 2 was in force from 2014-06-14: on 2014-06-20 it is shown.
            let (_, early) = try await page(client, Self.rutin + "?asOf=2014-06-20&knownAt=2016-01-01", .auditor)
            #expect(early.contains("<dt>Version</dt><dd>2, "))
            let (_, now) = try await page(client, Self.rutin + "?asOf=2014-06-20", .auditor)
            #expect(now.contains("<dt>Version</dt><dd>1, "))
            // The auditor is offered the form; staff and the public are refused the parameter.
            let (_, auditor) = try await page(client, Self.rutin, .auditor)
            #expect(auditor.contains(#"<label for="knownAt">som registret visade den</label>"#))
            for uri in [Self.rutin + "?knownAt=2016-01-01", Self.rutin + "/jamfor?fran=1&till=2&knownAt=2016-01-01",
                        Self.rutin + "/uppfoljning?knownAt=2016-01-01", Self.rutin + "/malkedja?knownAt=2016-01-01"] {
                let (staff, _) = try await page(client, uri, .staff)
                #expect(staff == .forbidden, "\(uri)")
                let (registrarPage, _) = try await page(client, uri, .registrar)
                #expect(registrarPage == .ok, "\(uri)")
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther, "\(uri)")
            }
        }
    }

    /// The goals of Divisionsplan Service 2022 are held in the order Medarbetare, Ekonomi, Verksamhet; the page shows
    /// them in the seed's order of perspectives, each with its success factor and metrics.
    @Test func goalsByPerspectiveWithSuccessFactorsAndMetrics() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/divisionsplan-service-2022?asOf=2022-06-30")
            #expect(status == .ok)
            let order = ["<h4 id=\"perspektiv-1\">Verksamhet</h4>", "<h4 id=\"perspektiv-2\">Medarbetare</h4>", "<h4 id=\"perspektiv-3\">Ekonomi</h4>"]
            let positions = order.compactMap { html.range(of: $0)?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted())
            #expect(html.contains(#"<span class="goal-label">Mål kompetens:</span> Hållbar kompetensförsörjning"#))
            #expect(html.contains(#"<span class="goal-label">Framgångsfaktor:</span> Hållbar arbetsmiljö"#))
            #expect(html.contains(#"<tr><th scope="row">Sjukfrånvaro <span class="metric-id">(sjukfranvaro)</span></th><td>5,1 %</td><td>Minska</td><td>DÅ04, DÅ08, ÅR</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">Budgetavvikelse <span class="metric-id">(budgetavvikelse)</span></th><td></td><td>0 mnkr</td><td>DÅ04, DÅ08, ÅR</td></tr>"#))
            #expect(html.contains("<dt>Period</dt><dd>2022-01-01 – 2022-12-31</dd>"))
            // After its period the plan is utgången.
            let (_, expired) = try await page(client, "/plan/divisionsplan-service-2022?asOf=2023-01-01")
            #expect(expired.contains("utgången per 2023-01-01"))
        }
    }

    @Test func parentAndChildrenAreLinks() async throws {
        try await demoApplication().test(.router) { client in
            let (_, html) = try await page(client, "/plan/ls-plan-2017?asOf=2017-06-30")
            #expect(html.contains(#"<dt>Överordnad plan</dt><dd><a href="/plan/strategisk-plan-2017?asOf=2017-06-30">Strategisk plan 2017–2019</a></dd>"#))
            #expect(html.contains(#"<li><a href="/plan/anvisning-planering-2017?asOf=2017-06-30">Anvisning planering 2017</a></li><li><a href="/plan/divisionsplan-service-2017?asOf=2017-06-30">Divisionsplan Service 2017</a></li>"#))
            // The division's plan was registered 2016-11-17: the day before, ls-plan-2017 has one child only.
            let (_, before) = try await page(client, "/plan/ls-plan-2017?asOf=2016-11-16")
            #expect(before.contains("anvisning-planering-2017") && !before.contains("divisionsplan-service-2017"))
        }
    }

    /// Seed 004's table for Divisionsplan Service 2022: the April outcomes were reported 2022-05-20.
    @Test func followupsAsSeed004PrintsThem() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/divisionsplan-service-2022/uppfoljning?asOf=2022-05-20")
            #expect(status == .ok)
            #expect(html.contains(#"<th scope="col">Framgångsfaktor</th><th scope="col">Styrmått</th><th scope="col">Mål</th><th scope="col">Uppföljningsperiod</th><th scope="col">Periodens utfall</th><th scope="col">Måluppfyllelse</th>"#))
            #expect(html.contains(#"<tr><td>Hållbar arbetsmiljö</td><th scope="row">Sjukfrånvaro</th><td>Minska</td><td>2022-DÅ04</td><td>6,3 %</td><td class="fulfilment--notMet"><span class="symbol" aria-hidden="true">✘</span> ej uppfyllt</td></tr>"#))
            #expect(html.contains(#"<td>Kostnadseffektiv verksamhet</td><th scope="row">Budgetavvikelse</th><td>0 mnkr</td><td>2022-DÅ04</td><td>-11,1 mnkr</td>"#))
            #expect(html.contains(#"<td>98 %</td><td class="fulfilment--partly"><span class="symbol" aria-hidden="true">◐</span> delvis uppfyllt</td>"#))
            let order = ["<h2 id=\"perspektiv-1\">Verksamhet</h2>", "<h2 id=\"perspektiv-2\">Medarbetare</h2>", "<h2 id=\"perspektiv-3\">Ekonomi</h2>"]
            let positions = order.compactMap { html.range(of: $0)?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted())
            // The day before the reports: the April period has ended, nothing is reported.
            let (_, before) = try await page(client, "/plan/divisionsplan-service-2022/uppfoljning?asOf=2022-05-19")
            #expect(!before.contains("6,3 %") && before.components(separatedBy: "ej rapporterat").count - 1 == 3)
            // The same rows as the API, one period chosen.
            let (_, august) = try await page(client, "/plan/divisionsplan-service-2022/uppfoljning?asOf=2024-06-30&period=2022-DÅ08")
            #expect(!august.contains("<td>2022-DÅ04</td>") && august.components(separatedBy: "<td>2022-DÅ08</td>").count - 1 == 3)
            let api = try await client.execute(uri: "/api/v1/plans/divisionsplan-service-2022/followups?asOf=2024-06-30", method: .get)
            let apiRows = text(api).components(separatedBy: "\"metric\"").count - 1
            let (_, all) = try await page(client, "/plan/divisionsplan-service-2022/uppfoljning?asOf=2024-06-30")
            #expect(apiRows == 9 && all.components(separatedBy: "<th scope=\"row\">").count - 1 == apiRows)
            let (bad, badHTML) = try await page(client, "/plan/divisionsplan-service-2022/uppfoljning?period=2022-Q1")
            #expect(bad == .badRequest && badHTML.contains("period"))
            // A plan without goals has no rows.
            let (_, none) = try await page(client, Self.rutin + "/uppfoljning")
            #expect(none.contains("Inga uppföljningar för planen vid den tidpunkten."))
        }
    }

    @Test func theGoalChainAsANestedList() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/strategisk-plan-2017/malkedja?asOf=2017-06-30")
            #expect(status == .ok)
            let compact = html.replacingOccurrences(of: "\n", with: "")
            #expect(compact.contains(#"<ul class="tree" aria-label="Målkedjan som träd"><li><a href="/plan/strategisk-plan-2017?asOf=2017-06-30">Strategisk plan 2017–2019</a> <span class="chain-kind">(strategisk plan, version 1)</span><ul><li><a href="/plan/ls-plan-2017?asOf=2017-06-30">Landstingsstyrelsens plan 2017–2019</a> <span class="chain-kind">(styrelsens plan, version 1)</span><ul><li><a href="/plan/anvisning-planering-2017?asOf=2017-06-30">Anvisning planering 2017</a> <span class="chain-kind">(anvisning, version 1)</span></li><li><a href="/plan/divisionsplan-service-2017?asOf=2017-06-30">Divisionsplan Service 2017</a> <span class="chain-kind">(divisionsplan, version 2)</span></li></ul></li></ul></li></ul>"#))
            // Before the division's plan had a version (2016-12-20) it is in the chain without one.
            let (_, early) = try await page(client, "/plan/strategisk-plan-2017/malkedja?asOf=2016-12-19")
            #expect(early.contains("(divisionsplan, ingen version ännu)"))
        }
    }

    /// The demo's rutin has no content in any version: comparing two versions says they hold the same.
    @Test func comparingVersionsWithoutContent() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, Self.rutin + "/jamfor?fran=3&till=4")
            #expect(status == .ok)
            #expect(html.contains("Versionerna har samma innehåll."))
            #expect(html.contains(#"<option value="3" selected>3</option>"#))
            // Without versions: the latest against the one before.
            let (_, defaults) = try await page(client, Self.rutin + "/jamfor")
            #expect(defaults.contains("Version 3 jämförd med version 4."))
        }
    }

    /// A plan shaped here: version 1 with text and two goals, version 2 that changes a word, moves a goal to another
    /// perspective, changes a metric's target, removes a goal and adds one; every text holds markup.
    @Test func comparingTwoVersionsGoalByGoalAndMetricByMetric() async throws {
        let ledger = try WritableLedger(seeded: false)
        let hostile = #"<script>alert("x")</script>"#
        let first = """
            {"text":"Regionen ska minska väntetiderna \(hostile.replacingOccurrences(of: "\"", with: "\\\""))",
             "goals":[{"id":"vard","perspective":"Verksamhet","text":"God vård","successFactor":"Tillgänglighet",
                       "metrics":[{"id":"vantetid","name":"Väntetid <b>","target":90,"unit":"%","periods":["ÅR"]}]},
                      {"id":"gammalt","perspective":"Ekonomi","text":"Gammalt mål","metrics":[]}]}
            """
        let second = """
            {"text":"Regionen ska kraftigt minska väntetiderna \(hostile.replacingOccurrences(of: "\"", with: "\\\""))",
             "goals":[{"id":"nytt","perspective":"Samhälle","text":"Nytt mål <i>","metrics":[]},
                      {"id":"vard","perspective":"Medborgare","text":"God vård","successFactor":"Tillgänglighet",
                       "metrics":[{"id":"vantetid","name":"Väntetid <b>","target":95,"unit":"%","periods":["ÅR"]}]}]}
            """
        let files = [ledger.directory.path("v1.json"), ledger.directory.path("v2.json")]
        try Data(first.utf8).write(to: URL(fileURLWithPath: files[0]))
        try Data(second.utf8).write(to: URL(fileURLWithPath: files[1]))
        for arguments in [["register", "p", "--title", "Plan " + hostile, "--kind", "rutin", "--owner", "RS", "--effective", "2024-01-01"],
                          ["revise", "p", "--version", "1", "--change", "Ny <em>", "--approved-by", "RS", "--effective", "2024-01-02", "--content-file", files[0]],
                          ["revise", "p", "--version", "2", "--change", #""><svg onload=alert(1)>"#, "--approved-by", "RS", "--effective", "2024-02-01", "--content-file", files[1]]] {
            let run = try CommandRunner.run(arguments + ["--ledger", ledger.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        try await ledger.application().test(.router) { client in
            let (status, html) = try await page(client, "/plan/p/jamfor?fran=1&till=2")
            #expect(status == .ok)
            #expect(html.contains(#"Regionen ska <ins><span class="diff-label">[tillagt:</span> kraftigt <span class="diff-label">]</span></ins>minska väntetiderna &lt;script&gt;"#))
            // The goal moved from Verksamhet to Medborgare: one goal changed, under Medborgare, saying whence.
            #expect(html.contains(#"<h4>Mål vard: <span class="change change--changed">ändrat</span> <span class="change">(flyttat från perspektivet Verksamhet)</span></h4>"#))
            #expect(html.contains(#"<h4>Mål nytt: <span class="change change--added">tillagt</span></h4>"#))
            #expect(html.contains(#"<h4>Mål gammalt: <span class="change change--removed">borttaget</span></h4>"#))
            #expect(html.contains(#"<del><span class="diff-label">[borttaget:</span> Gammalt mål<span class="diff-label">]</span></del>"#))
            // The metric: its target changed from 90 % to 95 %, the rest as it was.
            #expect(html.contains(#"<tr class="metric--changed"><th scope="row">vantetid</th><td><span class="change change--changed">ändrat</span></td><td>Väntetid &lt;b&gt;</td><td></td><td><del><span class="diff-label">[borttaget:</span> 90 %<span class="diff-label">]</span></del> <ins><span class="diff-label">[tillagt:</span> 95 %<span class="diff-label">]</span></ins></td><td>ÅR</td></tr>"#))
            // Perspectives in the seed's order: Samhälle (the new goal), Medborgare, Ekonomi (the removed goal).
            let order = ["<h3 id=\"perspektiv-1\">Samhälle</h3>", "<h3 id=\"perspektiv-2\">Medborgare</h3>", "<h3 id=\"perspektiv-3\">Ekonomi</h3>"]
            let positions = order.compactMap { html.range(of: $0)?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted())
            #expect(!html.contains("<script") && !html.contains("<svg") && !html.contains("<b>") && !html.contains("<i>"))
            #expect(html.contains("Nytt mål &lt;i&gt;"))
            // The other way round, what was added is removed.
            let (_, back) = try await page(client, "/plan/p/jamfor?fran=2&till=1")
            #expect(back.contains(#"<del><span class="diff-label">[borttaget:</span> kraftigt <span class="diff-label">]</span></del>"#))
            #expect(back.contains("(flyttat från perspektivet Medborgare)"))

            // The plan page and the other pages show the same markup as text.
            for uri in ["/plan/p?asOf=2024-06-30", "/plan/p/uppfoljning?asOf=2024-06-30", "/plan/p/malkedja?asOf=2024-06-30"] {
                let (status, html) = try await page(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(html.contains("Plan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "\(uri)")
                #expect(!html.contains("<script") && !html.contains("<svg") && !html.contains("<em>") && !html.contains("<b>"), "\(uri)")
            }
            let (_, plan) = try await page(client, "/plan/p?asOf=2024-06-30")
            #expect(changeRows(plan).map { $0[2] } == ["Ny &lt;em&gt;", "&quot;&gt;&lt;svg onload=alert(1)&gt;"])
            #expect(plan.contains(#"<p class="plan-text">Regionen ska kraftigt minska väntetiderna &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"#))
        }
    }

    @Test func aKeyIsOnePathSegmentInEveryLink() {
        #expect(WebController.planPath("a/b", "jamfor", [("fran", "1"), ("till", "2")]) == "/plan/a%2Fb/jamfor?fran=1&till=2")
        #expect(WebController.planPath("rs-plan-2023", nil, [("asOf", nil)]) == "/plan/rs-plan-2023")
    }

    @Test func thePrintStylesheetKeepsTheChangeListAndHidesTheForms() async throws {
        try await demoApplication().test(.router) { client in
            let css = text(try await client.execute(uri: "/stil.css", method: .get))
            #expect(css.contains("/* Plan pages"))
            #expect(css.contains("#andringsforteckning th, #andringsforteckning td { border: 1px solid #000000; }"))
            let (_, html) = try await page(client, Self.rutin)
            #expect(html.components(separatedBy: "<form method=\"get\"").count - 1 == html.components(separatedBy: "class=\"filters no-print\"").count - 1)
        }
    }
}
