import Crypto

// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys in the golang.org/x/mod/sumdb/note encoding,
// and the C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint) that such a note carries.

/// A C2SP tlog-checkpoint body: the origin, tree size and root hash of a log at one size.
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var size: Int
    public var root: [UInt8]

    /// Makes a checkpoint; the origin must be a non-empty single line and the root a SHA-256 hash.
    public init(origin: String, size: Int, root: [UInt8]) {
        precondition(!origin.isEmpty && !origin.utf8.contains(0x0A), "a checkpoint origin is one non-empty line")
        precondition(size >= 0, "a tree size is never negative")
        precondition(root.count == 32, "a checkpoint root is a 32-byte SHA-256 hash")
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// Parses the first three lines of a body; extension lines after them are allowed and ignored.
    ///
    /// Strict, because the body is what gets signed: one spelling per checkpoint keeps two signers' notes comparable.
    public init?(body: String) {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A, !bytes.contains(where: { $0 < 0x20 && $0 != 0x0A }) else { return nil }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        // The spec requires at least three lines and makes every line, extensions included, non-empty.
        guard lines.count >= 3, lines.allSatisfy({ !$0.isEmpty }) else { return nil }
        guard let size = Self.parseSize(lines[1]),
              let root = NoteBase64.decode(lines[2]), root.count == 32
        else { return nil }
        self.origin = String(decoding: lines[0], as: UTF8.self)
        self.size = size
        self.root = root
    }

    /// "<origin>\n<size>\n<base64 root>\n", the text a log signs.
    public var body: String {
        "\(origin)\n\(size)\n\(NoteBase64.encode(root))\n"
    }

    /// ASCII decimal without leading zeros (except "0" itself), in range for `Int`.
    private static func parseSize(_ digits: ArraySlice<UInt8>) -> Int? {
        guard let first = digits.first, !(first == 0x30 && digits.count > 1) else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

/// Why a key could not be read or a note could not be verified.
public enum NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key string is not of the form the encoding requires; the text says which part is wrong.
    case malformedKey(String)
    /// The key name is empty or contains a Unicode space, a '+' or an ASCII control character.
    case badKeyName(String)
    /// The key's algorithm byte is not Ed25519 (0x01).
    case unknownAlgorithm(UInt8)
    /// The key id written in the key string is not the one its name and public key hash to.
    case keyIDMismatch(stated: UInt32, computed: UInt32)
    /// The note is not a well-formed signed note; the text says why.
    case malformedNote(String)
    /// No signature line carries this key's name and key id.
    case noSignatureByThisKey(name: String, keyID: UInt32)
    /// A signature line carries this key's name and key id but does not verify against the note text.
    case invalidSignature(name: String, keyID: UInt32)

    public var description: String {
        switch self {
        case .malformedKey(let why): "malformed key: \(why)"
        case .badKeyName(let name):
            "bad key name \(String(reflecting: name)): names are non-empty, without spaces, '+' or control characters"
        case .unknownAlgorithm(let byte): "unknown signature algorithm 0x\(hex2(byte)); only Ed25519 (0x01) is supported"
        case .keyIDMismatch(let stated, let computed):
            "key id \(hex8(stated)) does not match the key, whose id is \(hex8(computed))"
        case .malformedNote(let why): "malformed note: \(why)"
        case .noSignatureByThisKey(let name, let keyID): "the note has no signature by \(name)+\(hex8(keyID))"
        case .invalidSignature(let name, let keyID): "the signature by \(name)+\(hex8(keyID)) does not verify"
        }
    }
}

/// Signs notes with an Ed25519 key read from "PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>".
public struct NoteSigner: Sendable {
    public let name: String
    public let keyID: UInt32
    // Raw bytes rather than Crypto's key types, which are not Sendable in swift-crypto 3.12.
    private let seed: [UInt8]
    private let publicKey: [UInt8]

    /// Reads a private key, checking that its key id is the one its public key hashes to.
    public init(skey: String) throws(NoteError) {
        let (private1, rest1) = chop(skey)
        let (private2, rest2) = chop(rest1)
        let (nameText, rest3) = chop(rest2)
        let (idText, keyText) = chop(rest3)
        let name = String(nameText)
        guard private1 == "PRIVATE", private2 == "KEY" else {
            throw .malformedKey("a private key starts with PRIVATE+KEY+")
        }
        try checkKeyName(name)
        let statedID = try parseKeyID(idText)
        guard let key = NoteBase64.decode(Array(keyText.utf8)), let algorithm = key.first else {
            throw .malformedKey("the key data is not base64")
        }
        guard algorithm == ed25519Algorithm else { throw .unknownAlgorithm(algorithm) }
        guard key.count == 33 else { throw .malformedKey("an Ed25519 private key is a 32-byte seed") }
        let seed = Array(key.dropFirst())
        let publicKey: [UInt8]
        do {
            publicKey = Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)
        } catch {
            throw .malformedKey("the seed is not an Ed25519 key")
        }
        // The id is a hash of the public key, which only the seed determines, so it can be checked only now.
        let computedID = ed25519KeyID(name: name, publicKey: publicKey)
        guard statedID == computedID else { throw .keyIDMismatch(stated: statedID, computed: computedID) }
        self.name = name
        self.keyID = computedID
        self.seed = seed
        self.publicKey = publicKey
    }

    /// A new random key pair for `name`, as the private key to keep secret and the verifier key to publish.
    public static func generate(name: String) throws(NoteError) -> (skey: String, vkey: String) {
        try checkKeyName(name)
        let key = Curve25519.Signing.PrivateKey()
        let seed = Array(key.rawRepresentation), publicKey = Array(key.publicKey.rawRepresentation)
        let id = hex8(ed25519KeyID(name: name, publicKey: publicKey))
        return (
            "PRIVATE+KEY+\(name)+\(id)+\(NoteBase64.encode([ed25519Algorithm] + seed))",
            "\(name)+\(id)+\(NoteBase64.encode([ed25519Algorithm] + publicKey))"
        )
    }

    /// The verifier key: "<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte public key)>".
    public var vkey: String {
        "\(name)+\(hex8(keyID))+\(NoteBase64.encode([ed25519Algorithm] + publicKey))"
    }

    /// The signed note: `text`, a blank line, then "— <name> <base64(key id ‖ signature)>\n".
    ///
    /// `text` must end in a newline and contain no ASCII control character but newline: a note breaking
    /// that could never verify, so it is a programming error rather than a runtime condition.
    public func sign(_ text: String) -> String {
        let message = Array(text.utf8)
        precondition(message.last == 0x0A, "a note's text ends with a newline")
        precondition(!message.contains(where: { $0 < 0x20 && $0 != 0x0A }), "a note contains no control characters")
        let signature: [UInt8]
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            signature = Array(try key.signature(for: message))
        } catch {
            // `init(skey:)` checked the seed is 32 bytes, the only input these reject.
            preconditionFailure("Ed25519 signing failed with a checked seed: \(error)")
        }
        let id: [UInt8] = [UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xFF), UInt8(keyID >> 8 & 0xFF), UInt8(keyID & 0xFF)]
        return "\(text)\n\u{2014} \(name) \(NoteBase64.encode(id + signature))\n"
    }
}

