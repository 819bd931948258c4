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

    /// A document's index id holds its date's day from 1900 in its top 17 bits, its seq in the next 30, its number in
    /// the low 16 (its doc); the SQL that `finish` indexes with computes the same.
    @Test func indexIDsAreDaySeqNumber() throws {
        let day = try #require(LedgerDate(iso: "1900-01-02"))
        #expect(try SearchProjection.doc(knownSeq: 3, n: 2) == 3 << 16 | 2)
        #expect(SearchProjection.indexID(effective: day, doc: 3 << 16 | 2) == 1 << 46 | 3 << 16 | 2)
        #expect(SearchProjection.indexID(effective: LedgerDate(iso: "1970-01-01")!, doc: 1 << 16) == 25_567 << 46 | 1 << 16)
        let top = try SearchProjection.doc(knownSeq: (1 << 30) - 1, n: (1 << 16) - 1)
        #expect(SearchProjection.indexID(effective: LedgerDate(iso: "9999-12-31")!, doc: top) == Int.max)
        #expect(SearchProjection.lastIndexID(on: LedgerDate(iso: "9999-12-31")!) == Int.max)
        #expect(SearchProjection.lastIndexID(on: day) == 2 << 46 - 1)
        #expect(throws: StoreError.self) { try SearchProjection.doc(knownSeq: 1 << 30, n: 0) }
        #expect(throws: StoreError.self) { try SearchProjection.doc(knownSeq: 1, n: 1 << 16) }
        let db = try DatabaseQueue()
        for date in ["0001-01-01", "1899-12-31", "1900-01-01", "1900-01-02", "1970-01-01", "2024-02-29", "2258-11-11", "2258-11-12", "9999-12-31"] {
            let inSQL = try db.read { db in
                try Int.fetchOne(db, sql: "SELECT \(SearchProjection.indexIDSQL) FROM (SELECT ? AS effective, ? AS doc)", arguments: [date, 7 << 16 | 1])
            }
            #expect(inSQL == SearchProjection.indexID(effective: LedgerDate(iso: date)!, doc: 7 << 16 | 1), "\(date)")
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

    /// A ledger whose search index is `search.v1` (the FTS5 table `search_fts` holding the texts itself) is rebuilt to
    /// `search.v2` when opened for writing: the old table is dropped and every document is found again.
    @Test func aSearchV1LedgerIsRebuiltOnOpen() throws {
        let before = try hits("tandvård")
        let db = try DatabaseQueue(path: t.path)
        try db.write { db in
            try db.execute(sql: """
                DROP TABLE search_text;
                DELETE FROM search_doc;
                CREATE VIRTUAL TABLE search_fts USING fts5(doc UNINDEXED, title, body, detail, counterpart, tokenize = 'trigram');
                INSERT INTO search_fts (rowid, doc, title) VALUES (1, 1, 'kvarleva');
                UPDATE projection_progress SET name = 'search.v1' WHERE name = 'search.v2';
                """)
        }
        try db.close()
        let reopened = try Ledger.open(at: t.path, projections: StandardProjections.all)
        let query = try SearchQuery.parse("tandvård").get()
        let found = try LedgerQueries(reopened).search(query, asOf: LedgerDate(iso: "2024-01-01")!, knownAt: .head, publicMode: false)
            .map { "\($0.kind.rawValue) \($0.key) \($0.seq) \($0.date)" }
        #expect(found == before)
        let tables = try reopened.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'search%' AND type = 'table' ORDER BY name")
        }
        #expect(!tables.contains("search_fts") && tables.contains("search_text") && tables.contains("search_doc"), "\(tables)")
        #expect(try reopened.verify().ok)
    }

    /// `verify` compares the index, not only the documents: one document taken out of the index (FTS5's `delete`
    /// command, the documents untouched) is named; put back, the ledger verifies again.
    @Test func verifyNamesADocumentTheIndexLacks() throws {
        #expect(try t.ledger.verify().ok)
        let db = try DatabaseQueue(path: t.path)
        let entry = """
            SELECT ?, \(SearchProjection.indexIDSQL), title, body, detail, counterpart FROM search_doc WHERE doc = (SELECT min(doc) FROM search_doc)
            """
        try db.write { try $0.execute(sql: "INSERT INTO search_text (search_text, rowid, title, body, detail, counterpart) \(entry)", arguments: ["delete"]) }
        let report = try t.ledger.verify()
        #expect(report.firstBad?.reason == "projection table search_text differs from a fresh rebuild from the log", "\(report)")
        try db.write { try $0.execute(sql: "INSERT INTO search_text (rowid, title, body, detail, counterpart) SELECT \(SearchProjection.indexIDSQL), title, body, detail, counterpart FROM search_doc WHERE doc = (SELECT min(doc) FROM search_doc)") }
        try db.close()
        #expect(try t.ledger.verify().ok)
    }

    /// `rebuild` folds the same rows and `verify` agrees with what the appends wrote.
    @Test func rebuildAndVerifyAgree() throws {
        let before = try hits("tandvård")
        try t.ledger.rebuild()
        #expect(try hits("tandvård") == before)
        #expect(try t.ledger.verify().ok)
    }
}
