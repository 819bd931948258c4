import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerStore
import Logging
import Service
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

/// An HTTP client on a real loopback connection pool (URLSession), for writes from many tasks at once.
struct LoopbackClient: Sendable {
    let base: String
    let session: URLSession

    init(port: Int) {
        base = "http://127.0.0.1:\(port)"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    /// POSTs a JSON array of events as `role` (the test account's token, or `bearer` when given); the status, body
    /// and ETag.
    func post(_ events: [String], as role: Role = .registrar, bearer: String? = nil, ifMatch: String? = nil) async throws -> (status: Int, body: String, eTag: String?) {
        var request = URLRequest(url: URL(string: base + "/api/v1/events")!)
        request.httpMethod = "POST"
        request.httpBody = Data(("[" + events.joined(separator: ",") + "]").utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let bearer {
            request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        } else if role != .public {
            request.setValue("Bearer test-\(role.rawValue)", forHTTPHeaderField: "Authorization")
        }
        if let ifMatch { request.setValue(ifMatch, forHTTPHeaderField: "If-Match") }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "ETag"))
    }

    /// The head's ETag from `GET /api/v1/head`.
    func headTag() async throws -> String {
        let (_, response) = try await session.data(from: URL(string: base + "/api/v1/head")!)
        return (response as! HTTPURLResponse).value(forHTTPHeaderField: "ETag") ?? ""
    }
}

/// A value shared by the tasks of a test, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

/// Checks the ledger after concurrent writes: seq gapless from 1, every acknowledged id present exactly once, no id of
/// a refused request present, and `planledger verify` green (chain and projections).
func expectConsistent(_ ledger: WritableLedger, acknowledged: Set<String>, refused: Set<String>, seeded: Int = 5) throws {
    let events = try ledger.events()
    #expect(events.map(\.seq) == Array(1...events.count))
    var count: [String: Int] = [:]
    for event in events { count[event.id, default: 0] += 1 }
    let missing = acknowledged.filter { count[$0] != 1 }
    #expect(missing.isEmpty, "acknowledged but not present exactly once: \(missing.sorted().prefix(10))")
    let leaked = refused.filter { count[$0] != nil }
    #expect(leaked.isEmpty, "refused but present: \(leaked.sorted().prefix(10))")
    #expect(events.count == seeded + acknowledged.count, "only acknowledged events were added")
    let verify = try CommandRunner.run(["verify", "--ledger", ledger.path])
    #expect(verify.status == 0, "planledger verify: \(verify.stdout) \(verify.stderr)")
}

