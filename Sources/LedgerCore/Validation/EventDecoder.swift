/// Turns one line of JSON Lines input into a `ProposedEvent`, checking everything that needs no ledger state:
/// encoding, size, JSON syntax, the envelope's fields, and the type's `data`.
public enum EventDecoder {
    /// The longest line accepted, in bytes (1 MiB), newline excluded.
    public static let maxLineBytes = 1 << 20

    /// Decodes one line's bytes (without its newline). Problems carry no line number; the caller adds it.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<ProposedEvent, Rejection> {
        if bytes.count > maxLineBytes {
            return .failure(Rejection(problems: [Problem(field: nil, reason: "line is \(bytes.count) bytes, longer than the 1 MiB (\(maxLineBytes) bytes) a line may be")]))
        }
        if let bad = UTF8Check.firstInvalidByte(bytes) {
            return .failure(Rejection(problems: [Problem(field: nil, reason: UTF8Check.explain(bytes, at: bad))]))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(Rejection(problems: [Problem(field: nil, reason: "invalid JSON: \(error.description)")]))
        }
        return decode(value)
    }

    public static func decode(_ bytes: [UInt8]) -> Result<ProposedEvent, Rejection> {
        bytes.withUnsafeBytes { decode($0) }
    }

    public static func decode(_ text: String) -> Result<ProposedEvent, Rejection> {
        decode(Array(text.utf8))
    }

    /// Checks an already parsed value's envelope and data.
    public static func decode(_ value: JSONValue) -> Result<ProposedEvent, Rejection> {
        guard case .object(let members) = value else {
            return .failure(Rejection(problems: [Problem(field: nil, reason: "expected a JSON object (one event per line), got \(value.kindDescription)")]))
        }
        // A line with a forbidden character is reported for those alone: the other checks would quote the same
        // text, and a member name holding one would also read as an unknown field.
        let textProblems = TextCheck.problems(in: value, path: "")
        if !textProblems.isEmpty { return .failure(Rejection(problems: textProblems)) }
        var r = FieldReader(members, path: "")
        for key in members.keys.sorted() where Envelope.ledgerFields.contains(key) {
            _ = r.value(key, required: false)
            r.report(key, "is assigned by the ledger and cannot be supplied")
        }
        let id = r.string("id", required: false)
        if let id, !Envelope.isValidKey(id) { r.report("id", Envelope.keyRule) }
        var type: EventType?
        if let v = r.value("type", required: true) {
            if case .string(let s) = v, let t = EventType(rawValue: s) {
                type = t
            } else {
                let shown = v.stringValue.map { "\"\($0.prefix(60))\"" } ?? v.kindDescription
                r.report("type", "unknown event type \(shown); expected one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let plan = r.string("plan", required: type?.requiresPlan ?? false)
        if let plan, !Envelope.isValidKey(plan) { r.report("plan", Envelope.keyRule) }
        let effective = r.date("effective")
        let actor = r.string("actor", required: false)
        var data: [String: JSONValue]?
        if let v = r.value("data", required: true) {
            if case .object(let o) = v { data = o } else { r.report("data", "expected an object, got \(v.kindDescription)") }
        }
        r.finish()
        var problems = r.problems
        var payload: Payload?
        if let type, let data {
            switch Payload.read(type, data: data) {
            case .success(let p): payload = p
            case .failure(let more): problems += more.problems
            }
        }
        guard problems.isEmpty, let type, let effective, let data, let payload else {
            return .failure(Rejection(problems: problems))
        }
        return .success(ProposedEvent(id: id, type: type, plan: plan, effective: effective, actor: actor, data: data, payload: payload))
    }
}
