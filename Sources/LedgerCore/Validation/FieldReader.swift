/// Reads the members of one JSON object into typed values, collecting a `Problem` for each bad or
/// unknown member instead of stopping at the first.
///
/// Every accessor marks its key as known; `finish()` reports whatever the object holds beyond them,
/// so unknown fields are rejected rather than silently dropped. A member given as `null` counts as absent.
public struct FieldReader {
    public let members: [String: JSONValue]
    /// The object's path in the event, `data` or `data.decision`; member paths are `path.key`.
    public let path: String
    public private(set) var problems: [Problem] = []
    /// How many members an accessor has read; when it equals the member count there is nothing unknown.
    /// (Each accessor reads its key once, so the count is exact; `known` is only built when they differ.)
    private var read = 0
    private var known: [String] = []

    public init(_ members: [String: JSONValue], path: String) {
        self.members = members
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public mutating func report(_ key: String?, _ reason: String) {
        problems.append(Problem(field: key.map(fieldPath) ?? (path.isEmpty ? nil : path), reason: reason))
    }

    public mutating func absorb(_ other: [Problem]) { problems.append(contentsOf: other) }

    /// The raw member, or nil (and, when `required`, a problem) if absent or null.
    public mutating func value(_ key: String, required: Bool) -> JSONValue? {
        known.append(key)
        let member = members[key]
        if member != nil { read += 1 }
        guard let v = member, !v.isNull else {
            if required { report(key, "is required") }
            return nil
        }
        return v
    }

    /// A non-empty string.
    public mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v else {
            report(key, "expected a string, got \(v.kindDescription)")
            return nil
        }
        if s.allSatisfy(\.isWhitespace) {
            report(key, "must not be empty")
            return nil
        }
        return s
    }

    /// A key that identifies something (a dnr, an assignment, a metric): a non-empty string in Unicode NFC,
    /// so that two keys that look alike are either the same bytes or refused.
    public mutating func key(_ key: String, required: Bool = true) -> String? {
        guard let s = string(key, required: required) else { return nil }
        guard isNFC(s) else {
            report(key, "\"\(s.prefix(40))\" is not in Unicode NFC form (a letter and a separate combining mark); write the composed letter")
            return nil
        }
        return s
    }

    /// An integer given as a JSON number (not a string, not a fraction).
    public mutating func integer(_ key: String, required: Bool = true, range: ClosedRange<Int>? = nil) -> Int? {
        guard let v = value(key, required: required) else { return nil }
        guard case .number(let d) = v else {
            if case .string(let s) = v, Int(s) != nil {
                report(key, "expected an integer, got a string (\"\(s)\"); write it without quotes")
            } else {
                report(key, "expected an integer, got \(v.kindDescription)")
            }
            return nil
        }
        guard d == d.rounded(), abs(d) < 9_007_199_254_740_992, let n = Int(exactly: d) else {
            report(key, "expected an integer, got \(CanonicalJSON.formatNumber(d))")
            return nil
        }
        if let range, !range.contains(n) {
            report(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
            return nil
        }
        return n
    }

    /// A JSON boolean (`true` or `false`; not a string or a number).
    public mutating func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        guard case .bool(let b) = v else {
            if case .string(let s) = v, s == "true" || s == "false" {
                report(key, "expected a boolean, got a string (\"\(s)\"); write it without quotes")
            } else {
                report(key, "expected a boolean (true or false), got \(v.kindDescription)")
            }
            return nil
        }
        return b
    }

    /// A real calendar date, `YYYY-MM-DD`.
    public mutating func date(_ key: String, required: Bool = true) -> LedgerDate? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v else {
            report(key, "expected a date YYYY-MM-DD, got \(v.kindDescription)")
            return nil
        }
        return FieldReader.parseDate(s) { report(key, $0) }
    }

    static func parseDate(_ s: String, problem: (String) -> Void) -> LedgerDate? {
        if let d = LedgerDate(iso: s) { return d }
        let shape = s.utf8.count == 10
            && s.utf8.enumerated().allSatisfy { i, c in (i == 4 || i == 7) ? c == UInt8(ascii: "-") : (48...57).contains(c) }
        problem(shape ? "\"\(s)\" is not a real date" : "expected a date YYYY-MM-DD, got \"\(s.prefix(40))\"")
        return nil
    }

    /// One of an enumeration's raw values.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = true, as: E.Type)
        -> E? where E.RawValue == String
    {
        guard let v = value(key, required: required) else { return nil }
        let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let s) = v else {
            report(key, "expected one of \(allowed), got \(v.kindDescription)")
            return nil
        }
        guard let e = E(rawValue: s) else {
            report(key, "expected one of \(allowed), got \"\(s.prefix(40))\"")
            return nil
        }
        return e
    }

    /// A number or a non-empty text (a target "Minska", an outcome 6.3).
    public mutating func numberOrText(_ key: String, required: Bool = true) -> JSONValue? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .number(let d) where !d.isFinite || abs(d) >= 9_007_199_254_740_992:
            report(key, "must be a finite number below 2^53 in magnitude (larger ones lose precision in JSON); write it as a text")
        case .number: return v
        case .string(let s) where !s.allSatisfy(\.isWhitespace): return v
        case .string: report(key, "must not be empty")
        default: report(key, "expected a number or a text, got \(v.kindDescription)")
        }
        return nil
    }

    /// A nested object, read by its own reader whose problems are merged into this one's.
    public mutating func object<T>(_ key: String, required: Bool = true, _ read: (inout FieldReader) -> T?) -> T? {
        guard let v = value(key, required: required) else { return nil }
        guard case .object(let members) = v else {
            report(key, "expected an object, got \(v.kindDescription)")
            return nil
        }
        var nested = FieldReader(members, path: fieldPath(key))
        let result = read(&nested)
        nested.finish()
        problems.append(contentsOf: nested.problems)
        return nested.problems.isEmpty ? result : nil
    }

    /// An array whose elements are read one by one (`key[2].id` in problems).
    public mutating func array<T>(_ key: String, required: Bool = true, _ read: (inout FieldReader, JSONValue, String) -> T?)
        -> [T]?
    {
        guard let v = value(key, required: required) else { return nil }
        guard case .array(let elements) = v else {
            report(key, "expected an array, got \(v.kindDescription)")
            return nil
        }
        var result: [T] = []
        let before = problems.count
        for (i, element) in elements.enumerated() {
            if let t = read(&self, element, "\(fieldPath(key))[\(i)]") { result.append(t) }
        }
        return problems.count == before ? result : nil
    }

    /// Reports every member that no accessor asked for.
    public mutating func finish() {
        guard read != members.count else { return }
        let known = Set(known)
        for key in members.keys.sorted() where !known.contains(key) {
            report(key, "unknown field")
        }
    }
}
