import Foundation
import LedgerCore

/// How numbers and orders look to a person reading a language.
public extension Language {
    /// A number as a table shows it: the shortest form that reads back as the same number (as JSON writes
    /// it), with a decimal comma in Swedish (`6,3`, `-11,1`) and a point in English (`6.3`). Dates are never
    /// written with this: they stay ISO 8601 in every language.
    func number(_ value: Double) -> String {
        let text = CanonicalJSON.formatNumber(value)
        return self == .swedish ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A JSON value a person reads in a cell: a number in this language's form, a string as it is, nothing
    /// for null or absent, anything else its canonical JSON.
    func value(_ json: JSONValue?) -> String {
        switch json {
        case nil, .null?: ""
        case .number(let d)?: number(d)
        case .string(let s)?: s
        case let v?: CanonicalJSON.string(v)
        }
    }

    /// Whether `a` comes before `b` in the order a person of this language expects in a list: in Swedish the
    /// Swedish alphabet (a–z, then å, ä, ö; "Ängelholm" after "Zeta"), ignoring case; in English the order by
    /// UTF-8 bytes the JSON answers and SQLite use, so English tables list as they always have.
    func precedes(_ a: String, _ b: String) -> Bool {
        switch self {
        case .swedish: Collation.swedish(a, b)
        case .english: Array(a.utf8).lexicographicallyPrecedes(b.utf8)
        }
    }

    /// `items` in the order of this language, by `keys` (the first that differs decides); stable, so items
    /// with equal keys keep their order (dates, seqs).
    func sorted<T>(_ items: [T], by keys: (T) -> [String]) -> [T] {
        let keyed = items.enumerated().map { (offset: $0.offset, keys: keys($0.element), item: $0.element) }
        return keyed.sorted { x, y in
            for (a, b) in zip(x.keys, y.keys) where a != b {
                if precedes(a, b) { return true }
                if precedes(b, a) { return false }
            }
            return x.offset < y.offset
        }.map(\.item)
    }
}

/// Swedish alphabetical order.
public enum Collation {
    private static let swedishLocale = Locale(identifier: "sv_SE")

    /// Whether `a` sorts before `b` in Swedish (ICU's sv collation, case ignored): å, ä, ö after z, ü as y.
    public static func swedish(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive], range: nil, locale: swedishLocale) == .orderedAscending
    }
}
