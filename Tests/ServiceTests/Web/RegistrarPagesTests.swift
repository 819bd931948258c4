import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerStore
import Service
import Testing
import TestSupport

/// A signed-in browser of the tests: its session cookie and the session's CSRF token, read from a page's form.
struct BrowserSession {
    var cookie: HTTPFields
    var csrf: String

    /// Signs `name` in through the sign-in form and reads the CSRF token from the list of forms.
    static func signIn(_ name: String, _ client: some TestClientProtocol) async throws -> BrowserSession {
        let signedIn = try await client.execute(uri: "/logga-in", method: .post, headers: formType,
                                                body: form([("name", name), ("password", AccountsLedger.passwords[name]!)]))
        let cookie: HTTPFields = [.cookie: "planledger_session=\(sessionCookie(signedIn) ?? "")"]
        let page = text(try await client.execute(uri: "/", method: .get, headers: cookie))
        let csrf = page.firstMatch(of: /name="csrf" value="([^"]+)"/).map { String($0.1) } ?? ""
        return BrowserSession(cookie: cookie, csrf: csrf)
    }

    /// `POST /registrera/COMMAND` with `fields` and the session's token.
    func post(_ command: String, _ fields: [(String, String)], _ client: some TestClientProtocol, csrf: Bool = true) async throws -> TestResponse {
        try await client.execute(uri: "/registrera/\(command)", method: .post, headers: cookie + formType,
                                 body: form(fields + (csrf ? [("csrf", self.csrf)] : [])))
    }
}

/// Every event of the ledger at `path`, read through a fresh read-only connection.
func ledgerEvents(_ path: String) throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    try Ledger.openForReading(at: path).forEachEvent { events.append($0) }
    return events
}

/// The registrar's forms (`/registrera`): one per registrar command, building its event through the CLI's own
/// mapping (`RegistrarCommand`), written by the service's writer under the signed-in account.
@Suite struct RegistrarPagesTests {
    static let content = #"{"goals":[{"id":"g1","perspective":"Medarbetare","text":"Hållbart arbetsliv","metrics":[{"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","ÅR"]}],"activities":[{"id":"webb-akt","text":"Utbilda chefer","targetGroup":"Chefer","due":"2024-12-31","metrics":["sjuk"],"responsible":"Kim","contact":"Eva Ek"}]}]}"#

