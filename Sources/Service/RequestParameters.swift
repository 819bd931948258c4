import Foundation
import Hummingbird
import LedgerCore
import Projections

/// A request's query parameters, checked against the names its route takes: an unknown name, a repeated one,
/// or a value that does not parse is a 400 naming the parameter (never ignored).
struct RequestParameters {
    private var values: [String: String] = [:]

    /// Reads `request`'s query, refusing any name not in `allowed`.
    init(_ request: Request, allowed: Set<String>) throws(Problem) {
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            guard allowed.contains(name) else {
                let expected = allowed.isEmpty ? "this endpoint takes none" : "expected one of " + allowed.sorted().joined(separator: ", ")
                throw .badParameter(name, "unknown query parameter; \(expected)")
            }
            guard values[name] == nil else { throw .badParameter(name, "given more than once") }
            values[name] = String(value)
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

/// The `{plan}` path segment: checked before it reaches the query layer.
enum PlanKey {
    /// The plan key from the route's `{plan}`, percent-decoded; 400 when it is not valid UTF-8 percent-encoding, not
    /// in Unicode NFC (SPEC "Fidelity": keys are compared as NFC text, and a lookalike is refused, not repaired),
    /// holds a control character or a path separator, or is `.`/`..` (path traversal).
    static func from(_ context: some RequestContext) throws(Problem) -> String {
        guard let raw = context.parameters.get("plan") else { throw .badParameter("plan", "missing") }
        guard let decoded = raw.removingPercentEncoding else { throw .badParameter("plan", "invalid percent-encoding in \"\(raw)\"") }
        return try check(decoded, field: "plan")
    }

    /// `text` as a key, or a 400 naming `field`.
    static func check(_ text: String, field: String) throws(Problem) -> String {
        if text.isEmpty { throw .badParameter(field, "empty key") }
        if text == "." || text == ".." || text.contains("/") || text.contains("\\") {
            throw .badParameter(field, "a key holds no path separator and is not . or .. (got \"\(text)\")")
        }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .badParameter(field, "a key holds no control character")
        }
        // Compared scalar by scalar: Swift's `==` on strings is canonical equivalence and would let "e\u{301}" pass.
        if !text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars) {
            throw .badParameter(field, "the key is not in Unicode NFC; send the composed form")
        }
        return text
    }
}

/// A JSON answer: the CLI's `--format json` bytes (`AnswerJSON.document`) as `application/json`.
func jsonResponse(_ value: JSONValue) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: AnswerJSON.document(value))))
}
