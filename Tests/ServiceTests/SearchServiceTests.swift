import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// Search through the CLI, the API and the web page, on `PersonalDataLedger` (a private individual's entry, one
/// marked later by a correction, one classified later): the public (and staff) never find a name or a secret title,
/// whichever words they try; the auditor finds them.
@Suite struct SearchServiceTests {
    /// The words of what the public may never read, each searched for.
    static let probes = ["Karlsson", "Persson", "Lisa Berg", "missförhållande", "anmälan"]

    @Test func cliPublicNeverFindsAMaskedText() throws {
        let l = try PersonalDataLedger()
        for probe in Self.probes {
            let json = try l.cli(["search", probe, "--public", "--as-of", "2024-01-01", "--format", "json"])
            #expect(json == "[]\n", "\(probe): \(json)")
            for known in ["2", "3"] {
                let earlier = try l.cli(["search", probe, "--public", "--as-of", "2024-01-01", "--known-at", known, "--format", "json"])
                for secret in PersonalDataLedger.hidden { #expect(!earlier.contains(secret), "\(probe) known at \(known): \(earlier)") }
            }
        }
        // Without --public the registrar's answer has them; a title of a personal-data entry stays public.
        #expect(try l.cli(["search", "Karlsson", "--as-of", "2024-01-01", "--format", "json"]).contains("Ansökan om färdtjänst"))
        #expect(try l.cli(["search", "färdtjänst", "--public", "--as-of", "2024-01-01", "--format", "json"]).contains("«färdtjänst»"))
    }

    @Test func cliRefusesHostileQueries() throws {
        let l = try PersonalDataLedger()
        for (query, reason) in [("!!! ...", "holds no letters or digits"), (String(repeating: "x", count: 10_000), "is 10000 characters long"),
                                ("i EU", "shorter than 3 characters")] {
            let r = try CommandRunner.run(["search", query, "--ledger", l.path])
            #expect(r.status == 64, "\(query.prefix(20))")
            #expect(r.stderr.contains("QUERY: ") && r.stderr.contains(reason), "\(r.stderr)")
        }
        let r = try CommandRunner.run(["search", "färdtjänst", "--limit", "101", "--ledger", l.path])
        #expect(r.status == 64 && r.stderr.contains("--limit: expected 1 to 100, got 101"))
    }

    @Test func apiMasksForPublicAndStaffAndNamesQ() async throws {
        let l = try PersonalDataLedger()
        try await l.application().test(.router) { client in
            for role in [Role.public, .staff] {
                for probe in Self.probes {
                    let q = probe.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let response = try await client.execute(uri: "/api/v1/search?q=\(q)&asOf=2024-01-01", method: .get, headers: authorization(role))
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "[]\n", "\(role) \(probe)")
                }
            }
            // 10,000 characters: the server's own limit on a request line answers first (414), never a scan.
            let long = try await client.execute(uri: "/api/v1/search?q=" + String(repeating: "a", count: 10_000), method: .get, headers: [:])
            #expect(long.status == .badRequest || long.status == .uriTooLong)
            let auditor = try await client.execute(uri: "/api/v1/search?q=Berg&asOf=2024-01-01", method: .get, headers: authorization(.auditor))
            #expect(String(buffer: auditor.body).contains("\"key\": \"RS/3/2023\""))
            for uri in ["/api/v1/search?q=%21%21%21", "/api/v1/search", "/api/v1/search?q=" + String(repeating: "a", count: 201),
                        "/api/v1/search?q=abc&limit=0", "/api/v1/search?q=abc&offset=1001", "/api/v1/search?q=abc&qq=1"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [:])
                #expect(response.status == .badRequest, "\(uri.prefix(40))")
                let body = String(buffer: response.body)
                #expect(body.contains("\"field\": \"q\"") || body.contains("\"field\": \"limit\"") || body.contains("\"field\": \"offset\"")
                        || body.contains("\"field\": \"qq\""), "\(body)")
            }
        }
    }

    /// The page: kinds in Swedish, the match in <mark> after escaping (a title holding markup stays text), the refusal at
    /// the field with 400, and the masked entries absent for the public.
    @Test func webPageMarksEscapedMatches() async throws {
        let l = try PersonalDataLedger()
        let line = #"{"type":"diary.registered","effective":"2023-06-01","data":{"dnr":"RS/9/2023","title":"Om <b>färdtjänst</b> & taxi","direction":"in","counterpart":"Region"}}"#
        let r = try CommandRunner.run(["append", "-", "--ledger", l.path], stdin: Data(line.utf8), environment: ["PLANLEDGER_ACTOR": "registrator:kim"])
        #expect(r.status == 0, "\(r.stderr)")
        try await l.application().test(.router) { client in
            let page = try await client.execute(uri: "/sok?q=f%C3%A4rdtj%C3%A4nst&asOf=2024-01-01", method: .get, headers: [:])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("Om &lt;b&gt;<mark>färdtjänst</mark>&lt;/b&gt; &amp; taxi"), "\(html)")
            #expect(html.contains("<span class=\"search-hit__kind\">diariepost</span>"))
            #expect(html.contains("/diarium?vecka=2023-W22"))
            for secret in PersonalDataLedger.hidden { #expect(!html.contains(secret)) }
            let hidden = try await client.execute(uri: "/sok?q=missf%C3%B6rh%C3%A5llande&asOf=2024-01-01", method: .get, headers: [:])
            #expect(String(buffer: hidden.body).contains("id=\"inga-traffar\""))
            let refused = try await client.execute(uri: "/sok?q=%2A%2A%2A", method: .get, headers: [:])
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("aria-invalid=\"true\""))
        }
    }
}
