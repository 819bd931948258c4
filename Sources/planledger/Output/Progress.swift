import Foundation

/// What a progress bar counts: events (a count) or bytes (shown in MB, 10^6 bytes).
enum ProgressUnit: Sendable {
    case events
    case bytes
}

/// One moment of one named pass: how far it is, of how much, and how long it has run.
struct ProgressState: Sendable, Hashable {
    /// The pass's name as shown: `verify: chain`, `append`.
    var label: String
    var done: Int
    /// 0 when the total is unknown (standard input): then there is no bar, percentage or time left.
    var total: Int
    var unit: ProgressUnit
    /// Seconds since the pass started.
    var elapsed: Double
}

/// The text of a progress line, a pure function of its state, so that it can be tested to the character.
///
/// A line is `\r`, the label, a 20-cell bar, the percentage, done/total in its unit, the rate and the time left,
/// then `ESC [K` (clear to the end of the line), so that a shorter line never leaves characters of a longer one.
/// The rate and time left appear once the pass has run a tenth of a second. `clear` ends a pass's line.
enum ProgressRenderer {
    static let barWidth = 20
    /// Carriage return and clear to end of line (ECMA-48 EL, `CSI K`): what ends a bar.
    static let clear = "\r\u{1B}[K"

    static func line(_ state: ProgressState) -> String {
        var parts = [state.label]
        if state.total > 0 {
            let fraction = min(1, max(0, Double(state.done) / Double(state.total)))
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            parts.append(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled))
            parts.append(String(format: "%3d %%", Int((fraction * 100).rounded(.down))))
            parts.append("\(amount(state.done, state.unit, withUnit: false))/\(amount(state.total, state.unit, withUnit: true))")
        } else {
            parts.append(amount(state.done, state.unit, withUnit: true))
        }
        if state.elapsed >= 0.1, state.done > 0 {
            let rate = Double(state.done) / state.elapsed
            parts.append(self.rate(rate, state.unit))
            if state.total > 0 {
                parts.append(remaining(Double(max(0, state.total - state.done)) / rate) + " left")
            }
        }
        return "\r" + parts.joined(separator: "  ") + "\u{1B}[K"
    }

    /// `1234 events`, or bytes as `12.3 MB`.
    static func amount(_ n: Int, _ unit: ProgressUnit, withUnit: Bool) -> String {
        switch unit {
        case .events: withUnit ? "\(n) events" : "\(n)"
        case .bytes: String(format: "%.1f", Double(n) / 1_000_000) + (withUnit ? " MB" : "")
        }
    }

    /// `52000 events/s`, `8.2 MB/s`.
    static func rate(_ perSecond: Double, _ unit: ProgressUnit) -> String {
        switch unit {
        case .events: "\(Int(perSecond.rounded())) events/s"
        case .bytes: String(format: "%.1f MB/s", perSecond / 1_000_000)
        }
    }

    /// `<1 s`, `42 s`, `3 min 05 s`, `1 h 02 min`.
    static func remaining(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 1 { return "<1 s" }
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min " + String(format: "%02d s", s % 60) }
        return "\(s / 3600) h " + String(format: "%02d min", s % 3600 / 60)
    }
}

/// A progress bar on standard error: only when standard error is a terminal and the output is not JSON, one bar
/// per named pass (a new pass clears the last one's line and starts its own), cleared when done.
final class Progress {
    private let label: String
    private let unit: ProgressUnit
    private let enabled: Bool
    private var pass: String?
    private var started = Date()
    private var shown = false

    /// `format`: the command's output format; a JSON run shows no bar even on a terminal.
    init(label: String, unit: ProgressUnit, format: OutputFormat? = nil) {
        self.label = label
        self.unit = unit
        self.enabled = isatty(STDERR_FILENO) != 0 && format != .json
    }

    /// Starts the pass `name` (shown as `label: name`), ending the previous pass's line.
    func begin(_ name: String) {
        clearLine()
        pass = name
        started = Date()
    }

    func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let state = ProgressState(label: pass.map { "\(label): \($0)" } ?? label, done: done, total: total, unit: unit,
                                  elapsed: Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data(ProgressRenderer.line(state).utf8))
        shown = true
    }

    /// Clears the bar, leaving the cursor at the start of an empty line.
    func finish() { clearLine() }

    private func clearLine() {
        if shown { FileHandle.standardError.write(Data(ProgressRenderer.clear.utf8)) }
        shown = false
    }
}
