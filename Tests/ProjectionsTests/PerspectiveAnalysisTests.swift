import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// Perspective analyses (`content.analyses`) and the policy that requires them (`policy.adopted`): strict reading,
/// the state rules, the policy's own history, and `perspective-analysis-missing` computed by hand (seed 001 §3.4).
struct PerspectiveAnalysisTests {
    let t: TemporaryLedger
    let q: LedgerQueries

    init() throws {
        t = try TemporaryLedger()
        t.setClock("2021-12-31T08:00:00Z")
        try t.append(#"""
            {"type":"plan.registered","plan":"rutin","effective":"2019-01-01","data":{"title":"Rutin","kind":"rutin","owner":"RS"}}
            {"type":"plan.registered","plan":"hp-a","effective":"2019-01-01","data":{"title":"Handlingsplan A","kind":"handlingsplan","owner":"RD"}}
            {"type":"plan.registered","plan":"hp-c","effective":"2019-01-01","data":{"title":"Handlingsplan C","kind":"handlingsplan","owner":"RD"}}
            {"type":"plan.registered","plan":"rutin-b","effective":"2019-01-01","data":{"title":"Rutin B","kind":"rutin","owner":"RS"}}
            """#)
        q = LedgerQueries(t.ledger)
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    static let policy1 = #"{"type":"policy.adopted","plan":"rutin","effective":"2020-03-01","data":{"policy":"pa","requires":"perspective-analyses","kinds":["handlingsplan"],"perspectives":["gender-equality","child-rights"],"dnr":"RS/1/2020","approvedBy":"RD"}}"#
    static let policy2 = #"{"type":"policy.adopted","plan":"rutin","effective":"2021-01-01","data":{"policy":"pa","requires":"perspective-analyses","kinds":["handlingsplan"],"perspectives":["environment"],"approvedBy":"RS"}}"#

    static func analysis(_ p: String, concerned: Bool = true) -> String {
        #"{"perspective":"\#(p)","concerned":\#(concerned),"text":"Analys \#(p)"}"#
    }

    static func revised(_ plan: String, _ version: Int, _ effective: String, content: String?) -> String {
        #"{"type":"plan.revised","plan":"\#(plan)","effective":"\#(effective)","data":{"version":\#(version),"change":"v\#(version)","approvedBy":"RD"\#(content.map { #","content":\#($0)"# } ?? "")}}"#
    }

    // MARK: - Reading

    @Test func analysesAreReadStrictlyAtEveryDepth() throws {
        let bad = Self.revised("hp-a", 1, "2020-01-01", content: #"{"analyses":[{"perspective":"gender-equality","concerned":true,"text":"A"},{"perspective":"jämställdhet","concerned":true,"text":"B"}]}"#)
        let problems = t.problems(bad)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("data.content.analyses[1].perspective") == true)
        #expect(problems.first?.contains(#"expected one of "gender-equality", "child-rights", "environment", "economy", "regional-development", got "jämställdhet""#) == true)

        let twice = t.problems(Self.revised("hp-a", 1, "2020-01-01", content: "[\(Self.analysis("economy")),\(Self.analysis("economy", concerned: false))]".wrappedAsAnalyses))
        #expect(twice.count == 1 && twice[0].contains("data.content.analyses") && twice[0].contains(#"perspective "economy" is analysed twice"#))

        let unknown = t.problems(Self.revised("hp-a", 1, "2020-01-01", content: #"{"analyses":[{"perspective":"economy","concerned":true,"text":"A","score":3}]}"#))
        #expect(unknown.count == 1 && unknown[0].contains("data.content.analyses[0].score") && unknown[0].contains("unknown field"))

        let notBool = t.problems(Self.revised("hp-a", 1, "2020-01-01", content: #"{"analyses":[{"perspective":"economy","concerned":"ja","text":"A"}]}"#))
        #expect(notBool.count == 1 && notBool[0].contains("data.content.analyses[0].concerned"))

        let emptyText = t.problems(Self.revised("hp-a", 1, "2020-01-01", content: #"{"analyses":[{"perspective":"economy","concerned":false,"text":"  "}]}"#))
        #expect(emptyText.count == 1 && emptyText[0].contains("data.content.analyses[0].text") && emptyText[0].contains("must not be empty"))

        let notArray = t.problems(Self.revised("hp-a", 1, "2020-01-01", content: #"{"analyses":{"perspective":"economy"}}"#))
        #expect(notArray.count == 1 && notArray[0].contains("data.content.analyses") && notArray[0].contains("expected an array"))
        // Nothing was written by any of them.
        #expect(try t.ledger.head().seq == 4)
        // The boundary: every perspective once, one not concerned, is accepted.
        let all = "[" + Perspective.allCases.map { Self.analysis($0.rawValue, concerned: $0 != .environment) }.joined(separator: ",") + "]"
        #expect(t.problems(Self.revised("hp-a", 1, "2020-01-01", content: all.wrappedAsAnalyses)).isEmpty)
    }

    @Test func policiesAreReadStrictly() throws {
        func policy(_ data: String, plan: String = "rutin", effective: String = "2020-03-01") -> [String] {
            t.problems(#"{"type":"policy.adopted","plan":"\#(plan)","effective":"\#(effective)","data":\#(data)}"#)
        }
        let base = #""policy":"pa","requires":"perspective-analyses","approvedBy":"RD""#
        #expect(policy(#"{\#(base),"kinds":[],"perspectives":["economy"]}"#).contains { $0.contains("data.kinds") && $0.contains("at least one plan kind") })
        #expect(policy(#"{\#(base),"kinds":["a","a"],"perspectives":["economy"]}"#).contains { $0.contains("data.kinds") && $0.contains(#"the kind "a" twice"#) })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":[]}"#).contains { $0.contains("data.perspectives") && $0.contains("at least one perspective") })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["economy","economy"]}"#).contains { $0.contains("data.perspectives") && $0.contains(#""economy" twice"#) })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["miljö"]}"#).contains { $0.contains("data.perspectives[0]") && $0.contains(#"got "miljö""#) })
        #expect(policy(#"{"policy":"pa","requires":"budget","approvedBy":"RD","kinds":["a"],"perspectives":["economy"]}"#)
            .contains { $0.contains("data.requires") && $0.contains(#""perspective-analyses""#) })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["economy"],"extra":1}"#).contains { $0.contains("data.extra") && $0.contains("unknown field") })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["economy"]}"#, plan: "finns-ej").contains { $0.contains("plan") && $0.contains(#"no plan "finns-ej""#) })
        #expect(t.problems(#"{"type":"policy.adopted","effective":"2020-03-01","data":{\#(base),"kinds":["a"],"perspectives":["economy"]}}"#).contains { $0.contains("plan") })
        // The governing document must exist on the policy's date: the day before its registration is refused, the day itself accepted.
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["economy"]}"#, effective: "2018-12-31").contains { $0.contains("effective") && $0.contains("was registered (2019-01-01)") })
        #expect(policy(#"{\#(base),"kinds":["a"],"perspectives":["economy"]}"#, effective: "2019-01-01").isEmpty)
    }

    @Test func aCorrectionCannotChangeThePolicyKey() throws {
        try t.append(Self.policy1)
        let seq = try t.ledger.head().seq
        let problems = t.problems(#"{"type":"event.corrected","effective":"2020-04-01","data":{"target":\#(seq),"reason":"fel","replacement":{"data":{"policy":"annan","requires":"perspective-analyses","kinds":["handlingsplan"],"perspectives":["economy"],"approvedBy":"RD"}}}}"#)
        #expect(problems.count == 1 && problems[0].contains("data.replacement.data.policy") && problems[0].contains("cannot change policy"))
    }

    // MARK: - History and audit

    /// Builds the history the audit test computes by hand.
    func buildHistory() throws {
        try t.append(Self.policy1)
        try t.append([
            // hp-a: v1 the day before the policy (never a finding), v2 on its date with gender equality only, v3 naming no
            // analyses (so v2's stay), v4 adding child rights, v5 after policy version 2 (which asks for environment).
            Self.revised("hp-a", 1, "2020-02-29", content: nil),
            Self.revised("hp-a", 2, "2020-03-01", content: "[\(Self.analysis("gender-equality"))]".wrappedAsAnalyses),
            Self.revised("hp-a", 3, "2020-06-01", content: #"{"text":"Ny text"}"#),
            Self.revised("hp-a", 4, "2020-09-01", content: "[\(Self.analysis("child-rights")),\(Self.analysis("gender-equality", concerned: false))]".wrappedAsAnalyses),
            // hp-c: child rights only, judged not concerned: an analysis all the same; gender equality is missing.
            Self.revised("hp-c", 1, "2020-04-01", content: "[\(Self.analysis("child-rights", concerned: false))]".wrappedAsAnalyses),
            // rutin-b: a kind no policy covers, without analyses, after the policy.
            Self.revised("rutin-b", 1, "2020-05-01", content: nil),
        ].joined(separator: "\n"))
        try t.append(Self.policy2)
        try t.append(Self.revised("hp-a", 5, "2021-02-01", content: #"{"text":"Utan miljö"}"#))
    }

    func missing(asOf: String, knownAt: KnownAt = .head) throws -> [String] {
        try q.audit(asOf: date(asOf), knownAt: knownAt, rules: Audit.Rules()).filter { $0.finding == .perspectiveAnalysisMissing }.map { f in
            guard case .perspectiveAnalysisMissing(let plan, _, let version, _, let policy, let since, let missing) = f.facts else { return "?" }
            return "\(plan) v\(version) \(policy)@\(since): \(missing.map(\.rawValue).joined(separator: ","))"
        }
    }

    @Test func findingsComputedByHand() throws {
        try buildHistory()
        #expect(try missing(asOf: "2021-12-31") == [
            "hp-a v2 pa@2020-03-01: child-rights",
            "hp-a v3 pa@2020-03-01: child-rights",
            "hp-a v5 pa@2021-01-01: environment",
            "hp-c v1 pa@2020-03-01: gender-equality",
        ])
        // Before hp-a v3 and hp-c exist: only v2.
        #expect(try missing(asOf: "2020-03-31") == ["hp-a v2 pa@2020-03-01: child-rights"])
        // The day before the policy: nothing is required yet.
        #expect(try missing(asOf: "2020-02-29").isEmpty)
        // Known before policy version 2 was recorded: v5 is not known either, and v1 of the policy judges all.
        let beforePolicy2 = try t.ledger.head().seq - 2
        #expect(try missing(asOf: "2021-12-31", knownAt: .seq(beforePolicy2)).count == 3)
        // The finding's words, English as JSON writes them.
        let finding = try #require(q.audit(asOf: date("2021-12-31"), knownAt: .head, rules: Audit.Rules()).first { $0.finding == .perspectiveAnalysisMissing })
        #expect(finding.detail == #"version 2 of hp-a (2020-03-01) has no analysis of child-rights, which policy pa (in force since 2020-03-01) requires of plans of kind "handlingsplan""#)
        #expect(finding.plan == "hp-a" && finding.dnr == nil)
    }

    @Test func policiesHaveTheirOwnHistory() throws {
        try buildHistory()
        let now = try q.policies(asOf: date("2021-12-31"), knownAt: .head)
        #expect(now.count == 1)
        #expect(now[0].history.map(\.effective) == [date("2020-03-01"), date("2021-01-01")])
        #expect(now[0].current.perspectives == [.environment] && now[0].current.dnr == nil && now[0].current.approvedBy == "RS")
        let before = try q.policies(asOf: date("2020-12-31"), knownAt: .head)
        #expect(before.count == 1 && before[0].history.count == 1 && before[0].current.perspectives == [.genderEquality, .childRights])
        #expect(before[0].current.dnr == "RS/1/2020" && before[0].current.plan == "rutin")
        #expect(try q.policies(asOf: date("2020-02-29"), knownAt: .head).isEmpty)
        // Retract version 2: version 1 is in force again, and hp-a v5 is judged by it (gender equality and child rights
        // are analysed in force since v4, so no finding).
        let policy2Seq = try t.ledger.head().seq - 1
        try t.append(#"{"type":"event.retracted","effective":"2021-12-31","data":{"target":\#(policy2Seq),"reason":"fel"}}"#)
        #expect(try q.policies(asOf: date("2021-12-31"), knownAt: .head).first?.history.count == 1)
        #expect(try missing(asOf: "2021-12-31") == [
            "hp-a v2 pa@2020-03-01: child-rights", "hp-a v3 pa@2020-03-01: child-rights", "hp-c v1 pa@2020-03-01: gender-equality",
        ])
    }

    @Test func theContentInForceCarriesAnalysesForward() throws {
        try buildHistory()
        let v3 = try #require(try q.plan("hp-a", asOf: date("2020-07-01"), knownAt: .head))
        #expect(v3.version == 3 && v3.analyses?.map(\.perspective) == [.genderEquality])
        let v4 = try #require(try q.plan("hp-a", asOf: date("2020-12-31"), knownAt: .head))
        #expect(v4.analyses == [PerspectiveAnalysis(perspective: .childRights, concerned: true, text: "Analys child-rights"),
                                PerspectiveAnalysis(perspective: .genderEquality, concerned: false, text: "Analys gender-equality")])
        #expect(try q.plan("rutin-b", asOf: date("2021-12-31"), knownAt: .head)?.analyses == nil)
        // The perspectives hp-a's version 5 must analyse: policy version 2's, from its own date.
        let required = RequiredAnalysis.of(kind: "handlingsplan", on: date("2021-02-01"), policies: try q.policies(asOf: date("2021-12-31"), knownAt: .head))
        #expect(required.map(\.perspective) == [.environment])
        #expect(RequiredAnalysis.of(kind: "rutin", on: date("2021-02-01"), policies: try q.policies(asOf: date("2021-12-31"), knownAt: .head)).isEmpty)
    }

    @Test func projectionsEqualReplayForThisHistory() throws {
        try buildHistory()
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        for asOf in ["2020-02-29", "2020-03-01", "2020-06-01", "2021-01-01", "2021-12-31"] {
            for k in [4, 5, 8, events.count - 1, events.count] {
                let fold = Replay.fold(events, asOf: date(asOf), knownAt: k)
                #expect(try q.snapshot(asOf: date(asOf), knownAt: .seq(k)) == fold, "as of \(asOf), known at \(k)")
            }
        }
        #expect(try t.ledger.verify().ok)
    }

    @Test func aChangedAnalysisIsInTheDiff() throws {
        try t.append(#"""
            {"type":"plan.registered","plan":"hp","effective":"2020-01-01","data":{"title":"Handlingsplan","kind":"övergripande handlingsplan","owner":"RD"}}
            {"type":"plan.revised","plan":"hp","effective":"2020-01-01","data":{"version":1,"change":"Ny","approvedBy":"RD","content":{"analyses":[{"perspective":"environment","concerned":true,"text":"Ökade transporter"},{"perspective":"economy","concerned":true,"text":"Ryms i ram"}]}}}
            {"type":"plan.revised","plan":"hp","effective":"2020-06-01","data":{"version":2,"change":"Miljö","approvedBy":"RD","content":{"analyses":[{"perspective":"environment","concerned":false,"text":"Inga transporter"},{"perspective":"economy","concerned":true,"text":"Ryms i ram"},{"perspective":"child-rights","concerned":true,"text":"Barns bästa"}]}}}
            """#)
        // The diff itself, computed by hand.
        guard case .found(let diff, _) = try q.planDiff("hp", from: 1, to: 2, knownAt: .head) else { Issue.record("no diff"); return }
        #expect(diff.analyses.map(\.perspective) == [.childRights, .environment, .economy])
        #expect(diff.analyses.map(\.change) == [.added, .changed, .unchanged])
        #expect(diff.analyses[1].concernedChanged && !diff.isEmpty)
        let words = diff.analyses[1].text.filter { $0.kind != .same }
        #expect(words.map(\.kind) == [.deleted, .inserted])
        #expect(words.first?.text.hasPrefix("Ökade") == true && words.last?.text.hasPrefix("Inga") == true)
    }
}

extension String {
    /// `[…]` as the content `{"analyses":[…]}`.
    var wrappedAsAnalyses: String { #"{"analyses":\#(self)}"# }
}
