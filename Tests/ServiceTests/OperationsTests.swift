import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerStore
import Logging
import Service
import Synchronization
import Testing
import TestSupport

/// A log handler that keeps every line, as text: the message and all metadata, so that a test can look for a secret
/// anywhere in what was logged.
final class CapturedLog: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
        /// Everything of the line as one text, for "never contains" checks.
        var text: String { "\(level) \(message) " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    private let stored = Mutex<[Line]>([])
    var lines: [Line] { stored.withLock { $0 } }

    /// A logger at trace level writing here.
    func logger(_ label: String = "planledger.serve") -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = Line(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" })
            log.stored.withLock { $0.append(line) }
        }
    }
}

/// The Prometheus text's samples: for `name{labels} value`, the value by name and label set.
func samples(_ text: String) -> [(name: String, labels: [String: String], value: Double)] {
    text.split(separator: "\n").compactMap { line in
        guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
        let series = line[..<space]
        guard let brace = series.firstIndex(of: "{") else { return (String(series), [:], value) }
        var labels: [String: String] = [:]
        for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
        }
        return (String(series[..<brace]), labels, value)
    }
}

/// The value of the one sample of `name` whose labels include `labels`; nil when there is none.
func sample(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    let matching = samples(text).filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    return matching.count == 1 ? matching[0].value : nil
}

extension ApplicationProtocol {
    /// `test(.live)` with the server's tasks and the test's own on `OwnThreads`, so that tests blocking the cooperative
    /// pool meanwhile (waiting for a child process) cannot starve the server into the test client's 20 s read timeout.
    func testLive<Value>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await onOwnThreads { try await self.test(.live, test) }
    }
}

/// The demo application for a `.live` test: no idle timeout, since the test client keeps one connection and may, on
/// a loaded machine, leave it idle longer than a production timeout (the timeout has its own test).
func liveDemoApplication() -> some ApplicationProtocol {
    var configuration = ServiceConfiguration(ledgerPath: demo.path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                             accounts: testAccounts)
    configuration.idleTimeout = nil
    return buildApplication(configuration)
}

/// The demo ledger's head seq, read through the store (not through the service).
func demoHead() throws -> Int {
    try Ledger.openForReading(at: demo.path).head().seq
}

@Suite struct ServiceMetricsTests {
    /// Requests are counted by route pattern, method and status; the raw path and query never become a label.
    @Test func requestsAreCountedByRoute() async throws {
        try await demoApplication().test(.router) { client in
            for uri in ["/api/v1/plans?asOf=\(day)", "/api/v1/plans?asOf=\(day)", "/api/v1/plans/rs-plan-2023?asOf=\(day)",
                        "/api/v1/plans/no-such-plan-xyzzy", "/api/v1/plans?colour=vermilion", "/nothing/here/qwerty"] {
                try await client.execute(uri: uri, method: .get) { _ in }
            }
            try await client.execute(uri: "/api/v1/plans", method: .post) { #expect($0.status == .methodNotAllowed) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let body = text(response)
                let requests = "planledger_http_requests_total"
                #expect(sample(body, requests, ["route": "/api/v1/plans", "method": "GET", "status": "200"]) == 2, "\(body)")
                #expect(sample(body, requests, ["route": "/api/v1/plans", "method": "GET", "status": "400"]) == 1)
                #expect(sample(body, requests, ["route": "/api/v1/plans", "method": "POST", "status": "405"]) == 1)
                #expect(sample(body, requests, ["route": "/api/v1/plans/{plan}", "method": "GET", "status": "200"]) == 1)
                #expect(sample(body, requests, ["route": "/api/v1/plans/{plan}", "method": "GET", "status": "404"]) == 1)
                #expect(sample(body, requests, ["route": "unmatched", "method": "GET", "status": "404"]) == 1)
                // The latency histogram: every request of a route in its count, in the +Inf bucket, and in no bucket
                // below 0 (buckets are cumulative: 0.001 ≤ 0.025 ≤ +Inf).
                let duration = "planledger_http_request_duration_seconds"
                #expect(sample(body, duration + "_count", ["route": "/api/v1/plans", "method": "GET"]) == 3)
                #expect(sample(body, duration + "_bucket", ["route": "/api/v1/plans", "method": "GET", "le": "+Inf"]) == 3)
                let low = try #require(sample(body, duration + "_bucket", ["route": "/api/v1/plans", "method": "GET", "le": "0.001"]))
                let mid = try #require(sample(body, duration + "_bucket", ["route": "/api/v1/plans", "method": "GET", "le": "0.025"]))
                #expect(low <= mid && mid <= 3)
                #expect(try #require(sample(body, duration + "_sum", ["route": "/api/v1/plans", "method": "GET"])) > 0)
                // The head seq, read at scrape time; nothing appended by this process.
                #expect(sample(body, "planledger_ledger_head_seq") == Double(try demoHead()))
                #expect(try demoHead() > 10)
                #expect(sample(body, "planledger_events_appended_total") == 0)
                // No user text in a label.
                for word in ["rs-plan-2023", "no-such-plan-xyzzy", "vermilion", "qwerty", "colour"] { #expect(!body.contains(word), "\(word)") }
            }
        }
    }

    /// Each application has its own registry: nothing of one shows in another's /metrics (the global MetricsSystem is
    /// never bootstrapped, so tests and embedders may build as many as they like).
    @Test func applicationsDoNotShareMetrics() async throws {
        let busy = demoApplication(), idle = demoApplication()
        try await busy.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) {
                #expect(sample(text($0), "planledger_http_requests_total", ["route": "/healthz", "status": "200"]) == 1)
            }
        }
        try await idle.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) {
                #expect(sample(text($0), "planledger_http_requests_total", ["route": "/healthz"]) == nil, "\(text($0))")
            }
        }
    }

    /// The writer's counter: what it reports is what /metrics shows; zero counts nothing.
    @Test func appendsAreCounted() {
        let metrics = ServiceMetrics()
        #expect(sample(metrics.render(), "planledger_events_appended_total") == 0)
        metrics.appended(3)
        metrics.appended(0)
        metrics.appended(2)
        metrics.headAdvanced(to: 41)
        #expect(sample(metrics.render(), "planledger_events_appended_total") == 5)
        #expect(sample(metrics.render(), "planledger_ledger_head_seq") == 41)
    }

    /// With `--private-metrics`, /metrics is for auditors and admins: 401 without a token, 403 for other roles.
    @Test func privateMetricsNeedARole() async throws {
        var configuration = ServiceConfiguration(ledgerPath: demo.path, port: 0, accounts: testAccounts)
        configuration.metricsRoles = Access.auditors.union(Access.admins)
        try await buildApplication(configuration).test(.router) { client in
            let expected: [Role: HTTPResponse.Status] = [.public: .unauthorized, .staff: .forbidden, .registrar: .ok, .auditor: .ok, .admin: .ok]
            for (role, status) in expected {
                try await client.execute(uri: "/metrics", method: .get, headers: authorization(role)) { response in
                    #expect(response.status == status, "\(role)")
                    if status != .ok { #expect(response.headers[.contentType] == "application/problem+json") }
                }
            }
        }
    }
}

