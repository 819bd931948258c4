import Foundation
import LedgerCore

extension LedgerQueries {
    /// `entries` as the public may read them (`--public`, and the service's public role): a diary entry whose dnr is
    /// classified in any version the ledger holds shows "Sekretess enligt <ground>" instead of its title and
    /// counterpart (`DiaryEntry.masked`; SPEC, the diary and OSL).
    public func masked(_ entries: [DiaryEntry]) throws -> [DiaryEntry] {
        let classified = try classified()
        return entries.map { $0.masked(classifiedLater: classified[$0.dnr]) }
    }

    /// `assignments`, only those overdue (deadline passed, not done) when `overdue`.
    public func assignments(plan: String?, overdue: Bool, asOf: LedgerDate, knownAt: KnownAt) throws -> [AssignmentView] {
        let rows = try assignments(plan: plan, asOf: asOf, knownAt: knownAt)
        return overdue ? rows.filter(\.overdue) : rows
    }
}

extension KnownAt {
    /// `--known-at K` and the API's `knownAt`: a seq (`42`, 0 or more), an RFC 3339 instant (the last seq recorded at
    /// or before it), or a date YYYY-MM-DD (the end of that day in the organisation's time zone `zone`); nil for
    /// anything else.
    public init?(parsing text: String, in zone: TimeZone) {
        if let seq = Int(text) {
            guard seq >= 0 else { return nil }
            self = .seq(seq)
        } else if let date = LedgerDate(iso: text) {
            self = .instant(Timestamp.endOfDay(date, in: zone))
        } else if let instant = Timestamp(rfc3339: text) {
            self = .instant(instant)
        } else {
            return nil
        }
    }
}

extension LedgerQueries {
    /// A plan's change list (`planledger changes`): every version known, future-dated ones included, unless `asOf`
    /// asks for a date; nil when the plan does not exist at that point.
    public func changes(_ key: String, asOf: LedgerDate?, knownAt: KnownAt) throws -> [ChangeEntry]? {
        try plan(key, asOf: asOf ?? LedgerDate(year: 9999, month: 12, day: 31)!, knownAt: knownAt)?.changes
    }
}

/// The `period` of a follow-up question (`followups --period`, the API's `period`): one period (`2022-DÅ04`) or a
/// whole year (`2022`).
public enum FollowupPeriodFilter {
    /// Whether `text` is a period or a four-digit year.
    public static func isValid(_ text: String) -> Bool {
        FollowupPeriod(text) != nil || (text.count == 4 && Int(text) != nil)
    }

    /// `rows` in that period, or in any period of that year.
    public static func apply(_ text: String, to rows: [FollowupRow]) -> [FollowupRow] {
        rows.filter { $0.period.description == text || String($0.period.year) == text }
    }
}
