import GRDB
import LedgerCore
import LedgerStore

/// The projections every ledger keeps, in the order they are applied.
public enum StandardProjections {
    public static let all: [any Projection] = [
        PlansProjection(), ChangesProjection(), DiaryProjection(), FollowupsProjection(), AssignmentsProjection(),
        ProcessesProjection(), ActivitiesProjection(), PoliciesProjection(),
        SearchProjection(),
    ]

    /// The whole state at `point` from the projection tables: what `Replay.fold` computes from the log.
    public static func snapshot(at point: TimePoint, _ db: Database) throws -> LedgerSnapshot {
        let plans = try PlansProjection.plans(at: point, db)
        return LedgerSnapshot(
            asOf: point.asOf, knownAt: point.knownAt,
            plans: plans,
            diary: try DiaryProjection.entries(at: point, db),
            assignments: try AssignmentsProjection.assignments(at: point, db),
            followups: try FollowupsProjection.rows(at: point, db),
            processes: try ProcessesProjection.processes(at: point, db),
            activities: try ActivitiesProjection.activities(at: point, db),
            policies: try PoliciesProjection.policies(at: point, db),
            analysed: try PoliciesProjection.analysed(kinds: Dictionary(uniqueKeysWithValues: plans.map { ($0.plan, $0.kind) }), at: point, db))
    }
}
