/// A plan's budget (SPEC, "The planning year", Budget frames and economic action plans): the frames it gives to
/// units (seed 000 "Budget 2017 per verksamhetsområde", "Investeringar, beviljad ram per typ av investering"; seed
/// 003 "Ramar till regionens divisioner") and its economic action plan (seed 000 "Ekonomisk handlingsplan …
/// Åtgärder per verksamhetsområde med helårseffekt med redovisning av effekt 2017, 2018, 2019").
///
/// `content.budget` = `{"currency": "tkr" | "mnkr", "frames": [{"unit", "year", "amount", "kind"}], "measures":
/// [{"id", "unit", "text", "effects": [{"year", "amount"}]}]}`. Named in a revision's content, it replaces the
/// previous budget as a whole, as `goals` do.
///
/// Read strictly: unknown fields at every depth, a currency other than tkr or mnkr, a year outside 1900…2199 (a
/// plausible plan year, four digits), an amount that is not a number, is negative (a frame), is larger than 10^14
/// kronor in magnitude, or holds a fraction of a krona (more than 3 decimals in tkr, 6 in mnkr), an empty unit, the
/// same frame (unit, year and kind) twice, a measure id twice, or an effect year twice within a measure are refused,
/// each naming the field (`data.content.budget.frames[2].amount`) and the reason.
public struct Budget: Sendable, Hashable {
    /// The unit every amount of this budget is in.
    public var currency: BudgetCurrency
    public var frames: [BudgetFrame]
    public var measures: [BudgetMeasure]

    public init(currency: BudgetCurrency, frames: [BudgetFrame], measures: [BudgetMeasure]) {
        self.currency = currency
        self.frames = frames
        self.measures = measures
    }

    /// The plan years an amount may be given for: four digits, and within reach of a plan (1900…2199).
    public static let years = 1900...2199
    /// The largest amount, in kronor, in either direction: 10^14 kr (100 000 000 000 tkr, 100 000 000 mnkr). Far above
    /// any Swedish region's budget (tens of billions), and small enough that sums in kronor stay exact.
    public static let maxKronor = 100_000_000_000_000

    static func read(_ r: inout FieldReader) -> Budget? {
        let currency = r.choice("currency", as: BudgetCurrency.self)
        // Amounts are checked once the currency is known (their allowed decimals depend on it); without a valid
        // currency they are checked as tkr, so that their own problems are still named.
        let scale = currency ?? .tkr
        let frames: [BudgetFrame]? = r.array("frames", required: false) { r, v, path in
            Self.nested(&r, v, path) { BudgetFrame.read(&$0, currency: scale) }
        }
        let measures: [BudgetMeasure]? = r.array("measures", required: false) { r, v, path in
            Self.nested(&r, v, path) { BudgetMeasure.read(&$0, currency: scale) }
        }
        // Absent, null and empty all give nothing: a budget names at least one frame or measure.
        func isEmpty(_ key: String) -> Bool {
            guard let value = r.members[key], !value.isNull else { return true }
            if case .array(let items) = value { return items.isEmpty }
            return false
        }
        if isEmpty("frames"), isEmpty("measures") {
            r.report(nil, "names neither frames nor measures; a budget gives at least one")
        }
        if let frames {
            var seen: Set<FrameKey> = []
            for (i, frame) in frames.enumerated() where !seen.insert(frame.key).inserted {
                r.report("frames[\(i)]", "the frame for unit \"\(frame.unit)\", year \(frame.year), kind \(frame.kind.rawValue) is given twice")
            }
        }
        if let measures {
            var seen: Set<String> = []
            for (i, measure) in measures.enumerated() where !seen.insert(measure.id).inserted {
                r.report("measures[\(i)].id", "measure id \"\(measure.id)\" is used twice")
            }
        }
        // A bad frame or measure leaves its array nil with a problem named, which discards the whole budget.
        guard let currency else { return nil }
        return Budget(currency: currency, frames: frames ?? [], measures: measures ?? [])
    }

    /// Reads one array element as an object with its own reader (unknown fields refused).
    static func nested<T>(_ r: inout FieldReader, _ v: JSONValue, _ path: String, _ read: (inout FieldReader) -> T?) -> T? {
        guard case .object(let members) = v else {
            r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
            return nil
        }
        var nested = FieldReader(members, path: path)
        let value = read(&nested)
        nested.finish()
        r.absorb(nested.problems)
        return nested.problems.isEmpty ? value : nil
    }

