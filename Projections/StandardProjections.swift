import GRDB
import LedgerCore
import LedgerStore

/// The projections every ledger keeps, in the order they are applied.
public enum StandardProjections {
    public static let all: [any Projection] = [
        PlansProjection(), ChangesProjection(), DiaryProjection(), FollowupsProjection(), AssignmentsProjection(),
        SearchProjection(),
    ]

    /// The whole state at `point` from the projection tables: what `Replay.fold` computes from the log.
    public static func snapshot(at point: TimePoint, _ db: Database) throws -> LedgerSnapshot {
        LedgerSnapshot(
            asOf: point.asOf, knownAt: point.knownAt,
            plans: try PlansProjection.plans(at: point, db),
            diary: try DiaryProjection.entries(at: point, db),
            assignments: try AssignmentsProjection.assignments(at: point, db),
            followups: try FollowupsProjection.rows(at: point, db))
    }
}
