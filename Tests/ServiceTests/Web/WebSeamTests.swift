import Catalogue
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// The shipped templates, read from the source tree (the same files the bundle copies).
enum ShippedTemplates {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Service/Resources/web/templates")

    /// [name: text] of every `.mustache` file.
    static func all() throws -> [String: String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        return Dictionary(uniqueKeysWithValues: try files.map {
            (String($0.dropLast(".mustache".count)), try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        })
    }

    /// The text a person reads in `template` outside tags and Mustache tags (element content and the attributes that
    /// are read aloud or shown).
    static func prose(_ template: String) -> [String] {
        var withoutMustache = template.replacing(/\{\{[^}]*\}\}/, with: " ")
        var found: [String] = []
        for match in withoutMustache.matches(of: /(?:aria-label|title|alt|placeholder|value)="([^"]*)"/) { found.append(String(match.1)) }
        withoutMustache = withoutMustache.replacing(/<!--.*?-->/.dotMatchesNewlines(), with: " ")
        withoutMustache = withoutMustache.replacing(/<[^>]*>/, with: " ")
        found += withoutMustache.split(whereSeparator: \.isNewline).map(String.init)
        return found.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains { $0.isLetter } }
    }
}

/// The seam every page is built on: templates that escape by construction and take their words from the catalogue,
/// the headers every answer carries, sign-in and sign-out from a form, and errors as pages.
@Suite struct WebSeamTests {
    @Test func templatesEscapeByConstructionAndTakeTheirWordsFromTheCatalogue() throws {
        let templates = try ShippedTemplates.all()
        #expect(templates["layout"] != nil && templates.count > 3)
        for (name, text) in templates {
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name): unescaped output")
            #expect(ShippedTemplates.prose(text).isEmpty, "\(name): words not from WebTexts: \(ShippedTemplates.prose(text))")
            let texts = WebTexts.common.merging(WebTexts.pages[name] ?? [:]) { $1 }
            if name != "layout" { #expect(WebTexts.pages[name] != nil, "\(name) has no entry in WebTexts.pages") }
            for match in text.matches(of: /\{\{[#^\/]?\s*t\.([A-Za-z0-9_]+)\s*\}\}/) {
                #expect(texts[String(match.1)] != nil, "\(name): no text \(match.1)")
            }
        }
    }

    /// The check above finds words a template holds itself, in text and in read attributes.
    @Test func proseIsFound() {
        #expect(ShippedTemplates.prose("<p>{{t.x}}</p>").isEmpty)
        #expect(ShippedTemplates.prose(#"<a href="/x" class="y">{{t.a}}</a>"#).isEmpty)
        #expect(ShippedTemplates.prose("<p>Logga in</p>") == ["Logga in"])
        #expect(ShippedTemplates.prose(#"<nav aria-label="Meny"></nav>"#) == ["Meny"])
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await demoApplication().test(.router) { client in
            for uri in ["/", "/stil.css", "/logga-in", "/api/v1/plans", "/finns-inte"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(uri)")
                    #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
                    #expect(response.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                }
            }
        }
    }

    @Test func theStartPageListsThePlansInForceAndTheLatestDecisions() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/?asOf=2024-06-30", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = text(response)
                #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"sv\">"))
                #expect(html.contains("<caption>Gällande styrdokument den 2024-06-30</caption>"))
                #expect(html.contains(#"<a href="/plan/rutin-overgripande-handlingsplan">Rutin för upprättande av övergripande handlingsplan</a>"#))
                #expect(html.contains(#"<a href="/" aria-current="page">Start</a>"#))
                #expect(!html.contains("/granskning") && !html.contains("/registrera"), "the public's menu")
            }
            // Before the rutin's first version took effect (2013-03-18) the start page does not list it.
            try await client.execute(uri: "/?asOf=2013-01-01", method: .get) { response in
                #expect(!text(response).contains("/plan/rutin-overgripande-handlingsplan\""))
            }
            try await client.execute(uri: "/?asOf=2024-06-30", method: .get, headers: authorization(.auditor)) { response in
                #expect(text(response).contains(#"<a href="/granskning">"#))
                #expect(response.headers[.cacheControl] == "private, no-store")
            }
            try await client.execute(uri: "/?asOf=2024-02-30", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(text(response).contains("asOf"))
            }
        }
    }

    @Test func markupInTheLedgerIsShownAsText() async throws {
        let ledger = try WritableLedger(seeded: false)
        let hostile = #"<script>alert("x")</script> & 'Plan' <b>"#
        let registered = try CommandRunner.run(["register", "elak", "--title", hostile, "--kind", "rutin", "--owner", "<img src=x onerror=alert(1)>",
                                                "--effective", "2024-01-01", "--ledger", ledger.path])
        #expect(registered.status == 0, "\(registered.stderr)")
        let revised = try CommandRunner.run(["revise", "elak", "--version", "1", "--change", "\"><svg onload=alert(1)>", "--approved-by", "RS",
                                             "--effective", "2024-01-02", "--ledger", ledger.path])
        #expect(revised.status == 0, "\(revised.stderr)")
        try await ledger.application().test(.router) { client in
            try await client.execute(uri: "/?asOf=2024-06-30", method: .get) { response in
                let html = text(response)
                #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Plan&#39; &lt;b&gt;"))
                #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
                #expect(html.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"))
                #expect(!html.contains("<script") && !html.contains("<svg") && !html.contains("<img"))
            }
        }
    }