@Suite struct RequestLogTests {
    /// One line per request with its id, method, route, status and duration; the incoming id echoed; never a
    /// token, password, cookie or the Authorization header in any line logged while answering.
    @Test func oneLinePerRequestAndNoSecrets() async throws {
        let log = CapturedLog()
        var configuration = ServiceConfiguration(ledgerPath: demo.path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                                 accounts: testAccounts)
        // The test client keeps one connection: on a loaded machine it may sit idle longer than a production timeout.
        configuration.idleTimeout = nil
        let ids = Mutex<[String]>([])
        try await buildApplication(configuration, logger: log.logger()).testLive { client in
            try await client.execute(uri: "/api/v1/plans?asOf=\(day)", method: .get,
                                     headers: [.authorization: "Bearer SECRET-token-1234", HTTPField.Name("X-Request-ID")!: "req-1"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "req-1")
                ids.withLock { $0.append("req-1") }
            }
            try await client.execute(uri: "/api/v1/plans", method: .post,
                                     headers: [.contentType: "application/json", .cookie: "session=SECRET-cookie-5678", .authorization: "Bearer test-registrar"],
                                     body: ByteBuffer(string: #"{"account":"x","password":"SECRET-hunter2","token":"SECRET-tok","secret":"SECRET-s"}"#)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                let id = try #require(response.headers[HTTPField.Name("X-Request-ID")!])
                #expect(UUID(uuidString: id) != nil, "a fresh id is a UUID: \(id)")
                ids.withLock { $0.append(id) }
            }
            // An id that is not sane (a space, too long) is replaced, not echoed.
            for bad in ["has space", String(repeating: "a", count: 129), "semi;colon"] {
                try await client.execute(uri: "/api/v1/plans/rs-plan-2023?asOf=\(day)", method: .get, headers: [HTTPField.Name("X-Request-ID")!: bad]) { response in
                    #expect(response.status == .ok)
                    let id = try #require(response.headers[HTTPField.Name("X-Request-ID")!])
                    #expect(id != bad && UUID(uuidString: id) != nil)
                    ids.withLock { $0.append(id) }
                }
            }
            // The longest sane id is kept.
            let longest = String(repeating: "Z", count: 127) + "9"
            try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("X-Request-ID")!: longest]) { response in
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] == longest)
                ids.withLock { $0.append(longest) }
            }
        }
        let requestLines = log.lines.filter { $0.message == "request" }
        #expect(requestLines.map { $0.metadata["hb.request.id"] ?? "" } == ids.withLock { $0 }, "\(requestLines.map(\.text))")
        let expected: [(method: String, route: String, status: String)] = [
            ("GET", "/api/v1/plans", "401"), ("POST", "/api/v1/plans", "405"),
            ("GET", "/api/v1/plans/{plan}", "200"), ("GET", "/api/v1/plans/{plan}", "200"), ("GET", "/api/v1/plans/{plan}", "200"),
            ("GET", "/healthz", "200"),
        ]
        #expect(requestLines.count == expected.count)
        for (line, want) in zip(requestLines, expected) {
            #expect(line.level == .info)
            #expect(line.metadata["method"] == want.method && line.metadata["route"] == want.route && line.metadata["status"] == want.status, "\(line.text)")
            #expect(line.metadata["duration_ms"].flatMap(Double.init).map { $0 >= 0 } == true, "\(line.text)")
        }
        // Not vacuous: the capture holds the server's own lines too (trace level).
        #expect(log.lines.count > requestLines.count)
        for line in log.lines {
            for secret in ["SECRET", "hunter2", "Bearer", "session=", "password", "rs-plan-2023"] {
                #expect(!line.text.contains(secret), "a log line holds \(secret): \(line.text)")
            }
        }
    }
}

