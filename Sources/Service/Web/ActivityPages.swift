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
        try overdueListPage(request, context, template: "activities", texts: WebTexts.activities) { filter in
            let (asOf, titles) = (filter.asOf, filter.titles)
            let rows = try filter.queries.activities(plan: filter.plan, overdue: filter.overdue, asOf: asOf, knownAt: filter.knownAt)
            return rows.map { row in
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
        }
    }

    /// The symbol beside each status word, as `/uppdrag` has them (the word says it; the symbol lets a column be
    /// scanned): not reported ○, started ◐, done ●, cancelled ⊘.
    static let activityStatusSymbols: [ActivityView.Status: String] = [.open: "○", .started: "◐", .done: "●", .cancelled: "⊘"]
}
