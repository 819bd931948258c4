import Testing
@testable import LedgerCore

/// The last day of every month, both sides: the day exists, the one after it does not. The lengths are
/// written out (the rhyme "thirty days hath September, April, June and November"), not taken from the code.
struct MonthEndTests {
    /// (month, last day in 2023, last day in 2024): 2024 is a leap year, 2023 is not.
    static let lastDays: [(month: Int, common: Int, leap: Int)] = [
        (1, 31, 31), (2, 28, 29), (3, 31, 31), (4, 30, 30), (5, 31, 31), (6, 30, 30),
        (7, 31, 31), (8, 31, 31), (9, 30, 30), (10, 31, 31), (11, 30, 30), (12, 31, 31),
    ]

    @Test(arguments: lastDays)
    func lastDayExistsAndTheNextDoesNot(month: Int, common: Int, leap: Int) {
        for (year, last) in [(2023, common), (2024, leap)] {
            let mm = month < 10 ? "0\(month)" : "\(month)"
            #expect(LedgerDate(iso: "\(year)-\(mm)-\(last)") != nil, "\(year)-\(mm)-\(last) is a real day")
            #expect(LedgerDate(iso: "\(year)-\(mm)-\(last + 1)") == nil, "\(year)-\(mm)-\(last + 1) is not")
            #expect(LedgerDate(year: year, month: month, day: last) != nil)
            #expect(LedgerDate(year: year, month: month, day: last + 1) == nil)
            #expect(LedgerDate.daysIn(month: month, year: year) == last)
        }
    }

    @Test func firstDaysAndMonthBounds() {
        for month in 1...12 { #expect(LedgerDate(year: 2023, month: month, day: 1) != nil) }
        #expect(LedgerDate(year: 2023, month: 1, day: 0) == nil)
        #expect(LedgerDate(year: 2023, month: 0, day: 1) == nil)
        #expect(LedgerDate(year: 2023, month: 13, day: 1) == nil)
        #expect(LedgerDate(iso: "2023-12-31") != nil)
        #expect(LedgerDate(iso: "2023-13-01") == nil)
        #expect(LedgerDate(year: 1, month: 1, day: 1) != nil)
        #expect(LedgerDate(year: 9999, month: 12, day: 31) != nil)
        #expect(LedgerDate(year: 0, month: 12, day: 31) == nil)
        #expect(LedgerDate(year: 10000, month: 1, day: 1) == nil)
    }

    /// The Gregorian rule: every fourth year, except centuries, except every fourth century.
    @Test func leapYears() {
        #expect(LedgerDate.isLeap(2024) && LedgerDate.isLeap(2000) && LedgerDate.isLeap(1600) && LedgerDate.isLeap(4))
        #expect(!LedgerDate.isLeap(2023) && !LedgerDate.isLeap(1900) && !LedgerDate.isLeap(2100) && !LedgerDate.isLeap(1))
    }

    /// Calendar order, including equal dates (neither is before the other) and the month and year carry.
    @Test func order() {
        let d = { (s: String) in LedgerDate(iso: s)! }
        #expect(!(d("2023-04-30") < d("2023-04-30")))
        #expect(d("2023-04-30") <= d("2023-04-30"))
        #expect(d("2023-04-30") < d("2023-05-01"))
        #expect(!(d("2023-05-01") < d("2023-04-30")))
        #expect(d("2023-12-31") < d("2024-01-01"))
        #expect(d("2023-01-31") < d("2023-02-01"))
        // Day counts across month ends: 1 March 2024 is the 60th day after 1 January (31 + 29).
        #expect(d("2024-03-01").daysSinceEpoch - d("2024-01-01").daysSinceEpoch == 60)
        #expect(d("2023-03-01").daysSinceEpoch - d("2023-01-01").daysSinceEpoch == 59)
        #expect(d("2023-12-01").daysSinceEpoch - d("2023-11-01").daysSinceEpoch == 30)
    }
}
