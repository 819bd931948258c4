import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// The rows of the table with `id`, each row's cells as text (tags removed), header rows left out.
func tableRows(_ html: String, id: String) -> [[String]] {
    guard let start = html.range(of: "<table id=\"\(id)\">"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex),
          let body = html[start.upperBound..<end.lowerBound].range(of: "<tbody>") else { return [] }
    let rows = html[body.upperBound..<end.lowerBound].matches(of: /<tr>(.*?)<\/tr>/.dotMatchesNewlines())
    return rows.map { row in
        row.1.matches(of: /<td[^>]*>(.*?)<\/td>/.dotMatchesNewlines()).map { String($0.1).replacing(/<[^>]*>/, with: "") }
    }
}

/// Granskning, the auditors' pages: the API's answers (audit, verify, proofs, history, account log) in Swedish, for
/// registrars and auditors only.
@Suite struct AuditPagesTests {
    /// Every page × every role: the public is sent to sign in and back, staff and admin get the 403 page, registrars
    /// and auditors the page.
    @Test func everyRoleGetsItsStatus() async throws {
        let uris = [
            "/granskning", "/granskning?asOf=2024-06-30&lateAfter=3", "/granskning/verifiering", "/granskning/bevis",
            "/granskning/bevis?seq=3", "/granskning/bevis/3.json", "/granskning/bevis?fran=63&till=64",
            "/granskning/konsistens.json?fran=63", "/granskning/historik?plan=rs-plan-2023", "/granskning/konton",
        ]
        try await demoApplication(path: proven.path).test(.router) { client in
            for uri in uris {
                for role in Role.allCases {
                    let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
                    switch role {
                    case .public:
                        #expect(response.status == .seeOther, "\(uri)")
                        #expect(response.headers[.location]?.hasPrefix("/logga-in?next=/granskning") == true, "\(uri)")
                    case .staff, .admin:
                        #expect(response.status == .forbidden, "\(uri) as \(role)")
                        #expect(text(response).contains("Du har inte behörighet"), "\(uri) as \(role)")
                        #expect(!text(response).contains("RS/55/2023") && !text(response).contains("\"leafIndex\""), "\(uri) as \(role)")
                    case .registrar, .auditor:
                        #expect(response.status == .ok, "\(uri) as \(role): \(text(response).prefix(300))")
                    }
                }
            }
            // The address comes back after signing in, query and all.
            let response = try await client.execute(uri: "/granskning/bevis?seq=3", method: .get)
            #expect(response.headers[.location] == "/logga-in?next=/granskning/bevis?seq%3D3")
        }
    }

