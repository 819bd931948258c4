import GRDB
import LedgerCore
@testable import LedgerStore
import Testing
import TestSupport

/// The duplicate follow-up rule looks up a plan's follow-ups of one metric at every follow-up it checks: that
/// lookup is one search of the partial index `event_followup_by_metric`, not a parse of every event of the plan.
struct FollowupLookupTests {
    @Test func theLookupSearchesTheIndex() throws {
        let t = try TemporaryLedger()
        let queue = try DatabaseQueue(path: t.path)
        defer { try? queue.close() }
        let withPeriods = try queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AppendState.followupPeriodsByMetric, arguments: ["p", "m"]).map { $0["detail"] as String }
        }
        #expect(withPeriods == ["SEARCH e USING INDEX event_followup_by_metric (plan=? AND <expr>=?)",
                                "SEARCH a USING PRIMARY KEY (kind=? AND key=?) LEFT-JOIN"], "\(withPeriods)")
    }
}
