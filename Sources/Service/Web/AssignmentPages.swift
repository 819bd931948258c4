import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    /// The routes of the assignments (uppdrag).
    func addAssignmentPages(to web: RouterGroup<ServiceContext>) {
        everyone(web).get("uppdrag", use: assignments)
    }

    /// The query parameters of `/uppdrag`: the time point, `forsenade` and `plan`.
    static let assignmentParameters: Set<String> = QueryController.time.union(["forsenade", "plan"])

    /// What `/uppdrag` and `/aktiviteter` share: their filter form (`asOf`, `knownAt`, `forsenade`, `plan`, in `texts`'
    /// words), read and checked, and the page data the form shows. Fields from the GET form may arrive empty (= absent).
    /// A date or a `forsenade` that does not parse is an error at its field with status 400; a plan the ledger does not
    /// hold, 404 at the field.
    struct OverdueListFilter {
        var asOf: LedgerDate
        var knownAt: KnownAt
        var overdue: Bool
        var plan: String?
        var errors: [String: String]
        var status: HTTPResponse.Status
        /// The plans' titles by key at the point, for the rows' plan links.
        var titles: [String: String]
        var data: [String: Any]
        var queries: LedgerQueries
    }

    func overdueListFilter(_ request: Request, texts: [String: String]) throws -> OverdueListFilter {
        let parameters = try RequestParameters(request, allowed: Self.assignmentParameters)
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
        let planKeys = try queries.planKeys()
        let plan = value("plan")
        if let plan, errors.isEmpty, !planKeys.contains(plan) {
            errors["plan"] = texts["planUnknown"]
            status = .notFound
        }
        let plans = errors["asOf"] == nil ? try queries.planSummaries(asOf: asOf, knownAt: knownAt) : []
        let titles = Dictionary(plans.map { ($0.plan, $0.title) }) { first, _ in first }
        let data: [String: Any] = [
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
        return OverdueListFilter(asOf: asOf, knownAt: knownAt, overdue: overdue, plan: plan, errors: errors, status: status,
                                 titles: titles, data: data, queries: queries)
    }

    /// `GET /uppdrag` (`asOf`, `knownAt`, `forsenade=1`, `plan`): Uppdrag as of a date, the same rows as
    /// `GET /api/v1/assignments` (`LedgerQueries.assignments(plan:overdue:asOf:knownAt:)`): Klart senast, the status in
    /// Swedish (`AssignmentView.Status.word(.swedish)`), an overdue one marked by word and symbol (WCAG 2.1, 1.4.1).
    /// Fields from the GET form may arrive empty (= absent). A date or a `forsenade` that does not parse is shown at
    /// its field, 400; a plan the ledger does not hold, 404 at the field.
    @Sendable func assignments(_ request: Request, _ context: ServiceContext) async throws -> Response {
        try overdueListPage(request, context, template: "assignments", texts: WebTexts.assignments) { filter in
            let (asOf, titles) = (filter.asOf, filter.titles)
            let rows = try filter.queries.assignments(plan: filter.plan, overdue: filter.overdue, asOf: asOf, knownAt: filter.knownAt)
            return rows.map { row in
                var cells: [String: Any] = [
                    "deadline": row.deadline.description,
                    "assignment": row.assignment,
                    "title": row.title,
                    "status": row.status.word(.swedish),
                    "statusSymbol": Self.statusSymbols[row.status] ?? "",
                    "overdue": row.overdue,
                    "assignee": row.assignee,
                    "issuedBy": row.issuedBy,
                    "note": row.note ?? "",
                ]
                // Only present values: a section over a missing key renders nothing.
                if let reported = row.reported { cells["reported"] = reported.description }
                if let plan = row.plan { cells["plan"] = ["href": Self.planHref(plan, asOf: asOf), "title": titles[plan] ?? plan] }
                return cells
            }
        }
    }

    /// The page frame `/uppdrag` and `/aktiviteter` share: the filter read from `request` (`overdueListFilter`); when a
    /// field is wrong, the form with its errors and the filter's status; otherwise `rows(filter)`, one dictionary of
    /// cells per table row, with `hasRows` and `count`, in `template`.
    func overdueListPage(
        _ request: Request, _ context: ServiceContext, template: String, texts: [String: String],
        rows: (OverdueListFilter) throws -> [[String: Any]]
    ) throws -> Response {
        let filter = try overdueListFilter(request, texts: texts)
        var data = filter.data
        guard filter.errors.isEmpty else {
            return try renderer.response(WebPage(template: template, title: texts["title"] ?? "", data: data, status: filter.status), request, context)
        }
        let cells = try rows(filter)
        data["hasRows"] = !cells.isEmpty
        data["count"] = cells.count
        data["rows"] = cells
        return try renderer.response(WebPage(template: template, title: texts["title"] ?? "", data: data), request, context)
    }

    /// The text key of each field's label, for the error summary.
    static let assignmentLabels = ["asOf": "asOf", "forsenade": "overdueOnly", "plan": "plan"]

    /// `/plan/{plan}?asOf=…`, the key percent-encoded as one path segment (a key may hold `/`).
    static func planHref(_ plan: String, asOf: LedgerDate) -> String {
        planPath(plan, nil, [("asOf", asOf.description)])
    }

    /// The symbol beside each status word (the word says it; the symbol lets a column be scanned).
    static let statusSymbols: [AssignmentView.Status: String] = [.open: "○", .partial: "◐", .done: "●"]
}
