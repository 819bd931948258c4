import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Scenarios {
    /// `process` (issue 16): where one planning process stands as of a random day in the log's span, known at the head,
    /// in process (the target: p99 ≤ 1 ms at 1M events). The processes are those plgen wrote, all of them.
    func process(ledger path: String) throws -> [Figure] {
        let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
        let reader = LedgerQueries(ledger)
        let span = try span(ledger)
        let keys = try reader.processes(asOf: span.lastDay, knownAt: .head).map(\.process)
        guard !keys.isEmpty else {
            progress("\(size): process: the workload holds no planning process; skipped")
            return []
        }
        var random = SeededRandom(seed: seed)
        func point() -> (key: String, asOf: LedgerDate) {
            (keys.randomElement(using: &random)!,
             LedgerDate.fromDaysSinceEpoch(Int.random(in: span.firstDay.daysSinceEpoch...span.lastDay.daysSinceEpoch, using: &random)))
        }
        let warmUp = max(20, queries / 20)
        progress("\(size): process in process: \(queries) queries over \(keys.count) processes after \(warmUp) warm-up")
        let (inProcess, views) = try inProcessLatencies(warmUp: warmUp, count: queries, point: point) { p in
            try reader.process(p.key, asOf: p.asOf, knownAt: .head)
        }
        let found = views.count { $0 != nil }
        return [
            Figure("process.inProcess.p50", "process as of a date, in process", .milliseconds, inProcess, statistic: "p50"),
            Figure("process.inProcess.p99", "process as of a date, in process", .milliseconds, inProcess, statistic: "p99",
                   target: .atMost(1, atSize: Self.oneMillion),
                   note: "\(keys.count) processes, random as-of day, known at the head; planned by then in \(found) of \(queries)"),
        ]
    }
}
