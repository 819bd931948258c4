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
    /// Web sessions and sign-in throttling (`POST /api/v1/session`).
    public var sessions = SessionConfiguration()
    /// The event stream (`GET /api/v1/events/stream`) sends a `: heartbeat` comment after this long without a
    /// message (default 15 s; tests shorten it).
    public var streamHeartbeat: Duration = .seconds(15)
    /// How often the event stream reads the head, to notice events appended by another process (default 1 s).
    public var streamPoll: Duration = .seconds(1)
    /// How many events the event stream reads from one snapshot before writing them (default 500).
    public var streamBatch: Int = 500
    /// Who may read `/metrics`: everyone by default (for a scraper on loopback or the same network; the figures say
    /// nothing the public API does not); `Access.auditors.union(Access.admins)` with `serve --private-metrics`.
    public var metricsRoles: Set<Role> = Access.everyone
    /// How long a connection may stay without a complete request part before it is closed: a client that opens a
    /// connection and sends nothing, or a request head slower than this (slowloris), is cut off. Hummingbird's
    /// HTTP/1 `idleTimeout`; nil waits forever.
    public var idleTimeout: Duration? = .seconds(30)
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

/// The logger `buildApplication` uses when given none (tests, embedding): warnings and errors only, so that the
/// request lines (`RequestLog`, at info) are written only where asked for, as `planledger serve` does.
public let quietLogger: Logger = {
    var logger = Logger(label: "planledger.serve")
    logger.logLevel = .warning
    return logger
}()

/// The one place the application is built (STYLE 12): the router with its middleware and controllers, bound to
/// the configured address. `onServerRunning` receives the bound port (useful with port 0). The application runs
/// under swift-service-lifecycle: `runService()` stops on SIGTERM or SIGINT, letting requests in flight finish.
public func buildApplication(
    _ configuration: ServiceConfiguration, logger: Logger = quietLogger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let writer = Writer(configuration, logger: logger)
    // The writer is a service of the application's group, listed before the HTTP server: on SIGTERM the group stops
    // the server first (no new connections; requests in flight answered, their commits included), then the writer,
    // which finishes what is queued and closes the ledger.
    return Application(
        router: buildRouter(configuration, writer: writer),
        server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout.map { .nanoseconds(Int64($0 / .nanoseconds(1))) })),
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
    let metrics = ServiceMetrics()
    let routes = RouteTable()
    router.add(middleware: RequestLog(metrics: metrics, routes: routes))
    router.add(middleware: SecurityHeaders())
    router.add(middleware: ProblemMiddleware())
    let sessions = SessionStore(lifetime: configuration.sessions.lifetime)
    // Failures on web pages become pages: inside `Authentication`, so that the page shows who is signed in, and once
    // more outside it for its own refusals (a form without its CSRF token).
    let renderer = WebRenderer(templates: .shipped)
    router.add(middleware: WebErrors(renderer: renderer))
    router.add(middleware: Authentication(accounts: configuration.accounts, sessions: sessions))
    router.add(middleware: WebErrors(renderer: renderer))
    let ledger = LedgerHandle(path: configuration.ledgerPath)
    let head = HeadSignal()
    let writer = writer ?? Writer(configuration, logger: Logger(label: "planledger.writer"))
    writer.headSignal.withLock { $0 = head }
    writer.metrics.withLock { $0 = metrics }
    HealthController(ledger: ledger).addRoutes(to: router)
    MetricsController(metrics: metrics, ledger: ledger, roles: configuration.metricsRoles).addRoutes(to: router)
    let api = router.group("api/v1")
    OpenAPIController().addRoutes(to: api)
    QueryController(ledger: ledger, configuration: configuration).addRoutes(to: api)
    let signIn = SignIn(accounts: configuration.accounts, sessions: sessions, throttle: LoginThrottle(configuration.sessions),
                        secure: configuration.publicBaseURL?.lowercased().hasPrefix("https:") ?? false)
    SessionController(signIn: signIn).addRoutes(to: api)
    AccountsController(ledgerPath: configuration.ledgerPath, timeZone: configuration.timeZone).addRoutes(to: api)
    StreamController(ledger: ledger, head: head, configuration: configuration).addRoutes(to: api)
    AuditController(ledger: ledger, configuration: configuration).addRoutes(to: api)
    EventsController(writer: writer, ledger: ledger, limits: configuration.writeLimits).addRoutes(to: api)
    WebController(ledger: ledger, configuration: configuration, renderer: renderer, writer: writer,
                  sessions: sessions, signIn: signIn).addRoutes(to: router)
    routes.load(router.routes)  // last: every route is added
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
