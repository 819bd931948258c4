import Foundation
import Hummingbird
import LedgerCore
import Projections

/// The read endpoints of the SPEC under `/api/v1`, each answering what the CLI command of the same name answers,
/// with the same JSON (`AnswerJSON`, `PrettyJSON`): a handler reads its parameters, calls `LedgerQueries`, encodes.
struct QueryController {
    let ledger: LedgerHandle
    let configuration: ServiceConfiguration

    /// The parameters every time-point query takes (`--as-of`, `--known-at`).
    static let time: Set<String> = ["asOf", "knownAt"]

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        let everyone = api.group().add(middleware: AccessPolicy(roles: Access.everyone, what: "this answer"))
        everyone.get("plans", use: plans)
        everyone.get("plans/{plan}", use: plan)
        everyone.get("plans/{plan}/changes", use: changes)
        everyone.get("plans/{plan}/followups", use: followups)
        everyone.get("plans/{plan}/chain", use: chain)
        everyone.get("plans/{plan}/budget", use: budget)
        everyone.get("diary", use: diary)
        everyone.get("assignments", use: assignments)
        everyone.get("activities", use: activities)
        everyone.get("policies", use: policies)
        everyone.get("replay", use: replay)
        addProcessRoutes(to: everyone)
        everyone.get("search", use: search)
    }

    /// The time point of a request: `asOf` (default today in the organisation's zone) and `knownAt` (default now).
    func timePoint(_ parameters: RequestParameters, _ request: Request) throws -> (LedgerDate, KnownAt) {
        let asOf = try parameters.date("asOf") ?? configuration.today
        let knownAt = try parameters.knownAt("knownAt", in: configuration.timeZone) { try ledger.queries().ledger.head().seq }
        return (asOf, knownAt ?? .head)
    }

    /// 404 for a plan that does not exist at the time point, saying whether the ledger holds it at all.
    private func missing(_ plan: String, _ queries: LedgerQueries) -> Problem {
        .noSuchPlan(plan, existsAtAll: ((try? queries.planKeys()) ?? []).contains(plan))
    }

    /// `GET /plans` = `planledger plans --format json`.
    @Sendable func plans(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        let plans = try ledger.queries().planSummaries(asOf: asOf, knownAt: knownAt)
        return jsonResponse(.array(plans.map { .object($0.summaryJSON) }))
    }

    /// `GET /plans/{plan}` = `planledger show PLAN [--version N] --format json`.
    @Sendable func plan(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time.union(["version"]))
        let (asOf, knownAt) = try timePoint(parameters, request)
        let version = try parameters.integer("version", minimum: 1)
        switch try ledger.queries().planDetail(key, asOf: asOf, knownAt: knownAt, version: version) {
        case .found(let view, let children): return jsonResponse(AnswerJSON.show(view, children: children))
        case .noSuchPlan(let existsAtAll): throw Problem.noSuchPlan(key, existsAtAll: existsAtAll)
        case .noSuchVersion(let version, let latest):
            throw Problem(.notFound, "no-such-version", title: "No such version",
                          detail: "plan \"\(key)\" has no version \(version) as of \(asOf); the latest is \(latest)",
                          problems: [.init(line: nil, field: "version", reason: "the latest version is \(latest)")])
        }
    }

    /// `GET /plans/{plan}/changes` = `planledger changes PLAN --format json` (every known version unless `asOf`).
    @Sendable func changes(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (_, knownAt) = try timePoint(parameters, request)
        let queries = try ledger.queries()
        guard let changes = try queries.changes(key, asOf: try parameters.date("asOf"), knownAt: knownAt) else { throw missing(key, queries) }
        return jsonResponse(.array(changes.map(\.json)))
    }

    /// `GET /plans/{plan}/followups` = `planledger followups PLAN [--period P] --format json`.
    @Sendable func followups(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time.union(["period"]))
        let (asOf, knownAt) = try timePoint(parameters, request)
        let period = try parameters.period("period")
        let queries = try ledger.queries()
        guard let answer = try queries.planFollowups(key, period: period, asOf: asOf, knownAt: knownAt) else { throw missing(key, queries) }
        return jsonResponse(.array(answer.rows.map(\.json)))
    }

    /// `GET /plans/{plan}/chain` = `planledger chain PLAN --format json`.
    @Sendable func chain(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        let queries = try ledger.queries()
        guard let root = try queries.chain(key, asOf: asOf, knownAt: knownAt) else { throw missing(key, queries) }
        return jsonResponse(root.json)
    }

    /// `GET /plans/{plan}/budget` = `planledger budget PLAN --format json`: frames and measures of the budget in force.
    @Sendable func budget(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        let queries = try ledger.queries()
        guard let answer = try queries.budget(key, asOf: asOf, knownAt: knownAt) else { throw missing(key, queries) }
        return jsonResponse(answer.json)
    }

    /// `GET /diary` = `planledger diary [--public] --format json`: masked for public and staff (`Access.masked`).
    @Sendable func diary(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time.union(["from", "to"]))
        let (asOf, knownAt) = try timePoint(parameters, request)
        let queries = try ledger.queries()
        let entries = try queries.diary(from: try parameters.date("from"), to: try parameters.date("to"), asOf: asOf, knownAt: knownAt)
        return jsonResponse(.array(try (Access.masked(context.role) ? queries.masked(entries) : entries).map(\.json)))
    }

    /// `GET /search?q=` = `planledger search QUERY [--public] [--limit N] [--offset N] --format json`: masked for public and
    /// staff (`Access.masked`). A refused query is a 400 naming `q` (`SearchQuery.parse`), a limit or offset out of range
    /// one naming it.
    @Sendable func search(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time.union(["q", "limit", "offset"]))
        let query = try Self.searchQuery(parameters.text("q"))
        let limit = try parameters.integer("limit", minimum: 1) ?? SearchPaging.defaultLimit
        guard limit <= SearchPaging.maxLimit else { throw Problem.badParameter("limit", "expected 1 to \(SearchPaging.maxLimit), got \(limit)") }
        let offset = try parameters.integer("offset", minimum: 0) ?? 0
        guard offset <= SearchPaging.maxOffset else { throw Problem.badParameter("offset", "expected 0 to \(SearchPaging.maxOffset), got \(offset)") }
        let (asOf, knownAt) = try timePoint(parameters, request)
        let hits = try ledger.queries().search(query, asOf: asOf, knownAt: knownAt, publicMode: Access.masked(context.role), limit: limit, offset: offset)
        return jsonResponse(.array(hits.map(\.json)))
    }

    /// `q` as a search query, or a 400 naming `q` and the reason (absent: "missing").
    static func searchQuery(_ text: String?) throws(Problem) -> SearchQuery {
        guard let text else { throw .badParameter("q", "missing; give the words to search for") }
        switch SearchQuery.parse(text) {
        case .success(let query): return query
        case .failure(let refusal): throw .badParameter("q", refusal.description)
        }
    }

    /// `GET /assignments` = `planledger assignments [--plan P] [--overdue] --format json`.
    @Sendable func assignments(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time.union(["plan", "overdue"]))
        let (asOf, knownAt) = try timePoint(parameters, request)
        let plan = try parameters.key("plan")
        let overdue = try parameters.flag("overdue")
        let queries = try ledger.queries()
        if let plan, try !queries.planKeys().contains(plan) { throw Problem.noSuchPlan(plan, existsAtAll: false) }
        return jsonResponse(.array(try queries.assignments(plan: plan, overdue: overdue, asOf: asOf, knownAt: knownAt).map(\.json)))
    }

    /// `GET /activities` = `planledger activities [PLAN] [--overdue] --format json`: 404 for a plan the ledger does not hold.
    @Sendable func activities(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time.union(["plan", "overdue"]))
        let (asOf, knownAt) = try timePoint(parameters, request)
        let plan = try parameters.key("plan")
        let overdue = try parameters.flag("overdue")
        let queries = try ledger.queries()
        if let plan, try !queries.planKeys().contains(plan) { throw Problem.noSuchPlan(plan, existsAtAll: false) }
        return jsonResponse(.array(try queries.activities(plan: plan, overdue: overdue, asOf: asOf, knownAt: knownAt).map(\.json)))
    }

    /// `GET /policies` = `planledger policies --format json`: the requirements on plans in force by `asOf`, with their history.
    @Sendable func policies(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        return jsonResponse(.array(try ledger.queries().policies(asOf: asOf, knownAt: knownAt).map(\.json)))
    }

    /// `GET /replay` = `planledger replay [--public] --format json`: the plain fold of the log, the diary masked as `/diary`.
    @Sendable func replay(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.time)
        let (asOf, knownAt) = try timePoint(parameters, request)
        let queries = try ledger.queries()
        let (snapshot, recorded) = try queries.replay(asOf: asOf, knownAt: knownAt)
        let diary = Access.masked(context.role) ? try queries.masked(snapshot.diary) : snapshot.diary
        return jsonResponse(AnswerJSON.replay(snapshot, recorded: recorded, diary: diary))
    }
}
