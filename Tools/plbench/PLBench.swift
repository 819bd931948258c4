import ArgumentParser
import Foundation
import LedgerCore

/// The scenarios of issue 7, selectable with `--only`.
enum Scenario: String, CaseIterable, Sendable {
    case append, onto, peer, size, insert, sha, show, plans, diary, rebuild, verify, busy, single, serve, web, search, process
}

/// `--only append,show`: a comma-separated set of scenarios.
struct ScenarioList: ExpressibleByArgument {
    var scenarios: Set<Scenario>

    init?(argument: String) {
        var set = Set<Scenario>()
        for name in argument.split(separator: ",") {
            guard let scenario = Scenario(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            set.insert(scenario)
        }
        guard !set.isEmpty else { return nil }
        scenarios = set
    }
}

/// `--serve-clients 1,8,32`: a comma-separated list of positive counts.
struct CountList: ExpressibleByArgument {
    var counts: [Int]

    init?(argument: String) {
        let counts = argument.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.count == argument.split(separator: ",").count, counts.allSatisfy({ $0 > 0 }) else { return nil }
        self.counts = counts
    }

    var defaultValueDescription: String { counts.map(String.init).joined(separator: ",") }
}

/// `--sizes 10000,100k,1M`.
struct SizeList: ExpressibleByArgument {
    var sizes: [Int]

    init?(argument: String) {
        var sizes: [Int] = []
        for part in argument.lowercased().split(separator: ",") {
            var text = Substring(part.trimmingCharacters(in: .whitespaces))
            var factor = 1
            if text.hasSuffix("k") { factor = 1000; text = text.dropLast() }
            if text.hasSuffix("m") { factor = 1_000_000; text = text.dropLast() }
            guard let n = Int(text), n > 0 else { return nil }
            sizes.append(n * factor)
        }
        guard !sizes.isEmpty else { return nil }
        self.sizes = sizes
    }

