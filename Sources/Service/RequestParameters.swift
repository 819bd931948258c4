import Foundation
import Hummingbird
import LedgerCore
import Projections

/// A request's query parameters, checked against the names its route takes: an unknown name, a repeated one,
/// or a value that does not parse is a 400 naming the parameter (never ignored).
struct RequestParameters {
    private var values: [String: String] = [:]

    /// Reads `request`'s query as browsers and curl write it (`application/x-www-form-urlencoded`, WHATWG URL: `+` is a
    /// space, `%2B` a plus), refusing any name not in `allowed` and any invalid percent-encoding.
    init(_ request: Request, allowed: Set<String>) throws(Problem) {
        for pair in (request.uri.query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) throws(Problem) -> String {
                guard let value = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw .badParameter(String(parts[0].prefix(40)), "invalid percent-encoding")
                }
                return value
            }
            let name = try decoded(parts[0])
            let value = parts.count == 2 ? try decoded(parts[1]) : ""
            guard allowed.contains(name) else {
                let expected = allowed.isEmpty ? "this endpoint takes none" : "expected one of " + allowed.sorted().joined(separator: ", ")
                throw .badParameter(name, "unknown query parameter; \(expected)")
            }
            guard values[name] == nil else { throw .badParameter(name, "given more than once") }
            values[name] = value
        }
    }

    /// `name` as it was sent (percent-decoded), nil when absent.
    func text(_ name: String) -> String? { values[name] }

    /// `name` as the CLI reads `--known-at` (`KnownAt(parsing:in:)`): a seq, an RFC 3339 instant, or a date meaning the
    /// end of that day in `zone`; nil when absent.
    ///
    /// A seq past the ledger's head (read through `head`, only then) is well formed but names a point the ledger has
    /// not reached: 409 (RFC 9110 §15.5.10, a conflict with the resource's current state), naming the head.
    func knownAt(_ name: String, in zone: TimeZone, head: () throws -> Int) throws -> KnownAt? {
        guard let text = values[name] else { return nil }
        guard let knownAt = KnownAt(parsing: text, in: zone) else {
            throw Problem.badParameter(name, "expected a seq (0, 1, 2 …), an RFC 3339 time like 2016-01-01T00:00:00Z or a date like 2016-01-01, got \"\(text)\"")
        }
        if case .seq(let k) = knownAt {
            let head = try head()
            if k > head { throw Problem.pastHead(name, seq: k, head: head) }
        }
        return knownAt
    }

    /// `name` as a real date YYYY-MM-DD, as the CLI reads `--as-of`, `--from` and `--to` (`LedgerDate(iso:)`).
    func date(_ name: String) throws(Problem) -> LedgerDate? {
        guard let text = values[name] else { return nil }
        guard let date = LedgerDate(iso: text) else { throw .badParameter(name, "expected a real date YYYY-MM-DD, got \"\(text)\"") }
        return date
    }

    /// `name` as an integer of at least `minimum`.
    func integer(_ name: String, minimum: Int) throws(Problem) -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text), n >= minimum else { throw .badParameter(name, "expected an integer of \(minimum) or more, got \"\(text)\"") }
        return n
    }

    /// `name` as a follow-up period (`2022-DÅ04`) or year (`2022`), as `followups --period` reads it.
    func period(_ name: String) throws(Problem) -> String? {
        guard let text = values[name] else { return nil }
        guard FollowupPeriodFilter.isValid(text) else { throw .badParameter(name, "expected YEAR-DÅ04, YEAR-DÅ08, YEAR-ÅR or a year, got \"\(text)\"") }
        return text
    }

        /// `name` as `true` or `false`; absent is false.
    func flag(_ name: String) throws(Problem) -> Bool {
        guard let text = values[name] else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badParameter(name, "expected true or false, got \"\(text)\"")
        }
    }

    /// `name` as a key (see `PlanKey.check`).
    func key(_ name: String) throws(Problem) -> String? {
        guard let text = values[name] else { return nil }
        return try PlanKey.check(text, field: name)
    }
}

/// The `{plan}` path segment: checked before it reaches the query layer, by the ledger's own rule for keys.
enum PlanKey {
    /// The plan key from the route's `{plan}`, percent-decoded; 400 when it is not valid UTF-8 percent-encoding or not a
    /// key the ledger could hold (`Envelope.isValidKey`: letters, digits and `-_./:`, in Unicode NFC, at most 200
    /// characters). A key is a name, never a path: `a%2Fb` and `%2E%2E` are keys like any other (404 when the ledger
    /// has no such plan), so every key a registrar can write can be read.
    static func from(_ context: some RequestContext) throws(Problem) -> String {
        guard let raw = context.parameters.get("plan") else { throw .badParameter("plan", "missing") }
        guard let decoded = raw.removingPercentEncoding else { throw .badParameter("plan", "invalid percent-encoding in \"\(raw)\"") }
        return try check(decoded, field: "plan")
    }

    /// `text` as a key, or a 400 naming `field` and the rule.
    static func check(_ text: String, field: String) throws(Problem) -> String {
        guard Envelope.isValidKey(text) else { throw .badParameter(field, Envelope.keyRule) }
        return text
    }
}

/// A JSON answer: the CLI's `--format json` bytes (`AnswerJSON.document`) as `application/json`.
func jsonResponse(_ value: JSONValue) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: AnswerJSON.document(value))))
}
