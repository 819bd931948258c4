import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Scenarios {
    /// Two-word queries over words plgen's vocabulary holds (common ones, which match thousands of documents at 1M,
    /// and a compound part), as a person types them.
    static let searchQueries = ["tandvård plan", "regionstyrelsen beslut", "primärvård handlingsplan", "hållbar arbetsmiljö",
                                "sjukfrånvaro minska", "länssjukvård division", "kompetens utreda", "psykiatri verksamhetsplan"]

    /// `search` (issue 16): a two-word query at a random as-of day, known at the head, in process (the SPEC's target:
    /// p99 ≤ 50 ms at 1M events).
    func search(ledger path: String) throws -> [Figure] {
        let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
        let reader = LedgerQueries(ledger)
        let span = try span(ledger)
        var random = SeededRandom(seed: seed)
        let parsed = Self.searchQueries.map { try! SearchQuery.parse($0).get() }
        func point() -> (query: SearchQuery, asOf: LedgerDate) {
            (parsed.randomElement(using: &random)!,
             LedgerDate.fromDaysSinceEpoch(Int.random(in: span.firstDay.daysSinceEpoch...span.lastDay.daysSinceEpoch, using: &random)))
        }
        let warmUp = max(20, queries / 20)
        progress("\(size): search in process: \(queries) two-word queries after \(warmUp) warm-up")
        let (inProcess, found) = try inProcessLatencies(warmUp: warmUp, count: queries, point: point) { p in
            try reader.search(p.query, asOf: p.asOf, knownAt: .head, publicMode: true)
        }
        let hits = found.reduce(0) { $0 + $1.count }
        return [
            Figure("search.inProcess.p50", "search, two words, in process", .milliseconds, inProcess, statistic: "p50"),
            Figure("search.inProcess.p99", "search, two words, in process", .milliseconds, inProcess, statistic: "p99",
                   target: .atMost(50, atSize: Self.oneMillion),
                   note: "public mode, limit 20, random as-of day, known at the head; \(hits) hits in \(queries) queries"),
        ]
    }
}