    var defaultValueDescription: String { sizes.map(String.init).joined(separator: ",") }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

@main
struct PLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plbench",
        abstract: "The benchmark of issue 7: times planledger at several log sizes against its targets.",
        discussion: """
            For each size, generates (or reuses) a workload with plgen in the work folder, then measures: bulk \
            append (whole process, with its peak RSS), the peer (issue 17: the Python library eventsourcing 9.5.6 loading the same \
            file), append onto a ledger that already holds as many events (onto: the second half of a workload twice the size, beside \
            the peer adding it onto its own store when peer runs too), the file size, the raw-insert and bare SHA-256 limits, \
            as-of show, plans and diary, rebuild and verify, show while a bulk append runs (busy), single-event appends (which add events to the \
            ledger, so they run last), and the service (serve, issue 14: group commit of POST /events against one event per transaction at \
            the first size, then as-of GET /plans/{plan} while writers POST, at every size; it adds events to the ledger too), and the web \
            pages (web, issue 15: the start page, a plan page and a diary week over whole HTTP, public and auditor; reads only, so it \
            runs before the scenarios that write), and the planning year (issue 16: search, two-word full-text queries, and process, a \
            planning process as of a date, both in process). Results go to standard output, progress to standard error. \
            Scenarios: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(help: ArgumentHelp("Log sizes in events, comma-separated (k and M allowed).", valueName: "n,n,…"))
    var sizes = SizeList(argument: "10000,100000,1000000")!

    @Option(help: "Repetitions of each throughput measurement (bulk append, rebuild, verify, raw insert, SHA-256).")
    var runs = 3

    @Option(help: ArgumentHelp("Only these scenarios, comma-separated.", valueName: "scenario,…"))
    var only: ScenarioList?

    @Flag(help: "Keep the ledgers in the work folder, and reuse a kept one when the append scenario is not run.")
    var keep = false

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Where workloads (always cached) and ledgers go.", valueName: "dir"))
    var workDir = "/tmp/plbench"

    @Option(help: "plgen's seed for the workloads.")
    var seed: UInt64 = 1

    @Option(help: "In-process as-of show queries per size (after a tenth as many warm-up ones).")
    var queries = 2000

    @Option(help: "In-process single-event appends per size.")
    var appends = 200

    @Option(help: "Whole-process runs for the latency scenarios (show, single-event append).")
    var processRuns = 20

    @Option(help: ArgumentHelp("serve: concurrent HTTP clients appending single events, comma-separated.", valueName: "k,k,…"))
    var serveClients = CountList(argument: "1,8,32")!

    @Option(help: "serve: HTTP clients reading as-of plans while --serve-writers append.")
    var serveReaders = 8

    @Option(help: "serve: HTTP clients appending during the reads.")
    var serveWriters = 8

    @Option(help: "serve: seconds measured per load (after --serve-warm-up seconds that do not count).")
    var serveSeconds = 10.0

    @Option(help: "serve: seconds of load before the measuring window opens.")
    var serveWarmUp = 2.0

    @Option(help: ArgumentHelp("web: the start page's path.", valueName: "path"))
    var webStartUrl = "/"

    @Option(help: ArgumentHelp("web: the plan page's path, {plan} for the key (/api/v1/plans/{plan} measures the API's answer to the same question).", valueName: "path"))
    var webPlanUrl = "/plan/{plan}"

    @Option(help: ArgumentHelp("web: a diary week's path, {week} for the ISO week (2024-W26), {from} and {to} for its Monday and Sunday (/api/v1/diary?from={from}&to={to} measures the API's answer).", valueName: "path"))
    var webDiaryUrl = "/diarium?vecka={week}"

    @Option(help: ArgumentHelp("web: concurrent HTTP clients per page load, comma-separated (the 50 ms target is set for 1).", valueName: "k,k,…"))
    var webClients = CountList(argument: "1,8")!

    @Option(help: "web: seconds measured per page, role and client count (after --web-warm-up seconds that do not count).")
    var webSeconds = 5.0

    @Option(help: "web: seconds of load before each measuring window opens.")
    var webWarmUp = 1.0

    @Option(help: "web: how many plans (the longest change lists) and weeks (the most diary entries) the clients cycle through.")
    var webPoints = 20

    @Option(help: ArgumentHelp("The planledger executable (default: beside plbench).", valueName: "path"))
    var planledger: String?

    @Option(help: ArgumentHelp("The plgen executable (default: beside plbench).", valueName: "path"))
    var plgen: String?

    @Option(help: ArgumentHelp("peer: the Python interpreter that has eventsourcing 9.5.6 (pip install eventsourcing==9.5.6).", valueName: "path"))
    var python = "python3"

    @Option(help: ArgumentHelp("peer: the script that loads a workload through eventsourcing (default: in this repository, from its root).", valueName: "path"))
    var peerScript = "Tools/plbench/peer/peer_eventsourcing.py"

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs: expected 1 or more, got \(runs)") }
        if queries < 1 { throw ValidationError("--queries: expected 1 or more, got \(queries)") }
        if appends < 1 { throw ValidationError("--appends: expected 1 or more, got \(appends)") }
        if processRuns < 1 { throw ValidationError("--process-runs: expected 1 or more, got \(processRuns)") }
        if serveReaders < 1 { throw ValidationError("--serve-readers: expected 1 or more, got \(serveReaders)") }
        if serveWriters < 0 { throw ValidationError("--serve-writers: expected 0 or more, got \(serveWriters)") }
        if !(serveSeconds > 0) { throw ValidationError("--serve-seconds: expected more than 0, got \(serveSeconds)") }
        if !(serveWarmUp >= 0) { throw ValidationError("--serve-warm-up: expected 0 or more, got \(serveWarmUp)") }
        if !(webSeconds > 0) { throw ValidationError("--web-seconds: expected more than 0, got \(webSeconds)") }
        if !(webWarmUp >= 0) { throw ValidationError("--web-warm-up: expected 0 or more, got \(webWarmUp)") }
        if webPoints < 1 { throw ValidationError("--web-points: expected 1 or more, got \(webPoints)") }
        for (option, url) in [("--web-start-url", webStartUrl), ("--web-plan-url", webPlanUrl), ("--web-diary-url", webDiaryUrl)] where !url.hasPrefix("/") {
            throw ValidationError("\(option): expected a path starting with /, got \(url)")
        }
    }

    func run() throws {
        let tools = try locateTools()
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        let selected = only?.scenarios ?? Set(Scenario.allCases)
        let scenarios = Scenarios(tools: tools, workDirectory: workDir, runs: runs, queries: queries, appends: appends,
                                  processRuns: processRuns, seed: seed)
        let peer = PeerTool(python: python, script: peerScript)
        if selected.contains(.peer) { try scenarios.checkPeer(peer) }
        let started = Date()
        let loadAtStart = loadAverages()
        var results: [SizeResult] = []
        for size in sizes.sizes {
            scenarios.size = size
            let workload = try Workload.prepare(size: size, seed: seed, tools: tools, workDirectory: workDir)
            var result = SizeResult(events: size, workload: workload.path, workloadBytes: workload.bytes)
            let ledger = "\(workDir)/ledger-\(size).sqlite"
            let needsLedger = !selected.isDisjoint(with: [.size, .show, .plans, .diary, .rebuild, .verify, .single, .serve, .web, .search, .process])
            if selected.contains(.append) {
                result.figures += try scenarios.bulkAppend(workload, ledger: ledger)
            } else if needsLedger {
                try scenarios.ensureLedger(workload, ledger: ledger, reuse: keep)
            }
            if selected.contains(.peer) {
                sync()
                result.figures += try scenarios.peerAppend(workload, peer: peer)
            }
            if selected.contains(.onto) {
                sync()
                let twice = try Workload.prepare(size: 2 * size, seed: seed, tools: tools, workDirectory: workDir)
                result.figures += try scenarios.appendOnto(twice, peer: selected.contains(.peer) ? peer : nil)
            }
            // The append leaves gigabytes of dirty pages at 1M: have the kernel write them back now, untimed, so that
            // the read scenarios after it measure reading, not the disk busy with the append's write-back.
            sync()
            if selected.contains(.size) { result.figures += try scenarios.fileSize(workload, ledger: ledger) }
            if selected.contains(.insert) || selected.contains(.sha) {
                result.figures += try scenarios.baselines(workload, insert: selected.contains(.insert), sha: selected.contains(.sha))
            }
            if selected.contains(.show) { result.figures += try scenarios.show(ledger: ledger) }
            if selected.contains(.plans) || selected.contains(.diary) {
                result.figures += try scenarios.listings(ledger: ledger, plans: selected.contains(.plans), diary: selected.contains(.diary))
            }
            if selected.contains(.web) { result.figures += try scenarios.web(ledger: ledger, options: webOptions) }
            if selected.contains(.search) { result.figures += try scenarios.search(ledger: ledger) }
            if selected.contains(.process) { result.figures += try scenarios.process(ledger: ledger) }
            if selected.contains(.rebuild) { result.figures += try scenarios.rebuild(ledger: ledger) }
            if selected.contains(.verify) { result.figures += try scenarios.verify(ledger: ledger) }
            if selected.contains(.busy) { result.figures += try scenarios.showDuringAppend(workload) }
            if selected.contains(.single) {
                result.figures += try scenarios.singleAppends(ledger: ledger, effective: LedgerDate(year: 2024, month: 6, day: 14)!)
            }
            if selected.contains(.serve) {
                let effective = LedgerDate(year: 2024, month: 6, day: 14)!
                if results.isEmpty { result.figures += try scenarios.serveWrites(options: serveOptions, effective: effective) }
                result.figures += try scenarios.serveReads(ledger: ledger, options: serveOptions, effective: effective)
            }
            if !keep { removeDatabase(at: ledger) }
            result.finish(smallest: results.first)
            results.append(result)
        }
        let report = BenchReport(
            machine: .current(), commit: gitCommit(), startedAt: ISO8601DateFormatter().string(from: started),
            loadAtStart: loadAtStart, loadAtEnd: loadAverages(),
            invocation: CommandLine.arguments.map(shellQuoted).joined(separator: " "), commands: scenarios.commands,
            options: ["runs": String(runs), "queries": String(queries), "appends": String(appends), "processRuns": String(processRuns),
                      "seed": String(seed), "workDir": workDir, "serveClients": serveClients.defaultValueDescription,
                      "serveReaders": String(serveReaders), "serveWriters": String(serveWriters), "serveSeconds": String(serveSeconds),
                      "serveWarmUp": String(serveWarmUp), "webStartUrl": webStartUrl, "webPlanUrl": webPlanUrl, "webDiaryUrl": webDiaryUrl,
                      "webClients": webClients.defaultValueDescription, "webSeconds": String(webSeconds), "webWarmUp": String(webWarmUp),
                      "webPoints": String(webPoints), "only": selected.map(\.rawValue).sorted().joined(separator: ","),
                      "planledger": tools.planledger, "plgen": tools.plgen, "python": python, "peerScript": peerScript],
            sizes: results, notes: Self.notes)
        print(format == .json ? try report.json() : report.text())
    }

    var serveOptions: ServeOptions {
        ServeOptions(clients: serveClients.counts, readers: serveReaders, writers: serveWriters, seconds: serveSeconds, warmUp: serveWarmUp)
    }

    var webOptions: WebOptions {
        WebOptions(startURL: webStartUrl, planURL: webPlanUrl, diaryURL: webDiaryUrl, clients: webClients.counts, seconds: webSeconds,
                   warmUp: webWarmUp, plans: webPoints, weeks: webPoints)
    }

    /// planledger and plgen beside plbench's own executable (the same build folder), unless given.
    func locateTools() throws -> Tools {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        func find(_ name: String, _ override: String?) throws -> String {
            let path = override ?? "\(folder)/\(name)"
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw BenchError.missingTool("no executable \(name) at \(path): build it (swift build -c release --product \(name)) or pass --\(name) PATH")
            }
            return path
        }
        return Tools(planledger: try find("planledger", planledger), plgen: try find("plgen", plgen))
    }

    /// `git rev-parse --short HEAD` in the current folder, marked `-dirty` when the work tree has changes.
    func gitCommit() -> String? {
        func git(_ arguments: [String]) -> String? {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let commit = git(["rev-parse", "--short", "HEAD"]) else { return nil }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return dirty ? commit + "-dirty" : commit
    }

    static let notes = [
        "Whole-process figures are wall time from posix_spawn to wait4 of one planledger process; peak RSS is that child's VmHWM, polled from /proc every 2 ms while it runs (Linux hands the spawning process's own peak on to a child's ru_maxrss at exec, so that figure would include plbench's). In-process figures call LedgerStore/Projections in plbench, the ledger opened as the CLI opens it (all projections, synchronous = FULL). After the bulk append (or the ledger's set-up) plbench calls sync(2), untimed, so that the scenarios after it do not run while the kernel writes the append's pages back.",
        "Throughput figures are the median of --runs runs with their min–max; latency figures are percentiles (linear interpolation between ranks) over all timed samples, min–max over the same samples. MB = 10^6 bytes.",
        "Raw insert: the same rows (parsed with LedgerCore before timing, canonical data, real chain hashes) into a fresh file with the event table's columns, primary key, UNIQUE id and plan index but not its triggers, WAL and synchronous = FULL as the ledger; one prepared statement, one transaction, the commit timed.",
        "Bare SHA-256: hash = SHA-256(prev ‖ canonical bytes) over the same canonical bytes verify hashes, swift-crypto, in process, the bytes built before timing.",
        "Rebuild and verify rates divide the ledger's events by the whole process's wall time (opening included). Single-event appends add diary.registered events to the size's ledger, so they run last; a kept ledger grows by them.",
        "Targets marked n/a are set for another size (1M). CI times nothing; these figures depend on the machine and what else runs on it.",
        "serve (issue 14): the service runs in plbench's process (the Service library's buildApplication, as planledger serve builds it; its log at warning level, to standard error) on 127.0.0.1 and a free port; the load clients are keep-alive HTTP/1.1 connections over loopback TCP on their own two SwiftNIO threads, each sending its next request when the previous answer is read (no pipelining). Latency is request written to answer read; throughput counts the 2xx answers completed in the measuring window (after a warm-up). Writers POST one diary.registered per request as a registrar (a fixed bearer token); each K writes to a fresh ledger. The limit is one process committing one event per transaction in a loop (Ledger.append, synchronous = FULL as the server), measured in the same run. Readers GET /api/v1/plans/{plan}?asOf=D (public) at random points where the plan exists. Client, server and SQLite share the machine's cores.",
        "peer (issue 17): the same workload file loaded by the Python library eventsourcing 9.5.6 on its SQLite module (Tools/plbench/peer/peer_eventsourcing.py, through its documented Application and Aggregate API: an aggregate per plan, diary number, assignment or process, one event per input line with its type, effective date, id and data, Application.save every 10,000 lines), a whole process per run into a new file, measured right after planledger's bulk append of the same size when append runs too; append.vsPeer divides planledger's median rate by the peer's. It checks each aggregate's version sequence and nothing of planledger's rules, chain or projections.",
        "onto (issue 17): plgen's history of twice the size (same seed) is split after its first half; the first half is appended once, untimed, into a base ledger (and loaded once by the peer into a base store), and each run appends the second half onto a fresh copy of that base, copied and synced untimed: planledger's append FILE, and the peer's --onto load, which reads each aggregate it already stored back through the library's repository. onto.vsPeer divides the two median rates. Both bases are counted before the timed runs, and the peer checks its keys against its store (untimed). --keep does not keep onto's files.",
        "Reference (context, not measured here): raw C insert ~180k ev/s at 10k falling to ~70k at 1M (100k with a 256 MB cache); C SHA-256 chain ~1.1M ev/s.",
    ]
}