/// Verifies notes against an Ed25519 key read from "<name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>".
public struct NoteVerifier: Sendable {
    public let name: String
    public let keyID: UInt32
    private let publicKey: [UInt8]

    /// Reads a verifier key, checking that its key id is the one its name and public key hash to.
    public init(vkey: String) throws(NoteError) {
        let (nameText, rest) = chop(vkey)
        let (idText, keyText) = chop(rest)
        let name = String(nameText)
        try checkKeyName(name)
        let statedID = try parseKeyID(idText)
        guard let key = NoteBase64.decode(Array(keyText.utf8)), let algorithm = key.first else {
            throw .malformedKey("the key data is not base64")
        }
        // As golang.org/x/mod/sumdb/note does, the id is checked over the algorithm byte and key before either is
        // interpreted: an id that matches says the key string is intact, and only then is the algorithm the issue.
        let computedID = keyIDHash(name: name, encodedKey: key)
        guard statedID == computedID else { throw .keyIDMismatch(stated: statedID, computed: computedID) }
        guard algorithm == ed25519Algorithm else { throw .unknownAlgorithm(algorithm) }
        guard key.count == 33 else { throw .malformedKey("an Ed25519 public key is 32 bytes") }
        self.name = name
        self.keyID = computedID
        self.publicKey = Array(key.dropFirst())
    }

    /// Returns the note's text if one of its signature lines is by this key and verifies; throws saying why not otherwise.
    ///
    /// Signature lines by other keys are ignored, as the spec requires, but must still be well-formed. Every line by
    /// this key must verify, not just one: the spec says a failing signature from a known key should sink the note.
    public func verify(_ note: String) throws(NoteError) -> String {
        // A Swift String is always valid UTF-8 (invalid bytes became U+FFFD when it was made, and then the signature
        // fails), so only the control-character rule is left to check here.
        let bytes = Array(note.utf8)
        guard !bytes.contains(where: { $0 < 0x20 && $0 != 0x0A }) else {
            throw .malformedNote("it contains an ASCII control character other than newline")
        }
        // The text ends at the last blank line: the text itself may contain blank lines, signature lines cannot.
        guard let split = lastBlankLine(bytes) else { throw .malformedNote("no blank line before the signatures") }
        let text = bytes[...split]
        let block = bytes[(split + 2)...]
        guard !block.isEmpty else { throw .malformedNote("no signature lines") }
        guard block.last == 0x0A else { throw .malformedNote("the last signature line does not end in a newline") }

        let lines = block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        // golang.org/x/mod/sumdb/note's bound; the spec asks verifiers for a bound of at least 16.
        guard lines.count <= maxSignatures else { throw .malformedNote("more than \(maxSignatures) signatures") }
        let publicKey: Curve25519.Signing.PublicKey
        do {
            publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: self.publicKey)
        } catch {
            throw .malformedKey("the public key is not an Ed25519 key")
        }
        var verified = false
        for line in lines {
            guard line.starts(with: signaturePrefix) else {
                throw .malformedNote("a signature line does not start with an em dash and a space")
            }
            let rest = line.dropFirst(signaturePrefix.count)
            guard let space = rest.firstIndex(of: 0x20) else { throw .malformedNote("a signature line has no signature") }
            let lineName = String(decoding: rest[..<space], as: UTF8.self)
            guard isValidKeyName(lineName) else { throw .malformedNote("a signature line has a bad key name") }
            guard let signature = NoteBase64.decode(rest[(space + 1)...]), signature.count >= 5 else {
                throw .malformedNote("a signature is not base64 of a key id and a signature")
            }
            let lineID = signature[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // A key is its name and id together; a line sharing only one of them is someone else's.
            guard lineName == name, lineID == keyID else { continue }
            let ed25519 = signature[4...]
            guard ed25519.count == 64, publicKey.isValidSignature(Array(ed25519), for: Array(text)) else {
                throw .invalidSignature(name: name, keyID: keyID)
            }
            verified = true
        }
        guard verified else { throw .noSignatureByThisKey(name: name, keyID: keyID) }
        return String(decoding: text, as: UTF8.self)
    }

