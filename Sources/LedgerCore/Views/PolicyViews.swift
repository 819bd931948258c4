/// The policies (`policy.adopted`) and what the audit's `perspective-analysis-missing` reads, shared by `Replay` and
/// the projections so that the two can be compared value for value.

/// One version of a policy: one `policy.adopted` as it counts now (its latest correction applied).
public struct PolicyVersion: Sendable, Hashable {
    public var policy: String
    public var requires: PolicyRequirement
    public var kinds: [String]
    public var perspectives: [Perspective]
    public var dnr: String?
    public var approvedBy: String
    /// The governing document that states the policy (the event's `plan`).
    public var plan: String
    /// The date the version takes effect.
    public var effective: LedgerDate
    /// The `policy.adopted` event.
    public var seq: Int

    public init(policy: String, requires: PolicyRequirement, kinds: [String], perspectives: [Perspective], dnr: String?,
                approvedBy: String, plan: String, effective: LedgerDate, seq: Int) {
        self.policy = policy
        self.requires = requires
        self.kinds = kinds
        self.perspectives = perspectives
        self.dnr = dnr
        self.approvedBy = approvedBy
        self.plan = plan
        self.effective = effective
        self.seq = seq
    }

    public init(_ p: PolicyAdopted, plan: String, effective: LedgerDate, seq: Int) {
        self.init(policy: p.policy, requires: p.requires, kinds: p.kinds, perspectives: p.perspectives, dnr: p.dnr,
                  approvedBy: p.approvedBy, plan: plan, effective: effective, seq: seq)
    }

    /// History order: by effective date, then seq (a later `policy.adopted` of the same key replaces the earlier
    /// from its own effective date).
    public static func historyOrder(_ a: PolicyVersion, _ b: PolicyVersion) -> Bool {
        (a.effective, a.seq) < (b.effective, b.seq)
    }
}

/// A policy as of a date: the version in force and every version up to it.
public struct PolicyView: Sendable, Hashable {
    /// Every version effective on or before the as-of date, in `PolicyVersion.historyOrder`; never empty.
    public var history: [PolicyVersion]

    public init(history: [PolicyVersion]) {
        self.history = history
    }

    /// The version in force on the as-of date: the last of the history.
    public var current: PolicyVersion { history[history.count - 1] }
    public var policy: String { current.policy }

    /// The version in force on `date`, nil before the first.
    public func version(on date: LedgerDate) -> PolicyVersion? {
        history.last { $0.effective <= date }
    }

    /// Groups versions (any order) into policies, by key in byte order.
    public static func build(_ versions: [PolicyVersion]) -> [PolicyView] {
        Dictionary(grouping: versions, by: \.policy)
            .map { PolicyView(history: $0.value.sorted(by: PolicyVersion.historyOrder)) }
            .sorted { byteOrder($0.policy, $1.policy) }
    }
}

/// A plan version as `perspective-analysis-missing` judges it: the plan's kind, the version's date, and the
/// perspectives analysed in the content in force with that version (`content.analyses` of the last version up to
/// it that named analyses; empty when none did).
public struct AnalysedVersion: Sendable, Hashable {
    public var plan: String
    public var kind: String
    public var version: Int
    public var date: LedgerDate
    /// The `plan.revised` event.
    public var seq: Int
    /// In `Perspective.allCases` order.
    public var perspectives: [Perspective]

    public init(plan: String, kind: String, version: Int, date: LedgerDate, seq: Int, perspectives: [Perspective]) {
        self.plan = plan
        self.kind = kind
        self.version = version
        self.date = date
        self.seq = seq
        self.perspectives = perspectives
    }

    /// One plan's versions (in version order), each with the perspectives its own content names (nil when its
    /// content does not name `analyses`): not named → the previous version's stay (SPEC, `content`).
    public static func build(plan: String, kind: String, versions: [(entry: ChangeEntry, named: [Perspective]?)]) -> [AnalysedVersion] {
        var inForce: [Perspective] = []
        return versions.map { v in
            if let named = v.named { inForce = Perspective.allCases.filter(named.contains) }
            return AnalysedVersion(plan: plan, kind: kind, version: v.entry.version, date: v.entry.date, seq: v.entry.seq, perspectives: inForce)
        }
    }

    /// The versions of `timeline` (those in force by its as-of date) as the audit judges them.
    public static func build(_ t: PlanTimeline) -> [AnalysedVersion] {
        build(plan: t.plan, kind: t.registration.kind, versions: t.versions.map { ($0.entry, $0.content?.analyses?.map(\.perspective)) })
    }
}

/// A perspective a policy requires of a plan version, with the policy version that requires it.
public struct RequiredAnalysis: Sendable, Hashable {
    public var perspective: Perspective
    public var policy: PolicyVersion

    public init(perspective: Perspective, policy: PolicyVersion) {
        self.perspective = perspective
        self.policy = policy
    }

    /// The perspectives `policies` require of a plan of `kind` whose version took effect on `date` (each judged by the
    /// policy version in force on that date, as the audit's `perspective-analysis-missing` judges it), in
    /// `Perspective.allCases` order; a perspective two policies require is named with the first policy by key.
    /// Empty for a plan with no version (`date` nil).
    public static func of(kind: String, on date: LedgerDate?, policies: [PolicyView]) -> [RequiredAnalysis] {
        guard let date else { return [] }
        var result: [Perspective: PolicyVersion] = [:]
        for policy in policies {
            guard let rule = policy.version(on: date), rule.requires == .perspectiveAnalyses, rule.kinds.contains(kind) else { continue }
            for perspective in rule.perspectives where result[perspective] == nil { result[perspective] = rule }
        }
        return Perspective.allCases.compactMap { p in result[p].map { RequiredAnalysis(perspective: p, policy: $0) } }
    }
}