    @Test func theStylesheetIsServed() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/stil.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(text(response).contains("@media print"))
            }
        }
    }

    @Test func signInAndOutWithTheForm() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            try await client.execute(uri: "/logga-in?next=/diarium", method: .get) { response in
                let html = text(response)
                #expect(html.contains(#"<input type="hidden" name="next" value="/diarium">"#))
                #expect(html.contains(#"<label for="name">Användarnamn</label>"#))
            }
            // An empty field is named at the field; a wrong password at the form, 401; nothing is set.
            let empty = try await client.execute(uri: "/logga-in", method: .post, headers: formType, body: form([("name", "bo"), ("password", "")]))
            #expect(empty.status == .badRequest)
            #expect(text(empty).contains(#"id="password-error""#) && text(empty).contains(#"aria-invalid="true""#))
            let wrong = try await client.execute(uri: "/logga-in", method: .post, headers: formType, body: form([("name", "bo"), ("password", "fel")]))
            #expect(wrong.status == .unauthorized)
            #expect(text(wrong).contains("Fel användarnamn eller lösenord"))
            #expect(wrong.headers[.setCookie] == nil)
            // The right password: the cookie, and back to where the person was going (only paths of this site).
            for (next, location) in [("/diarium?from=2024-01-01", "/diarium?from=2024-01-01"), ("https://evil.example", "/"), ("//evil.example", "/")] {
                let signedIn = try await client.execute(uri: "/logga-in", method: .post, headers: formType,
                                                        body: form([("name", "bo"), ("password", AccountsLedger.passwords["bo"]!), ("next", next)]))
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.headers[.location] == location, "\(next)")
                #expect(sessionCookie(signedIn) != nil)
            }
            let signedIn = try await client.execute(uri: "/logga-in", method: .post, headers: formType,
                                                    body: form([("name", "bo"), ("password", AccountsLedger.passwords["bo"]!)]))
            let session: HTTPFields = [.cookie: "planledger_session=\(sessionCookie(signedIn) ?? "")"]
            let start = try await client.execute(uri: "/", method: .get, headers: session)
            let html = text(start)
            #expect(html.contains("Inloggad som <strong>bo</strong> (revisor)"))
            guard let csrf = html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1 else { Issue.record("no csrf field"); return }
            // Signing out without the token is refused; with it, the session ends.
            let refused = try await client.execute(uri: "/logga-ut", method: .post, headers: session + formType, body: form([]))
            #expect(refused.status == .forbidden)
            let out = try await client.execute(uri: "/logga-ut", method: .post, headers: session + formType, body: form([("csrf", String(csrf))]))
            #expect(out.status == .seeOther && out.headers[.location] == "/logga-in?utloggad=1")
            #expect(!text(try await client.execute(uri: "/", method: .get, headers: session)).contains("Inloggad som"))
        }
    }

    /// A page for a role the caller lacks: the public is sent to sign in and back; a signed-in caller gets a 403 page.
    @Test func aPageForAnotherRoleSendsThePublicToSignIn() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/?knownAt=2024-01-01", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/logga-in?next=/?knownAt%3D2024-01-01")
            }
            try await client.execute(uri: "/?knownAt=2024-01-01", method: .get, headers: authorization(.staff)) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("Du har inte behörighet"))
            }
            try await client.execute(uri: "/?knownAt=2024-01-01", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// Links to a plan carry its key as one path segment, whatever it holds; an address with no page says so in Swedish.
@Suite struct WebLinkTests {
    @Test func aKeyWithASlashIsLinkedAsOneSegment() async throws {
        let ledger = try WritableLedger(seeded: false)
        for (key, title) in [("rs-plan/jamfor", "Med snedstreck"), ("å-plan:1", "Med å")] {
            let registered = try CommandRunner.run(["register", key, "--title", title, "--kind", "rutin", "--owner", "O",
                                                    "--effective", "2024-01-01", "--ledger", ledger.path])
            #expect(registered.status == 0, "\(registered.stderr)")
            let revised = try CommandRunner.run(["revise", key, "--version", "1", "--change", "Ny", "--approved-by", "RS",
                                                 "--effective", "2024-01-02", "--ledger", ledger.path])
            #expect(revised.status == 0, "\(revised.stderr)")
        }
        try await ledger.application().test(.router) { client in
            let html = text(try await client.execute(uri: "/?asOf=2024-06-30", method: .get))
            #expect(html.contains(#"<a href="/plan/rs-plan%2Fjamfor">Med snedstreck</a>"#), "\(html)")
            #expect(html.contains(#"<a href="/plan/%C3%A5-plan:1">Med å</a>"#))
            #expect(html.contains(#"href="/plan/rs-plan%2Fjamfor?version=1""#))
            for href in ["/plan/rs-plan%2Fjamfor", "/plan/%C3%A5-plan:1"] {
                let page = try await client.execute(uri: href + "?asOf=2024-06-30", method: .get)
                #expect(page.status == .ok, "\(href)")
            }
        }
    }

    @Test func noSuchAddressIsSaidInSwedish() async throws {
        try await demoApplication().test(.router) { client in
            let response = try await client.execute(uri: "/finns-inte", method: .get)
            #expect(response.status == .notFound)
            #expect(text(response).contains("Det finns ingen sida med den adressen."))
            #expect(!text(response).contains("HTTPError"))
        }
    }
}
