import GRDB
import LedgerCore
import LedgerStore
@testable import Projections
import Testing
import TestSupport

/// Search (SPEC "The planning year", **Search**) on a small ledger whose every hit is worked out by hand below.
struct SearchTests {
    /// seq 1–11. The plan's v1 (seq 2) says "tandvård" in its text; v2 (seq 3, effective 2023-06-01) replaces the text
    /// with one about "munhälsovård" and keeps v1's goals. Decision seq 4 is corrected at seq 11 ("vuxentandvård" →
    /// "barntandvård"); decision seq 9 is retracted at seq 10. Diary seq 6 is a private individual's letter, seq 7 is
    /// classified, seq 8 names "Tandläkarförbundet" only as its counterpart.
    static let history = """
        {"type":"plan.registered","plan":"tandvard-2023","effective":"2023-01-02","data":{"title":"Plan för Folktandvården","kind":"handlingsplan","owner":"Regionstyrelsen"}}
        {"type":"plan.revised","plan":"tandvard-2023","effective":"2023-02-01","data":{"version":1,"change":"Nyutgåva","approvedBy":"Regionstyrelsen","dnr":"RS/10/2023","content":{"text":"Barn och unga ska erbjudas regelbunden tandvård.","goals":[{"id":"g1","perspective":"Invånare","text":"Ökad tillgänglighet till ÖGONSJUKVÅRD","successFactor":"Kortare väntetider","metrics":[{"id":"m1","name":"Väntetid i dagar","target":30,"periods":["ÅR"]}]}]}}}
        {"type":"plan.revised","plan":"tandvard-2023","effective":"2023-06-01","data":{"version":2,"change":"Reviderad efter remiss","approvedBy":"Regionfullmäktige","content":{"text":"Alla invånare ska erbjudas regelbunden munhälsovård."}}}
        {"type":"decision.recorded","effective":"2023-03-01","data":{"dnr":"RS/20/2023","body":"Regionstyrelsen","subject":"Avgifter","text":"Regionstyrelsen beslutar om nya avgifter för vuxentandvård."}}
        {"type":"assignment.issued","plan":"tandvard-2023","effective":"2023-03-02","data":{"assignment":"upp-1","title":"Utreda jourtandvård i inlandet","assignee":"Tandvårdsdirektören","deadline":"2023-12-31","issuedBy":"Regionstyrelsen"}}
        {"type":"diary.registered","effective":"2023-03-03","data":{"dnr":"RS/30/2023","title":"Klagomål på vården","direction":"in","counterpart":"Anna Tandvårdsson","personalData":true}}
        {"type":"diary.registered","effective":"2023-03-04","data":{"dnr":"RS/31/2023","title":"Utredning om tandvård","direction":"in","counterpart":"Hemlig tandvårdsbyrå","secrecy":{"ground":"OSL 18 kap. 8 §"}}}
        {"type":"diary.registered","effective":"2023-03-05","data":{"dnr":"RS/32/2023","title":"Skrivelse om glasögon","direction":"in","counterpart":"Tandläkarförbundet"}}
        {"type":"decision.recorded","effective":"2023-04-01","data":{"dnr":"RS/40/2023","body":"Regionstyrelsen","subject":"Tandreglering","text":"Felregistrerat beslut om tandreglering."}}
        {"type":"event.retracted","effective":"2023-04-02","data":{"target":9,"reason":"Registrerat av misstag"}}
        {"type":"event.corrected","effective":"2023-04-03","data":{"target":4,"reason":"Fel i texten","replacement":{"data":{"dnr":"RS/20/2023","body":"Regionstyrelsen","subject":"Avgifter","text":"Regionstyrelsen beslutar om nya avgifter för barntandvård."}}}}
        """

    let t: TemporaryLedger
    let queries: LedgerQueries

    init() throws {
        t = try TemporaryLedger()
        try t.append(Self.history)
        queries = LedgerQueries(t.ledger)
    }

    func hits(_ text: String, asOf: String = "2024-01-01", knownAt: KnownAt = .head, publicMode: Bool = false,
              limit: Int = 20, offset: Int = 0) throws -> [String] {
        let query = try SearchQuery.parse(text).get()
        return try queries.search(query, asOf: LedgerDate(iso: asOf)!, knownAt: knownAt, publicMode: publicMode, limit: limit, offset: offset)
            .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
    }

