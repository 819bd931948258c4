import Foundation

/// A target of issue 7: a bound on one figure, at every size or at one size only.
struct Target: Codable, Sendable {
    enum Comparison: String, Codable, Sendable { case atLeast, atMost }

    var comparison: Comparison
    var threshold: Double
    /// The only size the target is set for (1M for the absolute ones); nil: every size.
    var atSize: Int?

    static func atLeast(_ threshold: Double, atSize: Int? = nil) -> Target { Target(comparison: .atLeast, threshold: threshold, atSize: atSize) }
    static func atMost(_ threshold: Double, atSize: Int? = nil) -> Target { Target(comparison: .atMost, threshold: threshold, atSize: atSize) }

    func status(of value: Double, size: Int) -> Status {
        if let atSize, atSize != size { return .notApplicable }
        guard value.isFinite else { return .notApplicable }
        switch comparison {
        case .atLeast: return value >= threshold ? .met : .missed
        case .atMost: return value <= threshold ? .met : .missed
        }
    }
}

enum Status: String, Codable, Sendable {
    case met
    case missed
    /// The target is set for another size.
    case notApplicable = "n/a"
}

/// One measured quantity at one size: its statistic over the samples, their range, and its target.
struct Figure: Codable, Sendable {
    /// Stable across versions of plbench, for archived JSON: `append.rate`, `show.inProcess.p99`, …
    var key: String
    var label: String
    var unit: Unit
    /// Which statistic `value` is: median, p50, p95, p99, or a single value.
    var statistic: String
    var value: Double
    var min: Double?
    var max: Double?
    var samples: Int
    var target: Target?
    var status: Status?
    var note: String?

    enum Unit: String, Codable, Sendable {
        case eventsPerSecond = "events/s"
        case requestsPerSecond = "requests/s"
        case milliseconds = "ms"
        case megabytes = "MB"
        case bytesPerEvent = "bytes/event"
        case ratio = "×"
        case percent = "%"
        case count = "count"
    }

    /// A figure summarised by `statistic` ("median", "p50", "p95", "p99") over `samples`, with their min and max.
    init(_ key: String, _ label: String, _ unit: Unit, _ samples: Samples, statistic: String = "median", target: Target? = nil, note: String? = nil) {
        self.key = key
        self.label = label
        self.unit = unit
        self.statistic = statistic
        self.value = switch statistic {
        case "p50": samples.percentile(50)
        case "p95": samples.percentile(95)
        case "p99": samples.percentile(99)
        default: samples.median
        }
        self.min = samples.count > 1 ? samples.min : nil
        self.max = samples.count > 1 ? samples.max : nil
        self.samples = samples.count
        self.target = target
        self.note = note
    }

    /// A single value (a file size, a ratio of two medians).
    init(_ key: String, _ label: String, _ unit: Unit, value: Double, target: Target? = nil, note: String? = nil) {
        self.key = key
        self.label = label
        self.unit = unit
        self.statistic = "value"
        self.value = value
        self.samples = 1
        self.target = target
        self.note = note
    }
}

/// Everything measured at one workload size.
struct SizeResult: Codable, Sendable {
    var events: Int
    var workload: String
    var workloadBytes: Int
    var figures: [Figure] = []

    func figure(_ key: String) -> Figure? { figures.first { $0.key == key } }

    /// Adds the figures that compare two others measured in the same run, then judges every target.
    mutating func finish(smallest: SizeResult?) {
        if let append = figure("append.rate"), let insert = figure("insert.rate") {
            figures.append(Figure("append.vsRawInsert", "bulk append ÷ raw insert (rates)", .ratio, value: append.value / insert.value,
                                  target: .atLeast(1), note: "target: at least the raw insert's rate in the same run"))
        }
        if let append = figure("append.rate"), let peer = figure("peer.rate") {
            figures.append(Figure("append.vsPeer", "bulk append ÷ the peer's bulk load (rates)", .ratio, value: append.value / peer.value,
                                  target: .atLeast(5, atSize: 1_000_000), note: "issue 17: at least 5 times the peer at 1M"))
        }
        if let onto = figure("onto.rate"), let peer = figure("peer.onto.rate") {
            figures.append(Figure("onto.vsPeer", "append onto a full ledger ÷ the peer's (rates)", .ratio, value: onto.value / peer.value,
                                  target: .atLeast(3, atSize: 1_000_000), note: "issue 17: at least 3 times the peer at 1M"))
        }
        if let rebuild = figure("rebuild.rate"), let index = figures.firstIndex(where: { $0.key == "verify.rate" }) {
            figures[index].target = .atLeast(rebuild.value)
            figures[index].note = "target: at least rebuild's rate in this run"
        }
        if let chain = figure("verify.chain.rate"), let sha = figure("sha.rate") {
            figures.append(Figure("verify.chain.vsBareSHA", "verify's chain pass ÷ bare SHA-256 chain (rates)", .ratio,
                                  value: chain.value / sha.value))
        }
        if let smallest, smallest.events == 10_000, events > smallest.events,
            let own = figure("show.inProcess.p99"), let base = smallest.figure("show.inProcess.p99")
        {
            figures.append(Figure("show.inProcess.p99.vs10k", "as-of show p99 ÷ its 10k figure", .ratio, value: own.value / base.value,
                                  target: .atMost(1.5)))
        }
        for i in figures.indices {
            if let target = figures[i].target { figures[i].status = target.status(of: figures[i].value, size: events) }
        }
    }
}

