import Foundation

/// An event as a user submits it, its shape already checked: the envelope fields and the typed payload.
///
/// `data` keeps the members exactly as given, because that is what is hashed and exported; `payload`
/// is the same data read into types.
public struct ProposedEvent: Sendable, Hashable {
    public var id: String?
    public var type: EventType
    public var plan: String?
    public var effective: LedgerDate
    public var actor: String?
    public var data: [String: JSONValue]
    public var payload: Payload

    /// Checks the envelope as `EventDecoder` does (text, key rules, a plan where the type requires one) and reads
    /// `data` into its payload. Throws a `Rejection` listing every problem, each with its field.
    public init(
        id: String? = nil, type: EventType, plan: String? = nil, effective: LedgerDate, actor: String? = nil,
        data: [String: JSONValue]
    ) throws(Rejection) {
        var problems: [Problem] = []
        for (field, text) in [("id", id), ("plan", plan), ("actor", actor)] {
            if let text, let problem = TextCheck.problem(in: text, field: field) { problems.append(problem) }
        }
        problems += TextCheck.problems(in: .object(data), path: "data")
        if !problems.isEmpty { throw Rejection(problems: problems) }
        if let plan, !Envelope.isValidKey(plan) { problems.append(Problem(field: "plan", reason: Envelope.keyRule)) }
        if plan == nil, type.requiresPlan { problems.append(Problem(field: "plan", reason: "is required")) }
        if let id, !Envelope.isValidKey(id) { problems.append(Problem(field: "id", reason: Envelope.keyRule)) }
        switch Payload.read(type, data: data) {
        case .success(let payload) where problems.isEmpty: self.payload = payload
        case .success: throw Rejection(problems: problems)
        case .failure(let rejection): throw Rejection(problems: problems + rejection.problems)
        }
        self.id = id
        self.type = type
        self.plan = plan
        self.effective = effective
        self.actor = actor
        self.data = data
    }

    init(id: String?, type: EventType, plan: String?, effective: LedgerDate, actor: String?, data: [String: JSONValue], payload: Payload) {
        self.id = id
        self.type = type
        self.plan = plan
        self.effective = effective
        self.actor = actor
        self.data = data
        self.payload = payload
    }
}

/// Rules for the envelope's own fields.
public enum Envelope {
    /// Members a user may write.
    public static let userFields: Set<String> = ["id", "type", "plan", "effective", "actor", "data"]
    /// Members only the ledger writes.
    public static let ledgerFields: Set<String> = ["seq", "recorded", "prev", "hash"]

    public static let keyRule = "a key is 1–200 characters in Unicode NFC: letters, digits and - _ . / : (no spaces)"

    /// Plan keys, ids and assignment keys: printable, no white space, so they survive a shell and a URL; in
    /// NFC, so that keys that look the same are the same bytes (SQLite compares bytes, Swift canonical forms).
    public static func isValidKey(_ key: String) -> Bool {
        // The common case, plain ASCII, without Unicode property lookups.
        if key.utf8.count <= 200, !key.isEmpty, key.utf8.allSatisfy({ $0 < 0x80 }) {
            return key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"):
                    true
                default: false
                }
            }
        }
        guard !key.isEmpty, key.count <= 200, isNFC(key) else { return false }
        return key.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || s.properties.numericType != nil || "-_./:".unicodeScalars.contains(s)
        }
    }
}

/// Whether `text` is in Unicode Normalization Form C, byte for byte.
///
/// A text whose scalars all lie below U+0300 (ASCII, Latin-1, Latin Extended-A and -B, IPA, spacing modifiers:
/// "Folktandvården" written with å, not a + ring) is NFC without normalizing it: each of those scalars has
/// NFC_Quick_Check = Yes and canonical combining class 0, so UAX #15's quick check (§9) answers YES. The first scalars
/// that are not are the combining marks from U+0300. In UTF-8 those texts are the ones whose bytes all lie below 0xCC:
/// U+0080 … U+02FF start with 0xC2 … 0xCB, continuation bytes are 0x80 … 0xBF, and U+0300 starts with 0xCC. Any other
/// text is normalized (Foundation) and compared.
public func isNFC(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 < 0xCC } || Array(text.precomposedStringWithCanonicalMapping.utf8) == Array(text.utf8)
}