    /// The steps, in order, as the CLI's arguments (`--content-file` is the form's `content`) and as the form's
    /// fields; `SEQ:n` is replaced with the seq of step n.
    static let steps: [(command: String, cli: [String], form: [(String, String)])] = [
        ("register", ["register", "webbplan", "--title", "Webbplan <b>2024</b>", "--kind", "rutin", "--owner", "Kansliet", "--from", "2024",
                      "--to", "2026-12-31", "--effective", "2024-01-10"],
         [("plan", "webbplan"), ("title", "Webbplan <b>2024</b>"), ("kind", "rutin"), ("owner", "Kansliet"), ("from", "2024"),
          ("to", "2026-12-31"), ("parent", ""), ("effective", "2024-01-10"), ("id", "")]),
        ("revise", ["revise", "webbplan", "--version", "1", "--change", "Första versionen", "--approved-by", "Regionstyrelsen", "--dnr", "RS/9/2024",
                    "--body", "Regionstyrelsen", "--paragraph", "§ 12", "--content-file", "CONTENT", "--effective", "2024-01-15"],
         [("plan", "webbplan"), ("version", "1"), ("change", "Första versionen"), ("approved-by", "Regionstyrelsen"), ("dnr", "RS/9/2024"),
          ("body", "Regionstyrelsen"), ("paragraph", "§ 12"), ("content", content), ("effective", "2024-01-15")]),
        ("decide", ["decide", "--dnr", "RS/9/2024", "--body", "Regionstyrelsen", "--subject", "Webbplan", "--text", "Planen antas.", "--paragraph", "§ 12",
                    "--plan", "webbplan", "--effective", "2024-01-15"],
         [("dnr", "RS/9/2024"), ("body", "Regionstyrelsen"), ("subject", "Webbplan"), ("text", "Planen antas."), ("paragraph", "§ 12"),
          ("plan", "webbplan"), ("effective", "2024-01-15")]),
        ("diarise", ["diarise", "--dnr", "RS/10/2024", "--title", "Brev om planen", "--direction", "in", "--counterpart", "Eva Ek", "--handler", "Kim",
                     "--case", "RS/9/2024", "--secrecy", "OSL 25:1", "--personal-data", "--plan", "webbplan", "--effective", "2024-06-03"],
         [("dnr", "RS/10/2024"), ("title", "Brev om planen"), ("direction", "in"), ("counterpart", "Eva Ek"), ("handler", "Kim"),
          ("case", "RS/9/2024"), ("secrecy", "OSL 25:1"), ("personal-data", "on"), ("plan", "webbplan"), ("effective", "2024-06-03")]),
        ("archive", ["archive", "--dnr", "RS/10/2024", "--retention", "cull", "--cull-after", "2030-01-01", "--effective", "2024-06-04"],
         [("dnr", "RS/10/2024"), ("retention", "cull"), ("cull-after", "2030-01-01"), ("effective", "2024-06-04")]),
        ("assign", ["assign", "--assignment", "webb-uppdrag", "--title", "Ta fram mått", "--assignee", "Kim", "--deadline", "2024-12-31",
                    "--issued-by", "Regionstyrelsen", "--plan", "webbplan", "--effective", "2024-06-05"],
         [("assignment", "webb-uppdrag"), ("title", "Ta fram mått"), ("assignee", "Kim"), ("deadline", "2024-12-31"),
          ("issued-by", "Regionstyrelsen"), ("plan", "webbplan"), ("effective", "2024-06-05")]),
        ("report", ["report", "--assignment", "webb-uppdrag", "--status", "partial", "--note", "Halvvägs", "--effective", "2024-06-06"],
         [("assignment", "webb-uppdrag"), ("status", "partial"), ("note", "Halvvägs"), ("effective", "2024-06-06")]),
        ("followup", ["follow-up", "webbplan", "--metric", "sjuk", "--period", "2024-DÅ04", "--outcome", "6,3", "--unit", "%", "--fulfilment", "partly",
                      "--comment", "Bättre än väntat", "--effective", "2024-06-07"],
         [("plan", "webbplan"), ("metric", "sjuk"), ("period", "2024-DÅ04"), ("outcome", "6,3"), ("unit", "%"), ("fulfilment", "partly"),
          ("comment", "Bättre än väntat"), ("effective", "2024-06-07")]),
        ("activity", ["report-activity", "webbplan", "--activity", "webb-akt", "--status", "started", "--note", "Första kursen hållen",
                      "--effective", "2024-06-07"],
         [("plan", "webbplan"), ("activity", "webb-akt"), ("status", "started"), ("note", "Första kursen hållen"), ("effective", "2024-06-07")]),
        ("correct", ["correct", "SEQ:1", "--set", "approvedBy=Regiondirektör", "--set", "version=1", "--unset", "dnr", "--reason", "Fel beslutsfattare",
                     "--effective", "2024-06-08"],
         [("seq", "SEQ:1"), ("reason", "Fel beslutsfattare"), ("set", "approvedBy=Regiondirektör\r\nversion=1\r\n"), ("unset", "dnr"),
          ("move-to", ""), ("effective", "2024-06-08")]),
        ("repeal", ["repeal", "webbplan", "--reason", "Ersatt av <ny> plan", "--approved-by", "Regionstyrelsen", "--effective", "2024-06-10"],
         [("plan", "webbplan"), ("reason", "Ersatt av <ny> plan"), ("approved-by", "Regionstyrelsen"), ("effective", "2024-06-10")]),
        ("retract", ["retract", "SEQ:2", "--reason", "Dubblett", "--effective", "2024-06-09"],
         [("seq", "SEQ:2"), ("reason", "Dubblett"), ("effective", "2024-06-09")]),
        ("reach", ["reach", "planeringsprocess-2024", "vp-klar", "--note", "Klart <i>sent</i>", "--dnr", "RS/10/2024", "--effective", "2024-06-11"],
         [("process", "planeringsprocess-2024"), ("milestone", "vp-klar"), ("note", "Klart <i>sent</i>"), ("dnr", "RS/10/2024"), ("effective", "2024-06-11")]),
    ]

