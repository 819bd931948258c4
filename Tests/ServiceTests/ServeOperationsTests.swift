import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// `planledger serve`'s flags for running in production, on real processes.
@Suite struct ServeFlagsTests {
    /// `--store sqlite:PATH` serves that file; `--public-base-url` and `--log-level` are taken; each request is one log
    /// line on standard error with the id it came with.
    @Test func storeAndLogLinesOnARealServer() async throws {
        let server = try ServeProcess(["--store", "sqlite:" + demo.path, "--public-base-url", "https://plan.example.org/", "--log-level", "info"])
        let ready = try await get(server.base + "/readyz", headers: ["X-Request-ID": "probe-1"])
        #expect(ready.status == 200)
        #expect(ready.body == "ready: head seq \(try demoHead())")
        let plans = try await get(server.base + "/api/v1/plans?asOf=\(day)", headers: ["Authorization": "Bearer SECRET-x"])
        #expect(plans.status == 401)
        #expect(server.stop() == 0)
        let lines = server.stderr.split(separator: "\n").filter { $0.contains(" request") && $0.contains("route=") }
        #expect(lines.count == 2, "\(server.stderr)")
        #expect(lines.first.map { $0.contains("hb.request.id=probe-1") && $0.contains("route=/readyz") && $0.contains("status=200") } == true, "\(lines)")
        #expect(lines.last.map { $0.contains("route=/api/v1/plans") && $0.contains("status=401") } == true, "\(lines)")
        #expect(!server.stderr.contains("SECRET"))
    }

    /// `$PLANLEDGER_STORE` names the ledger when no flag does.
    @Test func storeFromTheEnvironment() async throws {
        let server = try ServeProcess([], environment: ["PLANLEDGER_STORE": demo.path])
        defer { server.stop() }
        #expect(try await get(server.base + "/readyz").status == 200)
    }

