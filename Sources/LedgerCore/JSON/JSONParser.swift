/// Why a byte sequence is not a JSON value the ledger accepts, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset into the input where the problem is.
    public var offset: Int
    /// Lower-case human text, e.g. `duplicate key "plan"`.
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 + I-JSON (RFC 7493) parser working on raw UTF-8 bytes.
///
/// Rejects what a lenient parser would let through and the canonical form could not reproduce:
/// duplicate member names, leading zeros, non-finite numbers, lone surrogates, unescaped control
/// characters, comments, trailing commas, and nesting deeper than ``maxDepth``.
public enum JSONParser {
    /// Deepest nesting of arrays and objects accepted; bounds recursion on hostile input.
    public static let maxDepth = 64

    /// Parses exactly one JSON value (whitespace around it allowed) from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(offset: 0, message: "unexpected end of input")
        }
        var reader = Reader(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return try reader.parseDocument()
    }

    /// Parses exactly one JSON value (whitespace around it allowed) from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        // Closures here are untyped-rethrowing, so carry the error out in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value (whitespace around it allowed) from a string's UTF-8.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }
}

/// The cursor over the input, plus scratch space reused across the objects of one document.
private struct Reader {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0
    /// Members of the objects being parsed, innermost last; see `parseObject`.
    var memberStack: [Member] = []

