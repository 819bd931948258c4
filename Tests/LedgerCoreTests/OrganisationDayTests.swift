import Foundation
import Testing

@testable import LedgerCore

/// SPEC, "Fidelity": a day derived from an instant is the day in the organisation's time zone.
/// Expectations are hand-computed: Stockholm is UTC+1 in winter and UTC+2 in summer; summer time begins at
/// 01:00 UTC on the last Sunday of March and ends at 01:00 UTC on the last Sunday of October.
struct OrganisationDayTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    func day(_ instant: String, _ zone: TimeZone) -> String {
        LedgerDate(Timestamp(rfc3339: instant)!, in: zone).description
    }

    @Test func midnightInStockholmInWinter() {
        // 23:30 UTC on 7 December is 00:30 on the 8th in Stockholm; 22:59:59 UTC is still 23:59:59 on the 7th.
        #expect(day("2023-12-07T23:30:00Z", stockholm) == "2023-12-08")
        #expect(day("2023-12-07T22:59:59.999Z", stockholm) == "2023-12-07")
        #expect(day("2023-12-07T23:00:00Z", stockholm) == "2023-12-08")
        // In UTC the same instants fall on the 7th.
        #expect(day("2023-12-07T23:30:00Z", TimeZone(identifier: "UTC")!) == "2023-12-07")
    }

    @Test func summerTimeStartsOnTheLastSundayOfMarch() {
        // 2023-03-26 01:00 UTC: clocks go from 02:00 CET to 03:00 CEST. Midnight of the 26th was 23:00 UTC on the 25th.
        #expect(day("2023-03-25T22:59:59Z", stockholm) == "2023-03-25")
        #expect(day("2023-03-25T23:00:00Z", stockholm) == "2023-03-26")
        // After the change the offset is +2: 21:59:59 UTC on the 26th is 23:59:59, 22:00 UTC is midnight of the 27th.
        #expect(day("2023-03-26T21:59:59Z", stockholm) == "2023-03-26")
        #expect(day("2023-03-26T22:00:00Z", stockholm) == "2023-03-27")
        // Across the change itself: 00:59:59 UTC is 01:59:59 CET, 01:00 UTC is 03:00 CEST, the same day.
        #expect(day("2023-03-26T00:59:59Z", stockholm) == "2023-03-26")
        #expect(day("2023-03-26T01:00:00Z", stockholm) == "2023-03-26")
    }

    @Test func summerTimeEndsOnTheLastSundayOfOctober() {
        // 2023-10-29 01:00 UTC: 03:00 CEST becomes 02:00 CET. Midnight of the 29th was 22:00 UTC on the 28th.
        #expect(day("2023-10-28T21:59:59Z", stockholm) == "2023-10-28")
        #expect(day("2023-10-28T22:00:00Z", stockholm) == "2023-10-29")
        // After the change the offset is +1: midnight of the 30th is 23:00 UTC on the 29th.
        #expect(day("2023-10-29T22:59:59Z", stockholm) == "2023-10-29")
        #expect(day("2023-10-29T23:00:00Z", stockholm) == "2023-10-30")
        #expect(day("2023-10-29T00:59:59Z", stockholm) == "2023-10-29")
        #expect(day("2023-10-29T01:00:00Z", stockholm) == "2023-10-29")
    }

    @Test func yearAndEpochBoundaries() {
        #expect(day("2022-12-31T22:59:59Z", stockholm) == "2022-12-31")
        #expect(day("2022-12-31T23:00:00Z", stockholm) == "2023-01-01")
        // Before 1970 (negative milliseconds) the floor is taken, not the truncation toward zero.
        #expect(day("1969-12-31T23:30:00Z", TimeZone(identifier: "UTC")!) == "1969-12-31")
        #expect(day("1969-12-31T23:30:00Z", stockholm) == "1970-01-01")
        #expect(day("1970-01-01T00:30:00Z", TimeZone(identifier: "America/New_York")!) == "1969-12-31")
    }

    @Test func theOrganisationsZoneByName() {
        #expect(TimeZone.organisation(named: nil)?.identifier == "Europe/Stockholm")
        #expect(TimeZone.organisation(named: "")?.identifier == "Europe/Stockholm")
        #expect(TimeZone.organisation(named: "Europe/Helsinki")?.identifier == "Europe/Helsinki")
        #expect(TimeZone.organisation(named: "Europe/Stokholm") == nil)
        #expect(TimeZone.organisation(named: "Mars/Olympus_Mons") == nil)
    }

    /// `--known-at DATE`: the end of that day in the zone, hand-computed for Stockholm across both changes.
    @Test func theEndOfADay() {
        func end(_ day: String, _ zone: TimeZone) -> String { Timestamp.endOfDay(LedgerDate(iso: day)!, in: zone).description }
        #expect(end("2023-12-07", stockholm) == "2023-12-07T22:59:59.999Z")
        #expect(end("2023-03-25", stockholm) == "2023-03-25T22:59:59.999Z")
        #expect(end("2023-03-26", stockholm) == "2023-03-26T21:59:59.999Z")
        #expect(end("2023-10-28", stockholm) == "2023-10-28T21:59:59.999Z")
        #expect(end("2023-10-29", stockholm) == "2023-10-29T22:59:59.999Z")
        #expect(end("2016-01-01", TimeZone(identifier: "UTC")!) == "2016-01-01T23:59:59.999Z")
        #expect(end("2016-01-01", TimeZone(identifier: "Asia/Kolkata")!) == "2016-01-01T18:29:59.999Z")
    }

    /// For every day of 2020–2024 in zones east and west, with and without summer time: the end of the day falls
    /// on that day, and the next millisecond on the next.
    @Test func theEndOfEveryDayIsTheLastMillisecondOfIt() {
        let zones = ["Europe/Stockholm", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "UTC", "America/Santiago"]
        for name in zones {
            let zone = TimeZone(identifier: name)!
            var day = LedgerDate(year: 2020, month: 1, day: 1)!
            while day.year < 2025 {
                let end = Timestamp.endOfDay(day, in: zone)
                let next = Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch + 1)
                if LedgerDate(end, in: zone) != day || LedgerDate(next, in: zone) != day.adding(days: 1) {
                    Issue.record("\(name) \(day): end \(end) falls on \(LedgerDate(end, in: zone)), the next millisecond on \(LedgerDate(next, in: zone))")
                    break
                }
                day = day.adding(days: 1)
            }
        }
    }
}
