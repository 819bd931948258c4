import Foundation

/// When a check against an independent tool (Python's rfc8785, xmllint) runs: in CI always, so that a
/// missing tool fails the build there instead of skipping; on a developer's machine only when the tool is
/// installed, and otherwise the test is reported as skipped with the reason (never passed in silence).
public enum CrossCheck {
    /// True when the `CI` environment variable is set to anything but empty, `0` or `false` (GitHub Actions,
    /// GitLab and `.ci/run` set `CI=true`).
    public static var inCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false"].contains(value)
    }

    /// Whether a cross-check whose tool is (or is not) `available` should run: in CI it runs either way and
    /// must then fail with `#require(available, …)` when the tool is missing.
    public static func runs(toolAvailable available: Bool) -> Bool { available || inCI }
}