    /// Reads a budget stored as JSON (already validated when it was appended); nil if it does not read.
    public init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        var r = FieldReader(members, path: "budget")
        guard let budget = Budget.read(&r) else { return nil }
        r.finish()
        guard r.problems.isEmpty else { return nil }
        self = budget
    }
}

/// The unit of a budget's amounts: thousands of kronor (tkr) or millions (mnkr); 1 mnkr = 1000 tkr.
public enum BudgetCurrency: String, Sendable, Hashable, CaseIterable, Codable {
    case tkr
    case mnkr

    /// Kronor per unit: 1000 (tkr) or 1 000 000 (mnkr).
    public var kronor: Int { self == .tkr ? 1000 : 1_000_000 }
    /// The decimals an amount may have so that it is a whole number of kronor: 3 (tkr) or 6 (mnkr).
    public var decimals: Int { self == .tkr ? 3 : 6 }
}

/// What a frame is for (seed 000): running the business (Budget per verksamhetsområde, `operating`) or investing
/// (Investeringar, beviljad ram, `investment`). The two are separate frames: one is never compared with the other.
public enum FrameKind: String, Sendable, Hashable, CaseIterable, Codable {
    case operating
    case investment
}

/// A frame (ram): the amount a plan gives to a unit (a division, a verksamhetsområde) for a year, of one kind.
public struct BudgetFrame: Sendable, Hashable {
    public var unit: String
    public var year: Int
    /// In the budget's currency, as written (never negative).
    public var amount: Double
    public var kind: FrameKind

    public init(unit: String, year: Int, amount: Double, kind: FrameKind) {
        self.unit = unit
        self.year = year
        self.amount = amount
        self.kind = kind
    }

    var key: FrameKey { FrameKey(unit: unit, year: year, kind: kind) }

    static func read(_ r: inout FieldReader, currency: BudgetCurrency) -> BudgetFrame? {
        let unit = r.key("unit"), year = r.integer("year", range: Budget.years)
        let amount = BudgetAmount.read(&r, "amount", currency: currency, negative: false)
        let kind = r.choice("kind", as: FrameKind.self)
        guard let unit, let year, let amount, let kind else { return nil }
        return BudgetFrame(unit: unit, year: year, amount: amount, kind: kind)
    }
}

/// One frame's identity within a plan: a plan gives a unit at most one frame of each kind per year.
public struct FrameKey: Sendable, Hashable {
    public var unit: String
    public var year: Int
    public var kind: FrameKind

    public init(unit: String, year: Int, kind: FrameKind) {
        self.unit = unit
        self.year = year
        self.kind = kind
    }
}

/// A measure of the economic action plan (ekonomisk handlingsplan, seed 000): what a unit does to reach its result
/// goal, and its full-year effect (helårseffekt) on the result in each year it is reported for.
public struct BudgetMeasure: Sendable, Hashable {
    public var id: String
    public var unit: String
    public var text: String
    /// By year as written (each year once, at least one).
    public var effects: [BudgetEffect]

    public init(id: String, unit: String, text: String, effects: [BudgetEffect]) {
        self.id = id
        self.unit = unit
        self.text = text
        self.effects = effects
    }

    static func read(_ r: inout FieldReader, currency: BudgetCurrency) -> BudgetMeasure? {
        let id = r.key("id"), unit = r.key("unit"), text = r.string("text")
        let effects: [BudgetEffect]? = r.array("effects") { r, v, path in
            Budget.nested(&r, v, path) { BudgetEffect.read(&$0, currency: currency) }
        }
        if let effects {
            if effects.isEmpty { r.report("effects", "must give the effect for at least one year") }
            var seen: Set<Int> = []
            for (i, effect) in effects.enumerated() where !seen.insert(effect.year).inserted {
                r.report("effects[\(i)].year", "the effect for \(effect.year) is given twice")
            }
        }
        guard let id, let unit, let text, let effects, !effects.isEmpty, Set(effects.map(\.year)).count == effects.count else { return nil }
        return BudgetMeasure(id: id, unit: unit, text: text, effects: effects)
    }
}

