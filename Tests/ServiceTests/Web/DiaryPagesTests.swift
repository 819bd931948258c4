import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// Reading the diary and assignment pages in tests (names kept in one namespace; other page families have their own).
enum DiaryHTML {
    /// The rows of the table `id` in `html` (each row's markup from `<tr` up to `</tr>`), empty without such a table.
    static func rows(_ html: String, table id: String) -> [String] {
        guard let start = html.range(of: "<table id=\"\(id)\">"),
              let body = html.range(of: "<tbody>", range: start.upperBound..<html.endIndex),
              let end = html.range(of: "</tbody>", range: body.upperBound..<html.endIndex) else { return [] }
        return html[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.hasPrefix("<tr") }
    }

    /// The text of a row's header cell (`<th scope="row">`).
    static func rowHeader(_ row: String) -> String? {
        guard let open = row.range(of: "<th scope=\"row\">"), let close = row.range(of: "</th>", range: open.upperBound..<row.endIndex) else { return nil }
        return String(row[open.upperBound..<close.lowerBound])
    }

    /// The dnrs of the diary table's rows, in order.
    static func dnrs(_ html: String) -> [String] { rows(html, table: "diariet").compactMap(rowHeader) }

    /// A ledger of the given events only, written through `planledger append` (one JSON line each).
    static func ledger(_ lines: [String]) throws -> WritableLedger {
        let ledger = try WritableLedger(seeded: false)
        let appended = try CommandRunner.run(["append", "-", "--ledger", ledger.path], stdin: Data(lines.joined(separator: "\n").utf8),
                                             environment: ["PLANLEDGER_NOW": WritableLedger.now, "PLANLEDGER_ACTOR": "registrar:test"])
        precondition(appended.status == 0, appended.stderr)
        return ledger
    }

    /// One `diary.registered` line: dnr `RS/<n>/<year of date>`, incoming, titled "Brev n" unless `title`.
    static func entry(_ n: Int, _ date: String, title: String? = nil, counterpart: String? = nil, handler: String? = nil) -> String {
        var data: [String: JSONValue] = ["dnr": .string("RS/\(n)/\(date.prefix(4))"), "title": .string(title ?? "Brev \(n)"), "direction": "in"]
        if let counterpart { data["counterpart"] = .string(counterpart) }
        if let handler { data["handler"] = .string(handler) }
        return CanonicalJSON.string(.object(["type": "diary.registered", "effective": .string(date), "data": .object(data)]))
    }
}

/// Diariet / postlistan (`/diarium`) and Uppdrag (`/uppdrag`): what each role reads, week by week and by date, masked
/// as the API masks it, searched only within what the caller may read.
@Suite struct DiaryPagesTests {
    /// The demo's classified entry RS/412/2023 (2023-05-11, OSL 25:1, counterpart Anna Svensson, whose name is also in
    /// its title): public and staff read "Sekretess enligt OSL 25:1" and no counterpart, anywhere in the page;
    /// registrars and auditors read the title and the counterpart, and the ground beside them.
    @Test func theClassifiedEntryIsMaskedForPublicAndStaff() async throws {
        try await demoApplication().test(.router) { client in
            for uri in ["/diarium?vecka=2023-W19", "/diarium?from=2015-01-01&to=2024-06-30", "/diarium?from=2015-01-01&dnr=412"] {
                for role in [Role.public, .staff] {
                    try await client.execute(uri: uri, method: .get, headers: authorization(role)) { response in
                        #expect(response.status == .ok, "\(uri) \(role)")
                        let html = text(response)
                        #expect(DiaryHTML.dnrs(html).contains("RS/412/2023"), "\(uri) \(role)")
                        #expect(html.contains(#"<td class="secret">Sekretess enligt OSL 25:1</td>"#), "\(uri) \(role)")
                        #expect(!html.contains("Anna") && !html.contains("Svensson") && !html.contains("Klagomål"), "\(uri) \(role)")
                    }
                }
                for role in [Role.registrar, .auditor] {
                    try await client.execute(uri: uri, method: .get, headers: authorization(role)) { response in
                        let html = text(response)
                        #expect(html.contains("Klagomål från Anna Svensson om väntetider <span class=\"secrecy\">(sekretess enligt OSL 25:1)</span>"), "\(uri) \(role)")
                        #expect(html.contains("<td>Anna Svensson</td><td>Patientnämndens kansli</td>"), "\(uri) \(role)")
                    }
                }
            }
        }
    }