@Suite struct ServiceReadinessTests {
    /// /readyz is 503 naming the projection while a projection's progress is behind the head, and ready again once it
    /// is back; /healthz stays 200 throughout.
    @Test func readyOnlyWhileProjectionsAreCaughtUp() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.sqlite")
        try FileManager.default.copyItem(atPath: demo.path, toPath: path)
        let head = try demoHead()
        @Sendable func setProgress(_ sql: String) throws {
            let result = try CommandRunner.runExecutable("/usr/bin/env", ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try await demoApplication(path: path).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "ready: head seq \(head)")
            }
            try setProgress("UPDATE projection_progress SET applied_seq = \(head - 1) WHERE name LIKE 'plans.%'")
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(text(response).contains("plans.v") && text(response).contains("at seq \(head - 1)"), "\(text(response))")
                #expect(text(response).contains("projections-behind"))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try setProgress("UPDATE projection_progress SET applied_seq = \(head)")
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }
}

@Suite struct DoorTests {
    /// Bad input at the door of the read API, over real HTTP: each a clean 4xx problem document.
    static let refusals: [(method: HTTPRequest.Method, uri: String, status: Int, field: String?)] = [
        (.get, "/api/v1/plans/..%2F..%2Fetc%2Fpasswd", 404, "plan"),
        (.get, "/api/v1/plans/..%2f", 404, "plan"),
        (.get, "/api/v1/plans/%2e%2e", 404, "plan"),
        (.get, "/api/v1/plans/%2e%2e/chain", 404, "plan"),
        (.get, "/api/v1/plans/%2E%2E%5C..%5Cwindows/changes", 400, "plan"),
        (.get, "/api/v1/plans/rs-plan-2023?asOf=\(day)&debug=1", 400, "debug"),
        (.get, "/api/v1/diary?from=2023-01-01&callback=x", 400, "callback"),
        (.get, "/api/v1/plans?asOf=" + String(repeating: "9", count: 6000), 400, "asOf"),
        (.get, "/api/v1/plans?" + (0..<2000).map { "p\($0)=1" }.joined(separator: "&"), 414, nil),
        (.get, "/api/v1/plans?asOf=" + String(repeating: "x", count: 20_000), 414, nil),
        (.post, "/api/v1/plans", 405, nil),
        (.put, "/api/v1/plans/rs-plan-2023", 405, nil),
        (.delete, "/api/v1/plans/rs-plan-2023/chain", 405, nil),
        (.patch, "/api/v1/diary", 405, nil),
        (.init("TRACE")!, "/healthz", 405, nil),
        (.options, "/api/v1/replay", 405, nil),
        (.delete, "/metrics", 405, nil),
        (.post, "/api/v1/no-such-endpoint", 404, nil),
        (.post, "/api/v1/plans/a/b/c/d", 404, nil),
    ]

    @Test func badRequestsAreProblemDocuments() async throws {
        try await liveDemoApplication().testLive { client in
            for (method, uri, status, field) in Self.refusals {
                try await client.execute(uri: uri, method: method) { response in
                    let shown = uri.count > 80 ? String(uri.prefix(80)) + "…" : uri
                    #expect(Int(response.status.code) == status, "\(method) \(shown): \(text(response).prefix(300))")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(method) \(shown)")
                    guard case .object(let problem)? = try? JSONParser.parse(text(response)) else {
                        Issue.record("\(method) \(shown): not a JSON object: \(text(response).prefix(300))")
                        return
                    }
                    #expect(problem["status"] == .number(Double(status)), "\(shown)")
                    for member in ["type", "title", "detail"] { #expect(problem[member] != nil, "\(shown) lacks \(member)") }
                    if status == 405 { #expect(response.headers[.allow] == "GET", "\(method) \(shown)") }
                    if let field {
                        guard case .array(let items)? = problem["problems"], case .object(let first)? = items.first else {
                            Issue.record("\(shown): no problems list")
                            return
                        }
                        #expect(first["field"] == .string(field), "\(shown)")
                    }
                }
            }
        }
    }
}
