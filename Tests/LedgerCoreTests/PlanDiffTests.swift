import LedgerCore
import Testing

/// The difference between two versions of a plan, computed by hand.
@Suite struct PlanDiffTests {
    /// A plan view of `version` with `content` (JSON of `PlanContent`: title, text, goals).
    func view(_ version: Int, _ content: String, title: String = "Plan") throws -> PlanView {
        let parsed = try #require(PlanContent(json: try JSONParser.parse(content)), "content does not read: \(content)")
        return PlanView(plan: "p", kind: "plan", title: parsed.title ?? title, owner: "RS", period: parsed.period, parent: nil, version: version,
                        status: .inForce, effective: nil, approvedBy: nil, text: parsed.text, goals: parsed.goals, changes: [])
    }

    func pieces(_ diff: [WordDiff.Piece]) -> [String] {
        diff.map { piece in
            switch piece.kind {
            case .same: piece.text
            case .inserted: "+[\(piece.text)]"
            case .deleted: "-[\(piece.text)]"
            }
        }
    }

    @Test func wordsAreMarkedWordByWord() {
        #expect(pieces(WordDiff.pieces(from: "Vi ska minska sjukfrånvaron", to: "Vi ska kraftigt minska sjukfrånvaron"))
                == ["Vi ska ", "+[kraftigt ]", "minska sjukfrånvaron"])
        #expect(pieces(WordDiff.pieces(from: "a b c", to: "a x y c")) == ["a ", "-[b]", "+[x y]", " c"])
        #expect(pieces(WordDiff.pieces(from: "a b", to: "x y")) == ["-[a b]", "+[x y]"])
        #expect(pieces(WordDiff.pieces(from: "", to: "ny text")) == ["+[ny text]"])
        #expect(pieces(WordDiff.pieces(from: "gammal text", to: "")) == ["-[gammal text]"])
        #expect(WordDiff.pieces(from: "", to: "").isEmpty)
        #expect(pieces(WordDiff.pieces(from: "samma\n\nstycke", to: "samma\n\nstycke")) == ["samma\n\nstycke"])
        // The pieces join back to each side.
        let diff = WordDiff.pieces(from: "Mål för 2023: öka andelen", to: "Mål för 2024: öka andelen digitala besök")
        #expect(diff.filter { $0.kind != .inserted }.map(\.text).joined() == "Mål för 2023: öka andelen")
        #expect(diff.filter { $0.kind != .deleted }.map(\.text).joined() == "Mål för 2024: öka andelen digitala besök")
    }

    @Test func identicalVersionsHaveNoDifference() throws {
        let content = #"{"text":"Text","goals":[{"id":"g1","perspective":"Ekonomi","text":"Balans","metrics":[{"id":"m1","name":"Resultat","target":0,"periods":["ÅR"]}]}]}"#
        let diff = PlanDiff(from: try view(1, content), to: try view(2, content))
        #expect(diff.isEmpty)
        #expect(diff.from == 1 && diff.to == 2)
        #expect(diff.goals.map(\.change) == [.unchanged])
        #expect(diff.goals[0].metrics.map(\.change) == [.unchanged])
    }

    @Test func emptyVersionsHaveNoDifference() throws {
        let diff = PlanDiff(from: try view(1, "{}"), to: try view(2, "{}"))
        #expect(diff.isEmpty)
        #expect(diff.goals.isEmpty && diff.text.isEmpty && diff.period == nil)
    }

    @Test func fromNothingEverythingIsAdded() throws {
        let diff = PlanDiff(from: try view(1, "{}"), to: try view(2, #"{"text":"Ny plan","goals":[{"id":"g1","perspective":"Samhälle","text":"Hållbar region","successFactor":"Samverkan","metrics":[{"id":"m1","name":"Utsläpp","target":"Minska","periods":["ÅR"]}]}]}"#))
        #expect(!diff.isEmpty)
        #expect(pieces(diff.text) == ["+[Ny plan]"])
        #expect(diff.goals.map(\.id) == ["g1"] && diff.goals[0].change == .added)
        #expect(pieces(diff.goals[0].successFactor) == ["+[Samverkan]"])
        #expect(diff.goals[0].metrics.map(\.change) == [.added])
    }

    /// Goal by goal and metric by metric: g1 changed (text, a metric's target and periods), g2 removed, g3 added.
    @Test func goalsAndMetricsByHand() throws {
        let old = try view(1, """
            {"goals":[
              {"id":"g1","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","metrics":[
                {"id":"sjuk","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","ÅR"]},
                {"id":"chef","name":"Chefer per medarbetare","target":30,"periods":["ÅR"]}]},
              {"id":"g2","perspective":"Ekonomi","text":"Balans","metrics":[]}]}
            """)
        let new = try view(2, """
            {"goals":[
              {"id":"g3","perspective":"Samhälle","text":"Attraktiv region","metrics":[]},
              {"id":"g1","perspective":"Medarbetare","text":"Långsiktigt hållbar kompetensförsörjning","metrics":[
                {"id":"sjuk","name":"Sjukfrånvaro","target":4.5,"baseline":5.1,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]},
                {"id":"ny","name":"Personalomsättning","target":"Minska","periods":["ÅR"]}]}]}
            """)
        let diff = PlanDiff(from: old, to: new)
        #expect(diff.goals.map(\.id) == ["g3", "g1", "g2"])
        #expect(diff.goals.map(\.change) == [.added, .changed, .removed])
        let g1 = diff.goals[1]
        #expect(g1.fields == ["text"])
        #expect(pieces(g1.text) == ["-[Hållbar]", "+[Långsiktigt hållbar]", " kompetensförsörjning"])
        #expect(g1.metrics.map(\.id) == ["sjuk", "ny", "chef"])
        #expect(g1.metrics.map(\.change) == [.changed, .added, .removed])
        #expect(g1.metrics[0].fields == ["target", "periods"])
        #expect(g1.metrics[2].movedTo == nil)
        #expect(diff.goals[2].old?.text == "Balans" && diff.goals[2].new == nil)
    }

    /// A goal moved from one perspective to another is one goal changed (not one removed and one added), saying whence.
    @Test func aGoalMovedBetweenPerspectives() throws {
        let old = try view(1, #"{"goals":[{"id":"g1","perspective":"Verksamhet","text":"God vård","metrics":[{"id":"m1","name":"Väntetid","target":90,"periods":["ÅR"]}]}]}"#)
        let new = try view(2, #"{"goals":[{"id":"g1","perspective":"Medborgare","text":"God vård","metrics":[{"id":"m1","name":"Väntetid","target":90,"periods":["ÅR"]}]}]}"#)
        let diff = PlanDiff(from: old, to: new)
        #expect(diff.goals.count == 1)
        #expect(diff.goals[0].change == .changed && diff.goals[0].fields == ["perspective"])
        #expect(diff.goals[0].perspective == "Medborgare" && diff.goals[0].movedFromPerspective == "Verksamhet")
        #expect(diff.goals[0].metrics.map(\.change) == [.unchanged])
        #expect(pieces(diff.goals[0].text) == ["God vård"])
    }

    /// A metric moved from one goal to another is matched by its id: removed under the old goal, changed under the new.
    @Test func aMetricMovedBetweenGoals() throws {
        let old = try view(1, #"{"goals":[{"id":"a","perspective":"Ekonomi","text":"A","metrics":[{"id":"m","name":"M","target":1,"periods":["ÅR"]}]},{"id":"b","perspective":"Ekonomi","text":"B","metrics":[]}]}"#)
        let new = try view(2, #"{"goals":[{"id":"a","perspective":"Ekonomi","text":"A","metrics":[]},{"id":"b","perspective":"Ekonomi","text":"B","metrics":[{"id":"m","name":"M","target":1,"periods":["ÅR"]}]}]}"#)
        let diff = PlanDiff(from: old, to: new)
        #expect(diff.goals.map(\.change) == [.changed, .changed])
        #expect(diff.goals[0].metrics.map(\.change) == [.removed] && diff.goals[0].metrics[0].movedTo == "b")
        #expect(diff.goals[1].metrics.map(\.change) == [.changed] && diff.goals[1].metrics[0].movedFrom == "a")
        #expect(diff.goals[1].metrics[0].fields.isEmpty)
    }

    @Test func titleAndPeriod() throws {
        let old = try view(1, #"{"title":"Plan 2023–2025","period":{"from":2023,"to":2025}}"#)
        let new = try view(2, #"{"title":"Plan 2024–2026","period":{"from":2024,"to":2026}}"#)
        let diff = PlanDiff(from: old, to: new)
        #expect(pieces(diff.title) == ["Plan ", "-[2023–2025]", "+[2024–2026]"])
        #expect(diff.period?.old?.from.description == "2023-01-01" && diff.period?.new?.to.description == "2026-12-31")
    }

    @Test func perspectivesInTheSeedsOrderThenOthers() {
        let grouped = Perspectives.grouped(["Ekonomi", "Övrigt", "samhälle", "Medarbetare", "Ekonomi", "Annat"]) { $0 }
        #expect(grouped.map(\.perspective) == ["samhälle", "Medarbetare", "Ekonomi", "Övrigt", "Annat"])
        #expect(grouped[2].items.count == 2)
        #expect(Perspectives.grouped([String]()) { $0 }.isEmpty)
    }
}