    /// Usage errors: exit 64 with a message naming the flag (or the variable); nothing is served.
    @Test func badFlagsAreUsageErrors() throws {
        let cases: [(args: [String], environment: [String: String], says: [String])] = [
            (["--store", "postgresql://planledger@db.example.org/ledger"], [:], ["--store", "PostgreSQL", "issue 18"]),
            (["--store", "postgres://db/ledger"], [:], ["--store", "issue 18"]),
            ([], ["PLANLEDGER_STORE": "postgresql://db/ledger"], ["PLANLEDGER_STORE", "issue 18"]),
            (["--store", "mysql://db/ledger"], [:], ["--store", "mysql"]),
            (["--store", "sqlite:"], [:], ["--store", "empty"]),
            (["--store", demo.path, "--ledger", demo.path], [:], ["--store", "--ledger"]),
            (["--ledger", demo.path, "--public-base-url", "ftp://plan.example.org"], [:], ["--public-base-url"]),
            (["--ledger", demo.path, "--public-base-url", "plan.example.org"], [:], ["--public-base-url"]),
            (["--ledger", demo.path, "--public-base-url", "/relative"], [:], ["--public-base-url"]),
            (["--ledger", demo.path, "--public-base-url", "https://plan.example.org/?x=1"], [:], ["--public-base-url", "query"]),
            (["--ledger", demo.path, "--public-base-url", "https://plan.example.org/#top"], [:], ["--public-base-url", "fragment"]),
            (["--ledger", demo.path, "--public-base-url", "https://user:pw@plan.example.org"], [:], ["--public-base-url"]),
            (["--ledger", demo.path, "--idle-timeout", "0"], [:], ["--idle-timeout"]),
            (["--ledger", demo.path, "--log-level", "loud"], [:], ["--log-level"]),
        ]
        for (args, environment, says) in cases {
            let result = try CommandRunner.run(["serve", "--listen", "127.0.0.1:0"] + args, environment: environment)
            #expect(result.status == 64, "\(args) \(environment): \(result.stderr)")
            for word in says { #expect(result.stderr.contains(word), "\(args) \(environment) should say \(word): \(result.stderr)") }
        }
    }

    /// A sqlite: store that does not exist is the missing-ledger refusal (66), as for --ledger.
    @Test func missingSQLiteStoreIsRefused() throws {
        let directory = try TemporaryDirectory()
        for store in ["sqlite:" + directory.path("absent.sqlite"), "sqlite://" + directory.path("absent.sqlite")] {
            let result = try CommandRunner.run(["serve", "--listen", "127.0.0.1:0", "--store", store])
            #expect(result.status == 66, "\(store): \(result.stderr)")
        }
    }
}

/// A slow client (slowloris) is cut off after the idle timeout, on a live server; a whole request still answers.
@Suite struct SlowClientTests {
    @Test func halfARequestIsClosedAfterTheIdleTimeout() async throws {
        var configuration = ServiceConfiguration(ledgerPath: demo.path, port: 0)
        configuration.idleTimeout = .seconds(2)
        try await buildApplication(configuration).testLive { client in
            let port = try #require(client.port)
            // Half a request head, then nothing: the server closes the connection (read returns 0, end of stream)
            // instead of waiting; the 60 s receive timeout only stops the test from hanging if it does not.
            let stalled = try RawConnection(port: port, receiveTimeout: 60)
            try stalled.send("GET /api/v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(await stalled.received() == .closed)
            // A connection that sends a whole request gets its answer.
            let whole = try RawConnection(port: port, receiveTimeout: 60)
            try whole.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let received = await whole.received()
            guard case .data(let answer) = received else { Issue.record("no answer to a whole request: \(received)"); return }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        }
    }
}

/// A request head past Hummingbird's 80 KiB limit never reaches the router: the HTTP layer answers a bare 400
/// (Hummingbird writes it; no problem document is possible there) and closes, and the server goes on serving.
@Suite struct HugeHeadTests {
    @Test func aHeadPastTheLimitIsRefusedAndTheServerGoesOn() async throws {
        try await liveDemoApplication().testLive { client in
            let port = try #require(client.port)
            let huge = try RawConnection(port: port, receiveTimeout: 60)
            try? huge.send("GET /api/v1/plans?asOf=" + String(repeating: "x", count: 90_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            // The answer is a 400 and a close; when the server closes while request bytes are still unread, TCP resets
            // the connection and the client may lose the 400 itself: either way it is refused, never answered 2xx.
            switch await huge.received() {
            case .data(let answer):
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
                #expect(answer.lowercased().contains("connection: close"), "\(answer)")
            case .closed: break
            case .timedOut: Issue.record("a huge head was neither answered nor refused in 60 s")
            }
            // Just under the router's own limit (8 KiB) the answer is a problem document; just over, 414.
            for (length, status) in [(8192 - "/api/v1/plans?asOf=".utf8.count, 400), (8193 - "/api/v1/plans?asOf=".utf8.count, 414)] {
                try await client.execute(uri: "/api/v1/plans?asOf=" + String(repeating: "7", count: length), method: .get) { response in
                    #expect(Int(response.status.code) == status, "\(length)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }
}

/// A TCP connection to 127.0.0.1 through the socket API, to send bytes a client library would not.
final class RawConnection: @unchecked Sendable {
    let socket: Int32

    enum Received: Equatable { case data(String), closed, timedOut }

    init(port: Int, receiveTimeout seconds: Int) throws {
        #if canImport(Glibc)
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Sends all of `text`; a connection the server closed is an error, never a SIGPIPE.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            let n = bytes[sent...].withUnsafeBytes { Darwin.send(socket, $0.baseAddress, $0.count, 0) }
            #endif
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
    }

    /// `receive()` on a thread of its own: a blocking read on one of the few threads of Swift's cooperative pool
    /// could starve the in-process server under test of the threads it answers on.
    func received() async -> Received {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.receive()) }
        }
    }

    /// Waits for bytes: what arrived, or that the server closed the connection, or that nothing came in time.
    func receive() -> Received {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(socket, &buffer, buffer.count)
        if n > 0 { return .data(String(decoding: buffer[..<n], as: UTF8.self)) }
        if n == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .closed
    }

    deinit { close(socket) }
}