    /// The search runs on what the caller may read: a hidden counterpart's name (or a word of a hidden title) finds
    /// nothing for public and staff, not even which entry it belongs to; registrars find the entry.
    @Test func aSearchByAHiddenNameFindsNothingForThePublic() async throws {
        try await demoApplication().test(.router) { client in
            for party in ["Anna", "svensson", "Anna%20Svensson"] {
                let uri = "/diarium?from=2015-01-01&to=2024-06-30&part=\(party)"
                for role in [Role.public, .staff] {
                    try await client.execute(uri: uri, method: .get, headers: authorization(role)) { response in
                        #expect(response.status == .ok)
                        let html = text(response)
                        #expect(DiaryHTML.dnrs(html).isEmpty && !html.contains(#"<table id="diariet">"#), "\(uri) \(role)")
                        #expect(html.contains("Inga diarieposter."))
                        #expect(!html.contains("RS/412/2023"))
                    }
                }
                try await client.execute(uri: uri, method: .get, headers: authorization(.registrar)) { response in
                    #expect(DiaryHTML.dnrs(text(response)) == ["RS/412/2023"], "\(uri)")
                }
            }
            // A counterpart the public may read is found by part of its name, in any case.
            try await client.execute(uri: "/diarium?from=2015-01-01&to=2024-06-30&part=ARJEPLOG", method: .get) { response in
                #expect(DiaryHTML.dnrs(text(response)) == ["RS/55/2023"])
            }
        }
    }

