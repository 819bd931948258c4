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

/// UTF-8 validation that says where and what went wrong, with a hint for the common Latin-1 export.
public enum UTF8Check {
    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    public static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F  // no UTF-16 surrogates
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// "not valid UTF-8 at byte 17 (0xE5): … looks like Latin-1 (ISO 8859-1) …".
    public static func explain(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String {
        let byte = bytes[offset]
        var message = "not valid UTF-8: byte \(offset + 1) is 0x\(Hex.encode([byte]).uppercased())"
        // Latin-1 puts å ä ö Å Ä Ö é (0xC0–0xFF) as single bytes; as UTF-8 they start a sequence that breaks at once.
        if byte >= 0xA0 {
            let start = max(0, offset - 20), end = min(bytes.count, offset + 20)
            let context = String(bytes[start..<end].map { $0 < 0x20 ? " " : Character(Unicode.Scalar($0)) })
            message += "; the input looks like Latin-1 (ISO 8859-1), as exported by older systems, where it reads \"…\(context)…\""
            message += "; convert it first: iconv -f ISO-8859-1 -t UTF-8"
        }
        return message
    }
}