    /// A signed-in auditor (a real session, not a bearer token) reaches Granskning from the menu.
    @Test func aSessionReachesTheAuditFromTheMenu() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            let signedIn = try await client.execute(uri: "/logga-in", method: .post, headers: formType,
                                                    body: form([("name", "bo"), ("password", AccountsLedger.passwords["bo"]!)]))
            let session: HTTPFields = [.cookie: "planledger_session=\(sessionCookie(signedIn) ?? "")"]
            let start = try await client.execute(uri: "/", method: .get, headers: session)
            #expect(text(start).contains(#"<a href="/granskning">Granskning</a>"#))
            let audit = try await client.execute(uri: "/granskning", method: .get, headers: session)
            #expect(audit.status == .ok)
            #expect(text(audit).contains(#"<a href="/granskning" aria-current="page">Översikt</a>"#))
        }
    }

    /// The demo's audit on 2024-06-30 (19 findings, as `planledger audit --as-of 2024-06-30` lists them), in Swedish;
    /// both sides of `lateAfter` (RS/55/2023 was registered 22 days late) and of `knownAt` (the rutin's version 2,
    /// recorded at seq 3 without an approver).
    @Test func theOverviewShowsTheAuditInSwedish() async throws {
        try await demoApplication().test(.router) { client in
            let html = text(try await client.execute(uri: "/granskning?asOf=2024-06-30", method: .get, headers: authorization(.auditor)))
            let rows = tableRows(html, id: "iakttagelser-tabell")
            #expect(rows.count == 19)
            #expect(rows.first == ["version utan beslutsfattare", "rutin-overgripande-handlingsplan", "", "2",
                                   "version 1 av rutin-overgripande-handlingsplan (2013-03-12, &quot;Nyutgåva&quot;) saknar beslutsfattare (Beslutat av)"])
            #expect(rows.contains(["sen registrering", "", "RS/55/2023", "46",
                                   "RS/55/2023 daterad 2023-01-10 registrerades 2023-02-01, 22 dagar senare (mer än 7; OSL 5:1 kräver registrering utan dröjsmål)"]))
            #expect(rows.filter { $0[0] == "uppföljning saknas" }.count == 6)
            #expect(rows.filter { $0[0] == "försenat uppdrag" }.count == 4)
            #expect(html.contains(#"<a href="/granskning/bevis?seq=46">46</a>"#))
            #expect(html.contains(#"<a href="/plan/rs-plan-2023?asOf=2024-06-30">rs-plan-2023</a>"#))
            // The head and, on the demo, no checkpoint yet.
            #expect(html.contains("<dt>Seq</dt><dd>63</dd>"))
            #expect(html.contains("04da329245cc7202b14ec95d1720f4459ab109dd5425d073b88609f5045f7455"))
            #expect(html.contains(#"<p id="ingen-kontrollpunkt">Ingen kontrollpunkt ännu."#))
            for (lateAfter, late) in [(21, true), (22, false)] {
                let page = text(try await client.execute(uri: "/granskning?asOf=2024-06-30&lateAfter=\(lateAfter)", method: .get, headers: authorization(.registrar)))
                #expect(page.contains("sen registrering") == late, "lateAfter=\(lateAfter)")
                #expect(page.contains(#"name="lateAfter" type="number" min="0" value="\#(lateAfter)""#))
            }
            for (knownAt, findings) in [(2, 1), (3, 2)] {
                let page = text(try await client.execute(uri: "/granskning?asOf=2024-06-30&knownAt=\(knownAt)", method: .get, headers: authorization(.auditor)))
                #expect(tableRows(page, id: "iakttagelser-tabell").filter { $0[0] == "version utan beslutsfattare" }.count == findings, "knownAt=\(knownAt)")
                #expect(page.contains("som registret visade vid \(knownAt)</caption>"))
            }
            // Before anything was in force there is nothing to find.
            let early = text(try await client.execute(uri: "/granskning?asOf=2010-01-01", method: .get, headers: authorization(.auditor)))
            #expect(early.contains("Inga iakttagelser per 2010-01-01"))
            // A GET form's empty fields are left out of the citable address.
            let empty = try await client.execute(uri: "/granskning?asOf=2024-06-30&knownAt=&grace=60", method: .get, headers: authorization(.auditor))
            #expect(empty.status == .seeOther)
            #expect(empty.headers[.location] == "/granskning?asOf=2024-06-30&grace=60")
            // A bad parameter is a Swedish page naming it.
            let bad = try await client.execute(uri: "/granskning?grace=-1", method: .get, headers: authorization(.auditor))
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
            #expect(text(bad).contains("grace"))
        }
    }

    /// Markup in what a finding quotes (a version's change) is shown as text.
    @Test func markupInAFindingIsEscaped() async throws {
        let ledger = try WritableLedger(seeded: false)
        let hostile = #"<script>alert("x")</script>"#
        for args in [["register", "elak", "--title", "<b>Elak</b>", "--kind", "rutin", "--owner", "RS", "--effective", "2024-01-01"],
                     ["revise", "elak", "--version", "1", "--change", hostile, "--effective", "2024-01-02"]] {
            let result = try CommandRunner.run(args + ["--ledger", ledger.path], environment: pinned)
            #expect(result.status == 0, "\(result.stderr)")
        }
        try await ledger.application().test(.router) { client in
            let html = text(try await client.execute(uri: "/granskning?asOf=2024-06-30", method: .get, headers: authorization(.auditor)))
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(!html.contains("<script"))
            let history = text(try await client.execute(uri: "/granskning/historik?plan=elak", method: .get, headers: authorization(.auditor)))
            #expect(tableRows(history, id: "historik").count == 2)
        }
    }

    /// The verify page runs `verify` on the request and says the result in words and symbol.
    @Test func verifyIsRunAndSaidInSwedish() async throws {
        try await demoApplication().test(.router) { client in
            let response = try await client.execute(uri: "/granskning/verifiering", method: .get, headers: authorization(.auditor))
            let html = text(response)
            #expect(response.status == .ok)
            #expect(html.contains(#"<p class="verdict verdict--ok" id="utfall"><span aria-hidden="true">✓</span> Kedjan håller</p>"#))
            #expect(html.contains("<dt>Kontrollerade händelser</dt><dd>63</dd>"))
            #expect(html.contains("Seq 63, <code class=\"hash\">04da329245cc7202b14ec95d1720f4459ab109dd5425d073b88609f5045f7455</code>"))
            #expect(html.contains("läser hela registret varje gång"))
            #expect(!html.contains("forsta-fel"))
        }
        // The account log is checked too.
        let accounts = try AccountsLedger()
        try await accounts.application().test(.router) { client in
            let html = text(try await client.execute(uri: "/granskning/verifiering", method: .get, headers: accounts.bearer("anna")))
            #expect(html.contains("Kontologgen håller ("))
        }
        // A damaged file: the verdict is "Fel hittat", at the first bad seq `planledger verify` names, with its reason.
        let directory = try TemporaryDirectory()
        let path = try damagedDemoCopy(in: directory)
        let cliVerify = try CommandRunner.run(["verify", "--ledger", path, "--format", "json"], environment: pinned)
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(cliVerify.stdout.utf8)) as? [String: Any])
        let firstBad = try #require(verdict["firstBad"] as? [String: Any])
        let badSeq = try #require(firstBad["seq"] as? Int)
        let reason = try #require(firstBad["reason"] as? String)
        try await demoApplication(path: path).test(.router) { client in
            let response = try await client.execute(uri: "/granskning/verifiering", method: .get, headers: authorization(.auditor))
            let html = text(response)
            #expect(response.status == .ok)
            #expect(html.contains(#"<span aria-hidden="true">✗</span> Fel hittat"#))
            #expect(html.contains(badSeq == 0 ? #"<dd id="forsta-fel">Filen som helhet (seq 0)</dd>"# : #"<dd id="forsta-fel">\#(badSeq)</dd>"#))
            #expect(html.contains(reason.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")))
        }
    }

    /// The inclusion proof of a seq against the latest checkpoint, shown and downloadable: the download is the API's
    /// answer byte for byte, and `verify-proof` accepts it.
    @Test func theProofIsShownAndItsDownloadIsTheAPIs() async throws {
        let head = try #require(Int(proven.second.split(separator: "\n")[1]))
        try await demoApplication(path: proven.path).test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/proofs/inclusion/3", method: .get, headers: authorization(.auditor))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes(api))) as? [String: Any])
            let path = try #require(document["proof"] as? [String])
            #expect(!path.isEmpty)

            let page = try await client.execute(uri: "/granskning/bevis?seq=3", method: .get, headers: authorization(.auditor))
            let html = text(page)
            #expect(page.status == .ok)
            #expect(html.contains("<dt>Lövets index</dt><dd>2</dd>"))
            #expect(html.contains("<dt>Trädets storlek</dt><dd>\(head)</dd>"))
            #expect(html.contains("<dt>Antal händelser</dt><dd>\(head)</dd>"))
            for (step, hash) in path.enumerated() {
                #expect(html.contains(#"<tr><td class="num">\#(step + 1)</td><td><code class="hash">\#(hash)</code></td></tr>"#))
            }
            #expect(html.contains(#"<a class="button" href="/granskning/bevis/3.json" download>"#))
            #expect(html.contains("planledger verify-proof planledger-bevis-3.json --vkey &lt;namn+id+nyckel&gt;"))

            let download = try await client.execute(uri: "/granskning/bevis/3.json", method: .get, headers: authorization(.registrar))
            #expect(download.status == .ok)
            #expect(bytes(download) == bytes(api))
            #expect(download.headers[.contentType] == "application/json")
            #expect(download.headers[.contentDisposition] == #"attachment; filename="planledger-bevis-3.json""#)
            let file = proven.directory.path("bevis-\(UUID().uuidString).json")
            try Data(bytes(download)).write(to: URL(fileURLWithPath: file))
            let checked = try CommandRunner.run(["verify-proof", file, "--vkey", proven.vkey])
            #expect(checked.status == 0, "\(checked.stdout) \(checked.stderr)")

            // The last event of the checkpoint is provable; the first and last of the tree on both sides.
            let last = try await client.execute(uri: "/granskning/bevis/\(head).json", method: .get, headers: authorization(.auditor))
            let lastAPI = try await client.execute(uri: "/api/v1/proofs/inclusion/\(head)", method: .get, headers: authorization(.auditor))
            #expect(bytes(last) == bytes(lastAPI))
            // A bad seq in the download's address is the API's 400 naming seq, as a page.
            for bad in ["0", "x", String(head + 1)] {
                let refused = try await client.execute(uri: "/granskning/bevis/\(bad).json", method: .get, headers: authorization(.auditor))
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.headers[.contentType] == "text/html; charset=utf-8")
                #expect(text(refused).contains("seq"))
            }
        }
    }

    /// A bad seq is named at its field, with the error summary, and no proof is shown.
    @Test func aBadSeqIsNamedAtTheField() async throws {
        let head = try #require(Int(proven.second.split(separator: "\n")[1]))
        try await demoApplication(path: proven.path).test(.router) { client in
            let cases = [
                ("0", "Ange händelsens seq som ett heltal, 1 eller mer; ”0” är inget sådant."),
                ("tre", "Ange händelsens seq som ett heltal, 1 eller mer; ”tre” är inget sådant."),
                ("%3Cb%3E", "Ange händelsens seq som ett heltal, 1 eller mer; ”&lt;b&gt;” är inget sådant."),
                ("", "Ange händelsens seq."),
                (String(head + 1), "Det finns ingen händelse med seq \(head + 1): registrets senaste händelse är seq \(head)."),
            ]
            for (given, message) in cases {
                let response = try await client.execute(uri: "/granskning/bevis?seq=\(given)", method: .get, headers: authorization(.auditor))
                let html = text(response)
                #expect(response.status == .badRequest, "\(given)")
                #expect(html.contains(#"<p class="field-error" id="seq-error">\#(message)</p>"#), "\(given): \(html)")
                #expect(html.contains(#"aria-describedby="seq-hint seq-error" aria-invalid="true""#), "\(given)")
                #expect(html.contains(#"<div class="error-summary" role="alert">"#) && html.contains("<li><a href=\"#seq\">\(message)</a></li>"))
                #expect(!html.contains("Lövets index"), "\(given)")
            }
        }
        // An event recorded after the latest checkpoint cannot be proved yet.
        let directory = try TemporaryDirectory()
        let path = directory.path("later.sqlite")
        try FileManager.default.copyItem(atPath: proven.path, toPath: path)
        let appended = try CommandRunner.run(["append", "-", "--ledger", path], stdin: Data(#"{"type":"decision.recorded","effective":"2024-06-02","data":{"dnr":"RS/901/2024","body":"Regionstyrelsen","subject":"Senare","text":"Efter kontrollpunkten"}}"#.utf8), environment: pinned)
        #expect(appended.status == 0, "\(appended.stderr)")
        try await demoApplication(path: path).test(.router) { client in
            let response = try await client.execute(uri: "/granskning/bevis?seq=\(head + 1)", method: .get, headers: authorization(.auditor))
            #expect(response.status == .badRequest)
            #expect(text(response).contains("Händelse \(head + 1) registrerades efter den senaste kontrollpunkten (storlek \(head))"))
            let proved = try await client.execute(uri: "/granskning/bevis?seq=\(head)", method: .get, headers: authorization(.auditor))
            #expect(proved.status == .ok)
        }
    }

    /// Without a checkpoint the page says so and how one is made; the download is a 404 page.
    @Test func noCheckpointIsSaid() async throws {
        try await demoApplication().test(.router) { client in
            let page = try await client.execute(uri: "/granskning/bevis?seq=3", method: .get, headers: authorization(.auditor))
            #expect(page.status == .ok)
            #expect(text(page).contains("Ingen kontrollpunkt ännu. En registrator gör en med planledger checkpoint"))
            #expect(!text(page).contains(#"id="seq""#))
            let download = try await client.execute(uri: "/granskning/bevis/3.json", method: .get, headers: authorization(.auditor))
            #expect(download.status == .notFound)
        }
    }

    /// The consistency proof between two stored checkpoints: shown, and its download is the API's answer for the same
    /// two notes; sizes out of order or not stored are named at their field.
    @Test func theConsistencyProofIsTheAPIs() async throws {
        let oldSize = try #require(Int(proven.first.split(separator: "\n")[1]))
        let newSize = try #require(Int(proven.second.split(separator: "\n")[1]))
        #expect(oldSize == 63 && newSize == 64)
        try await demoApplication(path: proven.path).test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/proofs/consistency?old=\(queryValue(proven.first))", method: .get, headers: authorization(.auditor))
            #expect(api.status == .ok)
            let page = try await client.execute(uri: "/granskning/bevis?fran=63&till=64", method: .get, headers: authorization(.auditor))
            let html = text(page)
            #expect(page.status == .ok)
            #expect(html.contains("<dt>Tidigare storlek</dt><dd>63</dd>") && html.contains("<dt>Senare storlek</dt><dd>64</dd>"))
            #expect(html.contains(#"<option value="63" selected>"#))
            let download = try await client.execute(uri: "/granskning/konsistens.json?fran=63&till=64", method: .get, headers: authorization(.auditor))
            #expect(bytes(download) == bytes(api))
            #expect(download.headers[.contentDisposition] == #"attachment; filename="planledger-konsistens-63-64.json""#)
            let file = proven.directory.path("konsistens-\(UUID().uuidString).json")
            try Data(bytes(download)).write(to: URL(fileURLWithPath: file))
            #expect(try CommandRunner.run(["verify-proof", file, "--vkey", proven.vkey]).status == 0)

            let reversed = try await client.execute(uri: "/granskning/bevis?fran=64&till=63", method: .get, headers: authorization(.auditor))
            #expect(reversed.status == .badRequest)
            #expect(text(reversed).contains(#"<p class="field-error" id="fran-error">Den tidigare kontrollpunkten får inte vara större än den senare.</p>"#))
            let missing = try await client.execute(uri: "/granskning/bevis?fran=7", method: .get, headers: authorization(.auditor))
            #expect(missing.status == .badRequest)
            #expect(text(missing).contains("Registret har ingen sparad kontrollpunkt med storlek 7."))
        }
    }

    /// A plan's history for auditors: every event with seq, recorded, effective, type and actor, as
    /// `planledger history` lists them; `knownAt` on both sides; an unknown or bad key at the field.
    @Test func theHistoryOfAPlan() async throws {
        try await demoApplication().test(.router) { client in
            let html = text(try await client.execute(uri: "/granskning/historik?plan=rs-plan-2023", method: .get, headers: authorization(.auditor)))
            let rows = tableRows(html, id: "historik")
            #expect(rows.map { $0[0] } == ["37", "38", "39", "40", "41", "42", "43"])
            #expect(rows[0] == ["37", "2022-12-14T08:30:00.000Z", "2022-11-01", "plan.registered", "registrator:cd",
                                "fcc2ccf8ab54b91a2ea5d906be196260b3e02e68030007705bd5cc1f81bdfc89"])
            #expect(html.contains(#"<a href="/granskning/bevis?seq=37">37</a>"#))
            for (knownAt, count) in [(38, 2), (39, 3)] {
                let page = text(try await client.execute(uri: "/granskning/historik?plan=rs-plan-2023&knownAt=\(knownAt)", method: .get, headers: authorization(.auditor)))
                #expect(tableRows(page, id: "historik").count == count, "knownAt=\(knownAt)")
            }
            let unknown = try await client.execute(uri: "/granskning/historik?plan=rs-plan-2099", method: .get, headers: authorization(.auditor))
            #expect(unknown.status == .notFound)
            #expect(text(unknown).contains(#"<p class="field-error" id="plan-error">Ingen händelse i registret nämner planen ”rs-plan-2099”.</p>"#))
            let bad = try await client.execute(uri: "/granskning/historik?plan=a%20%3Cb%3E", method: .get, headers: authorization(.auditor))
            #expect(bad.status == .badRequest)
            #expect(text(bad).contains(#"id="plan-error""#) && text(bad).contains(#"value="a &lt;b&gt;""#))
            let form = try await client.execute(uri: "/granskning/historik", method: .get, headers: authorization(.auditor))
            #expect(form.status == .ok && !text(form).contains("<table"))
        }
    }

    /// The account log: who was given which role, by whom and when, in seq order.
    @Test func theAccountLog() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            let html = text(try await client.execute(uri: "/granskning/konton", method: .get, headers: ledger.bearer("bo")))
            let rows = tableRows(html, id: "kontologg")
            #expect(rows.count >= 4)
            #expect(rows.map { $0[0] } == (1...rows.count).map(String.init))
            #expect(rows.contains { $0[2] == "admin:test" && $0[4] == "anna" && $0[5] == "registrator" })
            #expect(rows.contains { $0[4] == "bo" && $0[5] == "revisor" })
        }
    }
}