    private func lastBlankLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
            i -= 1
        }
        return nil
    }
}

// MARK: Shared pieces

private let ed25519Algorithm: UInt8 = 0x01
private let maxSignatures = 100
/// "— ": U+2014 EM DASH, then a space.
private let signaturePrefix: [UInt8] = [0xE2, 0x80, 0x94, 0x20]

/// Splits at the first '+'; names cannot contain one and base64 key data may, so only leading fields are split.
private func chop(_ text: String) -> (Substring, Substring) {
    guard let plus = text.firstIndex(of: "+") else { return (text[...], "") }
    return (text[..<plus], text[text.index(after: plus)...])
}

private func chop(_ text: Substring) -> (Substring, Substring) { chop(String(text)) }

/// Non-empty, no Unicode White_Space (Go's unicode.IsSpace), no '+'; control characters are refused too, since a
/// name containing one could never appear in a valid note.
private func isValidKeyName(_ name: String) -> Bool {
    !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "+" || $0.value < 0x20 }
}

private func checkKeyName(_ name: String) throws(NoteError) {
    guard isValidKeyName(name) else { throw .badKeyName(name) }
}

/// Exactly eight hex digits (either case, as Go's strconv.ParseUint accepts).
private func parseKeyID(_ text: Substring) throws(NoteError) -> UInt32 {
    guard text.utf8.count == 8, text.utf8.allSatisfy({ $0.isHexDigit }), let id = UInt32(text, radix: 16) else {
        throw .malformedKey("the key id is not eight hex digits")
    }
    return id
}

private func ed25519KeyID(name: String, publicKey: [UInt8]) -> UInt32 {
    keyIDHash(name: name, encodedKey: [ed25519Algorithm] + publicKey)
}

/// The first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ algorithm byte ‖ public key).
private func keyIDHash(name: String, encodedKey: [UInt8]) -> UInt32 {
    var hasher = SHA256()
    hasher.update(data: Array(name.utf8))
    hasher.update(data: [0x0A])
    hasher.update(data: encodedKey)
    return hasher.finalize().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
}

private func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}

private func hex2(_ value: UInt8) -> String {
    let digits = String(value, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}

extension UInt8 {
    fileprivate var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

/// RFC 4648 §4 base64, canonical only: padded, no whitespace, zero pad bits.
///
/// Canonical, so each byte string has one spelling and flipping a character of a signature or root can never
/// decode to the same bytes.
enum NoteBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode<C: Collection<UInt8>>(_ text: C) -> [UInt8]? {
        let chars = Array(text)
        guard chars.count % 4 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt32? {
            switch c {
            case 0x41...0x5A: UInt32(c - 0x41)
            case 0x61...0x7A: UInt32(c - 0x61 + 26)
            case 0x30...0x39: UInt32(c - 0x30 + 52)
            case 0x2B: 62
            case 0x2F: 63
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let isLast = i + 4 == chars.count
            let padding = isLast ? (chars[i + 3] == 0x3D ? (chars[i + 2] == 0x3D ? 2 : 1) : 0) : 0
            var group: UInt32 = 0
            for j in 0..<(4 - padding) {
                guard let v = value(chars[i + j]) else { return nil }
                group = group << 6 | v
            }
            group <<= UInt32(6 * padding)
            out.append(UInt8(group >> 16))
            if padding < 2 { out.append(UInt8(group >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(group & 0xFF)) }
            // Non-zero bits under the padding would give a second spelling of the same bytes.
            if padding == 1 && group & 0xFF != 0 { return nil }
            if padding == 2 && group & 0xFFFF != 0 { return nil }
            i += 4
        }
        return out
    }
}
