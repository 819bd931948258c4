/// One reason an event was rejected: where (line, field) and why, in words a registrar can act on.
///
/// Printed as `line 3: data.version: expected 4 (the previous version is 3), got 5`.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line of the input file, when the event came from one.
    public var line: Int?
    /// The field's path, `data.version`, `effective`; `nil` when the problem is the whole line.
    public var field: String?
    public var reason: String
    /// What kind of failure it is; the CLI's exit code follows from it (README "Exit codes").
    public var kind: Kind

    /// `invalid`: the event breaks a rule (exit 65). `missing`: it names something the ledger does not hold,
    /// a plan, an event's seq, an assignment or a diary entry (exit 66, as a missing file or ledger is).
    public enum Kind: Sendable, Hashable {
        case invalid
        case missing
    }

    public init(line: Int? = nil, field: String?, reason: String, kind: Kind = .invalid) {
        self.line = line
        self.field = field
        self.reason = reason
        self.kind = kind
    }

    /// A problem of kind `missing`: the event names a plan, seq, assignment or dnr the ledger does not hold.
    public static func missing(field: String, reason: String) -> Problem {
        Problem(field: field, reason: reason, kind: .missing)
    }

    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let field { parts.append(field) }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }

    public func at(line: Int?) -> Problem {
        var copy = self
        copy.line = line
        return copy
    }
}

/// An append that was refused as a whole: every problem found (at most `limit` lines), nothing written.
public struct Rejection: Error, Sendable, CustomStringConvertible {
    public static let limit = 100
    public var problems: [Problem]
    /// True when more bad lines existed than `problems` lists.
    public var truncated: Bool

    public init(problems: [Problem], truncated: Bool = false) {
        self.problems = problems
        self.truncated = truncated
    }

    public var description: String {
        var lines = problems.map(\.description)
        if truncated { lines.append("(more problems not listed: only the first \(Rejection.limit) bad lines are shown)") }
        return lines.joined(separator: "\n")
    }
}
