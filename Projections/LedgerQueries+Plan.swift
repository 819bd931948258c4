import LedgerCore

/// What a question about one plan (and perhaps one version of it) found: the answer of `GET /api/v1/plans/{plan}`,
/// `planledger show` and the plan page, decided once here.
public enum PlanLookup: Sendable {
    /// The plan (the version asked for, or the one in force) and its children in the goal chain, by key.
    case found(PlanView, children: [String])
    /// No plan at the time point; `existsAtAll` when the ledger holds it at some other point.
    case noSuchPlan(existsAtAll: Bool)
    /// The plan exists but has no such version in force by the as-of date; `latest` is the latest then (0: none).
    case noSuchVersion(version: Int, latest: Int)
}

/// What a comparison of two versions of a plan found.
public enum PlanDiffLookup: Sendable {
    /// The difference, and the plan with every version known (its change list).
    case found(PlanDiff, plan: PlanView)
    case noSuchPlan(existsAtAll: Bool)
    case noSuchVersion(version: Int, latest: Int)
}

extension LedgerQueries {
    /// The last day there is: as of it, every version known is in force (`changes` without `asOf`).
    static let everyVersion = LedgerDate(year: 9999, month: 12, day: 31)!

    /// Plan `key` as of `asOf`, known at `knownAt`: the version in force, or version `version` with the status
    /// `superseded` when a later one replaced it by then; with its children.
    public func planDetail(_ key: String, asOf: LedgerDate, knownAt: KnownAt, version: Int? = nil) throws -> PlanLookup {
        guard let view = try plan(key, asOf: asOf, knownAt: knownAt, version: version) else {
            return .noSuchPlan(existsAtAll: try planKeys().contains(key))
        }
        if let version, view.version < version { return .noSuchVersion(version: version, latest: view.version) }
        return .found(view, children: try children(of: key, asOf: asOf, knownAt: knownAt))
    }

    /// The difference between versions `from` and `to` of plan `key` as known at `knownAt`, each version's content
    /// resolved as `show --version` resolves it; any two versions known, future-dated ones included (as `changes`).
    public func planDiff(_ key: String, from: Int, to: Int, knownAt: KnownAt) throws -> PlanDiffLookup {
        guard let latest = try plan(key, asOf: Self.everyVersion, knownAt: knownAt) else {
            return .noSuchPlan(existsAtAll: try planKeys().contains(key))
        }
        for version in [from, to] where version < 1 || version > latest.version {
            return .noSuchVersion(version: version, latest: latest.version)
        }
        guard let old = try plan(key, asOf: Self.everyVersion, knownAt: knownAt, version: from),
              let new = try plan(key, asOf: Self.everyVersion, knownAt: knownAt, version: to) else {
            return .noSuchPlan(existsAtAll: true)
        }
        return .found(PlanDiff(from: old, to: new), plan: latest)
    }
}

extension LedgerQueries {
    /// The follow-ups of plan `key` (`planledger followups PLAN [--period P]`, `GET /api/v1/plans/{plan}/followups`,
    /// the page Uppföljning): the plan as of the point, and its rows in `period` (one period or a year, see
    /// `FollowupPeriodFilter`) when given; nil when the plan does not exist at that point.
    public func planFollowups(_ key: String, period: String?, asOf: LedgerDate, knownAt: KnownAt) throws -> (plan: PlanView, rows: [FollowupRow])? {
        guard let view = try plan(key, asOf: asOf, knownAt: knownAt) else { return nil }
        var rows = try followups(plan: key, asOf: asOf, knownAt: knownAt)
        if let period { rows = FollowupPeriodFilter.apply(period, to: rows) }
        return (view, rows)
    }
}
