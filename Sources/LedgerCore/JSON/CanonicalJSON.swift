/// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a value that gets hashed.
///
/// Members sorted by the UTF-16 code units of their names, strings escaped as ECMAScript's
/// `JSON.stringify` does, numbers as ECMAScript's `Number.prototype.toString`, no whitespace.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        encode(value, into: &output)
        return output
    }

    /// Appends the canonical UTF-8 bytes of `value` to `output`.
    ///
    /// A non-finite number (which the parser never produces) is written as `null`, as
    /// `JSON.stringify` does; callers that build values by hand must reject NaN and infinities.
    public static func encode(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let flag):
            appendASCII(flag ? "true" : "false", to: &output)
        case .number(let number):
            if number.isFinite {
                appendNumber(number, to: &output)
            } else {
                appendASCII("null", to: &output)
            }
        case .string(let string):
            appendString(string, to: &output)
        case .array(let elements):
            output.append(0x5B)  // [
            var first = true
            for element in elements {
                if !first { output.append(0x2C) }
                first = false
                encode(element, into: &output)
            }
            output.append(0x5D)  // ]
        case .object(let members):
            output.append(0x7B)  // {
            var first = true
            // Sorting the pairs, not the keys, saves a hash lookup per member.
            for (key, member) in members.sorted(by: { utf16Precedes($0.key, $1.key) }) {
                if !first { output.append(0x2C) }
                first = false
                appendString(key, to: &output)
                output.append(0x3A)  // :
                encode(member, into: &output)
            }
            output.append(0x7D)  // }
        }
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// ECMAScript Number.prototype.toString (ES2019 7.1.12.1) of a finite double: 6.3, 1e-7, 1e+21, 100, 0 for -0.
    ///
    /// Non-finite values give ECMAScript's "NaN", "Infinity" and "-Infinity".
    public static func formatNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Numbers

    /// Appends the ECMAScript form of a finite double.
    static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        // Both zeros print as "0".
        if value == 0 {
            output.append(0x30)
            return
        }
        // Integers below 2^53 are exact, and their shortest round-trip digits are the integer
        // itself, so skip the general path for the common case of counts and amounts.
        // (Truncating conversion and compare, rather than rounded(), keeps libm out of the link.)
        if value.magnitude < 9_007_199_254_740_992 {
            let integer = Int64(value)
            if Double(integer) == value {
                appendInteger(integer, to: &output)
                return
            }
        }
        // Double.description gives the shortest round-trip digits, with ties broken toward the
        // closer value as ECMAScript requires; only the layout around them differs.
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 digit bytes inline, no heap
        withUnsafeMutableBytes(of: &digits) { raw in
            let digitBuffer = raw.bindMemory(to: UInt8.self)
            var digitCount = 0
            var pointPosition: Int?  // digits before the '.' in the description
            var exponent = 0
            var negative = false
            var description = value.description
            description.withUTF8 { text in
                var i = 0
                if text[0] == 0x2D {  // -
                    negative = true
                    i = 1
                }
                while i < text.count {
                    let byte = text[i]
                    if byte == 0x2E {  // .
                        pointPosition = digitCount
                    } else if byte == 0x65 || byte == 0x45 {  // e E
                        i += 1
                        var exponentNegative = false
                        if text[i] == 0x2B || text[i] == 0x2D {
                            exponentNegative = text[i] == 0x2D
                            i += 1
                        }
                        while i < text.count {
                            exponent = exponent * 10 + Int(text[i] &- 0x30)
                            i += 1
                        }
                        if exponentNegative { exponent = -exponent }
                        break
                    } else if digitCount < digitBuffer.count {
                        // Never more than 21 digits ("0.0001" then 17); the bound is for safety.
                        digitBuffer[digitCount] = byte
                        digitCount += 1
                    }
                    i += 1
                }
            }
            // Normalize to digits d1…dk with no leading or trailing zeros and the decimal
            // point n places from the left: value = 0.d1…dk × 10^n.
            var n = (pointPosition ?? digitCount) + exponent
            var first = 0
            while first < digitCount - 1 && digitBuffer[first] == 0x30 {
                first += 1
                n -= 1
            }
            var last = digitCount
            while last > first + 1 && digitBuffer[last - 1] == 0x30 { last -= 1 }
            let k = last - first
            let s = UnsafeBufferPointer(rebasing: digitBuffer[first..<last])
            if negative { output.append(0x2D) }
            layOut(digits: s, k: k, n: n, to: &output)
        }
    }

    /// ES2019 Number::toString steps 6–10 for digits `s` (k of them) and point position `n`.
    private static func layOut(digits s: UnsafeBufferPointer<UInt8>, k: Int, n: Int, to output: inout [UInt8]) {
        if k <= n && n <= 21 {
            // Integer: the digits, then n−k zeros.
            output.append(contentsOf: s)
            for _ in 0..<(n - k) { output.append(0x30) }
        } else if 0 < n && n <= 21 {
            // Point inside the digits.
            output.append(contentsOf: UnsafeBufferPointer(rebasing: s[0..<n]))
            output.append(0x2E)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: s[n...]))
        } else if -6 < n && n <= 0 {
            // Small: "0.", −n zeros, the digits.
            output.append(0x30)
            output.append(0x2E)
            for _ in 0..<(-n) { output.append(0x30) }
            output.append(contentsOf: s)
        } else {
            // Exponential: d[.ddd]e±(n−1).
            output.append(s[0])
            if k > 1 {
                output.append(0x2E)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: s[1...]))
            }
            output.append(0x65)  // e
            let e = n - 1
            output.append(e < 0 ? 0x2D : 0x2B)
            appendInteger(Int64(e.magnitude), to: &output)
        }
    }

    private static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { output.append(0x2D) }
        if magnitude < 10 {
            output.append(0x30 + UInt8(magnitude))
            return
        }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits fit
        withUnsafeMutableBytes(of: &scratch) { raw in
            var i = raw.count
            while magnitude > 0 {
                i -= 1
                raw[i] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }

    // MARK: Strings

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` quoted and escaped exactly as ECMAScript's JSON.stringify does.
    static func appendString(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { appendString(utf8: $0, to: &output) }
    }

    /// Appends well-formed UTF-8 `bytes` as a JSON string, quoted and escaped as `appendString(_:to:)` does.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(0x22)
        var runStart = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            // Everything but '"', '\' and C0 controls goes out verbatim, non-ASCII included.
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < i { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            output.append(0x5C)  // backslash
            switch byte {
            case 0x22: output.append(0x22)
            case 0x5C: output.append(0x5C)
            case 0x08: output.append(0x62)  // b
            case 0x0C: output.append(0x66)  // f
            case 0x0A: output.append(0x6E)  // n
            case 0x0D: output.append(0x72)  // r
            case 0x09: output.append(0x74)  // t
            default:
                output.append(0x75)  // u
                output.append(0x30)
                output.append(0x30)
                output.append(hexDigits.utf8Start[Int(byte >> 4)])
                output.append(hexDigits.utf8Start[Int(byte & 0x0F)])
            }
        }
        if runStart < bytes.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(0x22)
    }

    private static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Member order

    /// Whether `a` sorts before `b` by UTF-16 code units, computed on their UTF-8 bytes.
    ///
    /// UTF-8 byte order is code point order, and that agrees with UTF-16 order except where a
    /// supplementary character (surrogates D800–DFFF in UTF-16, lead byte F0–F4 in UTF-8) meets
    /// one in U+E000–U+FFFF (lead byte EE–EF): there UTF-16 puts the supplementary one first.
    /// Strings hold no surrogate code points, so those are the only two classes to swap.
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                bytesPrecedeInUTF16Order(x, y)
            }
        }.flatMap { $0 } ?? bytesPrecedeInUTF16Order(Array(a.utf8), Array(b.utf8))
    }

    private static func bytesPrecedeInUTF16Order<C: RandomAccessCollection<UInt8>>(_ x: C, _ y: C) -> Bool
    where C.Index == Int {
        let common = min(x.count, y.count)
        var i = 0
        while i < common {
            let p = x[x.startIndex + i]
            let q = y[y.startIndex + i]
            if p != q {
                // Differing bytes at the same offset after an equal prefix start the same
                // character position; if both are lead bytes of different classes, swap.
                let pSupplementary = p >= 0xF0
                let qSupplementary = q >= 0xF0
                if pSupplementary && (q == 0xEE || q == 0xEF) { return true }
                if qSupplementary && (p == 0xEE || p == 0xEF) { return false }
                return p < q
            }
            i += 1
        }
        return x.count < y.count
    }
}