@Suite struct LiveBodyLimitTests {
    /// Over a real connection: a body announced by `Content-Length` over the limit is refused from the header, and a
    /// chunked body (no length) is refused once the bytes read pass the limit; neither writes anything.
    @Test func bothWaysOfSendingTooMuchAre413() async throws {
        let ledger = try WritableLedger()
        try await ledger.application(limits: WriteLimits(maxBodyBytes: 4096)).testLive { client in
            let http = LoopbackClient(port: try #require(client.port))
            let big = Data(("[" + (1...100).map { diaryEvent($0) }.joined(separator: ",") + "]").utf8)
            #expect(big.count > 8192)
            for chunked in [false, true] {
                var request = URLRequest(url: URL(string: http.base + "/api/v1/events")!)
                request.httpMethod = "POST"
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.setValue("Bearer test-registrar", forHTTPHeaderField: "Authorization")
                if chunked { request.httpBodyStream = InputStream(data: big) } else { request.httpBody = big }
                let (data, response) = try await http.session.data(for: request)
                let status = (response as! HTTPURLResponse).statusCode
                #expect(status == 413, "chunked \(chunked): \(String(decoding: data, as: UTF8.self))")
                #expect(String(decoding: data, as: UTF8.self).contains("too-large"))
            }
        }
        #expect(try ledger.headSeq == 5)
    }
}

@Suite struct WriteConcurrencyTests {
    /// 16 clients × 100 single-event appends at once, beside clients whose requests are invalid (422), clients that
    /// race on `If-Match` (200 or 412) and `planledger append` in another process: group commit keeps each request's
    /// all-or-nothing, and the two writers of one file lose nothing.
    @Test func sixteenClientsAppendAtOnce() async throws {
        let ledger = try WritableLedger()
        let acknowledged = Shared<Set<String>>([])
        let refused = Shared<Set<String>>([])
        let statuses = Shared<[Int: Int]>([:])
        try await ledger.application().testLive { client in
            let http = LoopbackClient(port: try #require(client.port))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<16 {
                    group.addTask {
                        for i in 0..<100 {
                            let id = "c\(c)-\(i)"
                            let answer = try await http.post([diaryEvent(10_000 + c * 1000 + i, id: id)])
                            #expect(answer.status == 200, "\(id): \(answer.body)")
                            if answer.status == 200 { acknowledged.withLock { _ = $0.insert(id) } }
                        }
                    }
                }
                for c in 0..<2 {
                    group.addTask {
                        for i in 0..<20 {
                            // A good event and a bad one (no title): the request is refused whole.
                            let ids = ["bad-\(c)-\(i)-good", "bad-\(c)-\(i)-bad"]
                            let bad = #"{"id":"\#(ids[1])","type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/9\#(c)\#(i)/2024","direction":"in"}}"#
                            let answer = try await http.post([diaryEvent(50_000 + c * 1000 + i, id: ids[0]), bad])
                            #expect(answer.status == 422, "\(answer.body)")
                            refused.withLock { $0.formUnion(ids) }
                        }
                    }
                }
                for c in 0..<4 {
                    group.addTask {
                        for i in 0..<20 {
                            let id = "cas-\(c)-\(i)"
                            let tag = try await http.headTag()
                            let answer = try await http.post([diaryEvent(70_000 + c * 1000 + i, id: id)], ifMatch: tag)
                            statuses.withLock { $0[answer.status, default: 0] += 1 }
                            switch answer.status {
                            case 200: acknowledged.withLock { _ = $0.insert(id) }
                            case 412: refused.withLock { _ = $0.insert(id) }
                            default: Issue.record("If-Match \(tag): \(answer.status) \(answer.body)")
                            }
                        }
                    }
                }
                // Another process appending to the same file meanwhile: SQLite's lock, waited for on both sides.
                group.addTask {
                    for k in 0..<3 {
                        let lines = (0..<10).map { diaryEvent(90_000 + k * 100 + $0, id: "cli-\(k)-\($0)") }
                        let result = try CommandRunner.run(["append", "-", "--ledger", ledger.path], stdin: Data(lines.joined(separator: "\n").utf8))
                        #expect(result.status == 0, "\(result.stderr)")
                        if result.status == 0 { acknowledged.withLock { $0.formUnion((0..<10).map { "cli-\(k)-\($0)" }) } }
                    }
                }
                try await group.waitForAll()
            }
        }
        let counted = statuses.withLock { $0 }
        #expect(counted.values.reduce(0, +) == 80)
        try expectConsistent(ledger, acknowledged: acknowledged.withLock { $0 }, refused: refused.withLock { $0 })
        #expect(acknowledged.withLock { $0.filter { $0.wholeMatch(of: /c[0-9]+-[0-9]+/) != nil }.count } == 1600)
        #expect(acknowledged.withLock { $0.filter { $0.hasPrefix("cli-") }.count } == 30)
    }

    /// Graceful stop during a burst of writes, as SIGTERM starts it in `planledger serve` (the application under a
    /// ServiceGroup): every request that got a 2xx is in the ledger afterwards, nothing else is, and the group ends
    /// without error once the writer has committed what it had and closed the ledger.
    @Test func gracefulStopLosesNoAcknowledgedEvent() async throws {
        // The server's services and the clients on threads of their own: other tests block the cooperative pool's
        // two threads on CI for minutes at a time, and the requests would time out behind them.
        try await onOwnThreads { try await gracefulStop() }
    }

