import Foundation

/// A calendar date on the valid-time axis, ISO 8601 `YYYY-MM-DD`, proleptic Gregorian.
///
/// Only real dates exist: `2023-02-30` cannot be constructed. Comparable in calendar order.
public struct LedgerDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date, or `nil` when the triple names no real day (years 1–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LedgerDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ten characters, ASCII digits).
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// `YYYY-MM-DD`, written straight into the string's storage: dates are formatted for every row a projection
    /// writes, so this is on the append path.
    public var description: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            write(into: buffer, at: 0)
            return 10
        }
    }

    /// Writes the ten bytes of `YYYY-MM-DD` at `offset` (years are 1–9999, so always four digits).
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        writeDigits(year, count: 4, into: buffer, at: offset)
        buffer[offset + 4] = UInt8(ascii: "-")
        writeDigits(month, count: 2, into: buffer, at: offset + 5)
        buffer[offset + 7] = UInt8(ascii: "-")
        writeDigits(day, count: 2, into: buffer, at: offset + 8)
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func < (a: LedgerDate, b: LedgerDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Writes the last `count` decimal digits of a non-negative `value`, zero-padded, at `offset`.
func writeDigits(_ value: some BinaryInteger, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
    var rest = Int(value)
    for i in stride(from: offset + count - 1, through: offset, by: -1) {
        buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
    }
}

extension LedgerDate {
    /// The calendar day that `instant` falls on in `zone`: the one conversion from transaction time to a day.
    ///
    /// SPEC ("Fidelity"): every day derived from an instant — today, the default `--effective`, the
    /// registration day of the late-registration finding — is the day in the organisation's time zone, so
    /// 23:30 UTC on 7 December is 8 December in `Europe/Stockholm` (UTC+1), and the offset follows summer
    /// time (UTC+2 from the last Sunday of March to the last Sunday of October). The zone's offset is taken
    /// at the instant itself, from the system's tz database.
    public init(_ instant: Timestamp, in zone: TimeZone) {
        let seconds = Double(instant.millisecondsSinceEpoch) / 1000
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        let local = instant.millisecondsSinceEpoch + offset * 1000
        // Floor division, so that instants before 1970 fall on the right day too.
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        self = LedgerDate.fromDaysSinceEpoch(Int(days))
    }
}

extension TimeZone {
    /// The zone whose days the ledger counts in when `PLANLEDGER_TIMEZONE` is not set: `Europe/Stockholm`
    /// (the product serves Swedish regions and municipalities; SPEC, "Fidelity").
    public static let organisationDefault: TimeZone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600)!

    /// The organisation's zone named by `name` (an IANA name such as `Europe/Stockholm`), or
    /// `organisationDefault` when `name` is nil or empty; nil when the name is not a zone the system knows.
    public static func organisation(named name: String?) -> TimeZone? {
        guard let name, !name.isEmpty else { return organisationDefault }
        return TimeZone(identifier: name)
    }
}

extension Timestamp {
    /// The last millisecond of `date` in `zone`: the instant `--known-at 2016-01-01` means (SPEC, "Time: two
    /// axes": the end of that day in the organisation's time zone). The inverse of `LedgerDate(_:in:)`: the
    /// instant's day in `zone` is `date`, and one millisecond later it is the next day.
    ///
    /// Found by bisection over the 52 hours around the UTC midnight, where every zone's day changes (offsets lie
    /// within ±14 hours), so a summer-time change at or near midnight needs no special case.
    public static func endOfDay(_ date: LedgerDate, in zone: TimeZone) -> Timestamp {
        let midnight = Int64(date.adding(days: 1).daysSinceEpoch) * 86_400_000
        // Invariant: `low` falls on `date` or before it, `high` after it.
        var low = midnight - 26 * 3_600_000, high = midnight + 26 * 3_600_000
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if LedgerDate(Timestamp(millisecondsSinceEpoch: middle), in: zone) > date { high = middle } else { low = middle }
        }
        return Timestamp(millisecondsSinceEpoch: low)
    }
}
