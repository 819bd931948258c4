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
        canonicalData.withUnsafeBytes { data in
            writeCanonical(seq: seq, id: id, type: type.rawValue, plan: plan, effective: effective.description,
                           recorded: recorded.description, actor: actor, canonicalData: data, into: &out)
        }
        return out
    }

    /// The same bytes from the fields as stored, text as text: what `verify`'s chain pass hashes without decoding
    /// anything (`Text` is then `StoredText`, the bytes SQLite holds). `out` is cleared first, so one buffer serves
    /// a whole pass.
    public static func writeCanonical<Text: CanonicalText>(
        seq: Int, id: Text, type: Text, plan: Text?, effective: Text, recorded: Text, actor: Text?,
        canonicalData: UnsafeRawBufferPointer, into out: inout [UInt8]
    ) {
        out.removeAll(keepingCapacity: true)
        func name(_ text: StaticString, first: Bool = false) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            text.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        func string(_ text: Text?) {
            if let text { text.appendJSONString(to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        name("actor", first: true)
        string(actor)
        name("data")
        out.append(contentsOf: canonicalData)
        name("effective")
        string(effective)
        name("id")
        string(id)
        name("plan")
        string(plan)
        name("recorded")
        string(recorded)
        name("seq")
        CanonicalJSON.appendNumber(Double(seq), to: &out)
        name("type")
        string(type)
        out.append(UInt8(ascii: "}"))
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

/// Text that `EventHash.writeCanonical` can write as a JSON string.
public protocol CanonicalText {
    func appendJSONString(to out: inout [UInt8])
}

extension String: CanonicalText {
    public func appendJSONString(to out: inout [UInt8]) { CanonicalJSON.appendString(self, to: &out) }
}

/// Text as a store holds it: bytes already known to be well-formed UTF-8 (see `init?(utf8:)`), valid while the
/// store keeps them.
public struct StoredText: CanonicalText {
    public let bytes: UnsafeBufferPointer<UInt8>

    /// The bytes, or nil when they are not well-formed UTF-8 (which the ledger never writes).
    public init?(utf8 raw: UnsafeRawBufferPointer) {
        guard UTF8Check.firstInvalidByte(raw) == nil else { return nil }
        bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
    }

    public func appendJSONString(to out: inout [UInt8]) { CanonicalJSON.appendString(utf8: bytes, to: &out) }
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
