import Foundation
import LedgerCore
import Projections
import Testing

/// `KnownAt(parsing:in:)`: the one reader of `--known-at` and the API's `knownAt`.
struct KnownAtParsingTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    @Test func seqs() {
        #expect(KnownAt(parsing: "0", in: stockholm) == .seq(0))
        #expect(KnownAt(parsing: "42", in: stockholm) == .seq(42))
        #expect(KnownAt(parsing: "-1", in: stockholm) == nil)
    }

    /// A date is the end of that day in the organisation's zone: 2016-01-01 in Stockholm (UTC+1 in winter) ends
    /// at 22:59:59.999Z, in UTC at 23:59:59.999Z.
    @Test func datesEndInTheOrganisationsZone() throws {
        guard case .instant(let inStockholm)? = KnownAt(parsing: "2016-01-01", in: stockholm),
              case .instant(let inUTC)? = KnownAt(parsing: "2016-01-01", in: TimeZone(identifier: "UTC")!) else {
            Issue.record("a date is not an instant")
            return
        }
        #expect(inUTC.millisecondsSinceEpoch - inStockholm.millisecondsSinceEpoch == 3_600_000)
        #expect(inStockholm == Timestamp.endOfDay(LedgerDate(iso: "2016-01-01")!, in: stockholm))
    }

    @Test func instantsAndRefusals() {
        #expect(KnownAt(parsing: "2016-01-01T00:00:00Z", in: stockholm) == .instant(Timestamp(rfc3339: "2016-01-01T00:00:00Z")!))
        for bad in ["", "x", "2016-02-30", "2016-01-01T25:00:00Z", "4.5", "now"] {
            #expect(KnownAt(parsing: bad, in: stockholm) == nil, "\(bad)")
        }
    }
}
