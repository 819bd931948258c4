import Foundation
import Synchronization
import Hummingbird
import LedgerCore
import LedgerStore
import Logging
import Projections

/// What `planledger serve` runs with: the ledger file, the address it listens on, and the clock that says
/// which day "today" is (the default `asOf`).
public struct ServiceConfiguration: Sendable {
    /// The ledger file, opened read-only in snapshots (`Ledger.openForReading`).
    public var ledgerPath: String
    /// The host to bind, e.g. `127.0.0.1` (TLS is left to a reverse proxy in front).
    public var host: String
    /// The TCP port; 0 asks the system for a free one (see `onServerRunning`).
    public var port: Int
    /// The organisation's time zone: the day "today" is in it (SPEC, "Fidelity").
    public var timeZone: TimeZone
    /// The clock; the CLI passes its own so that `$PLANLEDGER_NOW` pins it as for every command.
    public var now: @Sendable () -> Timestamp
    /// Who holds which bearer token (SPEC, "Accounts and roles"); with `NoAccounts` every caller is the public.
    public var accounts: any AccountDirectory
    /// The address the service is reached at from outside, e.g. `https://plan.region.se` behind a reverse proxy
    /// (absolute links, cookies' `Secure`); nil: the listening address.
    public var publicBaseURL: String?
    /// How much one `POST /api/v1/events` may carry and how many requests one commit takes.
    public var writeLimits = WriteLimits()
    /// Opens the ledger for writing (the service's one writer); nil: `Ledger.open` on `ledgerPath` with the standard
    /// projections, this configuration's clock and a 30 s busy timeout. `planledger serve` passes the CLI's own opener
    /// (`$PLANLEDGER_BUSY_TIMEOUT`, `$PLANLEDGER_NOW`).
    public var openForWriting: (@Sendable () throws -> Ledger)?

    public init(ledgerPath: String, host: String = "127.0.0.1", port: Int = 8080, timeZone: TimeZone = .organisationDefault,
                now: @escaping @Sendable () -> Timestamp = LedgerEnvironment.live.now,
                accounts: any AccountDirectory = NoAccounts(), publicBaseURL: String? = nil) {
        self.ledgerPath = ledgerPath
        self.host = host
        self.port = port
        self.timeZone = timeZone
        self.now = now
        self.accounts = accounts
        self.publicBaseURL = publicBaseURL
    }

    /// Today's date in the organisation's time zone.
    var today: LedgerDate { LedgerDate(now(), in: timeZone) }
}

/// The one place the application is built (STYLE 12): the router with its middleware and controllers, bound to
/// the configured address. `onServerRunning` receives the bound port (useful with port 0). The application runs
/// under swift-service-lifecycle: `runService()` stops on SIGTERM or SIGINT, letting requests in flight finish.
public func buildApplication(
    _ configuration: ServiceConfiguration, logger: Logger = Logger(label: "planledger.serve"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let writer = Writer(configuration, logger: logger)
    // The writer is a service of the application's group, listed before the HTTP server: on SIGTERM the group stops
    // the server first (no new connections; requests in flight answered, their commits included), then the writer,
    // which finishes what is queued and closes the ledger.
    return Application(
        router: buildRouter(configuration, writer: writer),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "planledger"),
        services: [writer],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

extension Writer {
    /// The writer of `configuration`'s ledger, opened with `openForWriting` (or `Ledger.open`) on first use.
    convenience init(_ configuration: ServiceConfiguration, head: HeadSignal? = nil, logger: Logger) {
        let path = configuration.ledgerPath
        let now = configuration.now
        let open = configuration.openForWriting ?? {
            try Ledger.open(at: path, environment: LedgerEnvironment(now: now, newID: LedgerEnvironment.live.newID),
                            projections: StandardProjections.all)
        }
        self.init(maxGroup: configuration.writeLimits.maxGroup, head: head, logger: logger, open: open)
    }
}

/// The router: problem documents for every error, then the health routes and the API's controllers under
/// `/api/v1`, each route behind the access policy of its row in `Access` (STYLE 14).
///
/// `writer` is the one writer behind `POST /api/v1/events` (`buildApplication` passes the one it runs as a service);
/// nil: one of the router's own, which commits as well but is never stopped gracefully.
public func buildRouter(_ configuration: ServiceConfiguration, writer: Writer? = nil) -> Router<ServiceContext> {
    let router = Router(context: ServiceContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: Authentication(accounts: configuration.accounts))
    let ledger = LedgerHandle(path: configuration.ledgerPath)
    let head = HeadSignal()
    let writer = writer ?? Writer(configuration, logger: Logger(label: "planledger.writer"))
    writer.headSignal.withLock { $0 = head }
    HealthController(ledger: ledger).addRoutes(to: router)
    let api = router.group("api/v1")
    OpenAPIController().addRoutes(to: api)
    QueryController(ledger: ledger, configuration: configuration).addRoutes(to: api)
    EventsController(writer: writer, ledger: ledger, limits: configuration.writeLimits).addRoutes(to: api)
    return router
}

/// The ledger, opened once for reading on first use and kept; a failed open is retried on the next request, so
/// a server started before its ledger exists becomes ready when it does.
final class LedgerHandle: Sendable {
    let path: String
    private let opened = Mutex<Ledger?>(nil)

    init(path: String) { self.path = path }

    /// The query layer over the ledger; throws the store's error when the ledger cannot be opened.
    func queries() throws -> LedgerQueries {
        try opened.withLock { ledger in
            if let ledger { return LedgerQueries(ledger) }
            let fresh = try Ledger.openForReading(at: path, projections: StandardProjections.all)
            ledger = fresh
            return LedgerQueries(fresh)
        }
    }
}
