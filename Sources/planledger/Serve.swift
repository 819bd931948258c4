import ArgumentParser
import Foundation
import Hummingbird
import LedgerCore
import Logging
import LedgerStore
import Service
import Synchronization

extension Planledger {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the ledger over HTTP: the JSON API under /api/v1 (reads, POST /events, the event stream), /healthz, /readyz, /metrics.",
            discussion: """
                Listens on --listen (plain HTTP: put TLS in a reverse proxy in front and pass --public-base-url). Callers \
                sign in with an API token (Authorization: Bearer TOKEN, from planledger accounts token) or a web session \
                (POST /api/v1/session); without either a request is the public role. Public and staff see what --public \
                shows; registrars see everything and append with POST /api/v1/events, the event's actor being their \
                account; auditors see everything (knownAt, history, audit, verify, export, proofs, the account log) and \
                write nothing. Concurrent writes are committed together, each request all or nothing, and answered after \
                the commit is durable. Stops on SIGTERM or SIGINT: no new connections, the requests in flight answered \
                and their commits finished, then the ledger closed. The API is described at /api/v1/openapi.json.
                """)

        @Option(name: .long, help: ArgumentHelp("The address to listen on, HOST:PORT (port 0: any free port).", valueName: "host:port"))
        var listen: String = "127.0.0.1:8080"
        @OptionGroup var ledger: LedgerOptions
        @Option(name: .long, help: ArgumentHelp(
            "Where the ledger is kept: a SQLite file's path or sqlite:PATH (default: $PLANLEDGER_STORE, else --ledger's default).",
            discussion: "postgresql:// URLs are refused until the PostgreSQL store of issue 18 is built. Not with --ledger.",
            valueName: "store"))
        var store: String?
        @Option(name: .customLong("public-base-url"), help: ArgumentHelp(
            "The address clients reach the service at, e.g. https://plan.example.org behind a TLS reverse proxy.",
            discussion: "An absolute http or https URL with no query or fragment.", valueName: "url"))
        var publicBaseURL: String?
        @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
            "Seconds a connection may wait for the next part of a request before it is closed (slow clients).", valueName: "seconds"))
        var idleTimeout: Double = 30
        @Flag(name: .customLong("private-metrics"), help: "Serve /metrics only to registrars, auditors and admins (bearer token), not to everyone.")
        var privateMetrics = false
        @Option(name: .customLong("log-level"), help: ArgumentHelp(
            "Log level: trace, debug, info (one line per request), notice, warning, error, critical (default: $PLANLEDGER_LOG_LEVEL, else info).",
            valueName: "level"))
        var logLevel: String?

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

        /// `--store` (else `$PLANLEDGER_STORE`) as a SQLite file's path: a plain path or `sqlite:PATH`. A PostgreSQL URL is
        /// a usage error naming issue 18, whose store is not built yet; any other `scheme://` is refused as unknown.
        static func sqlitePath(store text: String, from source: String) throws(ValidationError) -> String {
            let lowered = text.lowercased()
            if lowered.hasPrefix("postgresql:") || lowered.hasPrefix("postgres:") {
                throw ValidationError("\(source): a PostgreSQL store is not built yet (issue 18); serve a SQLite ledger: a path or sqlite:PATH")
            }
            var path = text
            if lowered.hasPrefix("sqlite:") {
                path = String(text.dropFirst("sqlite:".count))
                if path.hasPrefix("//") { path = String(path.dropFirst(2)) }  // sqlite:///var/lib/x.sqlite
            } else if let colon = text.range(of: "://") {
                throw ValidationError("\(source): unknown store \"\(text[..<colon.lowerBound])\"; expected a SQLite path or sqlite:PATH")
            }
            guard !path.isEmpty else { throw ValidationError("\(source): the SQLite path is empty in \"\(text)\"") }
            return path
        }

        /// `--public-base-url`: an absolute http(s) URL with a host and no query or fragment; a trailing `/` is dropped.
        static func publicBaseURL(_ text: String) throws(ValidationError) -> String {
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty, url.user == nil, url.password == nil else {
                throw ValidationError("--public-base-url: expected an absolute http or https URL such as https://plan.example.org, got \"\(text)\"")
            }
            guard url.query == nil, url.fragment == nil else {
                throw ValidationError("--public-base-url: a base URL has no query (?) or fragment (#), got \"\(text)\"")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }

        mutating func validate() throws {
            _ = try Self.address(listen)
            _ = try organisationZone()
            if let publicBaseURL { _ = try Self.publicBaseURL(publicBaseURL) }
            guard idleTimeout > 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout: expected seconds from 0 to 86400, got \(idleTimeout)") }
            if let logLevel, Logger.Level(rawValue: logLevel) == nil {
                throw ValidationError("--log-level: expected trace, debug, info, notice, warning, error or critical, got \"\(logLevel)\"")
            }
            // --store wins over $PLANLEDGER_STORE, which wins over $PLANLEDGER_LEDGER; --store with --ledger is ambiguous.
            if let store {
                guard ledger.ledger == nil else { throw ValidationError("--store and --ledger name the same thing; give one") }
                ledger.ledger = try Self.sqlitePath(store: store, from: "--store")
            } else if ledger.ledger == nil, let store = ProcessInfo.processInfo.environment["PLANLEDGER_STORE"], !store.isEmpty {
                ledger.ledger = try Self.sqlitePath(store: store, from: "PLANLEDGER_STORE")
            }
        }

        /// The server's log: one line per request at info (see `RequestLog`), on standard error.
        var serveLogger: Logger {
            var logger = Logger(label: "planledger.serve")
            logger.logLevel = (logLevel ?? ProcessInfo.processInfo.environment["PLANLEDGER_LOG_LEVEL"]).flatMap(Logger.Level.init(rawValue:)) ?? .info
            return logger
        }

        func run() throws {
            try reportingFailures {
                // Refuse a missing or unreadable ledger now, with the CLI's message and exit code, not at the first request.
                _ = try ledger.openForReading()
                let (host, port) = try Self.address(listen)
                var configuration = ServiceConfiguration(ledgerPath: ledger.path, host: host, port: port, timeZone: try organisationZone(),
                                                         now: LedgerEnvironment.fromProcess.now, accounts: LedgerAccounts(ledgerPath: ledger.path))
                configuration.publicBaseURL = try publicBaseURL.map(Self.publicBaseURL)
                configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
                if privateMetrics { configuration.metricsRoles = Access.auditors.union(Access.admins) }
                // The one writer opens the ledger as `append` does (busy timeout, clock), on the first write.
                let writing = ledger
                configuration.openForWriting = { try writing.open() }
                let path = ledger.path
                let app = buildApplication(configuration, logger: serveLogger) { bound in
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