    /// A part of a compound finds the compound, in every kind; newest date first. The plan no longer says "tandvård"
    /// in its text (v2), but its title does.
    @Test func compoundPartsAreFound() throws {
        #expect(try hits("tandvård") == [
            "plan tandvard-2023 3 2023-06-01",
            "diary RS/31/2023 7 2023-03-04",
            "diary RS/30/2023 6 2023-03-03",
            "assignment upp-1 5 2023-03-02",
            "decision RS/20/2023 4 2023-03-01",
        ])
        // As of a day: what is dated on it is found, what is dated the day after is not; the plan as v1 left it.
        #expect(try hits("tandvård", asOf: "2023-03-03") == [
            "diary RS/30/2023 6 2023-03-03",
            "assignment upp-1 5 2023-03-02",
            "decision RS/20/2023 4 2023-03-01",
            "plan tandvard-2023 2 2023-02-01",
        ])
    }

    /// The order is by date, newest first, then by the seq a document is known from; the index starts reading at the
    /// as-of date. Dates outside 1900-01-01 … 2258-11-11 count as that span's first or last day in the index's order (then the seq
    /// decides), and are still found or left out by their own date.
    @Test func datesOrderTheHitsEvenOutsideTheIndexSpan() throws {
        let far = try TemporaryLedger()
        let dates = ["2300-01-01", "1850-06-01", "1900-01-01", "1899-12-31", "2258-06-01"]  // seq 1–5
        try far.append(dates.enumerated().map { i, date in
            #"{"type":"diary.registered","effective":"\#(date)","data":{"dnr":"RS/\#(i + 1)/X","title":"Skrivelse om vägar","direction":"in"}}"#
        }.joined(separator: "\n"))
        let q = LedgerQueries(far.ledger)
        func found(asOf: String) throws -> [String] {
            try q.search(SearchQuery.parse("vägar").get(), asOf: LedgerDate(iso: asOf)!, knownAt: .head, publicMode: true).map(\.date.description)
        }
        #expect(try found(asOf: "9999-12-31") == ["2300-01-01", "2258-06-01", "1899-12-31", "1900-01-01", "1850-06-01"])
        #expect(try found(asOf: "2299-12-31") == ["2258-06-01", "1899-12-31", "1900-01-01", "1850-06-01"])
        #expect(try found(asOf: "2258-06-01") == ["2258-06-01", "1899-12-31", "1900-01-01", "1850-06-01"])
        #expect(try found(asOf: "2258-05-31") == ["1899-12-31", "1900-01-01", "1850-06-01"])
        #expect(try found(asOf: "1900-01-01") == ["1899-12-31", "1900-01-01", "1850-06-01"])
        #expect(try found(asOf: "1899-12-31") == ["1899-12-31", "1850-06-01"])
        #expect(try found(asOf: "1850-05-31") == [])
        #expect(try found(asOf: "0001-01-01") == [])
    }

    /// A plan is placed by the date of its version in force, also when that version changed no text: a revision
    /// without content still dates the plan's document (the texts are the previous version's).
    @Test func aPlanIsPlacedByItsVersionInForce() throws {
        let l = try TemporaryLedger()
        try l.append("""
            {"type":"plan.registered","plan":"x","effective":"2020-01-01","data":{"title":"Zebraplan","kind":"plan","owner":"RS"}}
            {"type":"plan.revised","plan":"x","effective":"2020-01-01","data":{"version":1,"change":"Ny","approvedBy":"RS"}}
            {"type":"decision.recorded","plan":"x","effective":"2021-01-01","data":{"dnr":"D-1","body":"RS","subject":"Zebrabeslut","text":"Beslut om zebror"}}
            {"type":"plan.revised","plan":"x","effective":"2022-01-01","data":{"version":2,"change":"Andra","approvedBy":"RS"}}
            """)
        let q = LedgerQueries(l.ledger)
        func found(asOf: String, limit: Int = 20) throws -> [String] {
            try q.search(SearchQuery.parse("zebra").get(), asOf: LedgerDate(iso: asOf)!, knownAt: .head, publicMode: false, limit: limit)
                .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
        }
        #expect(try found(asOf: "2023-01-01") == ["plan x 4 2022-01-01", "decision D-1 3 2021-01-01"])
        #expect(try found(asOf: "2023-01-01", limit: 1) == ["plan x 4 2022-01-01"])
        #expect(try found(asOf: "2021-06-01") == ["decision D-1 3 2021-01-01", "plan x 2 2020-01-01"])
        #expect(try l.ledger.verify().ok)
    }

    /// A document's id is its date's day from 1900 in the bits above the low 30, and its number among that day's
    /// documents in the order written below them: a day's first document ends in 0, the next in 1, whatever other days
    /// hold; dates outside 1900-01-01 … 2258-11-11 share the first or last day; a full day is refused.
    @Test func idsAreTheDayThenTheNumberWithinIt() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try SearchProjection().createTables(db)
            func write(id: Int, _ date: String) throws {
                try db.execute(sql: """
                    INSERT INTO search_doc (id, seq, known_seq, kind, key, effective, title, body) VALUES (?, 1, 1, 'decision', 'k', ?, 't', '')
                    """, arguments: [id, date])
            }
            func add(_ date: String, id expected: Int, _ comment: Comment? = nil) throws {
                let id = try SearchProjection.nextID(effective: try #require(LedgerDate(iso: date)), db)
                #expect(id == expected, comment)
                try write(id: id, date)
            }
            try add("1900-01-02", id: 1 << 30)
            try add("1900-01-02", id: 1 << 30 | 1)
            try add("1900-01-01", id: 0)
            try add("1900-01-03", id: 2 << 30)
            try add("1900-01-02", id: 1 << 30 | 2, "a later day's document does not count")
            try add("1970-01-01", id: 25_567 << 30)
            try add("1899-12-31", id: 1, "before 1900 counts as 1900-01-01")
            try add("0001-01-01", id: 2)
            try add("2258-11-11", id: ((1 << 17) - 1) << 30)
            try add("9999-12-31", id: ((1 << 17) - 1) << 30 | 1, "after 2258-11-11 counts as that day")
            #expect(SearchProjection.lastID(on: LedgerDate(iso: "9999-12-31")!) == (1 << 47) - 1)
            #expect(SearchProjection.lastID(on: LedgerDate(iso: "1900-01-02")!) == 2 << 30 - 1)
            let full = try #require(LedgerDate(iso: "2024-02-29"))
            try write(id: SearchProjection.lastID(on: full) - 1, "2024-02-29")
            #expect(try SearchProjection.nextID(effective: full, db) == SearchProjection.lastID(on: full))
            try db.execute(sql: "UPDATE search_doc SET id = id + 1 WHERE effective = '2024-02-29'")
            #expect(throws: StoreError.self) { try SearchProjection.nextID(effective: full, db) }
            #expect(try SearchProjection.nextID(effective: LedgerDate(iso: "2024-03-01")!, db) == SearchProjection.lastID(on: full) + 1)
        }
    }

    /// Case is ignored for å, ä, ö as for a–z, and å ä ö are not a a o.
    @Test func swedishLettersFoldCaseButStayLetters() throws {
        #expect(try hits("ögonsjukvård") == ["plan tandvard-2023 3 2023-06-01"])
        #expect(try hits("ÖGONSJUKVÅRD") == ["plan tandvard-2023 3 2023-06-01"])
        #expect(try hits("TANDVÅRDSDIREKTÖREN") == ["assignment upp-1 5 2023-03-02"])
        #expect(try hits("ogonsjukvard") == [])
        #expect(try hits("tandvard") == [])  // only the plan's key says "tandvard"; keys are not searched
    }

    /// Two words: both must occur (AND), in any of the document's texts.
    @Test func everyWordMustOccur() throws {
        #expect(try hits("utreda inlandet") == ["assignment upp-1 5 2023-03-02"])
        #expect(try hits("utreda munhälsovård") == [])
        #expect(try hits("munhälsovård väntetid") == ["plan tandvard-2023 3 2023-06-01"])
    }

    /// As of a date before and after the revision that changed the text: the plan is found by the text in force.
    @Test func planHitIsTheVersionInForce() throws {
        #expect(try hits("unga tandvård", asOf: "2023-05-31") == ["plan tandvard-2023 2 2023-02-01"])
        #expect(try hits("unga tandvård", asOf: "2023-06-01") == [])
        #expect(try hits("munhälsovård", asOf: "2023-05-31") == [])
        #expect(try hits("munhälsovård", asOf: "2023-06-01") == ["plan tandvard-2023 3 2023-06-01"])
        // Before v1, the plan is a draft found by its registered title only; before its registration, not at all.
        #expect(try hits("folktandvården", asOf: "2023-01-31") == ["plan tandvard-2023 1 2023-01-02"])
        #expect(try hits("folktandvården", asOf: "2023-01-01") == [])
        // The change list: every version by the date.
        #expect(try hits("remiss", asOf: "2023-05-31") == [])
        #expect(try hits("remiss") == ["change tandvard-2023 3 2023-06-01"])
    }

    /// Known at before and after the correction (seq 11) of decision seq 4.
    @Test func knownAtBeforeAndAfterACorrection() throws {
        #expect(try hits("vuxentandvård", knownAt: .seq(10)) == ["decision RS/20/2023 4 2023-03-01"])
        #expect(try hits("vuxentandvård", knownAt: .seq(11)) == [])
        #expect(try hits("barntandvård", knownAt: .seq(10)) == [])
        #expect(try hits("barntandvård", knownAt: .seq(11)) == ["decision RS/20/2023 4 2023-03-01"])
    }

    /// A retracted event is never found after its retraction, and was before it.
    @Test func retractedEventsAreNotFound() throws {
        #expect(try hits("tandreglering") == [])
        #expect(try hits("tandreglering", knownAt: .seq(9)) == ["decision RS/40/2023 9 2023-04-01"])
    }

    /// Public mode: the classified entry is never found (not even by its title), the private individual's counterpart
    /// is neither searched nor shown, an organisation's counterpart is.
    @Test func publicModeIsMasked() throws {
        #expect(try hits("utredning", publicMode: true) == [])
        #expect(try hits("utredning") == ["diary RS/31/2023 7 2023-03-04"])
        #expect(try hits("tandvårdsson", publicMode: true) == [])
        #expect(try hits("tandvårdsson") == ["diary RS/30/2023 6 2023-03-03"])
        #expect(try hits("klagomål", publicMode: true) == ["diary RS/30/2023 6 2023-03-03"])
        #expect(try hits("tandläkarförbundet", publicMode: true) == ["diary RS/32/2023 8 2023-03-05"])
        let query = try SearchQuery.parse("klagomål").get()
        let hit = try #require(try queries.search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: true).first)
        #expect(!CanonicalJSON.string(hit.json).contains("Anna"))
        #expect(hit.snippet.marked == "«Klagomål» på vården")
        #expect(try hits("tandvård", publicMode: true) == [
            "plan tandvard-2023 3 2023-06-01", "assignment upp-1 5 2023-03-02", "decision RS/20/2023 4 2023-03-01",
        ])
    }

    /// Paging: limit and offset walk the same order.
    @Test func paging() throws {
        let all = try hits("tandvård")
        #expect(try hits("tandvård", limit: 2) == Array(all[0..<2]))
        #expect(try hits("tandvård", limit: 2, offset: 2) == Array(all[2..<4]))
        #expect(try hits("tandvård", limit: 2, offset: 4) == Array(all[4...]))
        #expect(try hits("tandvård", limit: 2, offset: 5) == [])
    }

    /// Snippets: the match marked between « and », in the original case, the cut shown by "…".
    @Test func snippets() throws {
        let query = try SearchQuery.parse("TANDVÅRD").get()
        let found = try queries.search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: false)
        #expect(found.last?.snippet.marked == "Regionstyrelsen beslutar om nya avgifter för barn«tandvård». RS/20/2023")
        #expect(found.first?.snippet.marked == "Plan för Folk«tandvård»en")
        #expect(found.first?.title == "Plan för Folktandvården")
        let long = SearchSnippet.make([String(repeating: "ord ", count: 40) + "tandvård" + String(repeating: " ord", count: 40)], words: ["tandvård"])
        #expect(long.marked.hasPrefix("…") && long.marked.hasSuffix("…") && long.marked.contains("«tandvård»"))
        // A « in the text itself cannot be taken for a marker.
        #expect(SearchSnippet.make(["«Vård» i länet"], words: ["vård"]).marked == "‹«Vård»› i länet")
    }

    /// FTS5 syntax is text: quotes, stars, carets, parentheses, NEAR, AND/OR/NOT never act as operators or crash.
    @Test(arguments: [#""tandvård"#, "tandvård*", "^tandvård", "(tandvård", "NEAR(tandvård, avgifter)", "tandvård OR avgifter",
                      "tandvård NOT avgifter", #"tand"vård"#, "tandvård AND", "{title}: tandvård", "tand-vård"])
    func ftsSyntaxIsText(text: String) throws {
        let query = try SearchQuery.parse(text).get()
        let found = try queries.search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: false)
        // Only literal occurrences can match: none of these texts holds these characters, or "NOT"/"NEAR(" words.
        #expect(found.allSatisfy { hit in query.matchesAll([hit.title, hit.snippet.parts.map(\.text).joined()]) || hit.kind == .plan })
        // "OR" is dropped (shorter than 3), the two other words must both occur: only the decision holds both.
        if text == "tandvård OR avgifter" { #expect(found.map(\.key) == ["RS/20/2023"]) }
    }

    /// Refusals name the reason: only punctuation, too long, only short words, control characters.
    @Test func hostileQueriesAreRefused() {
        #expect(SearchQuery.parse("!!! ... ?") == .failure(.onlyPunctuation))
        #expect(SearchQuery.parse("   ") == .failure(.empty))
        #expect(SearchQuery.parse(String(repeating: "a", count: 10_000)) == .failure(.tooLong(10_000)))
        #expect(SearchQuery.parse(String(repeating: "å", count: 200)) == .success(SearchQuery(words: [String(repeating: "å", count: 200)])))
        #expect(SearchQuery.parse(String(repeating: "å", count: 201)) == .failure(.tooLong(201)))
        #expect(SearchQuery.parse("i EU") == .failure(.tooShort))
        #expect(SearchQuery.parse("vård\u{0}x") == .failure(.controlCharacter))
        #expect(SearchQuery.parse("vård i EU") == .success(SearchQuery(words: ["vård"])))
        #expect(SearchQuery.parse("Vård vård VÅRD") == .success(SearchQuery(words: ["Vård"])))
        #expect(SearchQuery.parse("tand\"vård").map(\.ftsExpression) == .success(#""tand""vård""#))
    }

    /// A word is found as a whole: a text holding every trigram of a word, but never the word, is no hit, of any kind
    /// (an index without trigram positions would hand out each of these documents).
    @Test func aCandidateWithTheTrigramsButNotTheWordIsNoHit() throws {
        let l = try TemporaryLedger()
        try l.append("""
            {"type":"plan.registered","plan":"p","effective":"2020-01-01","data":{"title":"Tandvård och vårdande","kind":"plan","owner":"RS"}}
            {"type":"plan.revised","plan":"p","effective":"2020-01-02","data":{"version":1,"change":"Tand ndvå","approvedBy":"RS","content":{"text":"Vårdvård","goals":[{"id":"g","perspective":"Invånare","text":"Tand","activities":[{"id":"a","text":"tand ndvå","targetGroup":"Barn","due":"2020-12-31","responsible":"RS","contact":"Kansliet"}]}]}}}
            {"type":"decision.recorded","effective":"2020-01-03","data":{"dnr":"D-1","body":"RS","subject":"Tand","text":"ndvå"}}
            {"type":"assignment.issued","effective":"2020-01-04","data":{"assignment":"u","title":"tand ndvå","assignee":"RS","deadline":"2020-12-31","issuedBy":"RS"}}
            {"type":"diary.registered","effective":"2020-01-05","data":{"dnr":"D-2","title":"Tand","direction":"in","counterpart":"Ndvåbolaget"}}
            {"type":"decision.recorded","effective":"2020-01-06","data":{"dnr":"D-3","body":"RS","subject":"Tandvården","text":"Om tandvård"}}
            """)
        let q = LedgerQueries(l.ledger)
        func found(_ text: String, publicMode: Bool = false) throws -> [String] {
            try q.search(SearchQuery.parse(text).get(), asOf: LedgerDate(iso: "2021-01-01")!, knownAt: .head, publicMode: publicMode)
                .map { "\($0.kind.rawValue) \($0.key)" }
        }
        // Every document but D-3 holds "tan", "and", "ndv" and "dvå" (across words or texts), and none but D-3 and the
        // plan's registered title "tandvård"; the plan in force (v1) holds it only in its title.
        #expect(try found("tandvå") == ["decision D-3", "plan p"])
        #expect(try found("tandvå", publicMode: true) == ["decision D-3", "plan p"])
        #expect(try found("vårdvård") == ["plan p"])
        #expect(try l.ledger.verify().ok)
    }

    /// Activities are read from the event's JSON, `content.goals[].activities[]`.
    @Test func activitiesAreReadFromTheEventJSON() throws {
        let data = try #require(JSONParser.parse(#"{"content":{"goals":[{"id":"g","activities":[{"id":"a1","text":"Munhälsa i skolan","targetGroup":"Barn","responsible":"Tandvårdschef"},{"id":7,"text":"x"}]}]}}"#).objectValue)
        let found = SearchProjection.activities(in: data)
        #expect(found.count == 1)
        #expect(found.first?.id == "a1" && found.first?.text == "Munhälsa i skolan" && found.first?.targetGroup == "Barn")
    }

    /// The index is built per write (`SearchProjection.finish`): events appended one append at a time, or as a service
    /// group in which one request is refused (its rows and its savepoint rolled back), are found exactly as when the
    /// whole history is one append.
    @Test func everyWriteIndexesItsOwnDocuments() throws {
        let whole = try ["tandvård", "ögonsjukvård", "glasögon", "barntandvård", "tandreglering"].map { try hits($0) }
        let lines = Self.history.split(separator: "\n").map(String.init)

        let one = try TemporaryLedger()
        for line in lines { try one.append(line) }
        let oneQueries = LedgerQueries(one.ledger)
        // A group: the first six events, a request refused for an unknown plan, then the rest in two requests.
        let grouped = try TemporaryLedger()
        let refused = #"{"type":"plan.revised","plan":"okand","effective":"2023-02-01","data":{"version":1,"change":"Tandvård"}}"#
        let outcomes = try grouped.ledger.appendGroup([
            GroupRequest(lines: TemporaryLedger.lines(lines[0..<6].joined(separator: "\n")), actor: "registrator:test"),
            GroupRequest(lines: TemporaryLedger.lines(refused), actor: "registrator:test"),
            GroupRequest(lines: TemporaryLedger.lines(lines[6..<9].joined(separator: "\n")), actor: "registrator:test"),
            GroupRequest(lines: TemporaryLedger.lines(lines[9...].joined(separator: "\n")), actor: "registrator:test"),
        ])
        guard case .rejected = outcomes[1] else { Issue.record("the unknown plan was not refused: \(outcomes[1])"); return }
        let groupedQueries = LedgerQueries(grouped.ledger)
        for (i, word) in ["tandvård", "ögonsjukvård", "glasögon", "barntandvård", "tandreglering"].enumerated() {
            let query = try SearchQuery.parse(word).get()
            for q in [oneQueries, groupedQueries] {
                let found = try q.search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: false)
                    .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
                #expect(found == whole[i], "\(word)")
            }
        }
        #expect(whole[0].count == 5 && whole[3] == ["decision RS/20/2023 4 2023-03-01"] && whole[4] == [])
        #expect(try one.ledger.verify().ok)
        #expect(try grouped.ledger.verify().ok)
    }

    /// Rewrites the search tables with `sql` (as an older version left them), opens the ledger for writing (which
    /// rebuilds what is older), and expects it to find what it found before ("tandvård" as of 2024-01-01).
    func reopened(afterRewriting sql: String) throws -> Ledger {
        let before = try hits("tandvård")
        let db = try DatabaseQueue(path: t.path)
        try db.write { try $0.execute(sql: sql) }
        try db.close()
        let reopened = try Ledger.open(at: t.path, projections: StandardProjections.all)
        let query = try SearchQuery.parse("tandvård").get()
        let found = try LedgerQueries(reopened).search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: false)
            .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
        #expect(found == before)
        return reopened
    }

    /// A ledger whose search index is `search.v1` (the FTS5 table `search_fts` holding the texts itself) is rebuilt to
    /// `search.v4` when opened for writing: the old table is dropped and every document is found again.
    @Test func aSearchV1LedgerIsRebuiltOnOpen() throws {
        let reopened = try reopened(afterRewriting: """
            DROP TABLE search_text;
            DELETE FROM search_doc;
            CREATE VIRTUAL TABLE search_fts USING fts5(doc UNINDEXED, title, body, detail, counterpart, tokenize = 'trigram');
            INSERT INTO search_fts (rowid, doc, title) VALUES (1, 1, 'kvarleva');
            UPDATE projection_progress SET name = 'search.v1' WHERE name = 'search.v4';
            """)
        let tables = try reopened.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'search%' AND type = 'table' ORDER BY name")
        }
        #expect(!tables.contains("search_fts") && tables.contains("search_text") && tables.contains("search_doc"), "\(tables)")
        #expect(try reopened.verify().ok)
    }

    /// A ledger whose search index is `search.v2` (documents numbered by seq, index ids of day, seq and number) is rebuilt
    /// to `search.v4` when opened for writing: its tables are dropped, every document is found again, with today's ids.
    @Test func aSearchV2LedgerIsRebuiltOnOpen() throws {
        let reopened = try reopened(afterRewriting: """
            DROP TABLE search_text;
            DROP TABLE search_doc;
            CREATE TABLE search_doc (doc INTEGER PRIMARY KEY, seq INTEGER NOT NULL, known_seq INTEGER NOT NULL, superseded_seq INTEGER,
                kind TEXT NOT NULL, key TEXT NOT NULL, plan TEXT, version INTEGER, effective TEXT NOT NULL, title TEXT NOT NULL,
                body TEXT NOT NULL, detail TEXT, counterpart TEXT);
            INSERT INTO search_doc VALUES (65536, 1, 1, NULL, 'plan', 'kvarleva', 'kvarleva', 0, '2023-01-01', 'tandvård kvarleva', '', NULL, NULL);
            CREATE VIRTUAL TABLE search_text USING fts5(title, body, detail, counterpart, content = '', tokenize = 'trigram');
            INSERT INTO search_text (rowid, title, body) VALUES (\(44_925 << 46 | 65536), 'tandvård kvarleva', '');
            UPDATE projection_progress SET name = 'search.v2' WHERE name = 'search.v4';
            """)
        let (columns, progress) = try reopened.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('search_doc') ORDER BY cid"),
             try String.fetchAll(db, sql: "SELECT name FROM projection_progress WHERE name LIKE 'search%'"))
        }
        #expect(columns.first == "id" && !columns.contains("doc"), "\(columns)")
        #expect(progress.contains("search.v4"), "\(progress)")
        #expect(try reopened.verify().ok)
    }

    /// A ledger whose search index is `search.v3` (whose later plan documents may predate an amendment of an earlier
    /// version) is rebuilt to `search.v4` when opened for writing: documents that differ from the log's are written anew.
    @Test func aSearchV3LedgerIsRebuiltOnOpen() throws {
        let reopened = try reopened(afterRewriting: """
            UPDATE search_doc SET title = 'kvarleva' WHERE kind = 'plan';
            UPDATE projection_progress SET name = 'search.v3' WHERE name = 'search.v4';
            """)
        let (stale, progress) = try reopened.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM search_doc WHERE title = 'kvarleva'"),
             try String.fetchAll(db, sql: "SELECT name FROM projection_progress WHERE name LIKE 'search%'"))
        }
        #expect(stale == 0)
        #expect(progress.contains("search.v4"), "\(progress)")
        #expect(try reopened.verify().ok)
    }

    /// `verify` compares the index, not only the documents: one document taken out of the index (FTS5's `delete`
    /// command, the documents untouched) is named; put back, the ledger verifies again.
    @Test func verifyNamesADocumentTheIndexLacks() throws {
        #expect(try t.ledger.verify().ok)
        let db = try DatabaseQueue(path: t.path)
        let entry = """
            SELECT ?, id, title, body, detail, counterpart FROM search_doc WHERE id = (SELECT min(id) FROM search_doc)
            """
        try db.write { try $0.execute(sql: "INSERT INTO search_text (search_text, rowid, title, body, detail, counterpart) \(entry)", arguments: ["delete"]) }
        let report = try t.ledger.verify()
        #expect(report.firstBad?.reason == "projection table search_text differs from a fresh rebuild from the log", "\(report)")
        try db.write { try $0.execute(sql: "INSERT INTO search_text (rowid, title, body, detail, counterpart) SELECT id, title, body, detail, counterpart FROM search_doc WHERE id = (SELECT min(id) FROM search_doc)") }
        try db.close()
        #expect(try t.ledger.verify().ok)
    }

    /// `verify` compares which ids the index holds: the same documents indexed with one of them under another id (every
    /// term's counts unchanged; a search then misses it) are named; indexed again as written, the ledger verifies.
    @Test func verifyNamesADocumentIndexedUnderAnotherID() throws {
        let db = try DatabaseQueue(path: t.path)
        func reindex(moving key: String, by offset: Int) throws {
            try db.write { db in
                try db.execute(sql: "INSERT INTO search_text (search_text) VALUES ('delete-all')")
                try db.execute(sql: """
                    INSERT INTO search_text (rowid, title, body, detail, counterpart)
                    SELECT CASE WHEN key = ? THEN id + ? ELSE id END, title, body, detail, counterpart FROM search_doc ORDER BY 1
                    """, arguments: [key, offset])
            }
        }
        try reindex(moving: "upp-1", by: 7)
        #expect(try hits("jourtandvård") == [])
        let report = try t.ledger.verify()
        let moved = SearchProjection.firstID(on: LedgerDate(iso: "2023-03-02")!) + 7
        #expect(report.firstBad?.reason == "projection table search_text_docsize differs from a fresh rebuild from the log: its row [id:\(moved) sz:Data(4 bytes)] is not one the log gives", "\(report)")
        try reindex(moving: "upp-1", by: 0)
        try db.close()
        #expect(try hits("jourtandvård") == ["assignment upp-1 5 2023-03-02"])
        #expect(try t.ledger.verify().ok)
    }

    /// `rebuild` folds the same rows and `verify` agrees with what the appends wrote.
    @Test func rebuildAndVerifyAgree() throws {
        let before = try hits("tandvård")
        try t.ledger.rebuild()
        #expect(try hits("tandvård") == before)
        #expect(try t.ledger.verify().ok)
    }

    /// FTS5 writes the doclists it holds in memory out as a segment of the index whenever they pass its `hashsize`, and
    /// merges the segments later. The index keeps 32 MiB (`SearchProjection.pendingDoclistBytes`), so one bulk append of
    /// a few megabytes of text writes a single segment, where FTS5's default of 1 MiB wrote several. A ledger whose
    /// index lacks the setting (written before it) has it again after its next append, and finds the same.
    @Test func aBulkAppendWritesTheIndexAsOneSegment() throws {
        let l = try TemporaryLedger()
        // 3,000 diary entries of 400 letters drawn from a fixed sequence: 1.2 million trigram occurrences.
        var state: UInt64 = 1
        let letters = Array("abcdefghijklmnopqrstuvwxyzåäö ")
        func title() -> String {
            String((0..<400).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return letters[Int(state >> 33) % letters.count]
            })
        }
        let lines = (1...3000).map { n in
            #"{"type":"diary.registered","effective":"2023-03-05","data":{"dnr":"RS/\#(n)/2023","title":"\#(title())","direction":"in","counterpart":"Region"}}"#
        }
        try l.append(lines.joined(separator: "\n"))
        // The setting as FTS5 reads it: an integer (it ignores any other type).
        func index() throws -> (hashsize: Int?, segments: Int) {
            try l.ledger.read { db in
                (try Int.fetchOne(db, sql: "SELECT v FROM search_text_config WHERE k = 'hashsize' AND typeof(v) = 'integer'"),
                 try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM search_text_idx") ?? 0)
            }
        }
        let written = try index()
        #expect(written.hashsize == 32 << 20)
        #expect(written.segments == 1, "\(written.segments) segments")
        let before = try LedgerQueries(l.ledger).search(try SearchQuery.parse("2999").get(), asOf: LedgerDate(iso: "2024-01-01")!,
                                                        knownAt: .head, publicMode: false)
        #expect(before.map(\.key) == ["RS/2999/2023"])

        // Deleted, or the right number as a REAL (which FTS5 would ignore): the next append writes it again.
        for (n, tampering) in ["DELETE FROM search_text_config WHERE k = 'hashsize'",
                               "UPDATE search_text_config SET v = 33554432.0 WHERE k = 'hashsize'"].enumerated() {
            let db = try DatabaseQueue(path: l.path)
            try db.write { try $0.execute(sql: tampering) }
            try db.close()
            #expect(try index().hashsize == nil)
            try l.append(#"{"type":"diary.registered","effective":"2023-03-06","data":{"dnr":"RS/\#(3001 + n)/2023","title":"Skrivelse","direction":"in","counterpart":"Region"}}"#)
            #expect(try index().hashsize == 32 << 20, "\(tampering)")
        }
        let after = try LedgerQueries(l.ledger).search(try SearchQuery.parse("2999").get(), asOf: LedgerDate(iso: "2024-01-01")!,
                                                       knownAt: .head, publicMode: false)
        #expect(after == before)
        #expect(try l.ledger.verify().ok)
    }

    /// A plan's document carries over what its version leaves out from the version before, so an amendment of an earlier
    /// version is read into the later ones (a newcomer's case): v1 names title, text and goals; v2 only a text; v3 only
    /// goals. Once v1's title is corrected (seq 5), v2's document holds the new title with v2's text; once v2's text is
    /// corrected (seq 6), v3's holds it with v3's goals. As known before each amendment, the old answer stands. (A
    /// retraction reaches only a plan's latest version, so no later document copies from what it retracts.)
    @Test func anAmendmentOfAnEarlierVersionIsReadIntoTheLaterOnes() throws {
        let history = """
            {"type":"plan.registered","plan":"p1","effective":"2020-01-01","data":{"title":"Djurplanen","kind":"plan","owner":"Regionstyrelsen"}}
            {"type":"plan.revised","plan":"p1","effective":"2020-02-01","data":{"version":1,"change":"Ny","approvedBy":"Regionstyrelsen","content":{"title":"Planen för giraffer","text":"Texten om krokodiler","goals":[{"id":"g1","perspective":"Invånare","text":"Målet om flamingor","metrics":[]}]}}}
            {"type":"plan.revised","plan":"p1","effective":"2020-03-01","data":{"version":2,"change":"Ny text","approvedBy":"Regionstyrelsen","content":{"text":"Texten om pelikaner"}}}
            {"type":"plan.revised","plan":"p1","effective":"2020-04-01","data":{"version":3,"change":"Nya mål","approvedBy":"Regionstyrelsen","content":{"goals":[{"id":"g2","perspective":"Invånare","text":"Målet om uttrar","metrics":[]}]}}}
            {"type":"event.corrected","effective":"2020-03-10","data":{"target":2,"reason":"Fel titel","replacement":{"data":{"version":1,"change":"Ny","approvedBy":"Regionstyrelsen","content":{"title":"Planen för älgar","text":"Texten om krokodiler","goals":[{"id":"g1","perspective":"Invånare","text":"Målet om flamingor","metrics":[]}]}}}}}
            {"type":"event.corrected","effective":"2020-04-10","data":{"target":3,"reason":"Fel text","replacement":{"data":{"version":2,"change":"Ny text","approvedBy":"Regionstyrelsen","content":{"text":"Texten om ekorrar"}}}}}
            """
        let l = try TemporaryLedger()
        try l.append(history)
        let queries = LedgerQueries(l.ledger)
        func found(_ text: String, asOf: String, knownAt: KnownAt = .head) throws -> [String] {
            try queries.search(try SearchQuery.parse(text).get(), asOf: LedgerDate(iso: asOf)!, knownAt: knownAt, publicMode: false)
                .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
        }
        // As of v2's date, known at seq 5: the corrected title with v2's text.
        #expect(try found("älgar pelikaner", asOf: "2020-03-15", knownAt: .seq(5)) == ["plan p1 3 2020-03-01"])
        #expect(try found("giraffer pelikaner", asOf: "2020-03-15", knownAt: .seq(5)) == [])
        #expect(try found("giraffer pelikaner", asOf: "2020-03-15", knownAt: .seq(4)) == ["plan p1 3 2020-03-01"])
        // As of v3's date: v2's text with v3's goals, before and after v2's correction.
        #expect(try found("pelikaner uttrar", asOf: "2020-04-15", knownAt: .seq(5)) == ["plan p1 4 2020-04-01"])
        #expect(try found("ekorrar uttrar", asOf: "2020-04-15", knownAt: .seq(5)) == [])
        #expect(try found("ekorrar uttrar", asOf: "2020-04-15") == ["plan p1 4 2020-04-01"])
        #expect(try found("älgar uttrar", asOf: "2020-04-15") == ["plan p1 4 2020-04-01"])
        #expect(try found("pelikaner", asOf: "2020-04-15") == [])
        // The same rows however they are written: one event per append, a rebuild, verify's fold.
        func documents(_ ledger: Ledger) throws -> [Row] {
            try ledger.read { try Row.fetchAll($0, sql: "SELECT * FROM search_doc ORDER BY id") }
        }
        let rows = try documents(l.ledger)
        // Superseded: at seq 5 v1's change and plan documents, and v2's and v3's plan documents read again (the title); at
        // seq 6 v2's change and plan documents, and v3's plan document read again (the text). v1's goals never change, so
        // no document is written again for nothing.
        #expect(rows.filter { $0["superseded_seq"] as Int? == 5 }.count == 4)
        #expect(rows.filter { $0["superseded_seq"] as Int? == 6 }.count == 3)
        let one = try TemporaryLedger()
        for line in history.split(separator: "\n") { try one.append(String(line)) }
        #expect(try documents(one.ledger) == rows)
        try l.ledger.rebuild()
        #expect(try documents(l.ledger) == rows)
        #expect(try l.ledger.verify().ok)
    }
}
