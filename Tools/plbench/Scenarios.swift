import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Projections

/// The programs plbench runs as whole processes.
struct Tools {
    var planledger: String
    var plgen: String
}

/// The scenarios of issue 7, each a method that measures and returns its figures. The ledger a size's
/// scenarios read is the one the bulk append left (or a kept one); scenarios that write to it run last.
final class Scenarios {
    let tools: Tools
    let workDirectory: String
    let runs: Int
    let queries: Int
    let appends: Int
    let processRuns: Int
    let seed: UInt64
    /// One example of every command run, in first-run order, for the report.
    private(set) var commands: [String] = []
    private var recordedSubcommands: Set<String> = []
    /// The size being measured, for progress lines.
    var size = 0

    init(tools: Tools, workDirectory: String, runs: Int, queries: Int, appends: Int, processRuns: Int, seed: UInt64) {
        self.tools = tools
        self.workDirectory = workDirectory
        self.runs = runs
        self.queries = queries
        self.appends = appends
        self.processRuns = processRuns
        self.seed = seed
    }

    static let oneMillion = 1_000_000

    // MARK: - Whole processes

    /// Runs `planledger ARGS` and throws unless it succeeds; records the first command of each subcommand.
    @discardableResult
    func planledger(_ arguments: [String], measuringMemory: Bool = false) throws -> ChildRun {
        let child = ChildProcess(executable: tools.planledger, arguments: arguments)
        if let subcommand = arguments.first, recordedSubcommands.insert(subcommand).inserted {
            commands.append(child.commandLine)
        }
        return try child.runChecked(scratchDirectory: workDirectory, measuringMemory: measuringMemory)
    }

    /// Runs a program other than planledger (the peer) and throws unless it succeeds; records the first command run
    /// under each `label`.
    func run(_ child: ChildProcess, label: String, measuringMemory: Bool = false) throws -> ChildRun {
        if recordedSubcommands.insert(label).inserted { commands.append(child.commandLine) }
        return try child.runChecked(scratchDirectory: workDirectory, measuringMemory: measuringMemory)
    }

    /// Wall times in milliseconds of `count` runs of one command, after one untimed run that warms the page
    /// cache. `arguments` gets the run's index, -1 for the warm-up.
    private func processLatencies(_ count: Int, _ arguments: (Int) -> [String]) throws -> Samples {
        try planledger(arguments(-1))
        var samples = Samples()
        for i in 0..<count { samples.add(try planledger(arguments(i)).wallSeconds * 1000) }
        return samples
    }

    // MARK: - 1. Bulk append

    /// `planledger init` then `planledger append FILE`, into a new ledger each run; the last run's ledger
    /// stays at `ledger` for the other scenarios. Only the append is timed.
    func bulkAppend(_ workload: Workload, ledger: String) throws -> [Figure] {
        var rates = Samples(), rss = Samples(), cpu = Samples()
        for run in 1...runs {
            progress("\(size): bulk append, run \(run) of \(runs)")
            removeDatabase(at: ledger)
            try planledger(["init", "--ledger", ledger])
            let child = try planledger(["append", workload.path, "--ledger", ledger, "--format", "json"], measuringMemory: true)
            rates.add(Double(workload.size) / child.wallSeconds)
            rss.add(Double(child.peakRSSBytes) / 1e6)
            cpu.add((child.userSeconds + child.systemSeconds) / child.wallSeconds * 100)
        }
        return [
            Figure("append.rate", "bulk append, whole process", .eventsPerSecond, rates, target: .atLeast(100_000, atSize: Self.oneMillion)),
            Figure("append.peakRSS", "bulk append, peak RSS of the child", .megabytes, rss, target: .atMost(150, atSize: Self.oneMillion)),
            Figure("append.cpuShare", "bulk append, CPU time ÷ wall time", .percent, cpu,
                   note: "above 100 % would mean more than one core busy; well below it means waiting for the disk"),
        ]
    }

    /// Makes sure `ledger` holds the workload when the append scenario is not run: reuses a kept one that
    /// has at least the workload's events, else builds it (untimed).
    func ensureLedger(_ workload: Workload, ledger: String, reuse: Bool) throws {
        if reuse, FileManager.default.fileExists(atPath: ledger), (try? eventCount(ledger)) ?? 0 >= workload.size {
            progress("\(size): reusing the kept ledger \(ledger)")
            return
        }
        progress("\(size): building the ledger (untimed) → \(ledger)")
        removeDatabase(at: ledger)
        try planledger(["init", "--ledger", ledger])
        try planledger(["append", workload.path, "--ledger", ledger, "--format", "json"])
    }

