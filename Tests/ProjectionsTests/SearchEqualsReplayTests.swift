import LedgerCore
import LedgerStore
import Projections
import Testing
import TestSupport

/// Search against the plain fold, on random histories (`RandomHistory`: corrections of titles and secrecy,
/// retractions, backdated and out-of-order events): for any (as of D, known at K), the hits of the FTS index equal
/// the hits worked out from `Replay.fold`'s snapshot by `SearchQuery.matchesAll` — plans as in force, every
/// change-list entry, assignment and diary entry — and in public mode no hit is ever a diary entry classified in any
/// version, nor shows a classified entry's title or counterpart.
struct SearchEqualsReplayTests {
    static let words = ["handling", "kommun", "rättad", "titel", "text", "sjukfrånvaro", "utred", "ändring", "plan", "åäö",
                        "regionstyrelsen", "budgetavvikelse", "hållbart arbetsliv", "RS/3/2015", "u3"]

    @Test(arguments: Array(UInt64(1)...12))
    func searchEqualsTheFold(seed: UInt64) throws {
        let t = try TemporaryLedger()
        try RandomHistory.build(seed: seed, steps: 90, into: t)
        let queries = LedgerQueries(t.ledger)
        var events: [RecordedEvent] = []
        try t.ledger.forEachEvent { events.append($0) }
        let head = events.count
        let mask = try queries.publicMask()
        var rng = SeededRandom(seed: seed &* 104_729)
        var points: [(LedgerDate, Int)] = [(LedgerDate(year: 2027, month: 1, day: 1)!, head)]
        for _ in 0..<12 {
            let d = LedgerDate(year: 2009, month: 6, day: 1)!.adding(days: Int.random(in: 0..<(18 * 365), using: &rng))
            points.append((d, Int.random(in: 0...head, using: &rng)))
        }
        var total = 0
        for (asOf, k) in points {
            let snapshot = Replay.fold(events, asOf: asOf, knownAt: k)
            for text in Self.words {
                guard case .success(let query) = SearchQuery.parse(text) else { continue }
                for publicMode in [false, true] {
                    let found = try everyHit(queries, query, asOf: asOf, knownAt: k, publicMode: publicMode)
                    let expected = Self.expected(snapshot, query, mask: publicMode ? mask : nil)
                    total += found.count
                    #expect(Set(found.map(Self.name)) == expected, "seed \(seed), \"\(text)\" as of \(asOf), known at \(k), public \(publicMode)")
                    #expect(found.count == Set(found.map(Self.name)).count, "a hit twice")
                    guard publicMode else { continue }
                    for hit in found where hit.kind == .diary {
                        #expect(mask.classified[hit.key] == nil && mask.classifiedEvents[hit.seq] == nil, "classified \(hit.key) found in public")
                    }
                }
            }
        }
        #expect(total > 100, "seed \(seed): the words should find something (\(total) hits)")
        // What a classified entry ever said (any version) never shows in a public hit's title or snippet.
        var secrets: Set<String> = []
        for event in events where event.type == .diaryRegistered || event.type == .eventCorrected {
            let data: [String: JSONValue]
            if event.type == .eventCorrected {
                guard case .number(let n)? = event.data["target"], let target = events.first(where: { $0.seq == Int(n) }),
                      target.type == .diaryRegistered, case .object(let r)? = event.data["replacement"], case .object(let d)? = r["data"] else { continue }
                data = d
            } else {
                data = event.data
            }
            guard let dnr = data["dnr"]?.stringValue, mask.classified[dnr] != nil else { continue }
            if let title = data["title"]?.stringValue { secrets.insert(title) }
        }
        for secret in secrets {
            guard case .success(let query) = SearchQuery.parse(secret) else { continue }
            for hit in try everyHit(queries, query, asOf: LedgerDate(year: 2027, month: 1, day: 1)!, knownAt: head, publicMode: true) where hit.kind == .diary {
                #expect(mask.classified[hit.key] == nil, "seed \(seed): \"\(secret)\" found a classified entry")
            }
        }
    }

    func everyHit(_ queries: LedgerQueries, _ query: SearchQuery, asOf: LedgerDate, knownAt: Int, publicMode: Bool) throws -> [SearchHit] {
        var all: [SearchHit] = []
        while true {
            let page = try queries.search(query, asOf: asOf, knownAt: .seq(knownAt), publicMode: publicMode, limit: 100, offset: all.count)
            all += page
            if page.count < 100 || all.count >= SearchPaging.maxOffset { return all }
        }
    }

    static func name(_ hit: SearchHit) -> String {
        hit.kind == .plan ? "plan \(hit.key)" : "\(hit.kind.rawValue) \(hit.key) \(hit.seq)"
    }

    /// The hits worked out from the fold's snapshot.
    static func expected(_ s: LedgerSnapshot, _ query: SearchQuery, mask: PublicMask?) -> Set<String> {
        var result: Set<String> = []
        for p in s.plans {
            var texts = [p.title]
            if let text = p.text { texts.append(text) }
            for goal in p.goals ?? [] {
                texts.append(goal.text)
                if let factor = goal.successFactor { texts.append(factor) }
                texts += goal.metrics.map(\.name)
            }
            if query.matchesAll(texts) { result.insert("plan \(p.plan)") }
            for c in p.changes where query.matchesAll([c.change, c.dnr ?? "", c.approvedBy ?? ""]) {
                result.insert("change \(p.plan) \(c.seq)")
            }
        }
        for a in s.assignments where query.matchesAll([a.title, a.assignee]) {
            result.insert("assignment \(a.assignment) \(a.seq)")
        }
        for e in s.diary {
            var texts = [e.title, e.dnr]
            if let mask {
                if mask.classified[e.dnr] != nil || mask.classifiedEvents[e.seq] != nil { continue }
                if !(mask.personalData.contains(e.dnr) || mask.personalDataEvents.contains(e.seq)), let c = e.counterpart { texts.append(c) }
            } else if let c = e.counterpart {
                texts.append(c)
            }
            if query.matchesAll(texts) { result.insert("diary \(e.dnr) \(e.seq)") }
        }
        return result
    }
}