    private func gracefulStop() async throws {
        let ledger = try WritableLedger()
        var configuration = ServiceConfiguration(ledgerPath: ledger.path, port: 0, now: { Timestamp(rfc3339: WritableLedger.now)! },
                                                 accounts: testAccounts)
        configuration.writeLimits = WriteLimits()
        // A client kept waiting behind a loaded machine is not idle: no connection is closed for that before the stop.
        configuration.idleTimeout = nil
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(configuration) { port in portSink.yield(port) }
        var groupConfiguration = ServiceGroupConfiguration(services: [app], logger: Logger(label: "test"))
        // A shutdown that hangs is cancelled (and the test fails on what that leaves) rather than waited for without end.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(120)
        let group = ServiceGroup(configuration: groupConfiguration)
        // An unstructured task does not inherit the executor preference: it is given.
        let running = Task(executorPreference: OwnThreads.shared) { try await group.run() }
        // A group that ends before it binds ends the wait for its port too.
        Task { _ = await running.result; portSink.finish() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let http = LoopbackClient(port: port)
        let acknowledged = Shared<Set<String>>([])
        let attempted = Shared<Set<String>>([])
        let stopping = Shared(false)
        let clientsLeft = Shared(8)
        /// What ended a client before the stop began (a failure: nothing should).
        let gaveUp = Shared<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { clients in
            for c in 0..<8 {
                clients.addTask {
                    defer { clientsLeft.withLock { $0 -= 1 } }
                    for i in 0..<10_000 {
                        let id = "s\(c)-\(i)"
                        attempted.withLock { _ = $0.insert(id) }
                        let answer: (status: Int, body: String, eTag: String?)
                        do {
                            answer = try await http.post([diaryEvent(10_000 + c * 10_000 + i, id: id)])
                        } catch {
                            // After the stop began the connection may close; before, nothing may fail.
                            if !stopping.withLock({ $0 }) { gaveUp.withLock { $0.append("\(id): \(error)") } }
                            return
                        }
                        if (200..<300).contains(answer.status) {
                            acknowledged.withLock { _ = $0.insert(id) }
                        } else {
                            // After the stop began: refused (503); either way not acknowledged.
                            if !stopping.withLock({ $0 }) { gaveUp.withLock { $0.append("\(id): \(answer.status) \(answer.body)") } }
                            return
                        }
                    }
                }
            }
            // Stop once the burst is well under way (or every client has ended, which the expectations below report).
            // Stopped on every path, so that a failed wait does not leave the server running.
            var waited: (any Error)?
            do {
                try await waitUntil("200 acknowledged appends") {
                    acknowledged.withLock { $0.count } >= 200 || clientsLeft.withLock { $0 } == 0
                }
            } catch {
                waited = error
            }
            stopping.withLock { $0 = true }
            await group.triggerGracefulShutdown()
            try await clients.waitForAll()
            if let waited { throw waited }
        }
        #expect(gaveUp.withLock { $0 }.isEmpty, "clients ended before the stop: \(gaveUp.withLock { $0.prefix(8) })")
        try await running.value
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 200)
        // What was attempted but not acknowledged may or may not have been committed (a request answered while the
        // connection closed); what was acknowledged must be there exactly once.
        let events = try ledger.events()
        #expect(events.map(\.seq) == Array(1...events.count))
        var count: [String: Int] = [:]
        for event in events { count[event.id, default: 0] += 1 }
        #expect(acked.filter { count[$0] != 1 }.isEmpty)
        #expect(events.count <= 5 + attempted.withLock { $0.count })
        let verify = try CommandRunner.run(["verify", "--ledger", ledger.path])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
