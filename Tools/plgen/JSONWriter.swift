import LedgerCore

/// Compact JSON written straight into a byte buffer: no intermediate `String`, no `JSONSerialization`.
///
/// Commas are placed by a small stack of "this container already has a member" flags, so callers only say
/// what they write: `key("dnr"); string(dnr)`. Strings are escaped per RFC 8259 (quote, backslash, control
/// characters); everything else, å ä ö included, goes out as the UTF-8 it already is.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var hasMember: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        hasMember.reserveCapacity(16)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        hasMember.removeAll(keepingCapacity: true)
        afterKey = false
    }

    // MARK: Structure

    /// Before a value: a comma when it follows another element of the same array.
    @inline(__always)
    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
        } else if let last = hasMember.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            hasMember[hasMember.count - 1] = true
        }
    }

    mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        hasMember.removeLast()
    }

    mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        hasMember.append(false)
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        hasMember.removeLast()
    }

    /// A member name; the next value written is its value. Names are ASCII literals and need no escaping.
    mutating func key(_ name: StaticString) {
        if hasMember[hasMember.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasMember[hasMember.count - 1] = true
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    // MARK: Values

    mutating func string(_ s: String) {
        beforeValue()
        var s = s
        s.withUTF8 { appendQuoted($0) }
    }

    mutating func string(_ s: StaticString) {
        beforeValue()
        s.withUTF8Buffer { appendQuoted($0) }
    }

    /// Already valid JSON (a value written by another `JSONWriter`), copied as is.
    mutating func raw(_ json: [UInt8]) {
        beforeValue()
        bytes.append(contentsOf: json)
    }

    mutating func int(_ n: Int) {
        beforeValue()
        appendDigits(n)
    }

    /// A decimal number given in tenths: 63 → `6.3`, 70 → `7`, -125 → `-12.5`.
    mutating func tenths(_ t: Int) {
        beforeValue()
        if t < 0 { bytes.append(UInt8(ascii: "-")) }
        let a = t.magnitude
        appendDigits(Int(a / 10))
        if a % 10 != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(a % 10))
        }
    }

    /// A date, `"YYYY-MM-DD"`, from days since 1970-01-01.
    mutating func date(_ day: Day) {
        beforeValue()
        let d = day.ledgerDate
        bytes.append(UInt8(ascii: "\""))
        appendPadded(d.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(d.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(d.day, width: 2)
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: Members (key and value in one call)

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: StaticString) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, int value: Int) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, date value: Day) {
        key(name)
        date(value)
    }

    // MARK: Bytes

    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var clean = true
        for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
            clean = false
            break
        }
        if clean {
            bytes.append(contentsOf: utf8)
        } else {
            for b in utf8 {
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendDigits(_ n: Int) {
        if n < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(Int(n.magnitude))  // the generator never writes Int.min
            return
        }
        var divisor = 1
        while divisor <= n / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((n / divisor) % 10))
            divisor /= 10
        }
    }

    private mutating func appendPadded(_ n: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = n
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }
}

/// A calendar day as days since 1970-01-01, so that dates add and compare as integers; converted to a
/// `LedgerDate` only to be written.
struct Day: Comparable, Hashable {
    var number: Int

    init(_ number: Int) { self.number = number }

    init(year: Int, month: Int, day: Int) {
        number = LedgerDate(year: year, month: month, day: day)!.daysSinceEpoch
    }

    var ledgerDate: LedgerDate { LedgerDate.fromDaysSinceEpoch(number) }
    var year: Int { ledgerDate.year }
    var month: Int { ledgerDate.month }

    static func + (d: Day, days: Int) -> Day { Day(d.number + days) }
    static func - (a: Day, b: Day) -> Int { a.number - b.number }
    static func < (a: Day, b: Day) -> Bool { a.number < b.number }
}