    /// The number of events in the ledger at `path` (its head seq).
    func eventCount(_ path: String) throws -> Int {
        try Ledger.open(at: path).head().seq
    }

    /// Folds the WAL into the main file, so that a copy of the main file alone is the whole database (and the main
    /// file's size is the database's).
    func checkpoint(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    // MARK: - 6. File size

    /// Bytes per event of the ledger file (main file + WAL, after a TRUNCATE checkpoint) and its ratio to the
    /// JSON Lines input.
    func fileSize(_ workload: Workload, ledger: String) throws -> [Figure] {
        try checkpoint(ledger)
        func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0 }
        let bytes = size(ledger) + size(ledger + "-wal")
        let events = try eventCount(ledger)
        return [
            Figure("size.bytesPerEvent", "ledger file per event", .bytesPerEvent, value: Double(bytes) / Double(events),
                   note: "\(String(format: "%.1f", Double(bytes) / 1e6)) MB for \(events) events, main file + WAL after a TRUNCATE checkpoint"),
            Figure("size.vsInput", "ledger file ÷ JSON Lines input", .ratio,
                   value: Double(bytes) / Double(events) / (Double(workload.bytes) / Double(workload.size)), target: .atMost(1.5)),
        ]
    }

    // MARK: - The limits: raw insert and bare SHA-256

    func baselines(_ workload: Workload, insert: Bool, sha: Bool) throws -> [Figure] {
        progress("\(size): parsing the workload for the baselines (untimed)")
        let rows = try workload.rows(actor: "plbench")
        var figures: [Figure] = []
        var hashes: [[UInt8]] = []
        var shaRates = Samples()
        for run in 1...runs {
            progress("\(size): bare SHA-256 chain, run \(run) of \(runs)")
            let (seconds, result) = timed { Baselines.chain(rows) }
            shaRates.add(Double(rows.count) / seconds)
            hashes = result
        }
        if sha {
            figures.append(Figure("sha.rate", "bare SHA-256 chain over the canonical bytes, in process", .eventsPerSecond, shaRates))
        }
        if insert {
            let inserts: [(key: String, label: String, progress: String, run: ([EventRowValues], [[UInt8]], String) throws -> Double)] = [
                ("insert.rate", "raw insert of the same rows (GRDB, one statement), in process", "raw insert", Baselines.rawInsert),
                ("insert.sqlite3.rate", "raw insert of the same rows (sqlite3 C API), in process", "raw insert through the sqlite3 C API",
                 Baselines.rawInsertSQLite3),
            ]
            for baseline in inserts {
                var rates = Samples()
                for run in 1...runs {
                    progress("\(size): \(baseline.progress), run \(run) of \(runs)")
                    rates.add(Double(rows.count) / (try baseline.run(rows, hashes, "\(workDirectory)/raw-insert.sqlite")))
                }
                figures.append(Figure(baseline.key, baseline.label, .eventsPerSecond, rates))
            }
        }
        return figures
    }

    // MARK: - 2. Single-event append

    /// Appends of one new `diary.registered` each, in process through `Ledger.append` (as the CLI opens the
    /// ledger: all projections, FULL durability) and as whole `planledger diarise` processes.
    func singleAppends(ledger path: String, effective: LedgerDate) throws -> [Figure] {
        let tag = "plbench-\(Int(Date().timeIntervalSince1970 * 1000))"
        func event(_ name: String) throws -> ProposedEvent {
            try ProposedEvent(type: .diaryRegistered, effective: effective, data: [
                "dnr": .string("\(tag)/\(name)"), "title": .string("plbench single append \(name)"), "direction": .string("in"),
            ])
        }
        progress("\(size): single-event appends in process: \(appends) after 10 warm-up")
        var inProcess = Samples()
        do {
            let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
            for i in 0..<10 { try ledger.append([try event("warm-\(i)")], actor: "plbench") }
            for i in 0..<appends {
                let proposed = try event("in-\(i)")
                inProcess.add(try timed { try ledger.append([proposed], actor: "plbench") }.seconds * 1000)
            }
        }
        progress("\(size): single-event appends as whole processes: \(processRuns)")
        let whole = try processLatencies(processRuns) { i in
            ["diarise", "--dnr", "\(tag)/p\(i)", "--title", "plbench single append", "--direction", "in",
             "--effective", effective.description, "--ledger", path, "--format", "json"]
        }
        return [
            Figure("single.inProcess.p50", "single-event append, in process", .milliseconds, inProcess, statistic: "p50"),
            Figure("single.inProcess.p99", "single-event append, in process", .milliseconds, inProcess, statistic: "p99", target: .atMost(1)),
            Figure("single.process.p50", "single-event append, whole process (diarise)", .milliseconds, whole, statistic: "p50"),
            Figure("single.process.p99", "single-event append, whole process (diarise)", .milliseconds, whole, statistic: "p99",
                   note: "p99 of \(whole.count) runs is close to their maximum"),
        ]
    }

