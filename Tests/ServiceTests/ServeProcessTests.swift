import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `planledger serve` as a real process on a loopback port: it answers, and SIGTERM stops it cleanly (exit 0).
@Suite struct ServeProcessTests {
    @Test func servesAndStopsOnSIGTERM() async throws {
        let server = try ServeProcess(["--ledger", demo.path])
        defer { server.stop() }
        let port = server.port

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok")
        let (plans, answer) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/plans?asOf=\(day)")!)
        #expect((answer as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: plans, as: UTF8.self) == (try cli(["plans", "--as-of", day])))

        // stop() sends SIGTERM and kills the process if it is still running 10 s later: then it did not exit 0.
        let status = server.stop()
        #expect(server.process.terminationReason == .exit && status == 0, "serve ended with \(status) (not within 10 s of SIGTERM, or failing)")
    }

    /// A missing ledger is refused at start, as every command refuses it, not at the first request.
    @Test func missingLedgerIsRefusedAtStart() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.run(["serve", "--ledger", directory.path("absent.sqlite"), "--listen", "127.0.0.1:0"])
        #expect(result.status == 66, "\(result.stderr)")
    }

    @Test func badListenAddressIsAUsageError() throws {
        for listen in ["8080", "127.0.0.1:99999", ":8080", "127.0.0.1:http"] {
            let result = try CommandRunner.run(["serve", "--ledger", demo.path, "--listen", listen])
            #expect(result.status == 64, "\(listen): \(result.stderr)")
            #expect(result.stderr.contains("--listen"), "\(listen)")
        }
    }
}
