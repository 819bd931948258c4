import Foundation
import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// `content.budget` (SPEC, "The planning year", Budget frames and economic action plans): strict reading, the budget
/// as resolved into the plan at any (as of, known at), the budget-exceeds-frame audit and the version diff, each
/// answer worked out by hand.
@Suite struct BudgetTests {
    /// The problems of a revision whose content is `{"budget": budget}` (empty when it reads).
    func problems(_ budget: String) -> [String] {
        let line = #"{"type":"plan.revised","plan":"p","effective":"2017-01-10","data":{"version":1,"change":"Ny","content":{"budget":\#(budget)}}}"#
        switch EventDecoder.decode(line) {
        case .success: return []
        case .failure(let rejection): return rejection.problems.map(\.description)
        }
    }

    func refused(_ budget: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(budget)
        #expect(found.contains(expected), "expected \"\(expected)\", got \(found)", sourceLocation: sourceLocation)
    }

    static let frame = #"{"unit":"Division Service","year":2017,"amount":1500,"kind":"operating"}"#

    // MARK: Reading

    @Test func aWellFormedBudgetReads() throws {
        #expect(problems(#"{"currency":"tkr","frames":[\#(Self.frame)]}"#) == [])
        #expect(problems(#"{"currency":"mnkr","measures":[{"id":"m1","unit":"A","text":"Samordna","effects":[{"year":2017,"amount":-0.25},{"year":2018,"amount":1.5}]}]}"#) == [])
        // Zero is an amount (a frame not yet given); whole kronor at the limit of each currency's decimals.
        #expect(problems(#"{"currency":"tkr","frames":[{"unit":"A","year":1900,"amount":0,"kind":"investment"},{"unit":"A","year":2199,"amount":0.001,"kind":"investment"}]}"#) == [])
        #expect(problems(#"{"currency":"mnkr","frames":[{"unit":"A","year":2017,"amount":0.000001,"kind":"investment"}]}"#) == [])
        #expect(problems(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":100000000000,"kind":"operating"}]}"#) == [])
    }

