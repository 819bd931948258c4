/// One child plan's part of a sum that exceeds its parent's frame: the plan and its frame's amount, as text in the
/// parent's currency.
public struct BudgetShare: Sendable, Hashable {
    public var plan: String
    public var amount: String

    public init(plan: String, amount: String) {
        self.plan = plan
        self.amount = amount
    }
}

extension Audit {
    /// `budget-exceeds-frame` (SPEC, "The planning year"; seed 003 "Ramar till regionens divisioner … anges i
    /// planen"): where a plan gives a frame to a unit for a year, the frames its children give to that same unit,
    /// year and kind must not add up to more.
    ///
    /// The rule, as decided for issue 16:
    /// - The parent and the children count when they are in force as of the audit's date (status `in-force`): a
    ///   draft has decided nothing, a repealed or expired plan no longer binds (ask as of a date in the plan year to
    ///   audit a past year).
    /// - Children are the plans whose `parent` is the parent's key (one step of the goal chain). Their frames for the
    ///   unit, year and kind are summed across all of them: two division plans drawing on one frame share it.
    /// - Units match byte for byte (they are NFC keys); kinds match exactly: an investment frame (Investeringar,
    ///   beviljad ram) is never compared with an operating one (Budget per verksamhetsområde), as seed 000 lists them
    ///   apart.
    /// - Amounts are compared exactly, in whole kronor (1 mnkr = 1000 tkr = 1 000 000 kr): a sum equal to the frame
    ///   is within it; one krona more is a finding.
    ///
    /// The finding's `plan` is the parent (whose frame is exceeded); its detail names every child that gives a frame
    /// for that unit, year and kind, with its amount, and its seq is the parent's version in force. `Audit.findings`
    /// sorts them with the others (by plan, then detail).
    static func budgetFindings(_ plans: [PlanView]) -> [AuditFinding] {
        var childrenOf: [String: [PlanView]] = [:]
        for plan in plans where plan.status == .inForce && plan.budget != nil {
            if let parent = plan.parent { childrenOf[parent, default: []].append(plan) }
        }
        var result: [AuditFinding] = []
        for parent in plans where parent.status == .inForce {
            guard let budget = parent.budget, let children = childrenOf[parent.plan] else { continue }
            let sortedFrames = budget.frames.sorted { a, b in
                if a.unit != b.unit { return byteOrder(a.unit, b.unit) }
                if a.year != b.year { return a.year < b.year }
                return a.kind.rawValue < b.kind.rawValue
            }
            for frame in sortedFrames {
                guard let limit = BudgetAmount.kronor(frame.amount, in: budget.currency) else { continue }
                var shares: [(plan: String, kronor: Int)] = []
                for child in children.sorted(by: { byteOrder($0.plan, $1.plan) }) {
                    guard let childBudget = child.budget else { continue }
                    for f in childBudget.frames where f.key == frame.key {
                        if let k = BudgetAmount.kronor(f.amount, in: childBudget.currency) { shares.append((child.plan, k)) }
                    }
                }
                let sum = BudgetAmount.sum(shares.map(\.kronor))
                guard !shares.isEmpty, sum > limit else { continue }
                let currency = budget.currency
                let text = { (k: Int) in BudgetAmount.text(kronor: k, in: currency) }
                let parts = shares.map { BudgetShare(plan: $0.plan, amount: text($0.kronor)) }
                let list = parts.map { "\($0.plan) \($0.amount) \(currency.rawValue)" }.joined(separator: ", ")
                result.append(AuditFinding(
                    finding: .budgetExceedsFrame, plan: parent.plan, dnr: nil, seq: parent.changes.last?.seq,
                    detail: "the \(frame.kind.rawValue) frames for \(frame.unit) in \(frame.year) in the plans under \(parent.plan) add up to \(text(sum)) \(currency.rawValue) (\(list)), more than the frame of \(text(limit)) \(currency.rawValue) that \(parent.plan) gives",
                    facts: .budgetExceedsFrame(parent: parent.plan, unit: frame.unit, year: frame.year, kind: frame.kind, frame: text(limit),
                                               sum: text(sum), currency: currency, children: parts)))
            }
        }
        return result
    }
}
