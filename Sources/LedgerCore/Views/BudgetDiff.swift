/// The difference between two versions' budgets (issue 16: "a revision that changes a frame shows in the change list
/// diff"): the currency, the frames matched by unit, year and kind, and the measures matched by id.
///
/// Amounts are compared in kronor, so a revision that restates 1.5 mnkr as 1500 tkr changes the currency but no
/// frame. Frames keep the newer version's order (`Budget.sortedFrames` order is applied by the callers that list
/// them), removed ones follow in the older version's order; the same for measures.
public struct BudgetDiff: Sendable, Hashable {
    /// One frame in either version or both.
    public struct FrameDiff: Sendable, Hashable {
        public var key: FrameKey
        public var change: PlanDiff.Change
        public var old: BudgetFrame?
        public var new: BudgetFrame?
    }

    /// One measure in either version or both.
    public struct MeasureDiff: Sendable, Hashable {
        public var id: String
        public var change: PlanDiff.Change
        public var old: BudgetMeasure?
        public var new: BudgetMeasure?
        /// The fields that differ (`unit`, `text`, `effects`), in that order; empty unless changed.
        public var fields: [String]
    }

    /// The currency in the older and the newer version (nil where that version has no budget).
    public var oldCurrency: BudgetCurrency?
    public var newCurrency: BudgetCurrency?
    public var frames: [FrameDiff]
    public var measures: [MeasureDiff]

    /// Whether the two budgets are the same (the currency aside when every amount is the same in kronor).
    public var isEmpty: Bool {
        (oldCurrency == nil) == (newCurrency == nil) && frames.allSatisfy { $0.change == .unchanged }
            && measures.allSatisfy { $0.change == .unchanged }
    }

    /// Whether the budget changed at all, the currency included: what a page needs to decide to show the section.
    public var hasChanges: Bool { !isEmpty || oldCurrency != newCurrency }

    public init(from old: Budget?, to new: Budget?) {
        oldCurrency = old?.currency
        newCurrency = new?.currency
        let oldFrames = old?.frames ?? [], newFrames = new?.frames ?? []
        let oldByKey = Dictionary(oldFrames.map { ($0.key, $0) }) { first, _ in first }
        let newKeys = Set(newFrames.map(\.key))
        func kronor(_ amount: Double, _ currency: BudgetCurrency?) -> Int? { currency.flatMap { BudgetAmount.kronor(amount, in: $0) } }
        frames = newFrames.map { frame in
            guard let before = oldByKey[frame.key] else { return FrameDiff(key: frame.key, change: .added, old: nil, new: frame) }
            let same = kronor(before.amount, old?.currency) == kronor(frame.amount, new?.currency)
            return FrameDiff(key: frame.key, change: same ? .unchanged : .changed, old: before, new: frame)
        } + oldFrames.filter { !newKeys.contains($0.key) }.map { FrameDiff(key: $0.key, change: .removed, old: $0, new: nil) }

        let oldMeasures = Dictionary((old?.measures ?? []).map { ($0.id, $0) }) { first, _ in first }
        let newIDs = Set((new?.measures ?? []).map(\.id))
        func effects(_ m: BudgetMeasure, _ currency: BudgetCurrency?) -> [Int: Int?] {
            Dictionary(m.effects.map { ($0.year, kronor($0.amount, currency)) }) { first, _ in first }
        }
        measures = (new?.measures ?? []).map { measure in
            guard let before = oldMeasures[measure.id] else {
                return MeasureDiff(id: measure.id, change: .added, old: nil, new: measure, fields: [])
            }
            var fields: [String] = []
            if before.unit != measure.unit { fields.append("unit") }
            if before.text != measure.text { fields.append("text") }
            if effects(before, old?.currency) != effects(measure, new?.currency) { fields.append("effects") }
            return MeasureDiff(id: measure.id, change: fields.isEmpty ? .unchanged : .changed, old: before, new: measure, fields: fields)
        } + (old?.measures ?? []).filter { !newIDs.contains($0.id) }.map {
            MeasureDiff(id: $0.id, change: .removed, old: $0, new: nil, fields: [])
        }
    }
}
