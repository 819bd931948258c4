import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    /// The routes of the activities (aktiviteter).
    func addActivityPages(to web: RouterGroup<ServiceContext>) {
        everyone(web).get("aktiviteter", use: activities)
    }

    /// `GET /aktiviteter` (`asOf`, `knownAt`, `forsenade=1`, `plan`): the activities of the plans' content in force as of a
    /// date, the same rows as `GET /api/v1/activities` (`LedgerQueries.activities(plan:overdue:asOf:knownAt:)`): Klart
    /// senast, the status in Swedish (`ActivityView.Status.word(.swedish)`), an overdue one marked by word and symbol
    /// (WCAG 2.1, 1.4.1), as `/uppdrag` does with the same parameters. A date or a `forsenade` that does not parse is
    /// shown at its field, 400; a plan the ledger does not hold, 404 at the field.
    @Sendable func activities(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.assignmentParameters)
        let texts = WebTexts.activities
        func value(_ name: String) -> String? {
            guard let text = parameters.text(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var errors: [String: String] = [:]
        var status: HTTPResponse.Status = .badRequest
        var asOf = configuration.today
        if let text = value("asOf") {
            if let date = LedgerDate(iso: text) { asOf = date } else { errors["asOf"] = texts["dateInvalid"] }
        }
        let knownAt = try parameters.knownAt("knownAt", in: configuration.timeZone) { try ledger.queries().ledger.head().seq } ?? .head
        var overdue = false
        switch value("forsenade") {
        case nil, "0", "false": overdue = false
        case "1", "true": overdue = true
        default: errors["forsenade"] = texts["overdueInvalid"]
        }
        let queries = try ledger.queries()
        let plan = value("plan")
        if let plan, errors.isEmpty, try !queries.planKeys().contains(plan) {
            errors["plan"] = texts["planUnknown"]
            status = .notFound
        }
        let plans = errors["asOf"] == nil ? try queries.planSummaries(asOf: asOf, knownAt: knownAt) : []
        let titles = Dictionary(plans.map { ($0.plan, $0.title) }) { first, _ in first }
        var data: [String: Any] = [
            "asOf": asOf.description,
            "values": ["asOf": value("asOf") ?? asOf.description, "plan": plan ?? ""],
            "overdueOnly": overdue,
            "plans": plans.sorted { $0.title < $1.title }.map { view in
                ["value": view.plan, "text": view.title, "selected": view.plan == plan] as [String: Any]
            },
            "hasErrors": !errors.isEmpty,
            "errors": ["asOf", "forsenade", "plan"].compactMap { field in
                errors[field].map { ["field": field, "label": texts[Self.assignmentLabels[field] ?? ""] ?? field, "reason": $0] }
            },
            "fieldErrors": errors,
            "hidden": parameters.text("knownAt").map { [["name": "knownAt", "value": $0]] } ?? [],
        ]
        guard errors.isEmpty else {
            return try renderer.response(WebPage(template: "activities", title: texts["title"] ?? "", data: data, status: status), request, context)
        }
        let rows = try queries.activities(plan: plan, overdue: overdue, asOf: asOf, knownAt: knownAt)
        data["hasRows"] = !rows.isEmpty
        data["count"] = rows.count
        data["rows"] = rows.map { row in
            var cells: [String: Any] = [
                "due": row.due.description,
                "activity": row.activity,
                "text": row.text,
                "status": row.status.word(.swedish),
                "statusSymbol": Self.activityStatusSymbols[row.status] ?? "",
                "overdue": row.overdue,
                "targetGroup": row.targetGroup,
                "from": row.from?.description ?? "",
                "responsible": row.responsible,
                "contact": row.contact,
                "note": row.note ?? "",
                "planHref": Self.planHref(row.plan, asOf: asOf),
                "planTitle": titles[row.plan] ?? row.plan,
            ]
            // Only present values: a section over a missing key renders nothing.
            if let reported = row.reported { cells["reported"] = reported.description }
            return cells
        }
        return try renderer.response(WebPage(template: "activities", title: texts["title"] ?? "", data: data), request, context)
    }

    /// The symbol beside each status word, as `/uppdrag` has them (the word says it; the symbol lets a column be
    /// scanned): not reported ○, started ◐, done ●, cancelled ⊘.
    static let activityStatusSymbols: [ActivityView.Status: String] = [.open: "○", .started: "◐", .done: "●", .cancelled: "⊘"]
}