    // MARK: - Queries during a bulk append (issue 12)

    /// `show` as whole processes, one after another, while `planledger append` writes the last nine tenths of the
    /// workload into a ledger that holds its first tenth: readers must not wait for the writer (SPEC, "Fidelity";
    /// target p99 under 100 ms at 1M). Builds its own ledger, removed afterwards.
    func showDuringAppend(_ workload: Workload) throws -> [Figure] {
        let ledger = "\(workDirectory)/busy-\(size).sqlite"
        let first = "\(workDirectory)/busy-\(size)-first.jsonl", rest = "\(workDirectory)/busy-\(size)-rest.jsonl"
        defer { removeDatabase(at: ledger); unlink(first); unlink(rest) }
        let split = try splitWorkload(workload, firstLines: max(1, workload.size / 10), into: (first, rest))
        progress("\(size): show during a bulk append: building the first \(split.first) events (untimed)")
        removeDatabase(at: ledger)
        try planledger(["init", "--ledger", ledger])
        try planledger(["append", first, "--ledger", ledger, "--format", "json"])
        let (plan, asOf) = try {
            let reader = try Ledger.openForReading(at: ledger, projections: StandardProjections.all)
            let span = try span(reader)
            guard let plan = try LedgerQueries(reader).plans(asOf: span.lastDay, knownAt: .head).first?.plan else {
                throw BenchError.unexpected("the first \(split.first) events register no plan")
            }
            return (plan, span.lastDay)
        }()
        let show = ["show", plan, "--as-of", asOf.description, "--ledger", ledger, "--format", "json"]
        try planledger(show)  // warms the page cache, as the other latency scenarios do
        progress("\(size): show during a bulk append: appending \(split.rest) events while show runs")
        let append = Process()
        append.executableURL = URL(fileURLWithPath: tools.planledger)
        append.arguments = ["append", rest, "--ledger", ledger, "--format", "json"]
        append.standardOutput = FileHandle.nullDevice
        append.standardError = FileHandle.nullDevice
        let started = monotonicSeconds()
        try append.run()
        commands.append(ChildProcess(executable: tools.planledger, arguments: append.arguments ?? []).commandLine + " &")
        var samples = Samples(), cpu = Samples()
        while append.isRunning {
            let run = try planledger(show)
            if append.isRunning {
                samples.add(run.wallSeconds * 1000)
                cpu.add((run.userSeconds + run.systemSeconds) * 1000)
            }
        }
        append.waitUntilExit()
        let seconds = monotonicSeconds() - started
        guard append.terminationStatus == 0 else { throw BenchError.unexpected("the bulk append exited \(append.terminationStatus)") }
        guard !samples.isEmpty else { throw BenchError.unexpected("the bulk append ended before any show answered") }
        // A show that waited for the writer would take about as long as the append holds the lock; its CPU time
        // is its own cost, which a busy machine does not inflate as it does wall time.
        let note = "\(samples.count) shows, one after another, while append wrote \(split.rest) events in \(String(format: "%.1f", seconds)) s, "
            + "holding the write lock throughout; the slowest show took \(String(format: "%.0f", samples.max)) ms"
        return [
            Figure("busy.show.p50", "show during a bulk append, whole process", .milliseconds, samples, statistic: "p50"),
            Figure("busy.show.p99", "show during a bulk append, whole process", .milliseconds, samples, statistic: "p99",
                   target: .atMost(100, atSize: Self.oneMillion), note: note),
            Figure("busy.show.cpu.p50", "show during a bulk append, CPU time of the process", .milliseconds, cpu, statistic: "p50"),
            Figure("busy.show.cpu.p99", "show during a bulk append, CPU time of the process", .milliseconds, cpu, statistic: "p99",
                   note: "user + system time of each show: what it costs itself, whatever else the machine runs"),
        ]
    }