    @Test func everyRefusalNamesTheFieldAndTheReason() {
        let path = "data.content.budget"
        refused(#"{"currency":"skr","frames":[\#(Self.frame)]}"#, #"\#(path).currency: expected one of "tkr", "mnkr", got "skr""#)
        refused(#"{"frames":[\#(Self.frame)]}"#, "\(path).currency: is required")
        refused(#"{"currency":"tkr"}"#, "\(path): names neither frames nor measures; a budget gives at least one")
        // Empty lists give nothing either (found by a newcomer's trial: they were taken as a budget with no rows).
        refused(#"{"currency":"tkr","frames":[],"measures":[]}"#, "\(path): names neither frames nor measures; a budget gives at least one")
        refused(#"{"currency":"tkr","frames":[]}"#, "\(path): names neither frames nor measures; a budget gives at least one")
        refused(#"{"currency":"tkr","frames":[\#(Self.frame)],"total":1}"#, "\(path).total: unknown field")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":1,"kind":"operating","note":"x"}]}"#, "\(path).frames[0].note: unknown field")
        refused(#"{"currency":"tkr","measures":[{"id":"m","unit":"A","text":"t","effects":[{"year":2017,"amount":1,"why":"x"}]}]}"#,
                "\(path).measures[0].effects[0].why: unknown field")
        refused(#"{"currency":"tkr","frames":[{"unit":"  ","year":2017,"amount":1,"kind":"operating"}]}"#, "\(path).frames[0].unit: must not be empty")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":1899,"amount":1,"kind":"operating"}]}"#, "\(path).frames[0].year: must be between 1900 and 2199, got 1899")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2200,"amount":1,"kind":"operating"}]}"#, "\(path).frames[0].year: must be between 1900 and 2199, got 2200")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":"2017","amount":1,"kind":"operating"}]}"#,
                #"\#(path).frames[0].year: expected an integer, got a string ("2017"); write it without quotes"#)
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":-1,"kind":"operating"}]}"#,
                "\(path).frames[0].amount: must not be negative, got -1 (a frame is an amount granted)")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":100000000000.001,"kind":"operating"}]}"#,
                "\(path).frames[0].amount: must be at most 100000000000 tkr (10^14 kronor) in magnitude, got 100000000000.001")
        refused(#"{"currency":"mnkr","frames":[{"unit":"A","year":2017,"amount":1e300,"kind":"operating"}]}"#,
                "\(path).frames[0].amount: must be at most 100000000 mnkr (10^14 kronor) in magnitude, got 1e+300")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":0.0005,"kind":"operating"}]}"#,
                "\(path).frames[0].amount: 0.0005 tkr is not a whole number of kronor (at most 3 decimals in tkr)")
        refused(#"{"currency":"mnkr","frames":[{"unit":"A","year":2017,"amount":0.0000001,"kind":"operating"}]}"#,
                "\(path).frames[0].amount: 1e-7 mnkr is not a whole number of kronor (at most 6 decimals in mnkr)")
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":"1500","kind":"operating"}]}"#,
                #"\#(path).frames[0].amount: expected a number, got a string ("1500"); write it without quotes"#)
        refused(#"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":1,"kind":"drift"}]}"#,
                #"\#(path).frames[0].kind: expected one of "operating", "investment", got "drift""#)
        refused(#"{"currency":"tkr","frames":[\#(Self.frame),{"unit":"Division Service","year":2017,"amount":2,"kind":"operating"}]}"#,
                #"\#(path).frames[1]: the frame for unit "Division Service", year 2017, kind operating is given twice"#)
        refused(#"{"currency":"tkr","measures":[{"id":"m","unit":"A","text":"t","effects":[{"year":2017,"amount":1}]},{"id":"m","unit":"B","text":"u","effects":[{"year":2017,"amount":1}]}]}"#,
                #"\#(path).measures[1].id: measure id "m" is used twice"#)
        refused(#"{"currency":"tkr","measures":[{"id":"m","unit":"A","text":"t","effects":[{"year":2017,"amount":1},{"year":2017,"amount":2}]}]}"#,
                "\(path).measures[0].effects[1].year: the effect for 2017 is given twice")
        refused(#"{"currency":"tkr","measures":[{"id":"m","unit":"A","text":"t","effects":[]}]}"#,
                "\(path).measures[0].effects: must give the effect for at least one year")
        refused(#"{"currency":"tkr","measures":[{"id":"m","unit":"A","text":"t"}]}"#, "\(path).measures[0].effects: is required")
        refused(#"{"currency":"tkr","frames":{"unit":"A"}}"#, "\(path).frames: expected an array, got an object")
        refused(#"{"currency":"tkr","frames":[1]}"#, "\(path).frames[0]: expected an object, got a number")
        refused(#""tkr""#, "data.content.budget: expected an object, got a string")
    }

    @Test func theSameFrameInTwoKindsOrYearsIsTwoFrames() {
        #expect(problems(#"{"currency":"tkr","frames":[\#(Self.frame),{"unit":"Division Service","year":2017,"amount":2,"kind":"investment"},{"unit":"Division Service","year":2018,"amount":2,"kind":"operating"}]}"#) == [])
    }

    @Test func kronorAreExact() {
        #expect(BudgetAmount.kronor(0.1, in: .mnkr) == 100_000)
        #expect(BudgetAmount.kronor(1500.001, in: .tkr) == 1_500_001)
        #expect(BudgetAmount.kronor(-250.5, in: .tkr) == -250_500)
        #expect(BudgetAmount.kronor(1.5, in: .mnkr) == BudgetAmount.kronor(1500, in: .tkr))
        #expect(BudgetAmount.kronor(0.0001, in: .tkr) == nil)
        #expect(BudgetAmount.text(kronor: 1_500_001, in: .mnkr) == "1.500001")
        #expect(BudgetAmount.text(kronor: -250_500, in: .tkr) == "-250.5")
        #expect(BudgetAmount.text(kronor: 2_000_000, in: .mnkr) == "2")
        // 0.1 + 0.2 in doubles is 0.30000000000000004; in kronor it is exactly 300 000.
        #expect(BudgetAmount.sum([BudgetAmount.kronor(0.1, in: .mnkr)!, BudgetAmount.kronor(0.2, in: .mnkr)!]) == BudgetAmount.kronor(0.3, in: .mnkr))
        #expect(BudgetAmount.sum([Int.max, 1]) == Int.max)
    }

    // MARK: The plan's budget over time

    static let parent = #"{"type":"plan.registered","plan":"ls","effective":"2016-06-01","data":{"title":"LS plan","kind":"styrelsens plan","owner":"LS","period":{"from":2017,"to":2019}}}"#

    static func child(_ key: String, parent: String = "ls", period: String = #"{"from":2017,"to":2017}"#) -> String {
        #"{"type":"plan.registered","plan":"\#(key)","effective":"2016-10-01","data":{"title":"Plan \#(key)","kind":"divisionsplan","owner":"D","period":\#(period),"parent":"\#(parent)"}}"#
    }

    static func revision(_ plan: String, _ version: Int, on date: String, _ budget: String?) -> String {
        let content = budget.map { #","content":{"budget":\#($0)}"# } ?? ""
        return #"{"type":"plan.revised","plan":"\#(plan)","effective":"\#(date)","data":{"version":\#(version),"change":"v\#(version)","approvedBy":"LD"\#(content)}}"#
    }

    static func frames(_ currency: String, _ frames: [(String, Int, String, String)]) -> String {
        let list = frames.map { #"{"unit":"\#($0.0)","year":\#($0.1),"amount":\#($0.3),"kind":"\#($0.2)"}"# }.joined(separator: ",")
        return #"{"currency":"\#(currency)","frames":[\#(list)]}"#
    }

    func date(_ s: String) -> LedgerDate { LedgerDate(iso: s)! }

    func events(_ t: TemporaryLedger) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        return events
    }

    @Test func aNamedBudgetReplacesThePreviousAndAnUnnamedOneKeepsIt() throws {
        let t = try TemporaryLedger()
        try t.append([
            Self.parent,
            Self.revision("ls", 1, on: "2016-06-15", Self.frames("mnkr", [("A", 2017, "operating", "1.5")])),
            Self.revision("ls", 2, on: "2016-09-01", nil),
            Self.revision("ls", 3, on: "2016-11-01", Self.frames("tkr", [("B", 2018, "investment", "700")])),
        ].joined(separator: "\n"))
        let q = LedgerQueries(t.ledger)
        #expect(try q.budget("ls", asOf: date("2016-06-14"), knownAt: .head)?.budget == nil)
        let v1 = Budget(currency: .mnkr, frames: [BudgetFrame(unit: "A", year: 2017, amount: 1.5, kind: .operating)], measures: [])
        #expect(try q.budget("ls", asOf: date("2016-06-15"), knownAt: .head)?.budget == v1)
        #expect(try q.budget("ls", asOf: date("2016-10-31"), knownAt: .head)?.budget == v1, "version 2 names no budget: version 1's stays")
        #expect(try q.budget("ls", asOf: date("2016-10-31"), knownAt: .head)?.version == 2)
        let v3 = Budget(currency: .tkr, frames: [BudgetFrame(unit: "B", year: 2018, amount: 700, kind: .investment)], measures: [])
        #expect(try q.budget("ls", asOf: date("2016-11-01"), knownAt: .head)?.budget == v3)
        // As the register stood before version 3 was recorded (seq 3): version 1's budget, even as of a later date.
        #expect(try q.budget("ls", asOf: date("2017-01-01"), knownAt: .seq(3))?.budget == v1)
        #expect(try q.budget("nej", asOf: date("2017-01-01"), knownAt: .head) == nil)
        // The projections' answer is the fold's.
        let expected = Replay.fold(try events(t), asOf: date("2016-11-01"), knownAt: 4)
        #expect(expected.plans.first { $0.plan == "ls" }?.budget == v3)
        // JSON per SPEC: currency, frames by unit, year and kind, measures; null and empty lists without a budget.
        let json = try #require(try q.budget("ls", asOf: date("2016-11-01"), knownAt: .head)).json
        #expect(CanonicalJSON.string(json) == #"{"asOf":"2016-11-01","currency":"tkr","frames":[{"amount":700,"kind":"investment","unit":"B","year":2018}],"measures":[],"plan":"ls","title":"LS plan","version":3}"#)
        let none = try #require(try q.budget("ls", asOf: date("2016-06-14"), knownAt: .head)).json
        #expect(CanonicalJSON.string(none) == #"{"asOf":"2016-06-14","currency":null,"frames":[],"measures":[],"plan":"ls","title":"LS plan","version":0}"#)
    }

    // MARK: budget-exceeds-frame

    /// The budget findings as of `asOf` from the projections, checked against the fold.
    func findings(_ lines: [String], asOf: String) throws -> [AuditFinding] {
        let t = try TemporaryLedger()
        try t.append(lines.joined(separator: "\n"))
        let found = try LedgerQueries(t.ledger).audit(asOf: date(asOf), knownAt: .head, rules: Audit.Rules())
        let head = try t.ledger.head().seq
        #expect(found == Audit.findings(Replay.fold(try events(t), asOf: date(asOf), knownAt: head)))
        return found.filter { $0.finding == .budgetExceedsFrame }
    }

    func history(parent: String, children: [(String, String)]) -> [String] {
        [Self.parent, Self.revision("ls", 1, on: "2016-06-15", parent)]
            + children.flatMap { key, budget in [Self.child(key), Self.revision(key, 1, on: "2016-12-20", budget)] }
    }

    @Test func equalToTheFrameIsWithinItAndOneKronaMoreIsAFinding() throws {
        let parent = Self.frames("mnkr", [("Division Service", 2017, "operating", "1.5")])
        // 1.5 mnkr = 1500 tkr exactly: no finding.
        #expect(try findings(history(parent: parent, children: [("d1", Self.frames("tkr", [("Division Service", 2017, "operating", "1500")]))]),
                             asOf: "2017-03-01").isEmpty)
        // 1500.001 tkr is one krona more.
        let over = try findings(history(parent: parent, children: [("d1", Self.frames("tkr", [("Division Service", 2017, "operating", "1500.001")]))]),
                                asOf: "2017-03-01")
        #expect(over.count == 1)
        #expect(over.first?.plan == "ls")
        #expect(over.first?.detail == "the operating frames for Division Service in 2017 in the plans under ls add up to 1.500001 mnkr (d1 1.500001 mnkr), more than the frame of 1.5 mnkr that ls gives")
        #expect(over.first?.facts == .budgetExceedsFrame(parent: "ls", unit: "Division Service", year: 2017, kind: .operating, frame: "1.5", sum: "1.500001",
                                                          currency: .mnkr, children: [BudgetShare(plan: "d1", amount: "1.500001")]))
    }

    @Test func siblingsShareTheFrame() throws {
        let parent = Self.frames("tkr", [("A", 2017, "operating", "1000")])
        let within = history(parent: parent, children: [("d1", Self.frames("tkr", [("A", 2017, "operating", "600")])),
                                                         ("d2", Self.frames("mnkr", [("A", 2017, "operating", "0.4")]))])
        #expect(try findings(within, asOf: "2017-03-01").isEmpty, "600 tkr + 0.4 mnkr = 1000 tkr, the frame")
        let over = history(parent: parent, children: [("d1", Self.frames("tkr", [("A", 2017, "operating", "600")])),
                                                       ("d2", Self.frames("mnkr", [("A", 2017, "operating", "0.401")]))])
        let found = try findings(over, asOf: "2017-03-01")
        #expect(found.map(\.detail) == ["the operating frames for A in 2017 in the plans under ls add up to 1001 tkr (d1 600 tkr, d2 401 tkr), more than the frame of 1000 tkr that ls gives"])
    }

    @Test func kindsYearsAndUnitsMatchExactly() throws {
        let parent = Self.frames("tkr", [("A", 2017, "operating", "1000"), ("A", 2017, "investment", "50")])
        // An operating frame over the investment frame, another year, another unit: none is compared.
        let child = Self.frames("tkr", [("A", 2017, "operating", "1000"), ("A", 2018, "investment", "900"), ("a", 2017, "investment", "900")])
        #expect(try findings(history(parent: parent, children: [("d1", child)]), asOf: "2017-03-01").isEmpty)
        let overInvestment = Self.frames("tkr", [("A", 2017, "investment", "51")])
        #expect(try findings(history(parent: parent, children: [("d1", overInvestment)]), asOf: "2017-03-01").map { $0.facts } ==
                [.budgetExceedsFrame(parent: "ls", unit: "A", year: 2017, kind: .investment, frame: "50", sum: "51", currency: .tkr,
                                     children: [BudgetShare(plan: "d1", amount: "51")])])
    }

    @Test func onlyPlansInForceCount() throws {
        let parent = Self.frames("tkr", [("A", 2017, "operating", "1000")])
        let over = Self.frames("tkr", [("A", 2017, "operating", "1200")])
        let lines = history(parent: parent, children: [("d1", over)])
        // The child's version is effective 2016-12-20: the day before it is a draft, on the day it counts.
        #expect(try findings(lines, asOf: "2016-12-19").isEmpty)
        #expect(try findings(lines, asOf: "2016-12-20").count == 1)
        // The child's period ends 2017-12-31: expired the day after, no longer counted.
        #expect(try findings(lines, asOf: "2017-12-31").count == 1)
        #expect(try findings(lines, asOf: "2018-01-01").isEmpty)
        // A repealed child no longer counts.
        let repealed = lines + [#"{"type":"plan.repealed","plan":"d1","effective":"2017-05-01","data":{"reason":"Ersatt","approvedBy":"LD"}}"#]
        #expect(try findings(repealed, asOf: "2017-04-30").count == 1)
        #expect(try findings(repealed, asOf: "2017-05-01").isEmpty)
        // A child whose parent is another plan is not compared with this one's frame.
        let elsewhere = [Self.parent, Self.revision("ls", 1, on: "2016-06-15", parent),
                         #"{"type":"plan.registered","plan":"annan","effective":"2016-06-01","data":{"title":"Annan","kind":"plan","owner":"X"}}"#,
                         Self.child("d1", parent: "annan"), Self.revision("d1", 1, on: "2016-12-20", over)]
        #expect(try findings(elsewhere, asOf: "2017-03-01").isEmpty)
    }

    // MARK: The diff between versions

    func view(_ version: Int, _ budget: String?) throws -> PlanView {
        var view = PlanView(plan: "p", kind: "plan", title: "Plan", owner: "RS", period: nil, parent: nil, version: version, status: .inForce,
                            effective: nil, approvedBy: nil, text: nil, goals: nil, changes: [])
        view.budget = try budget.map { try #require(Budget(json: try JSONParser.parse($0))) }
        return view
    }

    @Test func theDiffShowsChangedAddedAndRemovedFramesAndMeasures() throws {
        let old = #"{"currency":"tkr","frames":[{"unit":"A","year":2017,"amount":1500,"kind":"operating"},{"unit":"B","year":2017,"amount":10,"kind":"operating"},{"unit":"C","year":2017,"amount":5,"kind":"investment"}],"measures":[{"id":"m1","unit":"A","text":"Samordna","effects":[{"year":2017,"amount":100}]},{"id":"m2","unit":"A","text":"Avveckla","effects":[{"year":2017,"amount":1}]}]}"#
        // A is restated in mnkr (the same kronor), B changes by 1 tkr, C is removed, D added; m1's effect changes, m2 is removed, m3 added.
        let new = #"{"currency":"mnkr","frames":[{"unit":"A","year":2017,"amount":1.5,"kind":"operating"},{"unit":"B","year":2017,"amount":0.011,"kind":"operating"},{"unit":"D","year":2018,"amount":2,"kind":"operating"}],"measures":[{"id":"m1","unit":"A","text":"Samordna","effects":[{"year":2017,"amount":0.2}]},{"id":"m3","unit":"B","text":"Ny","effects":[{"year":2018,"amount":-0.1}]}]}"#
        let diff = PlanDiff(from: try view(1, old), to: try view(2, new))
        #expect(!diff.isEmpty)
        #expect(diff.budget.oldCurrency == .tkr && diff.budget.newCurrency == .mnkr)
        #expect(diff.budget.frames.map { "\($0.key.unit) \($0.change.rawValue)" } == ["A unchanged", "B changed", "D added", "C removed"])
        #expect(diff.budget.measures.map { "\($0.id) \($0.change.rawValue) \($0.fields)" } == [#"m1 changed ["effects"]"#, "m3 added []", "m2 removed []"])
        // The same budget twice: no difference; no budget to a budget: every frame added.
        #expect(PlanDiff(from: try view(1, old), to: try view(2, old)).isEmpty)
        let added = PlanDiff(from: try view(1, nil), to: try view(2, old))
        #expect(added.budget.frames.allSatisfy { $0.change == .added } && added.budget.frames.count == 3)
        #expect(!added.isEmpty)
        let removed = PlanDiff(from: try view(1, old), to: try view(2, nil))
        #expect(removed.budget.frames.allSatisfy { $0.change == .removed } && removed.budget.measures.count == 2)
    }
}
