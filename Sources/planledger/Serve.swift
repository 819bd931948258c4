import ArgumentParser
import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Service
import Synchronization

extension Planledger {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the ledger's JSON API over HTTP (read endpoints under /api/v1, /healthz, /readyz).",
            discussion: """
                Listens on --listen (plain HTTP: put TLS in a reverse proxy in front). Every request is answered as the \
                public role for now: the diary and replay are masked as --public masks them; history, audit, verify, \
                export and knownAt answer 401 until accounts exist. Stops on SIGTERM or SIGINT after the requests in \
                flight are answered. The API is described at /api/v1/openapi.json.
                """)

        @Option(name: .long, help: ArgumentHelp("The address to listen on, HOST:PORT (port 0: any free port).", valueName: "host:port"))
        var listen: String = "127.0.0.1:8080"
        @OptionGroup var ledger: LedgerOptions

        /// `--listen` as host and port; the host may be a bracketed IPv6 address (`[::1]:8080`).
        static func address(_ text: String) throws(ValidationError) -> (host: String, port: Int) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
                throw ValidationError("--listen: expected HOST:PORT with a port from 0 to 65535, got \"\(text)\"")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw ValidationError("--listen: expected HOST:PORT, the host is missing in \"\(text)\"") }
            return (host, port)
        }

        func validate() throws {
            _ = try Self.address(listen)
            _ = try organisationZone()
        }

        func run() throws {
            try reportingFailures {
                // Refuse a missing or unreadable ledger now, with the CLI's message and exit code, not at the first request.
                _ = try ledger.openForReading()
                let (host, port) = try Self.address(listen)
                var configuration = ServiceConfiguration(ledgerPath: ledger.path, host: host, port: port, timeZone: try organisationZone(),
                                                         now: LedgerEnvironment.fromProcess.now)
                // The one writer opens the ledger as `append` does (busy timeout, clock), on the first write.
                let writing = ledger
                configuration.openForWriting = { try writing.open() }
                let path = ledger.path
                let app = buildApplication(configuration, logger: cliLogger) { bound in
                    printError("planledger: serving \(path) on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)/api/v1")
                }
                let outcome = Outcome()
                Task {
                    do { try await app.runService() } catch { outcome.failure.withLock { $0 = "\(error)" } }
                    outcome.done.signal()
                }
                outcome.done.wait()
                if let message = outcome.failure.withLock({ $0 }) {
                    printError("planledger: serve: \(message)")
                    throw Exit.internalError
                }
            }
        }
    }
}

/// How the server's task ended, handed from it to the command's thread.
private final class Outcome: Sendable {
    let failure = Mutex<String?>(nil)
    let done = DispatchSemaphore(value: 0)
}
