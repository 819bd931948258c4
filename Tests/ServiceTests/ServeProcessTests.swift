import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `planledger serve` as a real process on a loopback port: it answers, and SIGTERM stops it cleanly (exit 0).
@Suite struct ServeProcessTests {
    @Test func servesAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["serve", "--ledger", demo.path, "--listen", "127.0.0.1:0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The port the system chose, from the line `serve` prints once it listens.
        var said = ""
        while !said.contains("/api/v1\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(said.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber }, "serve said: \(said)")
        #expect(Int(port).map { $0 > 0 } == true, "serve said: \(said)")

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok")
        let (plans, answer) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/plans?asOf=\(day)")!)
        #expect((answer as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: plans, as: UTF8.self) == (try cli(["plans", "--as-of", day])))

        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "serve still running 10 s after SIGTERM")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "serve ended with \(process.terminationStatus)")
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