    struct Member {
        var key: String
        var value: JSONValue
        var offset: Int
    }

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    // ASCII bytes named for readability.
    private static let quote: UInt8 = 0x22
    private static let backslash: UInt8 = 0x5C
    private static let comma: UInt8 = 0x2C
    private static let colon: UInt8 = 0x3A
    private static let minus: UInt8 = 0x2D
    private static let plus: UInt8 = 0x2B
    private static let dot: UInt8 = 0x2E
    private static let zero: UInt8 = 0x30
    private static let nine: UInt8 = 0x39

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if index < count { throw fail(index, "trailing characters after the value") }
        return value
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < count else { throw fail(index, "unexpected end of input") }
        switch base[index] {
        case Self.quote:
            return .string(try parseString())
        case 0x7B:  // {
            return try parseObject(depth: depth + 1)
        case 0x5B:  // [
            return try parseArray(depth: depth + 1)
        case 0x74:  // t
            try expectLiteral("true")
            return .bool(true)
        case 0x66:  // f
            try expectLiteral("false")
            return .bool(false)
        case 0x6E:  // n
            try expectLiteral("null")
            return .null
        case Self.minus, Self.zero...Self.nine:
            return .number(try parseNumber())
        default:
            throw unexpected(at: index)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw fail(index, "nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1  // [
        skipWhitespace()
        var elements: [JSONValue] = []
        if index < count && base[index] == 0x5D {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < count else { throw fail(index, "unexpected end of input") }
            let byte = base[index]
            index += 1
            if byte == Self.comma {
                let commaOffset = index - 1
                skipWhitespace()
                // A dedicated message: trailing commas are the most common hand-edit mistake.
                if index < count && base[index] == 0x5D { throw fail(commaOffset, "trailing comma in array") }
                continue
            }
            if byte == 0x5D { return .array(elements) }
            throw unexpected(at: index - 1, expecting: "',' or ']'")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw fail(index, "nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1  // {
        skipWhitespace()
        if index < count && base[index] == 0x7D {
            index += 1
            return .object([:])
        }
        // Members go to a shared stack first so the dictionary is built at its final size:
        // growing it one member at a time would rehash every key on each resize.
        let stackBase = memberStack.count
        while true {
            skipWhitespace()
            guard index < count else { throw fail(index, "unexpected end of input") }
            guard base[index] == Self.quote else { throw unexpected(at: index, expecting: "a member name") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < count else { throw fail(index, "unexpected end of input") }
            guard base[index] == Self.colon else { throw unexpected(at: index, expecting: "':'") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            memberStack.append(Member(key: key, value: value, offset: keyOffset))
            skipWhitespace()
            guard index < count else { throw fail(index, "unexpected end of input") }
            let byte = base[index]
            index += 1
            if byte == Self.comma {
                let commaOffset = index - 1
                skipWhitespace()
                if index < count && base[index] == 0x7D { throw fail(commaOffset, "trailing comma in object") }
                continue
            }
            if byte == 0x7D { break }
            throw unexpected(at: index - 1, expecting: "',' or '}'")
        }
        var members = [String: JSONValue](minimumCapacity: memberStack.count - stackBase)
        for i in stackBase..<memberStack.count {
            // One hash per member: insert, and treat a displaced value as the duplicate.
            // Swift compares keys by canonical equivalence, so "é" and "e\u{301}" collide too;
            // rejecting that is right, since a dictionary could not hold both.
            if members.updateValue(memberStack[i].value, forKey: memberStack[i].key) != nil {
                throw fail(memberStack[i].offset, "duplicate key \(quoted(memberStack[i].key))")
            }
        }
        memberStack.removeSubrange(stackBase...)
        return .object(members)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let bytes = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            guard index < count else { throw fail(index, "unexpected end of input") }
            guard base[index] == bytes[i] else { throw unexpected(at: index) }
            index += 1
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            let byte = base[index]
            // Only the four RFC 8259 whitespace bytes; no BOM, no NBSP.
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the string is a verbatim slice of the input.
        while index < count {
            let byte = base[index]
            if byte == Self.quote {
                let string = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
                index += 1
                return string
            }
            if byte == Self.backslash { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw controlCharacter(at: index) }
            if byte < 0x80 {
                index += 1
            } else {
                index = try validateUTF8Scalar(at: index)
            }
        }
        throw fail(index, "unterminated string")
    }

    /// Slow path once a backslash is seen: copies the verbatim prefix, then decodes escapes.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(index - start + 16)
        buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while index < count {
            let byte = base[index]
            if byte == Self.quote {
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte == Self.backslash {
                try decodeEscape(into: &buffer)
                continue
            }
            if byte < 0x20 { throw controlCharacter(at: index) }
            // Copy a run of plain bytes at once rather than byte by byte.
            let runStart = index
            while index < count {
                let b = base[index]
                if b == Self.quote || b == Self.backslash || b < 0x20 { break }
                if b < 0x80 {
                    index += 1
                } else {
                    index = try validateUTF8Scalar(at: index)
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
        }
        throw fail(index, "unterminated string")
    }

    /// Decodes one escape starting at the backslash and appends its UTF-8 to `buffer`.
    mutating func decodeEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < count else { throw fail(index, "unterminated string") }
        let byte = base[index]
        index += 1
        switch byte {
        case Self.quote: buffer.append(Self.quote)
        case Self.backslash: buffer.append(Self.backslash)
        case 0x2F: buffer.append(0x2F)  // \/
        case 0x62: buffer.append(0x08)  // \b
        case 0x66: buffer.append(0x0C)  // \f
        case 0x6E: buffer.append(0x0A)  // \n
        case 0x72: buffer.append(0x0D)  // \r
        case 0x74: buffer.append(0x09)  // \t
        case 0x75:  // \u
            let unit = try readHex4(escapeStart: escapeStart)
            var scalar: UInt32
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard index + 1 < count, base[index] == Self.backslash, base[index + 1] == 0x75 else {
                    throw fail(escapeStart, "lone surrogate \\u\(hex4(unit))")
                }
                let lowStart = index
                index += 2
                let low = try readHex4(escapeStart: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail(escapeStart, "lone surrogate \\u\(hex4(unit))")
                }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw fail(escapeStart, "lone surrogate \\u\(hex4(unit))")
            } else {
                scalar = unit
            }
            appendUTF8(scalar, to: &buffer)
        default:
            let shown = byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : describeByte(byte)
            throw fail(escapeStart, "invalid escape \\\(shown)")
        }
    }

    /// Reads the four hex digits after `\u`; `index` is on the first digit.
    mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard index + 4 <= count else { throw fail(escapeStart, "invalid escape: \\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail(escapeStart, "invalid escape: \\u needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Checks the multi-byte UTF-8 sequence at `i`; returns the offset after it.
    ///
    /// Callers promise valid UTF-8, but a bad byte must be an error, not a U+FFFD in a hashed
    /// string. Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
    @inline(__always)
    func validateUTF8Scalar(at i: Int) throws(JSONParseError) -> Int {
        let lead = base[i]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw fail(i, "invalid UTF-8 byte 0x\(hex2(lead))")
        }
        guard i + length <= count else { throw fail(i, "invalid UTF-8: truncated sequence") }
        let second = base[i + 1]
        guard second >= lower && second <= upper else { throw fail(i + 1, "invalid UTF-8 byte 0x\(hex2(second))") }
        var j = i + 2
        while j < i + length {
            let b = base[j]
            guard b & 0xC0 == 0x80 else { throw fail(j, "invalid UTF-8 byte 0x\(hex2(b))") }
            j += 1
        }
        return j
    }

    // MARK: Numbers

    /// Powers of ten exactly representable as doubles, for the exact fast path.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses an RFC 8259 number; rejects the forms the grammar forbids and overflow to infinity.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        var negative = false
        if base[index] == Self.minus {
            negative = true
            index += 1
            guard index < count else { throw fail(index, "unexpected end of input") }
            guard isDigit(base[index]) else { throw fail(index, "expected a digit after '-'") }
        }
        // Mantissa digits are accumulated while they fit, for the exact fast path below.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0  // power of ten to apply to `mantissa`
        if base[index] == Self.zero {
            index += 1
            if index < count && isDigit(base[index]) { throw fail(start, "leading zeros are not allowed") }
        } else {
            while index < count, isDigit(base[index]) {
                accumulate(base[index], &mantissa, &significantDigits, &decimalExponent, fraction: false)
                index += 1
            }
        }
        if index < count && base[index] == Self.dot {
            index += 1
            guard index < count, isDigit(base[index]) else {
                throw fail(index, "expected a digit after the decimal point")
            }
            while index < count, isDigit(base[index]) {
                accumulate(base[index], &mantissa, &significantDigits, &decimalExponent, fraction: true)
                index += 1
            }
        }
        if index < count && (base[index] == 0x65 || base[index] == 0x45) {  // e E
            index += 1
            var exponentNegative = false
            if index < count && (base[index] == Self.plus || base[index] == Self.minus) {
                exponentNegative = base[index] == Self.minus
                index += 1
            }
            guard index < count, isDigit(base[index]) else { throw fail(index, "expected a digit in the exponent") }
            var exponent = 0
            while index < count, isDigit(base[index]) {
                // Saturate: any exponent this large already decides overflow or underflow.
                if exponent < 100_000 { exponent = exponent * 10 + Int(base[index] - Self.zero) }
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }

        // Clinger's fast path: an exact integer mantissa times an exact power of ten rounds once,
        // so the result is correctly rounded. Covers nearly every number a ledger event holds.
        if significantDigits <= 19 && mantissa <= (1 << 53) {
            let m = Double(mantissa)
            var result: Double?
            if decimalExponent == 0 {
                result = m
            } else if decimalExponent > 0 && decimalExponent <= 22 {
                result = m * Self.exactPowersOfTen[decimalExponent]
            } else if decimalExponent < 0 && decimalExponent >= -22 {
                result = m / Self.exactPowersOfTen[-decimalExponent]
            } else if mantissa == 0 {
                result = 0
            }
            if let result {
                guard result.isFinite else { throw fail(start, "number out of range") }
                return negative ? -result : result
            }
        }
        // Slow path: the standard library's correctly rounded conversion of the same text.
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let value = Double(text) else { throw fail(start, "invalid number") }
        guard value.isFinite else { throw fail(start, "number out of range") }
        return value
    }

    @inline(__always)
    private func accumulate(
        _ byte: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ exponent: inout Int, fraction: Bool
    ) {
        // Leading zeros of the fraction ("0.000123") add no significant digits.
        if mantissa == 0 && byte == Self.zero {
            if fraction { exponent -= 1 }
            return
        }
        if digits < 19 {
            mantissa = mantissa &* 10 &+ UInt64(byte - Self.zero)
            if fraction { exponent -= 1 }
        } else if !fraction {
            // Too many digits for the fast path anyway; keep the magnitude roughly right.
            exponent += 1
        }
        digits += 1
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- Self.zero < 10 }

    // MARK: Errors

    func fail(_ offset: Int, _ message: String) -> JSONParseError {
        JSONParseError(offset: offset, message: message)
    }

    func controlCharacter(at offset: Int) -> JSONParseError {
        fail(offset, "control character U+\(hex4(UInt32(base[offset]), uppercase: true)) in string")
    }

    func unexpected(at offset: Int, expecting: String? = nil) -> JSONParseError {
        guard offset < count else { return fail(offset, "unexpected end of input") }
        let what = "unexpected \(describeByte(base[offset]))"
        return fail(offset, expecting.map { "\(what), expected \($0)" } ?? what)
    }
}

// MARK: Small formatting helpers (error paths and escapes only)

/// `character 'x'` for printable ASCII, `character U+000A` for other ASCII, `byte 0xC3` beyond.
private func describeByte(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
    if byte < 0x80 { return "character U+\(hex4(UInt32(byte), uppercase: true))" }
    return "byte 0x\(hex2(byte))"
}

/// Four hex digits: lower-case as an escape is usually written, upper-case after "U+".
private func hex4(_ value: UInt32, uppercase: Bool = false) -> String {
    let digits = String(value, radix: 16, uppercase: uppercase)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

private func hex2(_ value: UInt8) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count < 2 ? "0" + digits : digits
}

/// A member name for an error message, quoted and shortened so messages stay one line.
private func quoted(_ key: String) -> String {
    let shown = key.count > 64 ? String(key.prefix(64)) + "…" : key
    return "\"\(shown)\""
}

@inline(__always)
private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        buffer.append(UInt8(scalar))
    case 0x80..<0x800:
        buffer.append(UInt8(0xC0 | scalar >> 6))
        buffer.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        buffer.append(UInt8(0xE0 | scalar >> 12))
        buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        buffer.append(UInt8(0x80 | scalar & 0x3F))
    default:
        buffer.append(UInt8(0xF0 | scalar >> 18))
        buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        buffer.append(UInt8(0x80 | scalar & 0x3F))
    }
}
