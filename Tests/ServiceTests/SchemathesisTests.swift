import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
import TestSupport

/// A real `planledger serve` on a loopback port chosen by the system, for tests from outside the process.
final class ServeProcess: Sendable {
    let process: Process
    let port: Int
    private let errors: Mutex<String>
    private let done = DispatchSemaphore(value: 0)

    /// Starts `planledger serve --listen 127.0.0.1:0 args…` and waits for the line naming its port.
    init(_ args: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + args
        var env = ProcessInfo.processInfo.environment
        for name in ["PLANLEDGER_LEDGER", "PLANLEDGER_STORE", "LC_ALL", "LANG"] { env.removeValue(forKey: name) }
        env["PLANLEDGER_NOW"] = "2024-06-30T10:00:00Z"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var said = ""
        while !said.contains("/api/v1\n") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = said.split(separator: "http://127.0.0.1:").last.flatMap({ Int($0.prefix { $0.isNumber }) }), port > 0 else {
            process.terminate()
            throw ServeFailed(said: said)
        }
        self.process = process
        self.port = port
        self.errors = Mutex(said)
        // Keep reading standard error (request log lines) so that the pipe never fills.
        Thread.detachNewThread { [self] in
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                self.errors.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
            }
            self.done.signal()
        }
    }

    struct ServeFailed: Error, CustomStringConvertible {
        var said: String
        var description: String { "planledger serve did not start: \(said)" }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// What the server wrote to standard error so far.
    var stderr: String { errors.withLock { $0 } }

    /// SIGTERM, then waits (up to `seconds`) for the exit, then SIGKILL (a second SIGTERM would not end a graceful
    /// shutdown that hangs); returns the exit status.
    @discardableResult func stop(waiting seconds: Double = 10) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = done.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// GET `url`, returning the status, the headers and the body.
func get(_ url: String, headers: [String: String] = [:]) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
    var request = URLRequest(url: URL(string: url)!)
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as! HTTPURLResponse
    return (http.statusCode, http.allHeaderFields, String(decoding: data, as: UTF8.self))
}

/// The version of schemathesis `.ci/run` installs; the arguments below are that version's.
let schemathesisVersion = "4.32.5"

/// Schemathesis (from PyPI) against a real `planledger serve` on the demo ledger, driven by the committed OpenAPI
/// document as the server serves it: every check, a fixed seed and a bounded number of examples per operation. Twice:
/// as the public (no credentials), and signed in as a registrar, who may read and write everything (on a copy of the
/// demo ledger, since the fuzzed POSTs append).
@Suite(.serialized) struct SchemathesisTests {
    @Test(arguments: ["public", "registrar"]) func everyCheckPassesAgainstTheServedDocument(role: String) async throws {
        let probe = try CommandRunner.runExecutable("/usr/bin/env", ["python3", "-c", "import schemathesis, sys; sys.stdout.write(schemathesis.__version__)"])
        try #require(probe.status == 0, """
            schemathesis is not installed, and this test needs it (issue 14: the outside test of the API). Install it with
                python3 -m pip install schemathesis==\(schemathesisVersion)
            (.ci/run does this) and run the tests again. \(probe.stderr)
            """)
        let scratch = try TemporaryDirectory()
        var ledger = demo.path
        var signIn: [String] = []
        if role != "public" {
            ledger = scratch.path("ledger.sqlite")
            try FileManager.default.copyItem(atPath: demo.path, toPath: ledger)
            let added = try CommandRunner.run(["accounts", "add", "fuzz", "--role", role, "--ledger", ledger])
            try #require(added.status == 0, "\(added.stderr)")
            let issued = try CommandRunner.run(["accounts", "token", "fuzz", "--ledger", ledger])
            try #require(issued.status == 0, "\(issued.stderr)")
            signIn = ["--header", "Authorization: Bearer \(issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"]
        }
        let server = try ServeProcess(["--ledger", ledger])
        defer { server.stop() }
        // A request the document calls valid may still be refused for the ledger's state or rules, which no schema
        // can carry: 412 (If-Match named another head) and 422 (events that break the ledger's rules, such as a
        // revision of a plan that does not exist). A consistency proof also needs the old checkpoint's size to be at
        // most the new one's, a rule across two parameters that JSON Schema cannot state: 400 there. So does search's `q`
        // (a word of 3 or more characters holding a letter or digit of any script, which no pattern schemathesis reads
        // can say): 400 there too. Everything else
        // schemathesis expects of valid input stands.
        let config = scratch.path("schemathesis.toml")
        try Data("""
            [checks.positive_data_acceptance]
            expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "429", "5xx"]

            [[operations]]
            include-path = "/api/v1/proofs/consistency"
            [operations.checks.positive_data_acceptance]
            expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

            [[operations]]
            include-path = "/api/v1/search"
            [operations.checks.positive_data_acceptance]
            expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

            """.utf8).write(to: URL(fileURLWithPath: config))
        // `python3 -c` rather than the `schemathesis` script: pip may put the script where PATH does not look. Minutes
        // of waiting: on a thread of its own, not one of the cooperative pool's (two on CI), which other tests need.
        let directory = scratch.url, credentials = signIn
        let result = try await onThreadOfItsOwn { try CommandRunner.runExecutable("/usr/bin/env", [
            "python3", "-c", "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; sys.exit(schemathesis())",
            "--config-file", config,
            "run", "\(server.base)/api/v1/openapi.json",
            "--checks", "all",
            "--seed", "14",
            "--max-examples", "25",
            "--workers", "1",
            "--generation-database", "none",
            "--request-timeout", "10",
            "--no-color",
        ] + credentials, environment: ["SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"], directory: directory) }
        let output = result.stdout + result.stderr
        #expect(result.status == 0, "schemathesis \(probe.stdout) as \(role) found failures:\n\(output)")
        // Not vacuous: its summary counts the cases it generated, and every one passed ("N generated, N passed").
        let summary = output.split(separator: "\n").last { $0.contains(" generated, ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        let counts = summary?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] >= 100 && summary?.hasSuffix(" passed") == true,
                "schemathesis summary: \(summary ?? "none")\n\(output)")
        print("schemathesis \(probe.stdout) as \(role): \(summary ?? "no summary")")
    }
}