    /// For every command: the form writes the event the CLI writes for the same values (same type, plan, effective
    /// and data), under the signed-in account, and the receipt shows its seq and the head's hash.
    @Test func everyFormWritesWhatTheCLIWrites() async throws {
        let web = try AccountsLedger()
        let cliLedger = directoryCopyOfDemo(web.directory)
        let contentFile = web.directory.path("content.json")
        try Data(Self.content.utf8).write(to: URL(fileURLWithPath: contentFile))
        let base = try ledgerEvents(web.path).count
        #expect(try ledgerEvents(cliLedger).count == base)
        #expect(Set(Self.steps.map(\.command)) == Set(RegistrarCommand.allCases.map(\.rawValue)), "a step for every command")
        try await web.application().test(.router) { client in
            var seqs: [Int] = []
            let anna = try await BrowserSession.signIn("anna", client)
            #expect(!anna.csrf.isEmpty)
            for step in Self.steps {
                func resolved(_ value: String) -> String {
                    guard value.hasPrefix("SEQ:"), let n = Int(value.dropFirst(4)) else { return value }
                    return String(seqs[n])
                }
                let args = step.cli.map { $0 == "CONTENT" ? contentFile : resolved($0) }
                let ran = try CommandRunner.run(args + ["--ledger", cliLedger, "--format", "json"],
                                                environment: ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z", "PLANLEDGER_ACTOR": "anna"])
                #expect(ran.status == 0, "\(step.command): \(ran.stderr)")
                let response = try await anna.post(step.command, step.form.map { ($0.0, resolved($0.1)) }, client)
                let html = text(response)
                #expect(response.status == .ok, "\(step.command): \(html.firstMatch(of: /<div class="error-summary"[\s\S]*?<\/div>/).map { String($0.0) } ?? "")")
                let written = try ledgerEvents(web.path)
                let byCLI = try ledgerEvents(cliLedger)
                guard let event = written.last, let expected = byCLI.last, written.count == byCLI.count else {
                    Issue.record("\(step.command): \(written.count) events by the form, \(byCLI.count) by the CLI")
                    return
                }
                #expect(event.type == expected.type && event.plan == expected.plan && event.effective == expected.effective, "\(step.command)")
                #expect(event.data == expected.data, "\(step.command): \(event.data) ≠ \(expected.data)")
                #expect(event.actor == "anna", "\(step.command): the actor is the signed-in account")
                #expect(html.contains(#"<div id="kvitto""#), "\(step.command)")
                #expect(html.contains("<dd class=\"num\">\(event.seq)</dd>"), "\(step.command)")
                #expect(html.contains(Hex.encode(event.hash)), "\(step.command): the head's hash")
                seqs.append(event.seq)
            }
            #expect(seqs == Array(base + 1...base + Self.steps.count))
        }
    }

    /// Links of the receipt: the plan's page, its follow-ups, the diary entry's week by dnr, the assignments.
    @Test func theReceiptLinksToWhatWasWritten() async throws {
        let web = try AccountsLedger()
        try await web.application().test(.router) { client in
            let anna = try await BrowserSession.signIn("anna", client)
            let registered = text(try await anna.post("register", Self.steps[0].form, client))
            #expect(registered.contains(#"<a href="/plan/webbplan">"#))
            let diarised = text(try await anna.post("diarise", [("dnr", "RS/77/2024"), ("title", "Brev"), ("direction", "out"), ("effective", "2024-06-03")], client))
            // The entry's own week (2024-06-03 is the Monday of 2024-W23), where the diary shows it.
            #expect(diarised.contains(#"<a href="/diarium?vecka=2024-W23&amp;dnr=RS/77/2024">"#), "\(diarised)")
            let week = text(try await client.execute(uri: "/diarium?vecka=2024-W23&dnr=RS/77/2024", method: .get, headers: anna.cookie))
            #expect(week.contains("RS/77/2024") && week.contains("Brev"))
            let assigned = text(try await anna.post("assign", [("assignment", "u-1"), ("title", "T"), ("assignee", "Kim"), ("deadline", "2024-12-31"),
                                                               ("issued-by", "RS"), ("effective", "2024-06-05")], client))
            #expect(assigned.contains(#"<a href="/uppdrag">"#))
        }
    }

    /// A refused form: 422, nothing written, every value kept, the problem at its field and in the summary.
    @Test func aRefusedFormNamesTheFieldAndWritesNothing() async throws {
        let web = try AccountsLedger()
        let before = try ledgerEvents(web.path).count
        try await web.application().test(.router) { client in
            let anna = try await BrowserSession.signIn("anna", client)
            // Version 60 of the rutin skips versions; the ledger's reason, at the field `version`.
            let skipped = try await anna.post("revise", [("plan", "rutin-overgripande-handlingsplan"), ("version", "60"), ("change", "Hoppar <över>"),
                                                         ("approved-by", "RS"), ("effective", "2024-06-02")], client)
            var html = text(skipped)
            #expect(skipped.status == .unprocessableContent)
            #expect(html.contains(#"<p class="field-error" id="version-error">"#))
            #expect(html.contains(#"id="version" name="version" type="number" inputmode="numeric" value="60" required aria-invalid="true" aria-describedby="version-hint version-error""#))
            #expect(html.contains(#"<div class="error-summary" role="alert""#) && html.contains(##"<a href="#version">Ny version: "##))
            #expect(html.contains(#"value="rutin-overgripande-handlingsplan""#) && html.contains("Hoppar &lt;över&gt;</textarea>"))
            #expect(!html.contains(#"id="kvitto""#))
            // A date that does not exist: named at `effective`, kept as typed (in a text box, which can show it).
            let badDate = try await anna.post("diarise", [("dnr", "RS/5/2024"), ("title", "Brev"), ("direction", "in"), ("effective", "2024-02-30")], client)
            html = text(badDate)
            #expect(badDate.status == .unprocessableContent)
            #expect(html.contains(#"<p class="field-error" id="effective-error">expected a real date YYYY-MM-DD, got &quot;2024-02-30&quot;</p>"#))
            #expect(html.contains(#"id="effective" name="effective" type="text" value="2024-02-30""#))
            #expect(html.contains(#"<option value="in" selected>inkommande</option>"#))
            // A required field left empty and a bad deadline: both named, each at its field.
            let missing = try await anna.post("assign", [("assignment", "u-2"), ("title", ""), ("assignee", "Kim"), ("deadline", "2024-13-01"),
                                                         ("issued-by", "RS"), ("effective", "2024-06-05")], client)
            html = text(missing)
            #expect(missing.status == .unprocessableContent)
            #expect(html.contains(#"id="title-error""#) && html.contains(#"id="deadline-error""#))
            // Revise's content that is no JSON is named at `content`; a paragraph without a body at `paragraph`.
            let badJSON = try await anna.post("revise", [("plan", "rutin-overgripande-handlingsplan"), ("version", "5"), ("change", "x"),
                                                         ("content", "{\"goals\": ["), ("effective", "2024-06-02")], client)
            #expect(badJSON.status == .unprocessableContent && text(badJSON).contains(#"id="content-error">invalid JSON"#))
            let paragraph = try await anna.post("revise", [("plan", "rutin-overgripande-handlingsplan"), ("version", "5"), ("change", "x"),
                                                           ("paragraph", "§ 3")], client)
            #expect(paragraph.status == .unprocessableContent && text(paragraph).contains(#"id="paragraph-error">--paragraph needs --body"#))
            // A correction of a seq the ledger does not hold.
            let noSeq = try await anna.post("correct", [("seq", "99999"), ("reason", "x"), ("set", "a=b")], client)
            #expect(noSeq.status == .unprocessableContent && text(noSeq).contains(#"id="seq-error">no event with seq 99999"#))
        }
        #expect(try ledgerEvents(web.path).count == before, "nothing written")
    }

    /// Without the session's CSRF token the POST is refused before anything happens; with a wrong one too.
    @Test func aPostWithoutTheCSRFTokenIsRefused() async throws {
        let web = try AccountsLedger()
        let before = try ledgerEvents(web.path).count
        try await web.application().test(.router) { client in
            let anna = try await BrowserSession.signIn("anna", client)
            let fields = [("dnr", "RS/6/2024"), ("title", "Brev"), ("direction", "in"), ("effective", "2024-06-03")]
            let without = try await anna.post("diarise", fields, client, csrf: false)
            #expect(without.status == .forbidden)
            var wrong = anna
            wrong.csrf = String(anna.csrf.reversed())
            #expect(try await wrong.post("diarise", fields, client).status == .forbidden)
            #expect(try ledgerEvents(web.path).count == before)
            #expect(try await anna.post("diarise", fields, client).status == .ok)
        }
        #expect(try ledgerEvents(web.path).count == before + 1)
    }

    /// Registrars only: the public is sent to sign in, staff and auditors get a 403 page, and write nothing.
    @Test func theFormsAreForRegistrarsOnly() async throws {
        let web = try AccountsLedger()
        let before = try ledgerEvents(web.path).count
        try await web.application().test(.router) { client in
            try await client.execute(uri: "/registrera/revise", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/logga-in?next=/registrera/revise")
            }
            let bo = try await BrowserSession.signIn("bo", client)
            #expect(!bo.csrf.isEmpty)
            let page = try await client.execute(uri: "/registrera", method: .get, headers: bo.cookie)
            #expect(page.status == .forbidden && text(page).contains("Du har inte behörighet"))
            let post = try await bo.post("diarise", [("dnr", "RS/7/2024"), ("title", "Brev"), ("direction", "in")], client)
            #expect(post.status == .forbidden)
            // bo's bearer token (staff and auditor): 403 too.
            let refused = try await client.execute(uri: "/registrera/diarise", method: .post, headers: web.bearer("bo") + formType,
                                                   body: form([("dnr", "RS/8/2024"), ("title", "Brev"), ("direction", "in")]))
            #expect(refused.status == .forbidden)
            let publicPost = try await client.execute(uri: "/registrera/diarise", method: .post, headers: formType,
                                                      body: form([("dnr", "RS/8/2024"), ("title", "Brev"), ("direction", "in")]))
            #expect(publicPost.status == .seeOther)
        }
        #expect(try ledgerEvents(web.path).count == before)
    }

    /// A program with a registrar's bearer token may post a form too (no CSRF token: a browser never sends one);
    /// the actor is its account, whatever the form says.
    @Test func aBearerRegistrarPostsUnderItsAccount() async throws {
        let ledger = try WritableLedger()
        try await ledger.application().test(.router) { client in
            for role in [Role.staff, .auditor, .admin] {
                let refused = try await client.execute(uri: "/registrera/revise", method: .post, headers: authorization(role) + formType,
                                                       body: form([("plan", "rutin-overgripande-handlingsplan"), ("version", "5"), ("change", "x")]))
                #expect(refused.status == .forbidden, "\(role)")
                #expect(try await client.execute(uri: "/registrera", method: .get, headers: authorization(role)).status == .forbidden, "\(role)")
            }
            let response = try await client.execute(uri: "/registrera/revise", method: .post, headers: authorization(.registrar) + formType,
                                                    body: form([("plan", "rutin-overgripande-handlingsplan"), ("version", "5"), ("change", "Ny version"),
                                                                ("approved-by", "RS"), ("effective", "2024-06-02"), ("actor", "mallory")]))
            #expect(response.status == .ok)
            #expect(text(response).contains(#"<a href="/plan/rutin-overgripande-handlingsplan">"#))
        }
        let last = try ledger.events().last
        #expect(last?.type == .planRevised && last?.actor == "registrar:test")
        #expect(last?.data == ["version": .number(5), "change": .string("Ny version"), "approvedBy": .string("RS")])
        #expect(last?.effective == LedgerDate(iso: "2024-06-02"))
    }

    /// Markup in values is shown as text: in a refused form's fields and in the written receipt's page.
    @Test func hostileMarkupComesBackEscaped() async throws {
        let web = try AccountsLedger()
        let hostile = #"<script>alert("x")</script>"><img src=x onerror=alert(1)>"#
        try await web.application().test(.router) { client in
            let anna = try await BrowserSession.signIn("anna", client)
            let refused = try await anna.post("diarise", [("dnr", "RS/11/2024"), ("title", hostile), ("counterpart", hostile), ("direction", "in"),
                                                          ("effective", "nej")], client)
            let html = text(refused)
            #expect(refused.status == .unprocessableContent)
            #expect(html.contains("value=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
            #expect(!html.contains("<script") && !html.contains("<img"))
            // The field a problem names, when the value itself is hostile: escaped in the error too.
            let badKey = try await anna.post("register", [("plan", hostile), ("title", "T"), ("kind", "rutin"), ("owner", "O")], client)
            #expect(badKey.status == .unprocessableContent)
            #expect(text(badKey).contains(#"id="plan-error""#) && !text(badKey).contains("<script"))
            let written = try await anna.post("diarise", [("dnr", "RS/11/2024"), ("title", hostile), ("direction", "in"), ("effective", "2024-06-03")], client)
            #expect(written.status == .ok && !text(written).contains("<script"))
        }
        #expect(try ledgerEvents(web.path).last?.data["title"] == .string(hostile))
    }

    /// The list of forms and one form of each kind of field: labels for every field, the right inputs, the token.
    @Test func theFormsShowEveryFieldWithItsLabel() async throws {
        let web = try AccountsLedger()
        try await web.application().test(.router) { client in
            let anna = try await BrowserSession.signIn("anna", client)
            let list = text(try await client.execute(uri: "/registrera", method: .get, headers: anna.cookie))
            for command in RegistrarCommand.allCases {
                #expect(list.contains("<a href=\"/registrera/\(command.rawValue)\">"), "\(command)")
                #expect(list.contains("<code>planledger \(command.commandName)</code>"))
            }
            for command in RegistrarCommand.allCases {
                let response = try await client.execute(uri: "/registrera/\(command.rawValue)", method: .get, headers: anna.cookie)
                let html = text(response)
                #expect(response.status == .ok)
                #expect(html.contains(#"<input type="hidden" name="csrf" value="\#(anna.csrf)">"#))
                #expect(html.contains(#"<form method="post" action="/registrera/\#(command.rawValue)""#))
                #expect(html.components(separatedBy: "<h1>").count == 2, "one h1")
                for field in command.fields {
                    #expect(html.contains("<label for=\"\(field.name)\">"), "\(command): \(field.name)")
                    #expect(html.contains("id=\"\(field.name)\" name=\"\(field.name)\""), "\(command): \(field.name)")
                }
            }
            let revise = text(try await client.execute(uri: "/registrera/revise?plan=rs-plan-2023", method: .get, headers: anna.cookie))
            #expect(revise.contains(#"<textarea id="content" name="content" rows="14" class="code" spellcheck="false""#))
            #expect(revise.contains(#"id="plan" name="plan" type="text" value="rs-plan-2023" required"#))
            #expect(revise.contains(#"id="effective" name="effective" type="date" value="""#))
            let diarise = text(try await client.execute(uri: "/registrera/diarise", method: .get, headers: anna.cookie))
            #expect(diarise.contains(#"<select id="direction" name="direction" required>"#))
            #expect(diarise.contains(#"<option value="internal">upprättad</option>"#))
            #expect(diarise.contains(#"id="personal-data" name="personal-data" type="checkbox""#))
            let archive = text(try await client.execute(uri: "/registrera/archive", method: .get, headers: anna.cookie))
            #expect(archive.contains(#"<option value="cull">gallras</option>"#))
            let report = text(try await client.execute(uri: "/registrera/report", method: .get, headers: anna.cookie))
            #expect(report.contains(#"<option value="done">klart</option>"#))
            #expect(try await client.execute(uri: "/registrera/follow-up", method: .get, headers: anna.cookie).status == .notFound)
            #expect(try await client.execute(uri: "/registrera/revise?nej=1", method: .get, headers: anna.cookie).status == .badRequest)
        }
    }

    /// The shared mapping's names: the ledger's fields back to the CLI's options and the forms' fields.
    @Test func problemFieldsMapToTheOptionNames() {
        let cases: [(String, String, String?)] = [
            ("data.approvedBy", "approved-by", nil), ("data.decision.paragraph", "paragraph", nil), ("data.period.from", "from", nil),
            ("data.secrecy.ground", "secrecy", nil), ("data.target", "seq", nil), ("data.content.goals[0].text", "content", "goals[0].text"),
            ("data.cullAfter", "cull-after", nil), ("data.personalData", "personal-data", nil), ("effective", "effective", nil), ("plan", "plan", nil),
        ]
        for (path, name, detail) in cases {
            let mapped = RegistrarCommand.formField(forEventField: path)
            #expect(mapped?.name == name && mapped?.detail == detail, "\(path)")
        }
        #expect(RegistrarCommand.formField(forEventField: "actor") == nil)
        #expect(RegistrarCommand.formField(forEventField: "data.replacement.data.version") == nil)
        // Every field a ledger problem can name for a command is one of its fields (or none).
        for command in RegistrarCommand.allCases {
            for field in command.fields where field.name != "plan" && field.name != "effective" && field.name != "id" {
                #expect(field.name == field.name.lowercased(), "\(command): \(field.name) is an option's name")
            }
        }
    }
}

/// A copy of the demo ledger in `directory`, for the CLI's side of a comparison.
func directoryCopyOfDemo(_ directory: TemporaryDirectory) -> String {
    let path = directory.path("cli.sqlite")
    try? FileManager.default.copyItem(atPath: demo.path, toPath: path)
    return path
}
