import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// The outermost middleware: gives every request an id, answers a known path asked with a method it does not take
/// with 405, writes one log line per request and counts it in the metrics.
///
/// - Request id: a sane incoming `X-Request-ID` (1 to 128 characters of `A-Z a-z 0-9 - _ . :`) is kept, anything
///   else is replaced by a fresh UUID; it is echoed in the response's `X-Request-ID` and set as the logger's
///   `hb.request.id`, so every line logged while answering carries it (`context.id` returns it too).
/// - The log line (level info, message `request`): `hb.request.id`, `method`, `route` (the route's pattern, such as
///   `/api/v1/plans/{plan}`, or `unmatched`: never the path or query asked for, which hold user text), `status`
///   and `duration_ms`. Nothing else of the request is logged: no header (so no `Authorization` or `Cookie`), no
///   query, no body (so no password, token or secret field), by construction rather than by filtering.
/// - A request target longer than 8 KiB is answered 414 before any route reads it.
/// - Duration: from the request reaching the router to the response's head (a streamed body, such as the event
///   stream's, is not included).
struct RequestLog: RouterMiddleware {
    typealias Context = ServiceContext
    let metrics: ServiceMetrics
    let routes: RouteTable

    /// The response header carrying the request id.
    static let requestIDField = HTTPField.Name("X-Request-ID")!

    /// The longest request target (path and query) answered: a longer one is 414 (RFC 9110 15.5.15); no route's
    /// parameters come near it. (Past Hummingbird's 80 KiB header limit the connection is refused before routing.)
    static let longestTarget = 8192

    /// The incoming id if it is sane, else a fresh one.
    static func requestID(_ incoming: String?) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:".utf8)
        if let incoming, (1...128).contains(incoming.utf8.count), incoming.utf8.allSatisfy(allowed.contains) {
            return incoming
        }
        return UUID().uuidString.lowercased()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let id = Self.requestID(request.headers[Self.requestIDField])
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        var response: Response
        do {
            guard request.uri.description.utf8.count <= Self.longestTarget else { throw Problem.uriTooLong(limit: Self.longestTarget) }
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            var error = error
            if error.status == .notFound, context.endpointPath == "NotFound", let allowed = routes.methods(for: request.uri.path) {
                // The path is a route's, but not with this method (RFC 9110 15.5.6: 405 with Allow).
                error = Problem.methodNotAllowed(request.method, allowed: allowed)
                context.coreContext.endpointPath.value = routes.pattern(for: request.uri.path)
            }
            response = try error.response(from: request, context: context)
        } catch {
            finish(request, context, status: .internalServerError, start: start)
            throw error
        }
        response.headers[Self.requestIDField] = id
        finish(request, context, status: response.status, start: start)
        return response
    }

    /// Logs the request's line and counts it.
    private func finish(_ request: Request, _ context: Context, status: HTTPResponse.Status, start: UInt64) {
        let elapsed = DispatchTime.now().uptimeNanoseconds &- start
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.request(route: route, method: request.method, status: status, nanoseconds: elapsed)
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(status.code),
            "duration_ms": .string(String(format: "%.3f", Double(elapsed) / 1_000_000)),
        ])
    }
}

/// The routes of the router, by pattern, filled once every route is added (`buildRouter`'s last step): used to tell
/// a path no route has (404) from a path whose route takes other methods (405, with those methods in `Allow`).
final class RouteTable: Sendable {
    private let table = Mutex<[(pattern: [Substring], path: String, methods: [HTTPRequest.Method])]>([])

    /// Records `routes` (from `Router.routes`).
    func load(_ routes: [Router<ServiceContext>.RouteDescription]) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes { byPath[route.path.description, default: []].append(route.method) }
        table.withLock { table in
            table = byPath.sorted { $0.key < $1.key }.map { (pattern: $0.key.split(separator: "/"), path: $0.key, methods: $0.value.sorted { $0.rawValue < $1.rawValue }) }
        }
    }

    private func match(_ path: String) -> (path: String, methods: [HTTPRequest.Method])? {
        let segments = path.split(separator: "/")
        return table.withLock { table in
            // A literal segment beats a `{parameter}`, as in the router.
            let candidates = table.filter { entry in
                entry.pattern.count == segments.count
                    && zip(entry.pattern, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
            }
            return candidates.max { $0.pattern.filter { !$0.hasPrefix("{") }.count < $1.pattern.filter { !$0.hasPrefix("{") }.count }
                .map { ($0.path, $0.methods) }
        }
    }

    /// The methods the route at `path` takes, or nil when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method]? { match(path)?.methods }

    /// The pattern of the route at `path` (`/api/v1/plans/{plan}`), for logs and metrics.
    func pattern(for path: String) -> String? { match(path)?.path }
}
