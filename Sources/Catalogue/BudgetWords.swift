import LedgerCore

extension FrameKind: Worded {
    /// The kind as seed 000 names the two budgets: drift (Budget per verksamhetsområde) and investering
    /// (Investeringar, beviljad ram).
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.operating, .swedish): "drift"
        case (.investment, .swedish): "investering"
        case (_, .english): rawValue
        }
    }
}

/// Budget amounts as people read them.
public enum AmountText {
    /// A decimal text (`1234567.5`, `-250`, as `BudgetAmount.text` or `CanonicalJSON.formatNumber` writes it) in Swedish:
    /// digits grouped by three with `separator` (a no-break space on the web, so that an amount never wraps; a space
    /// in a terminal) and a decimal comma: `1 234 567,5`; a negative amount keeps its ASCII hyphen-minus (`-250,5`),
    /// so that it pastes into a spreadsheet as a number. In English: grouped by commas, decimal point (`1,234,567.5`).
    public static func format(_ decimal: String, _ language: Language, separator: String = " ") -> String {
        var text = Substring(decimal)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        var grouped = ""
        for (i, digit) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped += language == .swedish ? separator : "," }
            grouped.append(digit)
        }
        let fraction = parts.count > 1 ? (language == .swedish ? "," : ".") + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }

    /// An amount of `currency` as `format` writes it.
    public static func format(_ amount: Double, _ language: Language, separator: String = " ") -> String {
        format(CanonicalJSON.formatNumber(amount), language, separator: separator)
    }
}
