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

    /// A part of a compound finds the compound, in every kind; newest known first (the corrected decision's
    /// replacement is known from seq 11). The plan no longer says "tandvård" in its text (v2), but its title does.
    @Test func compoundPartsAreFound() throws {
        #expect(try hits("tandvård") == [
            "decision RS/20/2023 4 2023-03-01",
            "diary RS/31/2023 7 2023-03-04",
            "diary RS/30/2023 6 2023-03-03",
            "assignment upp-1 5 2023-03-02",
            "plan tandvard-2023 3 2023-06-01",
        ])
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
            "decision RS/20/2023 4 2023-03-01", "assignment upp-1 5 2023-03-02", "plan tandvard-2023 3 2023-06-01",
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
        #expect(found.first?.snippet.marked == "Regionstyrelsen beslutar om nya avgifter för barn«tandvård». RS/20/2023")
        #expect(found.last?.snippet.marked == "Plan för Folk«tandvård»en")
        #expect(found.last?.title == "Plan för Folktandvården")
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

    /// `rebuild` folds the same rows and `verify` agrees with what the appends wrote.
    @Test func rebuildAndVerifyAgree() throws {
        let before = try hits("tandvård")
        try t.ledger.rebuild()
        #expect(try hits("tandvård") == before)
        #expect(try t.ledger.verify().ok)
    }
}