/// The whole run: where, what, and the results per size.
struct BenchReport: Codable, Sendable {
    var machine: Machine
    var commit: String?
    var startedAt: String
    /// The 1, 5 and 15 minute load averages when the run started and ended: other work on the machine shows here.
    var loadAtStart: String
    var loadAtEnd: String
    var invocation: String
    /// One example of each command run, with its real arguments.
    var commands: [String]
    var options: [String: String]
    var sizes: [SizeResult]
    var notes: [String]

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var out = "plbench — the benchmark of issue 7\n\n"
        out += "machine   \(machine.cpuModel), \(machine.cores) cores, \(machine.memory)\n"
        out += "          \(machine.system)\n"
        out += "commit    \(commit ?? "unknown")\n"
        out += "started   \(startedAt)\n"
        out += "load      \(loadAtStart) at the start, \(loadAtEnd) at the end (load averages over 1, 5, 15 min)\n"
        out += "run       \(invocation)\n"
        for size in sizes {
            out += "\n== \(grouped(size.events)) events (workload \(String(format: "%.1f", Double(size.workloadBytes) / 1e6)) MB: \(size.workload)) ==\n"
            var rows = [["what", "figure", "min–max", "n", "target", "status"]]
            for f in size.figures {
                rows.append([
                    f.label,
                    (f.statistic == "median" || f.statistic == "value" ? "" : f.statistic + " ") + format(f.value, f.unit) + " " + f.unit.rawValue,
                    f.min.map { format($0, f.unit) + "–" + format(f.max ?? $0, f.unit) } ?? "",
                    String(f.samples),
                    f.target.map { describe($0, f.unit) } ?? "",
                    f.status.map { $0 == .missed ? "MISSED" : $0.rawValue } ?? "",
                ])
            }
            out += render(rows, rightAligned: [1, 2, 3])
            for f in size.figures { if let note = f.note { out += "  · \(f.label): \(note)\n" } }
        }
        out += "\ncommands (one example of each; whole-process figures time these, in-process ones call the libraries):\n"
        for command in commands { out += "  \(command)\n" }
        out += "\nnotes:\n"
        for note in notes { out += "  · \(note)\n" }
        return out
    }
}

/// The machine, as the report prints it.
struct Machine: Codable, Sendable {
    var cores: Int
    var cpuModel: String
    var memory: String
    var system: String

    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let memory = String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30))
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return Machine(cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, memory: memory,
                       system: "\(field(name.sysname)) \(field(name.release)) \(field(name.machine))")
    }
}

/// The first three fields of /proc/loadavg ("0.52 0.61 0.70"), or "unknown".
func loadAverages() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    let fields = text.split(separator: " ").prefix(3)
    return fields.count == 3 ? fields.joined(separator: " ") : "unknown"
}

/// 1234567 → "1,234,567".
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

func format(_ value: Double, _ unit: Figure.Unit) -> String {
    guard value.isFinite else { return "–" }
    switch unit {
    case .eventsPerSecond, .requestsPerSecond, .count, .percent: return grouped(Int(value.rounded()))
    case .bytesPerEvent: return String(format: "%.0f", value)
    case .megabytes: return String(format: "%.1f", value)
    case .ratio: return String(format: "%.2f", value)
    case .milliseconds: return value < 1 ? String(format: "%.3f", value) : value < 100 ? String(format: "%.2f", value) : String(format: "%.0f", value)
    }
}

func describe(_ target: Target, _ unit: Figure.Unit) -> String {
    let sign = target.comparison == .atLeast ? "≥" : "≤"
    let size = target.atSize.map { " at \($0 >= 1_000_000 ? "\($0 / 1_000_000)M" : "\($0 / 1000)k")" } ?? ""
    return "\(sign) \(format(target.threshold, unit)) \(unit.rawValue)\(size)"
}

/// A plain text table: columns padded to their widest cell, numbers right-aligned.
func render(_ rows: [[String]], rightAligned: Set<Int>) -> String {
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var out = ""
    for (r, row) in rows.enumerated() {
        let cells = row.enumerated().map { column, cell in
            let pad = String(repeating: " ", count: widths[column] - cell.count)
            return rightAligned.contains(column) && r > 0 ? pad + cell : cell + pad
        }
        out += cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
    }
    return out
}
