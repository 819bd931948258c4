import Foundation

/// A transaction-time instant: UTC, millisecond precision, written as RFC 3339 (`2016-01-01T09:30:00.000Z`).
///
/// Kept as whole milliseconds since the Unix epoch so that comparison and the text form agree exactly.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public init(_ date: Date) {
        self.millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.millisecondsSinceEpoch < b.millisecondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var description: String {
        let ms = millisecondsSinceEpoch
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 {
            rem += 86_400_000
            days -= 1
        }
        let date = LedgerDate.fromDaysSinceEpoch(Int(days))
        return String(unsafeUninitializedCapacity: 24) { buffer in
            date.write(into: buffer, at: 0)
            buffer[10] = UInt8(ascii: "T")
            writeDigits(rem / 3_600_000, count: 2, into: buffer, at: 11)
            buffer[13] = UInt8(ascii: ":")
            writeDigits((rem / 60_000) % 60, count: 2, into: buffer, at: 14)
            buffer[16] = UInt8(ascii: ":")
            writeDigits((rem / 1000) % 60, count: 2, into: buffer, at: 17)
            buffer[19] = UInt8(ascii: ".")
            writeDigits(rem % 1000, count: 3, into: buffer, at: 20)
            buffer[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// Parses RFC 3339: a date, `T` (or `t`/space), time with optional fraction, and `Z` or `±HH:MM`.
    public init?(rfc3339 text: String) {
        let u = Array(text.utf8)
        guard u.count >= 20, let date = LedgerDate(iso: String(decoding: u[0..<10], as: UTF8.self)),
            [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(u[10]),
            u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var n = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                n = n * 10 + Int(u[i] - 48)
            }
            return n
        }
        guard let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19), h < 24, mi < 60, s < 60 else {
            return nil
        }
        var i = 19
        var millis = 0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(u[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        guard i < u.count else { return nil }
        var offsetMinutes = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            let sign = u[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = num(i + 1..<i + 3), i + 3 < u.count, u[i + 3] == UInt8(ascii: ":"),
                let om = num(i + 4..<i + 6), oh < 24, om < 60
            else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offsetMinutes * 60)
        self.millisecondsSinceEpoch = seconds * 1000 + Int64(millis)
    }
}

extension LedgerDate {
    /// The date `days` days after 1970-01-01 (Hinnant's civil_from_days).
    public static func fromDaysSinceEpoch(_ days: Int) -> LedgerDate {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return LedgerDate(year: y, month: m, day: d) ?? LedgerDate(year: 1970, month: 1, day: 1)!
    }

    public func adding(days: Int) -> LedgerDate {
        LedgerDate.fromDaysSinceEpoch(daysSinceEpoch + days)
    }
}
