import Testing
@testable import planledger

/// The progress line as a pure function of its state, to the character: one bar per named pass, units (events,
/// MB), rate and time left, and every line ends by clearing to the end of the line so no stale characters stay.
/// Before, `verify`'s two passes shared one label and restarted at 0 %, and `append` showed raw byte counts.
struct ProgressRendererTests {
    let esc = "\u{1B}[K"

    @Test func eventsWithRateAndTimeLeft() {
        let s = ProgressState(label: "verify: chain", done: 250_000, total: 1_000_000, unit: .events, elapsed: 5)
        #expect(ProgressRenderer.line(s) == "\rverify: chain  █████░░░░░░░░░░░░░░░   25 %  250000/1000000 events  50000 events/s  15 s left" + esc)
    }

    @Test func bytesAreMegabytes() {
        let s = ProgressState(label: "append", done: 12_000_000, total: 98_765_432, unit: .bytes, elapsed: 4)
        #expect(ProgressRenderer.line(s) == "\rappend  ██░░░░░░░░░░░░░░░░░░   12 %  12.0/98.8 MB  3.0 MB/s  29 s left" + esc)
    }

    /// Standard input has no size: no bar, no percentage, no time left, but the amount and the rate.
    @Test func unknownTotal() {
        let s = ProgressState(label: "append", done: 5_000_000, total: 0, unit: .bytes, elapsed: 1)
        #expect(ProgressRenderer.line(s) == "\rappend  5.0 MB  5.0 MB/s" + esc)
    }

    /// Too early for a rate: none is made up.
    @Test func noRateBeforeATenthOfASecond() {
        let s = ProgressState(label: "rebuild", done: 10_000, total: 20_000, unit: .events, elapsed: 0.05)
        #expect(ProgressRenderer.line(s) == "\rrebuild  ██████████░░░░░░░░░░   50 %  10000/20000 events" + esc)
    }

    /// Both ends of the bar, and a done count past the total (a log grown while counting) held at 100 %.
    @Test func barBoundaries() {
        let zero = ProgressState(label: "x", done: 0, total: 10, unit: .events, elapsed: 1)
        #expect(ProgressRenderer.line(zero) == "\rx  ░░░░░░░░░░░░░░░░░░░░    0 %  0/10 events" + esc)
        let full = ProgressState(label: "x", done: 10, total: 10, unit: .events, elapsed: 1)
        #expect(ProgressRenderer.line(full) == "\rx  ████████████████████  100 %  10/10 events  10 events/s  <1 s left" + esc)
        let over = ProgressState(label: "x", done: 11, total: 10, unit: .events, elapsed: 1)
        #expect(ProgressRenderer.line(over).contains("████████████████████  100 %"))
        let almost = ProgressState(label: "x", done: 999, total: 1000, unit: .events, elapsed: 1)
        #expect(ProgressRenderer.line(almost).contains("███████████████████░   99 %"))
    }

    @Test func timeLeftUnits() {
        #expect(ProgressRenderer.remaining(0) == "<1 s")
        #expect(ProgressRenderer.remaining(0.2) == "1 s")
        #expect(ProgressRenderer.remaining(59) == "59 s")
        #expect(ProgressRenderer.remaining(60) == "1 min 00 s")
        #expect(ProgressRenderer.remaining(185) == "3 min 05 s")
        #expect(ProgressRenderer.remaining(3599) == "59 min 59 s")
        #expect(ProgressRenderer.remaining(3600) == "1 h 00 min")
        #expect(ProgressRenderer.remaining(3720) == "1 h 02 min")
    }

    @Test func clearIsCarriageReturnAndEraseToEndOfLine() {
        #expect(ProgressRenderer.clear == "\r\u{1B}[K")
    }
}
