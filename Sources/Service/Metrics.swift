import CoreMetrics
import Hummingbird
import Metrics
import Prometheus

/// The service's metrics, in the Prometheus text format at `GET /metrics` (issue 14): recorded through
/// swift-metrics into a `PrometheusCollectorRegistry` that this value owns.
///
/// Each application has its own registry and passes its `PrometheusMetricsFactory` to every metric it makes
/// (`Counter(label:dimensions:factory:)`), so the process-global `MetricsSystem` is never bootstrapped: tests build
/// many applications in one process, and `MetricsSystem.bootstrap` may be called at most once. (Hummingbird's own
/// `MetricsMiddleware`, in the `Hummingbird` product, records through the global system after the response is
/// written, so it cannot be pointed at one application's registry; `RequestMetrics` below takes its place.)
///
/// The series, all without `# HELP` lines (swift-metrics carries none):
/// - `planledger_http_requests_total{route,method,status}`: requests answered; `route` is the route's pattern
///   (`/api/v1/plans/{plan}`), never the path asked for, `unmatched` for a path no route has;
/// - `planledger_http_request_duration_seconds{route,method}`: a histogram of the time from the request's head to
///   its response (buckets from 1 ms to 10 s);
/// - `planledger_events_appended_total`: events committed by this process (`appended(_:)`, called by the writer);
/// - `planledger_ledger_head_seq`: the seq of the ledger's last event, read when `/metrics` is scraped (so appends by
///   another process count too), or set by the writer through `headAdvanced(to:)`.
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The factory every metric of this application is made with.
    public let factory: PrometheusMetricsFactory
    private let appendedCounter: CoreMetrics.Counter
    private let headGauge: CoreMetrics.Gauge

    /// The latency buckets, in seconds: fine below 25 ms (the p99 target for appends), coarse above.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(10),
    ]

    static let requests = "planledger_http_requests_total"
    static let duration = "planledger_http_request_duration_seconds"

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.duration] = Self.latencyBuckets
        self.factory = factory
        appendedCounter = CoreMetrics.Counter(label: "planledger_events_appended_total", factory: factory)
        headGauge = CoreMetrics.Gauge(label: "planledger_ledger_head_seq", factory: factory)
    }

    /// Counts `count` events the writer committed durably (call it after the commit, once per group).
    public func appended(_ count: Int) {
        guard count > 0 else { return }
        appendedCounter.increment(by: count)
    }

    /// Sets the head seq gauge (the writer after a commit; `/metrics` at each scrape).
    public func headAdvanced(to seq: Int) {
        headGauge.record(seq)
    }

    /// Counts one answered request and records how long it took.
    func request(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, nanoseconds: UInt64) {
        CoreMetrics.Counter(label: Self.requests, dimensions: [("route", route), ("method", method.rawValue), ("status", String(status.code))],
                factory: factory).increment()
        CoreMetrics.Timer(label: Self.duration, dimensions: [("route", route), ("method", method.rawValue)], factory: factory)
            .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func render() -> String { registry.emitToString() }
}

/// `GET /metrics`: the registry as Prometheus text, with the head seq read from the ledger first. Who may read it is
/// `ServiceConfiguration.metricsRoles` (everyone by default: the figures say nothing the public API does not, and a
/// scraper on the same host or network needs no token; `--private-metrics` keeps them for registrars, auditors and admins).
struct MetricsController {
    let metrics: ServiceMetrics
    let ledger: LedgerHandle
    let roles: Set<Role>

    func addRoutes(to router: Router<ServiceContext>) {
        router.group().add(middleware: AccessPolicy(roles: roles, what: "/metrics"))
            .get("metrics") { _, _ -> Response in
                // A ledger that cannot be read leaves the gauge as it was; /readyz says why.
                if let head = try? ledger.queries().ledger.head() { metrics.headAdvanced(to: head.seq) }
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
            }
    }
}
