import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    /// `GET /plan/{plan}/budget` (`asOf`, `knownAt` for auditors): the budget `GET /api/v1/plans/{plan}/budget` answers
    /// (`LedgerQueries.budget`), as seed 000 lists it in a division plan: the frames per unit, year and kind, and the
    /// economic action plan's measures with their full-year effect per year. Amounts are written the Swedish way
    /// (`AmountText`: no-break space between thousands, decimal comma), right-aligned, with the currency in the
    /// column heading; a kind is a word (drift, investering), never a colour. 404 names the plan.
    @Sendable func planBudgetPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let (asOf, knownAt) = try timePoint(parameters)
        let texts = WebTexts.planBudget
        let queries = try ledger.queries()
        guard let answer = try queries.budget(key, asOf: asOf, knownAt: knownAt) else {
            throw Self.missingPlan(key, existsAtAll: try queries.planKeys().contains(key), texts: WebTexts.plan)
        }
        let givenKnownAt = parameters.text("knownAt")
        let budget = answer.budget
        let amount = { (d: Double) in AmountText.format(d, .swedish, separator: "\u{00A0}") }
        let years = budget?.effectYears ?? []
        let page = Self.planPage("planbudget", title: "\(texts["title"] ?? "") – \(answer.title)", data: [
            "plan": key,
            "title": answer.title,
            "planHref": Self.planPath(key, nil, [("asOf", parameters.text("asOf")), ("knownAt", givenKnownAt)]),
            "action": Self.planPath(key, "budget"),
            "asOf": asOf.description,
            "knownAt": givenKnownAt as Any,
            "version": answer.version,
            "hasBudget": budget != nil,
            "currency": budget?.currency.rawValue as Any,
            "hasFrames": !(budget?.frames.isEmpty ?? true),
            "frames": (budget?.sortedFrames ?? []).map { frame in
                ["unit": frame.unit, "year": String(frame.year), "kind": frame.kind.word(.swedish), "amount": amount(frame.amount)]
            },
            "hasMeasures": !(budget?.measures.isEmpty ?? true),
            "years": years.map(String.init),
            "measures": (budget?.measures ?? []).map { measure in
                [
                    "id": measure.id,
                    "unit": measure.unit,
                    "text": measure.text,
                    "effects": years.map { year in
                        let effect = measure.effects.first { $0.year == year }
                        return ["amount": effect.map { amount($0.amount) } ?? "–", "given": effect != nil] as [String: Any]
                    },
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }
}

extension WebController {
    /// The budget part of the comparison page: every frame and measure that was added, removed or changed (unchanged
    /// ones are left out: the budget page lists them), each with the older and newer amount in Swedish form.
    static func budgetDiffData(_ diff: BudgetDiff, _ texts: [String: String]) -> [String: Any] {
        let amount = { (d: Double, c: BudgetCurrency?) in AmountText.format(d, .swedish, separator: "\u{00A0}") + (c.map { "\u{00A0}\($0.rawValue)" } ?? "") }
        func effects(_ m: BudgetMeasure, _ c: BudgetCurrency?) -> String {
            m.effects.sorted { $0.year < $1.year }.map { "\($0.year): \(amount($0.amount, c))" }.joined(separator: "; ")
        }
        let frames = diff.frames.filter { $0.change != .unchanged }
        let measures = diff.measures.filter { $0.change != .unchanged }
        return [
            "currencyChanged": diff.oldCurrency != diff.newCurrency,
            "oldCurrency": diff.oldCurrency?.rawValue ?? "",
            "newCurrency": diff.newCurrency?.rawValue ?? "",
            "hasFrames": !frames.isEmpty,
            "frames": frames.map { frame in
                [
                    "unit": frame.key.unit, "year": String(frame.key.year), "kind": frame.key.kind.word(.swedish),
                    "change": changeWord(frame.change, texts), "changeClass": frame.change.rawValue,
                    "old": frame.old.map { amount($0.amount, diff.oldCurrency) } as Any,
                    "new": frame.new.map { amount($0.amount, diff.newCurrency) } as Any,
                ] as [String: Any]
            },
            "hasMeasures": !measures.isEmpty,
            "measures": measures.map { measure in
                [
                    "id": measure.id, "text": measure.new?.text ?? measure.old?.text ?? "",
                    "change": changeWord(measure.change, texts), "changeClass": measure.change.rawValue,
                    "old": measure.old.map { effects($0, diff.oldCurrency) } as Any,
                    "new": measure.new.map { effects($0, diff.newCurrency) } as Any,
                ] as [String: Any]
            },
        ]
    }
}