    /// Writes the workload's first `firstLines` lines to one file and the rest to another; the two line counts.
    func splitWorkload(_ workload: Workload, firstLines: Int, into paths: (String, String)) throws -> (first: Int, rest: Int) {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: workload.path))
        var lines = 0, cut = bytes.startIndex
        while lines < firstLines, let newline = bytes[cut...].firstIndex(of: UInt8(ascii: "\n")) {
            cut = bytes.index(after: newline)
            lines += 1
        }
        try bytes[..<cut].write(to: URL(fileURLWithPath: paths.0))
        try bytes[cut...].write(to: URL(fileURLWithPath: paths.1))
        let total = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } + (bytes.last == UInt8(ascii: "\n") ? 0 : 1)
        return (lines, total - lines)
    }

    // MARK: - 3. As-of show

    /// What the ledger spans, for choosing random points in it.
    struct Span {
        var plans: [String]
        var firstDay: LedgerDate
        var lastDay: LedgerDate
        var head: Int
        /// The month with the most diary entries: its first and last day.
        var busiestMonth: (from: LedgerDate, to: LedgerDate)
    }

    func span(_ ledger: Ledger) throws -> Span {
        let plans = try LedgerQueries(ledger).planKeys()
        return try ledger.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT min(effective), max(effective), max(seq) FROM event")!
            let month: String = try String.fetchOne(db, sql: """
                SELECT substr(effective, 1, 7) FROM event WHERE type = 'diary.registered'
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
                """) ?? String((row[0] as String).prefix(7))
            let from = LedgerDate(iso: month + "-01")!
            let to = LedgerDate(year: from.year, month: from.month, day: LedgerDate.daysIn(month: from.month, year: from.year))!
            return Span(plans: plans, firstDay: LedgerDate(iso: row[0])!, lastDay: LedgerDate(iso: row[1])!, head: row[2],
                        busiestMonth: (from, to))
        }
    }

    /// `show PLAN --as-of D --known-at K` at random plans and points: in process through
    /// `LedgerQueries.plan` (after a warm-up), and as whole processes at points where the plan exists.
    func show(ledger path: String) throws -> [Figure] {
        let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
        let reader = LedgerQueries(ledger)
        let span = try span(ledger)
        var random = SeededRandom(seed: seed)
        func point() -> (plan: String, asOf: LedgerDate, knownAt: Int) {
            (span.plans.randomElement(using: &random)!,
             LedgerDate.fromDaysSinceEpoch(Int.random(in: span.firstDay.daysSinceEpoch...span.lastDay.daysSinceEpoch, using: &random)),
             Int.random(in: 1...span.head, using: &random))
        }
        let warmUp = max(100, queries / 10)
        progress("\(size): as-of show in process: \(queries) queries after \(warmUp) warm-up")
        for _ in 0..<warmUp {
            let p = point()
            _ = try reader.plan(p.plan, asOf: p.asOf, knownAt: .seq(p.knownAt))
        }
        var inProcess = Samples()
        var found: [(plan: String, asOf: LedgerDate, knownAt: Int)] = []
        for _ in 0..<queries {
            let p = point()
            let (seconds, view) = try timed { try reader.plan(p.plan, asOf: p.asOf, knownAt: .seq(p.knownAt)) }
            inProcess.add(seconds * 1000)
            if view != nil { found.append(p) }
        }
        guard !found.isEmpty else { throw BenchError.unexpected("no random point found an existing plan") }
        progress("\(size): as-of show as whole processes: \(processRuns)")
        let whole = try processLatencies(processRuns) { i in
            let p = found[(i + found.count) % found.count]
            return ["show", p.plan, "--as-of", p.asOf.description, "--known-at", String(p.knownAt), "--ledger", path, "--format", "json"]
        }
        // What any whole process costs before it does anything: starting, loading Swift and Foundation.
        let floor = try processLatencies(processRuns) { _ in ["--help"] }
        let share = String(format: "%.0f", Double(found.count) / Double(queries) * 100)
        return [
            Figure("show.inProcess.p50", "as-of show, in process", .milliseconds, inProcess, statistic: "p50"),
            Figure("show.inProcess.p99", "as-of show, in process", .milliseconds, inProcess, statistic: "p99",
                   target: .atMost(0.3, atSize: Self.oneMillion),
                   note: "\(span.plans.count) plans; random plan, as-of day and known-at seq; the plan existed at \(share) % of the points"),
            Figure("show.process.p50", "as-of show, whole process (--format json)", .milliseconds, whole, statistic: "p50"),
            Figure("show.process.p99", "as-of show, whole process (--format json)", .milliseconds, whole, statistic: "p99", target: .atMost(30),
                   note: "points where the plan exists; p99 of \(whole.count) runs is close to their maximum"),
            Figure("process.floor.p50", "whole-process floor: planledger --help", .milliseconds, floor, statistic: "p50",
                   note: "no ledger opened: the start-up cost inside every whole-process figure"),
        ]
    }

    // MARK: - 4. All plans, one month of the diary

    func listings(ledger path: String, plans: Bool, diary: Bool) throws -> [Figure] {
        let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
        let reader = LedgerQueries(ledger)
        let span = try span(ledger)
        let middle = LedgerDate.fromDaysSinceEpoch((span.firstDay.daysSinceEpoch + span.lastDay.daysSinceEpoch) / 2)
        let repetitions = 20
        var figures: [Figure] = []
        if plans {
            progress("\(size): plans --as-of \(middle): \(repetitions) in process, \(runs) whole processes")
            let count = try reader.planSummaries(asOf: middle, knownAt: .head).count
            var inProcess = Samples()
            for _ in 0..<repetitions { inProcess.add(try timed { try reader.planSummaries(asOf: middle, knownAt: .head) }.seconds * 1000) }
            let whole = try processLatencies(runs) { _ in ["plans", "--as-of", middle.description, "--ledger", path, "--format", "json"] }
            figures += [
                Figure("plans.inProcess", "plans --as-of, in process", .milliseconds, inProcess,
                       note: "\(count) plans as of \(middle), known at the head"),
                Figure("plans.process", "plans --as-of, whole process (--format json)", .milliseconds, whole),
            ]
        }
        if diary {
            let (from, to) = span.busiestMonth
            progress("\(size): diary --from \(from) --to \(to): \(repetitions) in process, \(runs) whole processes")
            let count = try reader.diary(from: from, to: to, asOf: span.lastDay, knownAt: .head).count
            var inProcess = Samples()
            for _ in 0..<repetitions {
                inProcess.add(try timed { try reader.diary(from: from, to: to, asOf: span.lastDay, knownAt: .head) }.seconds * 1000)
            }
            let whole = try processLatencies(runs) { _ in
                ["diary", "--from", from.description, "--to", to.description, "--as-of", span.lastDay.description, "--ledger", path, "--format", "json"]
            }
            figures += [
                Figure("diary.inProcess", "diary for one month, in process", .milliseconds, inProcess,
                       note: "\(count) entries, \(from) to \(to) (the busiest month), as of \(span.lastDay)"),
                Figure("diary.process", "diary for one month, whole process (--format json)", .milliseconds, whole),
            ]
        }
        return figures
    }

    // MARK: - 5. Rebuild and verify

    func rebuild(ledger path: String) throws -> [Figure] {
        let events = try eventCount(path)
        var rates = Samples()
        for run in 1...runs {
            progress("\(size): rebuild, run \(run) of \(runs)")
            rates.add(Double(events) / (try planledger(["rebuild", "--ledger", path])).wallSeconds)
        }
        return [Figure("rebuild.rate", "rebuild, whole process", .eventsPerSecond, rates, target: .atLeast(300_000))]
    }

    /// `planledger verify` as a whole process, and its chain pass alone in process: `Ledger.verifyChain` checks
    /// seqs, prev, hashes, the Merkle tree and the root from the stored bytes, parsing no JSON.
    func verify(ledger path: String) throws -> [Figure] {
        let events = try eventCount(path)
        var whole = Samples(), chain = Samples()
        for run in 1...runs {
            progress("\(size): verify, run \(run) of \(runs)")
            whole.add(Double(events) / (try planledger(["verify", "--ledger", path, "--format", "json"])).wallSeconds)
        }
        for run in 1...runs {
            progress("\(size): verify's chain pass in process, run \(run) of \(runs)")
            let ledger = try Ledger.open(at: path)
            let (seconds, report) = try timed { try ledger.verifyChain() }
            guard report.ok else { throw BenchError.unexpected("verify failed at seq \(report.firstBad?.seq ?? 0): \(report.firstBad?.reason ?? "")") }
            chain.add(Double(events) / seconds)
        }
        return [
            Figure("verify.rate", "verify, whole process", .eventsPerSecond, whole),
            Figure("verify.chain.rate", "verify's chain pass (chain, Merkle tree), in process", .eventsPerSecond, chain,
                   target: .atLeast(1_000_000)),
        ]
    }
}
