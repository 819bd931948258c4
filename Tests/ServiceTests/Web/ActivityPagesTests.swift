import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// Aktiviteter (`/aktiviteter`), the activities on the plan page, and `GET /api/v1/activities`, on the demo's action
/// plan for trust-based governance (seed 003): four activities due 2023-12-31; tillit-grundsatser and tillit-malbild
/// done 2023-12-14 (tillit-malbild started 2023-09-15), tillit-samverkan started 2023-09-15, tillit-prioritering
/// never reported.
@Suite struct ActivityPagesTests {
    /// The activity ids of the table's rows (the `(id)` in each row's header), in order.
    static func ids(_ html: String) -> [String] {
        DiaryHTML.rows(html, table: "aktiviteter").compactMap(DiaryHTML.rowHeader).compactMap { header in
            header.firstMatch(of: /\(([^)]+)\)<\/span>$/).map { String($0.1) }
        }
    }

    static func overdue(_ html: String) -> [String] {
        DiaryHTML.rows(html, table: "aktiviteter").filter { $0.contains("class=\"row--overdue\"") }.compactMap(DiaryHTML.rowHeader)
            .compactMap { $0.firstMatch(of: /\(([^)]+)\)<\/span>$/).map { String($0.1) } }
    }

    @Test func overdueOnBothSidesOfTheDueDate() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/aktiviteter?asOf=2023-12-31", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(Self.ids(html) == ["tillit-grundsatser", "tillit-malbild", "tillit-prioritering", "tillit-samverkan"])
                #expect(Self.overdue(html) == [])
                #expect(html.contains("<caption>Aktiviteter den 2023-12-31: 4 aktiviteter</caption>"))
                #expect(html.contains(#"<td class="status"><span aria-hidden="true">●</span> genomförd (rapporterad 2023-12-14)</td>"#))
                #expect(html.contains(#"<td class="status"><span aria-hidden="true">○</span> ej rapporterad</td>"#))
            }
            try await client.execute(uri: "/aktiviteter?asOf=2024-01-01", method: .get) { response in
                let html = text(response)
                #expect(Self.overdue(html) == ["tillit-prioritering", "tillit-samverkan"])
                #expect(html.contains(#"<td class="date">2023-12-31 <strong class="overdue"><span aria-hidden="true">⚠</span> försenad</strong></td><th scope="row">Förbättra intern och extern samverkan <span class="metric-id">(tillit-samverkan)</span></th><td class="status"><span aria-hidden="true">◐</span> påbörjad (rapporterad 2023-09-15)</td>"#))
                #expect(html.contains(#"<a href="/plan/handlingsplan-tillit-2023?asOf=2024-01-01">Handlingsplan tillitsbaserad styrning och ledning</a>"#))
            }
            try await client.execute(uri: "/aktiviteter?asOf=2024-01-01&forsenade=1&plan=handlingsplan-tillit-2023", method: .get) { response in
                let html = text(response)
                #expect(Self.ids(html) == ["tillit-prioritering", "tillit-samverkan"])
                #expect(html.contains(#"<input id="forsenade" name="forsenade" type="checkbox" value="1" checked>"#))
            }
            // Before the plan's version 1 (2023-06-28) there are no activities.
            try await client.execute(uri: "/aktiviteter?asOf=2023-06-27", method: .get) { response in
                #expect(text(response).contains(#"<p id="aktiviteter-tomt">Inga aktiviteter.</p>"#))
            }
        }
    }

    @Test func badFieldsAreShownAtTheField() async throws {
        try await demoApplication().test(.router) { client in
            for (uri, field, status) in [("/aktiviteter?asOf=2023-02-29", "asOf", HTTPResponse.Status.badRequest),
                                         ("/aktiviteter?forsenade=ja", "forsenade", .badRequest), ("/aktiviteter?plan=finns-inte", "plan", .notFound)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let html = text(response)
                    #expect(html.contains(#"<p class="field-error" id="\#(field)-error">"#), "\(uri)")
                    #expect(!html.contains(#"<table id="aktiviteter">"#), "\(uri)")
                }
            }
        }
    }

    /// Every role reads the same activities (they hold nothing secret), and the page, the API and the CLI agree.
    @Test func theAPIThePageAndTheCLIAgreeForEveryRole() async throws {
        let query = "asOf=2024-01-15"
        let expected = try cli(["activities", "--as-of", "2024-01-15"])
        try await demoApplication().test(.router) { client in
            for role in [Role.public, .staff, .registrar, .auditor] {
                try await client.execute(uri: "/api/v1/activities?\(query)", method: .get, headers: authorization(role)) { response in
                    #expect(response.status == .ok, "\(role)")
                    #expect(text(response) == expected, "\(role)")
                }
                try await client.execute(uri: "/aktiviteter?\(query)", method: .get, headers: authorization(role)) { response in
                    #expect(Self.overdue(text(response)) == ["tillit-prioritering", "tillit-samverkan"], "\(role)")
                }
            }
            let overdue = try await client.execute(uri: "/api/v1/activities?\(query)&overdue=true&plan=handlingsplan-tillit-2023", method: .get)
            guard case .array(let rows) = try JSONParser.parse(text(overdue)) else { Issue.record("not an array"); return }
            #expect(rows.compactMap { row -> String? in
                guard case .object(let o) = row, case .string(let id)? = o["activity"] else { return nil }
                return id
            } == ["tillit-prioritering", "tillit-samverkan"])
            let missing = try await client.execute(uri: "/api/v1/activities?plan=finns-inte", method: .get)
            #expect(missing.status == .notFound)
            let unknown = try await client.execute(uri: "/api/v1/activities?overdu=true", method: .get)
            #expect(unknown.status == .badRequest)
        }
    }

    /// The plan page lists each goal's activities with målgrupp, tidsplan, ansvarig, kontaktperson and the status as
    /// of the date, an overdue one marked by word and symbol.
    @Test func thePlanPageShowsTheGoalsActivities() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/plan/handlingsplan-tillit-2023?asOf=2024-01-15", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(html.contains("<caption>Aktiviteter för målet tillit</caption>"))
                #expect(html.contains(#"<tr class="row--overdue"><th scope="row">Förbättra intern och extern samverkan <span class="metric-id">(tillit-samverkan)</span></th><td>Chefer och medarbetare</td><td class="date">2023-07-01 – 2023-12-31</td><td></td><td>Regiondirektören</td><td>Samordningskansliet</td><td class="status">påbörjad (2023-09-15) <strong class="overdue"><span aria-hidden="true">⚠</span> försenad</strong></td></tr>"#))
                #expect(html.contains(#"<tr><th scope="row">Omarbeta grundsatserna och formerna för styrning och ledning <span class="metric-id">(tillit-grundsatser)</span></th>"#))
            }
            // A plan without activities has no such table.
            try await client.execute(uri: "/plan/rs-plan-2023?asOf=2024-01-15", method: .get) { response in
                #expect(!text(response).contains("Aktiviteter för målet"))
            }
        }
    }

    @Test func theMenuLinksToTheActivities() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(text(response).contains(#"href="/aktiviteter""#))
            }
        }
    }
}
