import LedgerCore
import LedgerStore

/// `budget PLAN` (SPEC, "The planning year"): the budget of a plan as of a date, as known at a point: the frames and
/// measures of the latest version in force that named a budget.
public struct BudgetAnswer: Sendable, Hashable {
    public var plan: String
    public var title: String
    /// The version in force (0 when none is): the budget shown is the one this version leaves in force.
    public var version: Int
    public var asOf: LedgerDate
    /// nil when no version up to the one in force named a budget.
    public var budget: Budget?

    public init(view: PlanView, asOf: LedgerDate) {
        plan = view.plan
        title = view.title
        version = view.version
        self.asOf = asOf
        budget = view.budget
    }

    /// `budget` → `{"plan", "currency", "frames": [{"unit", "year", "amount", "kind"}], "measures": [{"id", "unit",
    /// "text", "effects": [{"year", "amount"}]}]}` (SPEC), plus `title`, `version` and `asOf`. A plan without a budget:
    /// `currency` null, `frames` and `measures` empty. Frames are listed by unit (byte order), year and kind
    /// (operating before investment); measures and their effects as the plan lists them.
    public var json: JSONValue {
        [
            "plan": .string(plan), "title": .string(title), "version": JSONValue(version), "asOf": .string(asOf.description),
            "currency": JSONValue(budget?.currency.rawValue),
            "frames": .array((budget?.sortedFrames ?? []).map(\.json)),
            "measures": .array((budget?.measures ?? []).map(\.json)),
        ]
    }
}

extension Budget {
    /// The frames by unit (byte order), year, then kind (operating before investment): the order every output lists them in.
    public var sortedFrames: [BudgetFrame] {
        frames.sorted { a, b in
            if a.unit != b.unit { return byteOrder(a.unit, b.unit) }
            if a.year != b.year { return a.year < b.year }
            return a.kind == .operating && b.kind == .investment
        }
    }

    /// The years the measures give effects for, ascending: the columns of a measures table.
    public var effectYears: [Int] { Array(Set(measures.flatMap { $0.effects.map(\.year) })).sorted() }

    /// `content.budget` as the event wrote it (the shape `Budget.read` reads).
    public var json: JSONValue {
        ["currency": .string(currency.rawValue), "frames": .array(frames.map(\.json)), "measures": .array(measures.map(\.json))]
    }
}

extension BudgetFrame {
    /// `{"unit","year","amount","kind"}`.
    public var json: JSONValue { ["unit": .string(unit), "year": JSONValue(year), "amount": .number(amount), "kind": .string(kind.rawValue)] }
}

extension BudgetMeasure {
    /// `{"id","unit","text","effects":[{"year","amount"}]}`.
    public var json: JSONValue {
        ["id": .string(id), "unit": .string(unit), "text": .string(text),
         "effects": .array(effects.map { ["year": JSONValue($0.year), "amount": .number($0.amount)] })]
    }
}

extension LedgerQueries {
    /// The budget of plan `key` as of `asOf`, as known at `knownAt`; nil when the plan does not exist at that point.
    /// Reads the plan as `plan` does (only the versions whose content the view is resolved from are parsed).
    public func budget(_ key: String, asOf: LedgerDate, knownAt: KnownAt) throws -> BudgetAnswer? {
        try plan(key, asOf: asOf, knownAt: knownAt).map { BudgetAnswer(view: $0, asOf: asOf) }
    }
}