/// A measure's full-year effect on the result in one year, in the budget's currency. Positive improves the result
/// (a saving or a new income); negative worsens it (a measure that costs more than it saves that year, as a
/// measure started mid-year often does). Seed 000 asks for the effect "med redovisning av effekt 2017, 2018, 2019"
/// without a sign, so both signs are accepted.
public struct BudgetEffect: Sendable, Hashable {
    public var year: Int
    public var amount: Double

    public init(year: Int, amount: Double) {
        self.year = year
        self.amount = amount
    }

    static func read(_ r: inout FieldReader, currency: BudgetCurrency) -> BudgetEffect? {
        let year = r.integer("year", range: Budget.years)
        let amount = BudgetAmount.read(&r, "amount", currency: currency, negative: true)
        guard let year, let amount else { return nil }
        return BudgetEffect(year: year, amount: amount)
    }
}

/// Exact arithmetic on budget amounts: an amount as a whole number of kronor, read from the shortest decimal text
/// of the JSON number (so 0.1 mnkr is exactly 100 000 kr, never 99 999.99…), and sums that never round.
public enum BudgetAmount {
    /// `amount` in `currency` as whole kronor; nil when it holds a fraction of a krona or is out of range.
    public static func kronor(_ amount: Double, in currency: BudgetCurrency) -> Int? {
        guard amount.isFinite else { return nil }
        let text = CanonicalJSON.formatNumber(amount)
        guard !text.contains("e") else { return nil }  // below 10^-6 or from 10^21: never a whole krona in range
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard fraction.count <= currency.decimals, whole.count <= 15, let w = Int(whole),
              let f = Int(fraction + String(repeating: "0", count: currency.decimals - fraction.count))
        else { return nil }
        let kronor = w * currency.kronor + f
        guard kronor <= Budget.maxKronor else { return nil }
        return negative ? -kronor : kronor
    }

    /// `kronor` in `currency`, as the shortest decimal text (Swedish output formats it further).
    public static func text(kronor: Int, in currency: BudgetCurrency) -> String {
        let negative = kronor < 0
        let magnitude = kronor.magnitude
        let unit = UInt(currency.kronor)
        var fraction = String(magnitude % unit)
        fraction = String(repeating: "0", count: currency.decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + String(magnitude / unit) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// The sum of kronor amounts, saturating at `Int.max` (never reached by amounts up to 10^14 kr each, but a
    /// hostile ledger must not crash the audit).
    public static func sum<S: Sequence>(_ amounts: S) -> Int where S.Element == Int {
        amounts.reduce(0) { total, next in
            let (result, overflow) = total.addingReportingOverflow(next)
            return overflow ? (next > 0 ? Int.max : Int.min) : result
        }
    }

    static func read(_ r: inout FieldReader, _ key: String, currency: BudgetCurrency, negative: Bool) -> Double? {
        guard let v = r.value(key, required: true) else { return nil }
        guard case .number(let d) = v else {
            if case .string(let s) = v, Double(s) != nil {
                r.report(key, "expected a number, got a string (\"\(s.prefix(40))\"); write it without quotes")
            } else {
                r.report(key, "expected a number (in \(currency.rawValue)), got \(v.kindDescription)")
            }
            return nil
        }
        guard d.isFinite else {
            r.report(key, "must be a finite number")
            return nil
        }
        if !negative && d < 0 {
            r.report(key, "must not be negative, got \(CanonicalJSON.formatNumber(d)) (a frame is an amount granted)")
            return nil
        }
        guard abs(d) <= Double(Budget.maxKronor / currency.kronor) else {
            r.report(key, "must be at most \(Budget.maxKronor / currency.kronor) \(currency.rawValue) (10^14 kronor) in magnitude, got \(CanonicalJSON.formatNumber(d))")
            return nil
        }
        guard kronor(d, in: currency) != nil else {
            r.report(key, "\(CanonicalJSON.formatNumber(d)) \(currency.rawValue) is not a whole number of kronor (at most \(currency.decimals) decimals in \(currency.rawValue))")
            return nil
        }
        return d == 0 ? 0 : d  // -0 reads as 0
    }
}
