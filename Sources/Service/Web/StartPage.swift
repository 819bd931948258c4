import Catalogue
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    func addStartPage(to web: RouterGroup<ServiceContext>) {
        everyone(web).get("", use: start)
    }

    /// How many decisions the start page lists.
    static let recentDecisionCount = 10

    /// `GET /` (`asOf`, `knownAt`): Gällande styrdokument (the plans in force at the point, as `planledger plans`)
    /// and Senaste beslut (the latest plan versions); the search issue adds the search box.
    @Sendable func start(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let (asOf, knownAt) = try timePoint(parameters)
        let queries = try ledger.queries()
        // One listing serves both tables: the plans in force, and the titles of the plans the decisions name.
        let listed = try queries.planSummaries(asOf: asOf, knownAt: knownAt)
        let plans = listed.filter { $0.status == .inForce }
        let titles = Dictionary(listed.map { ($0.plan, $0.title) }) { first, _ in first }
        let decisions = try queries.recentDecisions(limit: Self.recentDecisionCount, asOf: asOf, knownAt: knownAt)
        let page = WebPage(template: "start", title: WebTexts.start["title"] ?? "", data: [
            "asOf": asOf.description,
            "hasPlans": !plans.isEmpty,
            "hasDecisions": !decisions.isEmpty,
            "plans": plans.map { plan in
                [
                    "href": Self.planPath(plan.plan),
                    "title": plan.title,
                    "kind": plan.kind,
                    "owner": plan.owner,
                    "version": plan.version,
                    "effective": plan.effective?.description ?? "",
                    "approvedBy": plan.approvedBy ?? "",
                ] as [String: Any]
            },
            "decisions": decisions.map { plan, entry in
                [
                    "href": Self.planPath(plan, nil, [("version", String(entry.version))]),
                    "plan": titles[plan] ?? plan,
                    "version": entry.version,
                    "date": entry.date.description,
                    "change": entry.change,
                    "approvedBy": entry.approvedBy ?? "",
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }
}
