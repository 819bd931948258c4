import LedgerCore
import Testing

/// A follow-up period is written `YYYY-CODE`: four ASCII digits, no sign; its text reads back as itself, so that the
/// period stored in the follow-up table for a year before 1000 is one the reader accepts.
struct FollowupPeriodTests {
    @Test(arguments: ["2022-DÅ04", "0999-ÅR", "0001-DÅ08", "9999-ÅR"])
    func aPeriodReadsBackAsItsText(text: String) throws {
        let period = try #require(FollowupPeriod(text))
        #expect(period.description == text)
        #expect(FollowupPeriod(period.description) == period)
    }

    @Test(arguments: ["+999-ÅR", "-999-ÅR", " 999-ÅR", "999-ÅR", "02022-ÅR", "0000-ÅR", "２０２２-ÅR", "2022-år", "2022"])
    func otherSpellingsAreRefused(text: String) {
        #expect(FollowupPeriod(text) == nil)
    }
}
