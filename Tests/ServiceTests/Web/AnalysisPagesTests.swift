import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
@testable import Service
import Testing
import TestSupport

/// Perspective analyses on the plan page and in the version comparison, on the demo ledger and on a ledger shaped
/// here: each analysis shown, and each perspective the rutin's policy (seed 001 §3.4) requires but the version lacks
/// said in words ("Analys saknas") with the policy, never by colour alone.
@Suite struct AnalysisPagesTests {
    func page(_ client: some TestClientProtocol, _ uri: String, _ role: Role = .public) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
        return (response.status, text(response))
    }

    @Test(arguments: [Role.public, .staff, .auditor])
    func theActionPlanShowsItsAnalysisAndTheFourMissing(role: Role) async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/handlingsplan-attraktiv-arbetsgivare-2016?asOf=2024-06-30", role)
            #expect(status == .ok)
            #expect(html.contains(#"<h2 id="perspektivanalyser">Perspektivanalyser</h2>"#))
            #expect(html.contains("<dt>Jämställdhet och jämlikhet</dt><dd>Sjukfrånvaron mäts för kvinnor och män var för sig"))
            #expect(html.components(separatedBy: "<strong>Analys saknas</strong>").count - 1 == 4)
            #expect(html.contains(#"<dt>Miljö</dt><dd class="analysis-missing"><strong>Analys saknas</strong> (krävs av policyn perspektivanalys-handlingsplan, sedan <time datetime="2015-08-14">2015-08-14</time>)</dd>"#))
        }
    }

    @Test func theBoardPlanShowsSeed003sTwoAnalysesAndNothingMissing() async throws {
        try await demoApplication().test(.router) { client in
            let (status, html) = try await page(client, "/plan/rs-plan-2023?asOf=2024-06-30")
            #expect(status == .ok)
            #expect(html.contains("<dt>Barnens rätt</dt><dd>Åtgärden/beslutet är uppenbart för barnets bästa.</dd>"))
            #expect(html.contains("Vid uppföljning av uppdragen ska jämställdhetsperspektivet alltid beaktas."))
            // No policy covers a regionstyrelsens plan: nothing is missing.
            #expect(!html.contains("Analys saknas"))
            // A plan with neither analyses nor a policy has no section at all.
            let (_, rutin) = try await page(client, "/plan/rutin-overgripande-handlingsplan?asOf=2024-06-30")
            #expect(!rutin.contains("perspektivanalyser"))
        }
    }

    @Test func aChangedAnalysisShowsInTheComparison() async throws {
        let t = try TemporaryLedger()
        try t.append(#"""
            {"type":"plan.registered","plan":"hp","effective":"2020-01-01","data":{"title":"Handlingsplan","kind":"övergripande handlingsplan","owner":"RD"}}
            {"type":"plan.revised","plan":"hp","effective":"2020-01-01","data":{"version":1,"change":"Ny","approvedBy":"RD","content":{"analyses":[{"perspective":"environment","concerned":true,"text":"Ökade transporter"},{"perspective":"economy","concerned":true,"text":"Ryms i ram"}]}}}
            {"type":"plan.revised","plan":"hp","effective":"2020-06-01","data":{"version":2,"change":"Miljö","approvedBy":"RD","content":{"analyses":[{"perspective":"environment","concerned":false,"text":"Inga transporter"},{"perspective":"economy","concerned":true,"text":"Ryms i ram"},{"perspective":"child-rights","concerned":true,"text":"Barns bästa"}]}}}
            """#)
        try await demoApplication(path: t.path).test(.router) { client in
            let (status, html) = try await page(client, "/plan/hp/jamfor?fran=1&till=2")
            #expect(status == .ok)
            #expect(html.contains(#"<h2 id="perspektivanalyser">Perspektivanalyser</h2>"#))
            #expect(html.contains(#"<h3>Miljö <span class="change-word">(ändrat)</span></h3>"#))
            #expect(html.contains(#"<del><span class="diff-label">[borttaget:</span> Ökade"#))
            #expect(html.contains(#"<ins><span class="diff-label">[tillagt:</span> Inga"#))
            #expect(html.contains("<ins><span class=\"diff-label\">[tillagt:</span> nej, planen bedöms inte beröras"))
            #expect(html.contains("<h3>Barnens rätt <span"))
            // Economy did not change: not listed.
            #expect(!html.contains("<h3>Ekonomi"))
        }
    }
}
