import Crypto

/// The hash chain of the SPEC: `hash = SHA-256(prev ‖ JCS({seq, id, type, plan, effective, recorded, actor, data}))`.
///
/// Anyone can recompute it from `export` with any RFC 8785 library: absent members are present as `null`,
/// `prev` enters as its 32 raw bytes, the first event's `prev` is 32 zero bytes.
public enum EventHash {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The object that is canonicalised and hashed.
    public static func hashedObject(
        seq: Int, id: String, type: EventType, plan: String?, effective: LedgerDate, recorded: Timestamp,
        actor: String?, data: [String: JSONValue]
    ) -> JSONValue {
        .object([
            "seq": .number(Double(seq)),
            "id": .string(id),
            "type": .string(type.rawValue),
            "plan": plan.map(JSONValue.string) ?? .null,
            "effective": .string(effective.description),
            "recorded": .string(recorded.description),
            "actor": actor.map(JSONValue.string) ?? .null,
            "data": .object(data),
        ])
    }

    /// The canonical bytes of `hashedObject(…)`, assembled around `data`'s already canonical bytes: the
    /// members' order is fixed (actor, data, effective, id, plan, recorded, seq, type sort so in UTF-16), so
    /// the data is encoded once for both the hash and the stored column. Equal to
    /// `CanonicalJSON.encode(hashedObject(…))`, which a test checks.
    public static func canonicalBytes(
        seq: Int, id: String, type: EventType, plan: String?, effective: LedgerDate, recorded: Timestamp,
        actor: String?, canonicalData: [UInt8]
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonicalData.count + 256)
        func member(_ name: String, _ value: JSONValue, first: Bool = false) {
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            CanonicalJSON.encode(value, into: &out)
        }
        member("actor", actor.map(JSONValue.string) ?? .null, first: true)
        out.append(contentsOf: ",\"data\":".utf8)
        out.append(contentsOf: canonicalData)
        member("effective", .string(effective.description))
        member("id", .string(id))
        member("plan", plan.map(JSONValue.string) ?? .null)
        member("recorded", .string(recorded.description))
        member("seq", .number(Double(seq)))
        member("type", .string(type.rawValue))
        out.append(UInt8(ascii: "}"))
        return out
    }

    public static func hash(prev: [UInt8], canonical: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: prev)
        hasher.update(data: canonical)
        return Array(hasher.finalize())
    }

    /// Recomputes `event.hash` from its fields and `prev`.
    public static func compute(_ e: RecordedEvent) -> [UInt8] {
        let canonical = canonicalBytes(
            seq: e.seq, id: e.id, type: e.type, plan: e.plan, effective: e.effective, recorded: e.recorded,
            actor: e.actor, canonicalData: CanonicalJSON.encode(.object(e.data)))
        return hash(prev: e.prev, canonical: canonical)
    }
}

extension RecordedEvent {
    /// The event as `export` writes it: one canonical JSON object with `prev` and `hash` in hex.
    public var exported: JSONValue {
        guard case .object(var members) = EventHash.hashedObject(
            seq: seq, id: id, type: type, plan: plan, effective: effective, recorded: recorded, actor: actor, data: data)
        else { return .null }
        members["prev"] = .string(Hex.encode(prev))
        members["hash"] = .string(Hex.encode(hash))
        return .object(members)
    }
}

/// Lower-case hexadecimal, as `export` writes hashes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