    /// Every demo entry over the whole range, in date order; direction and dnr narrow it.
    @Test func theDemoDiaryByRangeDirectionAndDnr() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/diarium?from=2015-01-01&to=2024-06-30", method: .get) { response in
                let html = text(response)
                #expect(DiaryHTML.dnrs(html) == ["RS/1321/2015", "1043-2022", "RS/55/2023", "RS/412/2023"])
                #expect(html.contains("<caption>Postlista 2015-01-01 – 2024-06-30: 4 poster</caption>"))
                #expect(html.contains(#"<th scope="row">1043-2022</th><td class="date">2022-12-13</td><td>upprättad</td>"#))
                #expect(html.contains(#"<td class="date">2023-06-20 (bevaras)</td>"#), "1043-2022 archived, kept")
                #expect(html.contains("<td>Arjeplogs kommun</td><td>Regiondirektörens stab</td>"))
            }
            try await client.execute(uri: "/diarium?from=2015-01-01&to=2024-06-30&riktning=upprättad", method: .get) { response in
                #expect(DiaryHTML.dnrs(text(response)) == ["RS/1321/2015", "1043-2022"])
                #expect(text(response).contains(#"<option value="upprättad" selected>upprättad</option>"#))
            }
            try await client.execute(uri: "/diarium?from=2015-01-01&to=2024-06-30&riktning=inkommande&dnr=rs/", method: .get) { response in
                #expect(DiaryHTML.dnrs(text(response)) == ["RS/55/2023", "RS/412/2023"])
            }
            // The range's ends are inclusive: 2022-12-13 on both sides.
            try await client.execute(uri: "/diarium?from=2022-12-13&to=2022-12-13", method: .get) { response in
                #expect(DiaryHTML.dnrs(text(response)) == ["1043-2022"])
            }
            try await client.execute(uri: "/diarium?from=2022-12-14&to=2023-01-09", method: .get) { response in
                #expect(DiaryHTML.dnrs(text(response)).isEmpty)
            }
            // Fields left empty by the GET form are absent: the current week (the clock is at 2024-06-30, a Sunday).
            try await client.execute(uri: "/diarium?vecka=&from=&to=&riktning=&dnr=&part=", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(html.contains("<h2 id=\"poster\">Vecka 2024-W26</h2>"))
                #expect(html.contains(#"<a href="/diarium?vecka=2024-W25" rel="prev">"#))
                #expect(html.contains(#"<a href="/diarium?vecka=2024-W27" rel="next">"#))
                #expect(html.contains("<p id=\"diariet-tomt\">Inga diarieposter.</p>"))
            }
        }
    }

    /// Weeks run Monday to Sunday: an entry on each side of each boundary, in an ordinary week, in week 53 of 2020
    /// (2020-12-28 – 2021-01-03) and in week 1 of 2020, which starts on 2019-12-30.
    @Test func weekBoundaries() async throws {
        let ledger = try DiaryHTML.ledger([
            DiaryHTML.entry(1, "2023-05-07"), DiaryHTML.entry(2, "2023-05-08"), DiaryHTML.entry(3, "2023-05-14"), DiaryHTML.entry(4, "2023-05-15"),
            DiaryHTML.entry(5, "2020-12-27"), DiaryHTML.entry(6, "2020-12-28"), DiaryHTML.entry(7, "2021-01-03"), DiaryHTML.entry(8, "2021-01-04"),
            DiaryHTML.entry(9, "2019-12-29"), DiaryHTML.entry(10, "2019-12-30"), DiaryHTML.entry(11, "2020-01-05"), DiaryHTML.entry(12, "2020-01-06"),
        ])
        let weeks: [(week: String, dnrs: [String], monday: String, sunday: String, previous: String, next: String)] = [
            ("2023-W18", ["RS/1/2023"], "2023-05-01", "2023-05-07", "2023-W17", "2023-W19"),
            ("2023-W19", ["RS/2/2023", "RS/3/2023"], "2023-05-08", "2023-05-14", "2023-W18", "2023-W20"),
            ("2023-W20", ["RS/4/2023"], "2023-05-15", "2023-05-21", "2023-W19", "2023-W21"),
            ("2020-W52", ["RS/5/2020"], "2020-12-21", "2020-12-27", "2020-W51", "2020-W53"),
            ("2020-W53", ["RS/6/2020", "RS/7/2021"], "2020-12-28", "2021-01-03", "2020-W52", "2021-W01"),
            ("2021-W01", ["RS/8/2021"], "2021-01-04", "2021-01-10", "2020-W53", "2021-W02"),
            ("2019-W52", ["RS/9/2019"], "2019-12-23", "2019-12-29", "2019-W51", "2020-W01"),
            ("2020-W01", ["RS/10/2019", "RS/11/2020"], "2019-12-30", "2020-01-05", "2019-W52", "2020-W02"),
            ("2020-W02", ["RS/12/2020"], "2020-01-06", "2020-01-12", "2020-W01", "2020-W03"),
        ]
        try await ledger.application().test(.router) { client in
            for w in weeks {
                try await client.execute(uri: "/diarium?vecka=\(w.week)", method: .get) { response in
                    #expect(response.status == .ok, "\(w.week)")
                    let html = text(response)
                    #expect(DiaryHTML.dnrs(html) == w.dnrs, "\(w.week)")
                    #expect(html.contains("<caption>Postlista vecka \(w.week), \(w.monday) – \(w.sunday): \(w.dnrs.count) poster</caption>"), "\(w.week)")
                    #expect(html.contains(#"<a href="/diarium?vecka=\#(w.previous)" rel="prev">"#), "\(w.week)")
                    #expect(html.contains(#"<a href="/diarium?vecka=\#(w.next)" rel="next">"#), "\(w.week)")
                }
            }
            // The filters go with the week links.
            try await client.execute(uri: "/diarium?vecka=2020-W53&riktning=inkommande&part=a+b", method: .get) { response in
                #expect(text(response).contains(#"<a href="/diarium?vecka=2021-W01&amp;riktning=inkommande&amp;part=a%20b" rel="next">"#))
            }
            // 2023 has 52 weeks, 2020 has 53; week 0 and week 54 never exist.
            for bad in ["2023-W53", "2020-W54", "2024-W00", "2024-26", "W26", "2024-W6", "%3Cb%3E"] {
                try await client.execute(uri: "/diarium?vecka=\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    let html = text(response)
                    #expect(html.contains(#"<p class="field-error" id="vecka-error">Ange en vecka som finns"#), "\(bad)")
                    #expect(html.contains(#"aria-describedby="vecka-hint vecka-error" aria-invalid="true""#), "\(bad)")
                    #expect(html.contains(#"<div class="error-summary" role="alert">"#) && html.contains(##"<a href="#vecka">Vecka: "##))
                    #expect(!html.contains(#"<table id="diariet">"#))
                }
            }
        }
    }

    /// Bad dates, a reversed range, a week with a range, an unknown direction: 400 with the reason at the field.
    @Test func badFieldsAreShownAtTheField() async throws {
        try await demoApplication().test(.router) { client in
            for (uri, field) in [("/diarium?from=2024-02-30", "from"), ("/diarium?to=igår", "to"), ("/diarium?from=2024-05-02&to=2024-05-01", "to"),
                                 ("/diarium?vecka=2024-W20&from=2024-05-01", "vecka"), ("/diarium?riktning=sidled", "riktning"),
                                 ("/diarium?part=\(String(repeating: "x", count: 201))", "part")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let html = text(response)
                    #expect(html.contains(#"id="\#(field)-error""#) && html.contains(#"\#(field)-error" aria-invalid="true""#)
                            || html.contains(#"aria-invalid="true" aria-describedby="\#(field)-error""#), "\(uri)")
                    #expect(!html.contains(#"<table id="diariet">"#), "\(uri)")
                }
            }
            // A name the page does not take: the error page, naming it.
            try await client.execute(uri: "/diarium?sok=x", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(text(response).contains("sok"))
            }
            // `knownAt` is for auditors (AccessPolicy): the public is sent to sign in, staff are refused.
            try await client.execute(uri: "/diarium?knownAt=3", method: .get) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/diarium?knownAt=3", method: .get, headers: authorization(.staff)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    /// Markup in titles, counterparts, handlers and in the search itself is shown as text, in the cells, the form and
    /// the week links.
    @Test func markupIsShownAsText() async throws {
        let ledger = try DiaryHTML.ledger([
            DiaryHTML.entry(1, "2024-06-25", title: #"<script>alert("x")</script> & 'brev'"#, counterpart: "<img src=x onerror=alert(1)>",
                  handler: "\"><svg onload=alert(1)>"),
        ])
        try await ledger.application().test(.router) { client in
            for role in [Role.public, .registrar] {
                try await client.execute(uri: "/diarium?vecka=2024-W26&part=%3Cimg", method: .get, headers: authorization(role)) { response in
                    let html = text(response)
                    #expect(DiaryHTML.dnrs(html) == ["RS/1/2024"], "\(role)")
                    #expect(html.contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;brev&#39;</td>"), "\(role)")
                    #expect(html.contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>"), "\(role)")
                    #expect(html.contains("<td>&quot;&gt;&lt;svg onload=alert(1)&gt;</td>"), "\(role)")
                    #expect(html.contains(#"value="&lt;img""#), "the search, shown back")
                    #expect(html.contains("part=%3Cimg"), "the search, in the week links")
                    #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<svg"), "\(role)")
                }
            }
        }
    }

    /// A private individual's name (`personalData`, in any version) reads "Enskild" for public and staff, a later
    /// classification hides the title; a search by the hidden names finds nothing. Registrars read the names.
    @Test func personalDataReadsEnskild() async throws {
        let ledger = try PersonalDataLedger()
        try await ledger.application().test(.router) { client in
            for role in [Role.public, .staff] {
                try await client.execute(uri: "/diarium?from=2023-01-01&to=2023-12-31", method: .get, headers: authorization(role)) { response in
                    let html = text(response)
                    #expect(DiaryHTML.dnrs(html) == ["RS/1/2023", "RS/2/2023", "RS/3/2023"], "\(role)")
                    #expect(html.components(separatedBy: "<td>Enskild</td>").count - 1 == 2, "\(role)")
                    #expect(html.contains(#"<td class="secret">Sekretess enligt OSL 26:1</td><td></td><td>HR</td>"#), "\(role)")
                    for hidden in PersonalDataLedger.hidden { #expect(!html.contains(hidden), "\(role): \(hidden)") }
                }
                for name in ["Kalle", "Per%20Persson", "berg"] {
                    try await client.execute(uri: "/diarium?from=2023-01-01&to=2023-12-31&part=\(name)", method: .get, headers: authorization(role)) { response in
                        #expect(DiaryHTML.dnrs(text(response)).isEmpty, "\(role): \(name)")
                    }
                }
            }
            try await client.execute(uri: "/diarium?from=2023-01-01&to=2023-12-31", method: .get, headers: authorization(.registrar)) { response in
                let html = text(response)
                #expect(html.contains("<td>Kalle Karlsson</td>") && html.contains("<td>Per Persson</td>") && html.contains("<td>Lisa Berg</td>"))
                #expect(!html.contains("Enskild"))
            }
            try await client.execute(uri: "/diarium?from=2023-01-01&to=2023-12-31&part=per", method: .get, headers: authorization(.registrar)) { response in
                #expect(DiaryHTML.dnrs(text(response)) == ["RS/2/2023"])
            }
        }
    }

    /// The diary page shows the API's entries for the same days and role (`GET /api/v1/diary`): the same dnrs.
    @Test func thePageAndTheAPIAgree() async throws {
        try await demoApplication().test(.router) { client in
            for role in Role.allCases where role != .admin {
                let api = try await client.execute(uri: "/api/v1/diary?from=2015-01-01&to=2024-06-30", method: .get, headers: authorization(role))
                guard case .array(let rows) = try JSONParser.parse(text(api)) else { Issue.record("not an array"); continue }
                let apiDnrs = rows.compactMap { row -> String? in
                    guard case .object(let o) = row, case .string(let dnr)? = o["dnr"] else { return nil }
                    return dnr
                }
                try await client.execute(uri: "/diarium?from=2015-01-01&to=2024-06-30", method: .get, headers: authorization(role)) { response in
                    #expect(DiaryHTML.dnrs(text(response)) == apiDnrs, "\(role)")
                }
            }
        }
    }
}

/// Uppdrag (`/uppdrag`): as of a date, overdue ones marked by word and symbol, the same rows as the API.
@Suite struct AssignmentPagesTests {
    /// The assignments of the table's rows, by key (each row's `<th scope="row">`).
    static func keys(_ html: String) -> [String] { DiaryHTML.rows(html, table: "uppdrag").compactMap(DiaryHTML.rowHeader) }

    /// The keys of the rows marked overdue.
    static func overdue(_ html: String) -> [String] {
        DiaryHTML.rows(html, table: "uppdrag").filter { $0.contains("class=\"row--overdue\"") }.compactMap(DiaryHTML.rowHeader)
    }

    /// rs-2023-vns (Klart senast 2023-03-20, never reported) is overdue from 2023-03-21, not on its deadline;
    /// jamstalldhet-2016 (2016-11-30, never reported) is overdue throughout; planering-2024-pf was done the day
    /// before its deadline.
    @Test func overdueOnBothSidesOfTheDeadline() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/uppdrag?asOf=2023-03-20", method: .get) { response in
                #expect(response.status == .ok)
                let html = text(response)
                #expect(Self.keys(html).count == 8)
                #expect(Self.overdue(html) == ["jamstalldhet-2016"])
                #expect(html.contains("<caption>Uppdrag den 2023-03-20: 8 uppdrag</caption>"))
            }
            try await client.execute(uri: "/uppdrag?asOf=2023-03-21", method: .get) { response in
                let html = text(response)
                #expect(Set(Self.overdue(html)) == ["jamstalldhet-2016", "rs-2023-vns"])
                #expect(html.contains(#"<td class="date">2023-03-20 <strong class="overdue"><span aria-hidden="true">⚠</span> försenad</strong></td><th scope="row">rs-2023-vns</th>"#))
                #expect(html.contains(#"<td class="status"><span aria-hidden="true">●</span> klart (redovisat 2023-02-27)</td>"#), "planering-2024-pf")
            }
            try await client.execute(uri: "/uppdrag?asOf=2023-03-21&forsenade=1", method: .get) { response in
                let html = text(response)
                #expect(Set(Self.keys(html)) == ["jamstalldhet-2016", "rs-2023-vns"])
                #expect(html.contains(#"<input id="forsenade" name="forsenade" type="checkbox" value="1" checked>"#))
            }
            try await client.execute(uri: "/uppdrag?asOf=2023-06-01&plan=rs-plan-2023", method: .get) { response in
                let html = text(response)
                #expect(Self.keys(html) == ["rs-2023-vns", "rs-2023-tillganglighet", "rs-2023-kompetens"])
                #expect(Set(Self.overdue(html)) == ["rs-2023-vns", "rs-2023-tillganglighet"])
                #expect(html.contains(#"<span aria-hidden="true">◐</span> delredovisat (redovisat 2023-05-12)"#))
                #expect(html.contains(#"<a href="/plan/rs-plan-2023?asOf=2023-06-01">"#))
            }
            // The form's empty fields are absent: today (2024-06-30), every plan.
            try await client.execute(uri: "/uppdrag?asOf=&plan=", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("<caption>Uppdrag den 2024-06-30: 8 uppdrag</caption>"))
            }
        }
    }

    /// The page's rows are the API's (`GET /api/v1/assignments`), overdue ones included.
    @Test func thePageAndTheAPIAgree() async throws {
        try await demoApplication().test(.router) { client in
            for query in ["asOf=2023-04-01", "asOf=2023-04-01&plan=rs-plan-2023"] {
                let api = try await client.execute(uri: "/api/v1/assignments?\(query)", method: .get)
                guard case .array(let rows) = try JSONParser.parse(text(api)) else { Issue.record("not an array"); continue }
                let expected = rows.compactMap { row -> String? in
                    guard case .object(let o) = row, case .string(let key)? = o["assignment"] else { return nil }
                    return key
                }
                let overdue = rows.compactMap { row -> String? in
                    guard case .object(let o) = row, case .string(let key)? = o["assignment"], o["overdue"] == .bool(true) else { return nil }
                    return key
                }
                try await client.execute(uri: "/uppdrag?\(query)", method: .get) { response in
                    #expect(Self.keys(text(response)) == expected, "\(query)")
                    #expect(Self.overdue(text(response)) == overdue, "\(query)")
                }
            }
        }
    }

    @Test func badFieldsAreShownAtTheField() async throws {
        try await demoApplication().test(.router) { client in
            for (uri, field, status) in [("/uppdrag?asOf=2023-02-29", "asOf", HTTPResponse.Status.badRequest), ("/uppdrag?forsenade=ja", "forsenade", .badRequest),
                                         ("/uppdrag?plan=finns-inte", "plan", .notFound)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let html = text(response)
                    #expect(html.contains(#"<p class="field-error" id="\#(field)-error">"#) && html.contains(#"aria-invalid="true" aria-describedby="\#(field)-error""#), "\(uri)")
                    #expect(!html.contains(#"<table id="uppdrag">"#), "\(uri)")
                }
            }
        }
    }

    @Test func markupIsShownAsText() async throws {
        let ledger = try DiaryHTML.ledger([
            #"{"type":"assignment.issued","effective":"2024-01-10","data":{"assignment":"elak","title":"<script>alert(1)</script>","assignee":"<b>x</b>","deadline":"2024-02-01","issuedBy":"\"><svg onload=alert(1)>"}}"#,
        ])
        try await ledger.application().test(.router) { client in
            try await client.execute(uri: "/uppdrag", method: .get) { response in
                let html = text(response)
                #expect(Self.overdue(html) == ["elak"])
                #expect(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
                #expect(html.contains("<td>&lt;b&gt;x&lt;/b&gt;</td><td>&quot;&gt;&lt;svg onload=alert(1)&gt;</td>"))
                #expect(!html.contains("<script") && !html.contains("<svg") && !html.contains("<b>"))
            }
        }
    }
}
