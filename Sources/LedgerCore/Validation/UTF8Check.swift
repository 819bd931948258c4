/// UTF-8 validation that says where and what went wrong, and which encoding the bytes are more likely in.
///
/// SPEC "Fidelity": an input that is not UTF-8 is named as Windows-1252 when it holds bytes 0x80–0x9F, else
/// as Latin-1. Both put å ä ö (0xE5 0xE4 0xF6) as single bytes; only Windows-1252 (the Swedish Windows
/// default) puts printable characters at 0x80–0x9F (0x96 is an en dash, 0x80 the euro sign), where Latin-1
/// has C1 control characters no text holds. Converting Windows-1252 as if it were Latin-1 would turn an en
/// dash into the control character U+0096, so the hint must name the right one.
public enum UTF8Check {
    /// The encoding a non-UTF-8 input is most likely in, judged by its bytes.
    public enum Guess: Sendable, Hashable {
        case windows1252, latin1

        /// The name a person reads: "Windows-1252", "Latin-1 (ISO 8859-1)".
        public var name: String {
            switch self {
            case .windows1252: "Windows-1252"
            case .latin1: "Latin-1 (ISO 8859-1)"
            }
        }

        /// The name `iconv -f` takes.
        public var iconvName: String {
            switch self {
            case .windows1252: "WINDOWS-1252"
            case .latin1: "ISO-8859-1"
            }
        }

        /// The character a byte stands for in this encoding (a space for the C0 controls, so that a quoted
        /// context stays on one line and holds no control).
        func character(_ byte: UInt8) -> Character {
            if byte < 0x20 || byte == 0x7F { return " " }
            if (0x80...0x9F).contains(byte) {
                return self == .windows1252 ? (TextCheck.windows1252[byte] ?? "?") : "?"
            }
            return Character(Unicode.Scalar(byte))
        }
    }

    /// The offset of the first byte at or after `start` that does not begin a well-formed UTF-8 sequence
    /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nil. The offset is that of
    /// the sequence's first byte: in Latin-1 "ö" followed by "k", the "ö".
    public static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        var i = start
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

    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidByte($0) }
    }

    /// Windows-1252 when any byte outside a well-formed UTF-8 sequence is in 0x80–0x9F, else Latin-1.
    ///
    /// Only bytes that break UTF-8 count: 0x96 is also the second byte of a correct "Ö" (C3 96).
    public static func guess(_ bytes: UnsafeRawBufferPointer) -> Guess {
        var i = 0
        while let bad = firstInvalidByte(bytes, from: i) {
            if (0x80...0x9F).contains(bytes[bad]) { return .windows1252 }
            i = bad + 1
        }
        return .latin1
    }

    /// `not valid UTF-8: byte 18 is 0xF6; it looks like Latin-1 (ISO 8859-1) …; convert it first: iconv -f …`.
    ///
    /// `offset` is 0-based (as `firstInvalidByte` returns it); the message counts bytes from 1, as `cmp` and
    /// editors do.
    public static func explain(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String {
        let byte = bytes[offset]
        let guess = guess(bytes)
        var message = "not valid UTF-8: byte \(offset + 1) is 0x\(Hex.encode([byte]).uppercased())"
        let start = max(0, offset - 20), end = min(bytes.count, offset + 20)
        let context = String(bytes[start..<end].map(guess.character))
        message += "; it looks like \(guess.name)"
        message += guess == .windows1252
            ? " (the Swedish Windows default: it holds bytes 0x80–0x9F, which only Windows-1252 uses for text)"
            : ", as exported by older systems"
        message += ", where it reads \"…\(context)…\"; convert it first: iconv -f \(guess.iconvName) -t UTF-8"
        return message
    }

    public static func explain(_ bytes: [UInt8], at offset: Int) -> String {
        bytes.withUnsafeBytes { explain($0, at: offset) }
    }
}
