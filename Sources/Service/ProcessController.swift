import Foundation
import Hummingbird
import LedgerCore
import Projections

/// The planning process's read endpoints (SPEC "The planning year", **The process**): bodies are the CLI's JSON.
/// Everyone may read them (a timetable is public); `knownAt` is the auditors' and registrars' as elsewhere
/// (`AccessPolicy`).
extension QueryController {
    func addProcessRoutes(to everyone: RouterGroup<ServiceContext>) {
        everyone.get("processes", use: processes)
        everyone.get("processes/{process}", use: process)
    }

    /// `GET /processes` = `planledger processes --format json`.
    @Sendable func processes(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        return jsonResponse(.array(try ledger.queries().processes(asOf: asOf, knownAt: knownAt).map(\.summaryJSON)))
    }

    /// `GET /processes/{process}` = `planledger process PROCESS --format json`; 404 when it is not planned by `asOf`.
    @Sendable func process(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try ProcessKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        guard let view = try ledger.queries().process(key, asOf: asOf, knownAt: knownAt) else { throw ProcessKey.missing(key, asOf: asOf) }
        return jsonResponse(view.json)
    }
}

/// The process key of a route's `{process}`, read as `PlanKey` reads a plan's.
enum ProcessKey {
    static func from(_ context: some RequestContext) throws(Problem) -> String {
        guard let raw = context.parameters.get("process") else { throw .badParameter("process", "missing") }
        guard let decoded = raw.removingPercentEncoding else { throw .badParameter("process", "invalid percent-encoding in \"\(raw)\"") }
        return try PlanKey.check(decoded, field: "process")
    }

    /// 404: no such process planned by the as-of date.
    static func missing(_ key: String, asOf: LedgerDate) -> Problem {
        Problem(.notFound, "no-such-process", title: "No such process",
                detail: "no planning process \"\(key)\" planned by \(asOf)",
                problems: [.init(line: nil, field: "process", reason: "not planned by \(asOf)")])
    }
}
