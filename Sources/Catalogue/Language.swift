import Foundation

/// The language a person reads: Swedish or English (SPEC, "Language").
///
/// Only what people read is translated: tables, headings, messages and the demo's story. JSON (whose keys
/// and enum values are the contract) and CSV (whose header a script reads) never are.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case swedish = "sv"
    case english = "en"

    /// The language of a locale environment, as POSIX chooses the locale of messages: the first non-empty
    /// of `LC_ALL`, `LC_MESSAGES` and `LANG`; Swedish when that names Swedish (`sv`, `sv_SE.UTF-8`,
    /// `sv_FI`), English otherwise (`C`, `POSIX`, `en_GB.UTF-8`, nothing set).
    ///
    /// `LC_ALL=C LANG=sv_SE.UTF-8` is English: LC_ALL overrides every other setting (POSIX.1-2017, 8.2).
    public init(environment: [String: String]) {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        self = Language.namesSwedish(locale) ? .swedish : .english
    }

    /// Whether a locale name is Swedish: language code `sv`, alone or followed by `_`, `-`, `.` or `@`.
    static func namesSwedish(_ locale: String) -> Bool {
        let lower = locale.lowercased()
        guard lower.hasPrefix("sv") else { return false }
        let rest = lower.dropFirst(2)
        return rest.isEmpty || ["_", "-", ".", "@"].contains(rest.first!)
    }

    /// The language of this process's environment, decided once at start.
    public static let current = Language(environment: ProcessInfo.processInfo.environment)
}
