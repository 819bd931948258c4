import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// Planeringsprocessen: `GET /api/v1/processes(/{process})` answer the CLI's bytes for every role; the pages
/// `/planeringsprocessen` and `/planeringsprocessen/{process}` show states in words and symbols (not colour
/// alone), the timeline as SVG, the tables and the change list, escape hostile texts and answer 404 in Swedish.
@Suite struct ProcessPagesTests {
    @Test func theAPIAnswersTheCLIsJSONForEveryRole() async throws {
        let pairs: [(String, [String])] = [
            ("/api/v1/processes?asOf=2023-05-15", ["processes", "--as-of", "2023-05-15"]),
            ("/api/v1/processes/planeringsprocess-2024?asOf=2023-05-15", ["process", "planeringsprocess-2024", "--as-of", "2023-05-15"]),
            ("/api/v1/processes/planering-2017?asOf=2016-12-01", ["process", "planering-2017", "--as-of", "2016-12-01"]),
        ]
        let expected = try pairs.map { try cli($0.1) }
        try await demoApplication().test(.router) { client in
            for role in Role.allCases where role != .admin {
                for ((uri, _), body) in zip(pairs, expected) {
                    try await client.execute(uri: uri, method: .get, headers: authorization(role)) { response in
                        #expect(response.status == .ok, "\(uri) \(role)")
                        #expect(text(response) == body, "\(uri) \(role)")
                    }
                }
            }
            try await client.execute(uri: "/api/v1/processes/okand", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(text(response).contains(#""field":"process""#) || text(response).contains(#""field" : "process""#) || text(response).contains("no planning process"))
            }
            // knownAt is for auditors, as everywhere.
            try await client.execute(uri: "/api/v1/processes/planeringsprocess-2024?knownAt=40", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/processes/planeringsprocess-2024?asOf=2023-05-15&knownAt=40", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theProcessPageShowsStatesInWordsAndTheTimeline() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/planeringsprocessen/planeringsprocess-2024?asOf=2023-05-15", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(html.contains("<h1>Planerings- och budgetprocess för regionplan 2024</h1>"))
                #expect(html.contains(#"<dd id="pagaende-fas">Beslut om regionplan</dd>"#))
                #expect(html.contains(#"<dd id="nasta-milstolpe">Regionplan och budget beslutas 2023-06-30</dd>"#))
                let milestones = DiaryHTML.rows(html, table: "milstolpe-tabell")
                #expect(milestones.count == 5)
                #expect(milestones.first { $0.contains("Nämndernas återkoppling på PF") }?.contains("<td>9 dagar sen</td>") == true)
                #expect(milestones.first { $0.contains("PF i regionstyrelsen") }?.contains("<td>i tid</td>") == true)
                let phases = DiaryHTML.rows(html, table: "fas-tabell")
                #expect(phases.map { $0.contains("✓</span> klar") } == [true, true, true, false, false, false, false])
                #expect(phases.filter { $0.contains("<strong>pågår</strong>") }.count == 2)
                // The timeline: one band per phase, one mark per milestone, and the as-of line.
                #expect(html.components(separatedBy: "<rect class=\"band band--").count - 1 == 7)
                #expect(html.components(separatedBy: "<polygon class=\"mark mark--").count - 1 == 5)
                #expect(html.contains(#"<line class="today""#) && html.contains("Som det gällde 2023-05-15"))
                #expect(!html.contains("style=") && !html.contains("<script"))
                #expect(DiaryHTML.rows(html, table: "tidplan-andringar").last?.contains("Nämndernas återkoppling flyttad från 18 mars till 16 april") == true)
                #expect(html.contains(#"<a href="/planeringsprocessen" aria-current="page">Planeringsprocessen</a>"#))
            }
            // In October, VP klar is overdue: said in words, with a symbol.
            try await client.execute(uri: "/planeringsprocessen/planeringsprocess-2024?asOf=2023-10-15", method: .get) { response in
                let row = DiaryHTML.rows(text(response), table: "milstolpe-tabell").first { $0.contains("VP klar") } ?? ""
                #expect(row.contains(#"<span aria-hidden="true">⚠</span> <strong class="overdue">försenad</strong>"#), "\(row)")
            }
            try await client.execute(uri: "/planeringsprocessen/planeringsprocess-2024?asOf=2022-01-01", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(text(response).contains("Det finns ingen planeringsprocess"))
            }
            try await client.execute(uri: "/planeringsprocessen?asOf=2023-05-15", method: .get) { response in
                let rows = DiaryHTML.rows(text(response), table: "processer")
                #expect(rows.count == 2)
                #expect(rows.last?.contains(#"<a href="/planeringsprocessen/planeringsprocess-2024?asOf=2023-05-15">"#) == true)
            }
        }
    }

    @Test func hostileTextsAreEscaped() async throws {
        let ledger = try DiaryHTML.ledger([
            #"{"type":"process.planned","effective":"2023-10-01","data":{"process":"x/y","title":"<script>alert(1)</script>","year":2025,"owner":"\"><img src=x onerror=alert(2)>","phases":[{"id":"a","name":"<b>fas</b>","from":"2024-01-01","to":"2024-03-01"}],"milestones":[{"id":"m","name":"</text><script>alert(3)</script>","date":"2024-02-01","phase":"a"}]}}"#,
        ])
        let app = buildApplication(ServiceConfiguration(ledgerPath: ledger.path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                                        accounts: testAccounts))
        try await app.test(.router) { client in
            try await client.execute(uri: "/planeringsprocessen/x%2Fy?asOf=2024-02-15", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<b>fas</b>"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&lt;b&gt;fas&lt;/b&gt;"))
            }
            try await client.execute(uri: "/planeringsprocessen", method: .get) { response in
                #expect(text(response).contains(#"href="/planeringsprocessen/x%2Fy""#))
            }
        }
    }
}
