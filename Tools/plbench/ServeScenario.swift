import Foundation
import GRDB
import Hummingbird
import LedgerCore
import LedgerStore
import Logging
import NIOHTTP1
import Projections
import Service
import ServiceLifecycle
import Synchronization

// MARK: - The server under test

/// The bearer token the load clients send as a registrar, and the account directory the server checks it with.
/// Until the accounts store is merged there is no CLI to create an account, so the in-process server gets a fixed
/// table (`FixedAccounts`, on main). Switch here to a real account when plbench starts `planledger serve` itself.
func registrarCredentials() -> (token: String, accounts: any AccountDirectory) {
    let token = "plbench-registrar-token"
    return (token, FixedAccounts([token: Caller(account: "plbench", role: .registrar)]))
}

/// `planledger serve`'s application (the Service library's `buildApplication`, as the CLI calls it) running in this
/// process on 127.0.0.1 and a free port, under a service group so that it stops gracefully. The load clients reach
/// it over loopback TCP like any other client.
final class InProcessServer {
    let port: Int
    private let serviceGroup: ServiceGroup
    private let finished = DispatchSemaphore(value: 0)

    init(ledger: String, accounts: any AccountDirectory) throws {
        var logger = Logger(label: "plbench.serve", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let configuration = ServiceConfiguration(ledgerPath: ledger, host: "127.0.0.1", port: 0, accounts: accounts)
        let bound = Mutex<Int?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let app = buildApplication(configuration, logger: logger) { port in
            bound.withLock { $0 = port }
            ready.signal()
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        self.serviceGroup = serviceGroup
        let finished = self.finished
        let failure = Mutex<String?>(nil)
        Task {
            do { try await serviceGroup.run() } catch { failure.withLock { $0 = "\(error)" } }
            finished.signal()
            ready.signal()
        }
        ready.wait()
        guard let port = bound.withLock({ $0 }) else {
            throw BenchError.unexpected("the in-process server did not start: \(failure.withLock { $0 } ?? "no port")")
        }
        self.port = port
    }

    /// Stops taking connections, lets requests in flight finish, and waits until the server has stopped.
    func stop() {
        let serviceGroup = self.serviceGroup
        Task { await serviceGroup.triggerGracefulShutdown() }
        finished.wait()
    }
}

// MARK: - The serve scenario (issue 14)

/// Options of the serve scenario.
struct ServeOptions {
    /// Concurrent writing clients for the group-commit figures.
    var clients: [Int]
    /// Reading clients for the as-of read figure, while `writers` write.
    var readers: Int
    var writers: Int
    /// Seconds measured per load, after `warmUp` seconds that do not count.
    var seconds: Double
    var warmUp: Double
}

extension Scenarios {
    /// A fresh `diary.registered` for POST /events: a JSON array of one event with a unique `id` and `dnr`, no `actor`
    /// (the server takes it from the signed-in account).
    static func postBody(tag: String, connection: Int, index: Int, effective: LedgerDate) -> [UInt8] {
        let id = UUID().uuidString.lowercased()
        let dnr = "\(tag)/c\(connection)/\(index)"
        return Array("""
            [{"id":"\(id)","type":"diary.registered","effective":"\(effective)","data":{"dnr":"\(dnr)","title":"plbench serve append","direction":"in"}}]
            """.utf8)
    }

    /// The writing group: `count` connections POSTing one event each, back to back, as a registrar.
    static func writers(_ name: String, count: Int, token: String, tag: String, effective: LedgerDate) -> LoadGroup {
        LoadGroup(name: name, connections: count) { connection, index in
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: "Bearer \(token)")
            headers.add(name: "Content-Type", value: "application/json")
            return LoadRequest(method: .POST, uri: "/api/v1/events", headers: headers,
                               body: postBody(tag: tag, connection: connection, index: index, effective: effective))
        }
    }

    /// One process committing one event per transaction in a loop: `Ledger.append` of one event on a fresh ledger
    /// opened as the CLI opens it (all projections, synchronous = FULL), for `warmUp + seconds`; the commits
    /// completed in the last `seconds`, per second, and their latencies.
    func oneEventPerTransaction(ledger path: String, options: ServeOptions, effective: LedgerDate) throws -> (rate: Double, latencies: Samples) {
        removeDatabase(at: path)
        defer { removeDatabase(at: path) }
        let ledger = try Ledger.create(at: path, projections: StandardProjections.all)
        let tag = "plbench-loop-\(Int(Date().timeIntervalSince1970 * 1000))"
        let start = monotonicSeconds()
        let windowStart = start + options.warmUp, windowEnd = windowStart + options.seconds
        var latencies = Samples()
        var i = 0
        while true {
            let proposed = try ProposedEvent(type: .diaryRegistered, effective: effective, data: [
                "dnr": .string("\(tag)/\(i)"), "title": .string("plbench serve append"), "direction": .string("in"),
            ])
            i += 1
            let before = monotonicSeconds()
            try ledger.append([proposed], actor: "plbench")
            let after = monotonicSeconds()
            if after > windowEnd { break }
            if after >= windowStart { latencies.add((after - before) * 1000) }
        }
        return (Double(latencies.count) / options.seconds, latencies)
    }

    /// Group commit over HTTP: K = each of `options.clients` connections POSTing single events to a fresh ledger,
    /// against one process committing one event per transaction in a loop, measured in the same run.
    func serveWrites(options: ServeOptions, effective: LedgerDate) throws -> [Figure] {
        let baselinePath = "\(workDirectory)/serve-loop.sqlite"
        progress("serve: the limit: one event per transaction in a loop, \(options.warmUp) + \(options.seconds) s")
        let baseline = try oneEventPerTransaction(ledger: baselinePath, options: options, effective: effective)
        var figures = [
            Figure("serve.loop.rate", "one event per transaction in a loop, in process", .eventsPerSecond, value: baseline.rate,
                   note: "Ledger.append of one diary.registered per transaction on a fresh ledger, synchronous = FULL: the limit group commit must beat"),
            Figure("serve.loop.p50", "one event per transaction in a loop, in process", .milliseconds, baseline.latencies, statistic: "p50"),
        ]
        let (token, accounts) = registrarCredentials()
        let load = HTTPLoad()
        for k in options.clients {
            let path = "\(workDirectory)/serve-writes-\(k).sqlite"
            removeDatabase(at: path)
            defer { removeDatabase(at: path) }
            try planledger(["init", "--ledger", path])
            let server = try InProcessServer(ledger: path, accounts: accounts)
            progress("serve: \(k) client(s) POSTing single events, \(options.warmUp) + \(options.seconds) s (port \(server.port))")
            let tag = "plbench-serve-\(k)-\(Int(Date().timeIntervalSince1970 * 1000))"
            let (results, cpu) = try load.run(host: "127.0.0.1", port: server.port,
                                              groups: [Self.writers("writers", count: k, token: token, tag: tag, effective: effective)],
                                              warmUp: options.warmUp, seconds: options.seconds)
            server.stop()
            let written = try eventCount(path)
            // One commit, one transaction time: the distinct `recorded` values count the commits (two commits in the
            // same millisecond count once, so this is a lower bound).
            let commits = try Ledger.openForReading(at: path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(DISTINCT recorded) FROM event") ?? 0
            }
            figures += writeFigures(results[0], k: k, baseline: baseline.rate, written: written, commits: commits, cpu: cpu)
        }
        return figures
    }

    private func writeFigures(_ result: LoadResult, k: Int, baseline: Double, written: Int, commits: Int, cpu: CPUUse) -> [Figure] {
        if result.latencies.isEmpty {
            return [Figure("serve.write.\(k).rate", "POST /events, \(k) client(s), events/s", .eventsPerSecond, value: 0,
                           target: k == 32 ? .atLeast(2 * baseline) : nil,
                           note: "no append succeeded (\(result.statusSummary)); first failure: \(result.firstFailure ?? "none")")]
        }
        let failures = result.failures > 0 ? "; \(result.failures) answers not 2xx (\(result.statusSummary)), first: \(result.firstFailure ?? "")" : ""
        let ratio = result.rate / baseline
        return [
            Figure("serve.write.\(k).rate", "POST /events, \(k) client(s), one event each", .eventsPerSecond, value: result.rate,
                   note: "\(result.latencies.count) acknowledged appends in \(result.seconds) s; \(written) events in the ledger afterwards (warm-up included), "
                       + "in at least \(commits) commits (distinct recorded times): \(String(format: "%.1f", Double(written) / Double(max(1, commits)))) events per commit at most\(failures)"),
            Figure("serve.write.\(k).vsLoop", "POST /events, \(k) client(s) ÷ one event per transaction", .ratio, value: ratio,
                   target: k == 32 ? .atLeast(2) : nil),
            Figure("serve.write.\(k).p50", "POST /events, \(k) client(s), latency", .milliseconds, result.latencies, statistic: "p50"),
            Figure("serve.write.\(k).p99", "POST /events, \(k) client(s), latency", .milliseconds, result.latencies, statistic: "p99",
                   target: k == 32 ? .atMost(25) : nil),
            Figure("serve.write.\(k).cpu", "POST /events, \(k) client(s), CPU of plbench per append", .milliseconds,
                   value: cpu.total * 1000 / Double(max(1, result.latencies.count)), note: "CPU in the window: \(cpu.summary)"),
        ]
    }

    /// As-of `GET /plans/{plan}?asOf=D` at random plans and days where the plan exists, from `options.readers`
    /// connections, while `options.writers` connections POST single events to the same ledger (which grows by them).
    func serveReads(ledger path: String, options: ServeOptions, effective: LedgerDate) throws -> [Figure] {
        let points: [String] = try {
            let ledger = try Ledger.openForReading(at: path, projections: StandardProjections.all)
            let reader = LedgerQueries(ledger)
            let span = try span(ledger)
            var random = SeededRandom(seed: seed)
            var points: [String] = []
            var tries = 0
            while points.count < 500, tries < 20_000 {
                tries += 1
                let plan = span.plans.randomElement(using: &random)!
                let day = LedgerDate.fromDaysSinceEpoch(Int.random(in: span.firstDay.daysSinceEpoch...span.lastDay.daysSinceEpoch, using: &random))
                if try reader.plan(plan, asOf: day, knownAt: .head) != nil {
                    let key = plan.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?"))) ?? plan
                    points.append("/api/v1/plans/\(key)?asOf=\(day)")
                }
            }
            return points
        }()
        guard !points.isEmpty else { throw BenchError.unexpected("no random point found an existing plan") }
        let (token, accounts) = registrarCredentials()
        let server = try InProcessServer(ledger: path, accounts: accounts)
        defer { server.stop() }
        let load = HTTPLoad()
        let readSeed = self.seed
        let readers = LoadGroup(name: "readers", connections: options.readers) { connection, index in
            var random = SeededRandom(seed: readSeed &+ UInt64(connection) << 32 &+ UInt64(index))
            return LoadRequest(method: .GET, uri: points[Int(random.next() % UInt64(points.count))])
        }
        let tag = "plbench-serve-read-\(Int(Date().timeIntervalSince1970 * 1000))"
        let before = try eventCount(path)
        progress("\(size): serve: \(options.readers) readers GET /plans/{plan}?asOf while \(options.writers) writers POST, \(options.warmUp) + \(options.seconds) s")
        let writers = options.writers > 0 ? [Self.writers("writers", count: options.writers, token: token, tag: tag, effective: effective)] : []
        let (results, cpu) = try load.run(host: "127.0.0.1", port: server.port, groups: [readers] + writers,
                                          warmUp: options.warmUp, seconds: options.seconds)
        let read = results[0]
        let write = results.count > 1 ? results[1] : LoadResult(name: "writers", connections: 0, seconds: options.seconds)
        let readFailures = read.failures > 0 ? "; \(read.failures) answers not 2xx (\(read.statusSummary)), first: \(read.firstFailure ?? "")" : ""
        let writeNote = options.writers == 0 ? "no writers (--serve-writers 0)" : write.latencies.isEmpty
            ? "no append succeeded (\(write.statusSummary)); first failure: \(write.firstFailure ?? "none") — the reads ran without writers"
            : "\(write.latencies.count) acknowledged appends; the ledger had \(before) events before"
        return [
            Figure("serve.read.rate", "GET /plans/{plan}?asOf, \(options.readers) readers + \(options.writers) writers", .requestsPerSecond,
                   value: read.rate, target: .atLeast(3000, atSize: Self.oneMillion),
                   note: "\(read.latencies.count) answers in \(read.seconds) s over \(points.count) random (plan, asOf) points where the plan exists\(readFailures)"),
            Figure("serve.read.p50", "GET /plans/{plan}?asOf, latency", .milliseconds, read.latencies, statistic: "p50"),
            Figure("serve.read.cpu", "CPU of plbench per answer (reads and appends)", .milliseconds,
                   value: cpu.total * 1000 / Double(max(1, read.latencies.count + write.latencies.count)),
                   note: "server and clients in one process; CPU in the window: \(cpu.summary); 3,000 answers/s on 2 cores needs ≤ 0.67 ms each"),
            Figure("serve.read.p99", "GET /plans/{plan}?asOf, latency", .milliseconds, read.latencies, statistic: "p99",
                   target: .atMost(10, atSize: Self.oneMillion)),
            Figure("serve.read.writers.rate", "POST /events by the \(options.writers) writers during the reads", .eventsPerSecond,
                   value: write.rate, note: writeNote),
            Figure("serve.read.writers.p99", "POST /events during the reads, latency", .milliseconds, write.latencies, statistic: "p99"),
        ]
    }
}
