import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    /// The routes of plan page, versions, diff, as-of and known-at, follow-ups and the goal chain.
    func addPlanPages(to web: RouterGroup<ServiceContext>) {
        let pages = everyone(web)
        pages.get("plan/{plan}", use: planPage)
        pages.get("plan/{plan}/jamfor", use: planComparePage)
        pages.get("plan/{plan}/uppfoljning", use: planFollowupsPage)
        pages.get("plan/{plan}/malkedja", use: planChainPage)
        pages.get("plan/{plan}/budget", use: planBudgetPage)
    }

    /// The path of plan `key`'s page (`/plan/KEY`, the key percent-encoded as one path segment) and of its `sub`
    /// pages, with `query` (name, value) pairs; an absent value is left out.
    static func planPath(_ key: String, _ sub: String? = nil, _ query: [(String, String?)] = []) -> String {
        var segment = CharacterSet.urlPathAllowed
        segment.remove(charactersIn: "/;?#")
        var components = URLComponents()
        components.percentEncodedPath = "/plan/" + (key.addingPercentEncoding(withAllowedCharacters: segment) ?? key) + (sub.map { "/" + $0 } ?? "")
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components.queryItems = items }
        return components.string ?? "/plan/"
    }

    /// The texts of a 404 for plan `key` on a plan page: whether the ledger holds it at all, in Swedish.
    static func missingPlan(_ key: String, existsAtAll: Bool, texts: [String: String]) -> Problem {
        Problem(.notFound, "no-such-plan", title: "No such plan",
                detail: existsAtAll ? "\(texts["notAtPoint"] ?? "") \(key)" : "\(texts["noSuchPlan"] ?? "") \(key)",
                problems: [.init(line: nil, field: "plan", reason: texts[existsAtAll ? "notAtPointReason" : "unknownPlanReason"] ?? "")])
    }

    /// A plan page (the renderer leaves `data`'s absent values out: `WebRenderer.withoutNils`).
    static func planPage(_ template: String, title: String, data: [String: Any]) -> WebPage {
        WebPage(template: template, title: title, data: data)
    }

    /// The text a table cell shows for a metric's value: a number with a decimal comma and its unit, a word as it is.
    static func measure(_ value: JSONValue?, unit: String?) -> String {
        guard let value else { return "" }
        let unitText = if case .number = value, let unit { " \(unit)" } else { "" }
        return Language.swedish.value(value) + unitText
    }

    // MARK: - The plan

    /// `GET /plan/{plan}` (`asOf`, `knownAt` for auditors, `version`): the plan as `GET /api/v1/plans/{plan}` answers
    /// it (`LedgerQueries.planDetail`), with its change list up to the version shown, a version picker of the
    /// versions in force by the as-of date, and the forms that choose the time point. 404 names the plan or version.
    @Sendable func planPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: QueryController.time.union(["version"]))
        let (asOf, knownAt) = try timePoint(parameters)
        let version = try parameters.integer("version", minimum: 1)
        let texts = WebTexts.plan
        let queries = try ledger.queries()
        let view: PlanView, children: [String]
        switch try queries.planDetail(key, asOf: asOf, knownAt: knownAt, version: version) {
        case .found(let found, let keys):
            view = found
            children = keys
        case .noSuchPlan(let existsAtAll): throw Self.missingPlan(key, existsAtAll: existsAtAll, texts: texts)
        case .noSuchVersion(let version, let latest):
            throw Problem(.notFound, "no-such-version", title: "No such version",
                          detail: "\(texts["noSuchVersion"] ?? "") \(key) \(texts["version"] ?? "") \(version) (\(asOf)); \(texts["latestIs"] ?? "") \(latest)",
                          problems: [.init(line: nil, field: "version", reason: "\(texts["latestIs"] ?? "") \(latest)")])
        }
        // The picker offers every version in force by the as-of date (the change list of the latest view).
        let known = version == nil ? view.changes : (try queries.changes(key, asOf: asOf, knownAt: knownAt) ?? view.changes)
        let givenAsOf = parameters.text("asOf")
        let givenKnownAt = parameters.text("knownAt")
        func title(of plan: String) throws -> String { try queries.plan(plan, asOf: asOf, knownAt: knownAt)?.title ?? plan }
        let timeQuery: [(String, String?)] = [("asOf", givenAsOf), ("knownAt", givenKnownAt)]
        let status = Message.statusAsOf(status: view.status, supersededBy: view.supersededBy?.version, on: view.supersededBy?.date, asOf: asOf)
        let groups = Perspectives.grouped(view.goals ?? [], by: \.perspective)
        // Each activity's status as of the date, from the activities of the content in force then (an activity of an
        // older version shown by number, no longer in force, shows none).
        let activityStatus = Dictionary(try queries.activities(plan: key, overdue: false, asOf: asOf, knownAt: knownAt).map { ($0.activity, $0) }) { a, _ in a }
        let analyses = Self.analysesData(view, required: RequiredAnalysis.of(
            kind: view.kind, on: view.effective, policies: try queries.policies(asOf: asOf, knownAt: knownAt)))
        let page = Self.planPage("plan", title: view.title, data: [
            "plan": key,
            "title": view.title,
            "kind": view.kind,
            "owner": view.owner,
            "period": view.period.map { "\($0.from) – \($0.to)" } as Any,
            "parent": try view.parent.map { ["href": Self.planPath($0, nil, timeQuery), "title": try title(of: $0)] } as Any,
            "hasChildren": !children.isEmpty,
            "children": try children.map { ["href": Self.planPath($0, nil, timeQuery), "title": try title(of: $0)] },
            "status": status.text(.swedish),
            "statusClass": view.status.rawValue,
            "hasVersion": view.version > 0,
            "version": view.version,
            "effective": view.effective?.description as Any,
            "approvedBy": view.approvedBy as Any,
            "asOf": asOf.description,
            "knownAt": givenKnownAt as Any,
            "paragraphs": Self.paragraphs(view.text),
            "hasContent": view.text != nil || !(view.goals ?? []).isEmpty,
            "hasGoals": !groups.isEmpty,
            "perspectives": groups.enumerated().map { index, group in
                [
                    "id": "perspektiv-\(index + 1)",
                    "name": group.perspective,
                    "goals": group.items.map { Self.goalData($0, activities: activityStatus) },
                ] as [String: Any]
            },
            "hasAnalyses": !analyses.isEmpty,
            "analyses": analyses,
            "hasChanges": !view.changes.isEmpty,
            "changes": view.changes.map { entry in
                [
                    "version": entry.version,
                    "date": entry.date.description,
                    "change": entry.change,
                    "approvedBy": entry.approvedBy ?? "",
                    "corrected": entry.corrected,
                    "compare": entry.version > 1
                        ? Self.planPath(key, "jamfor", [("fran", String(entry.version - 1)), ("till", String(entry.version)), ("knownAt", givenKnownAt)]) as Any
                        : nil as String? as Any,
                    "previous": entry.version - 1,
                ] as [String: Any]
            },
            "versions": known.map { ["version": $0.version, "selected": $0.version == view.version] as [String: Any] },
            "hasVersions": !known.isEmpty,
            "action": Self.planPath(key),
            "isAuditor": !context.roles.isDisjoint(with: Access.auditors),
            "followupsHref": Self.planPath(key, "uppfoljning", timeQuery),
            "chainHref": Self.planPath(key, "malkedja", timeQuery),
            "budgetHref": view.budget == nil ? nil as String? as Any : Self.planPath(key, "budget", timeQuery) as Any,
        ])
        return try renderer.response(page, request, context)
    }

    /// The perspective analyses of the version shown, in `Perspective.allCases` order: each analysis the content holds
    /// (`present`, with `concerned` and `text`) and each perspective a policy requires of the version that the content
    /// lacks (`missing`: the policy and the date its version took effect), as `show` lists them.
    static func analysesData(_ view: PlanView, required: [RequiredAnalysis]) -> [[String: Any]] {
        let analyses = view.analyses ?? []
        return Perspective.allCases.compactMap { perspective in
            let name = perspective.word(.swedish)
            let heading = name.prefix(1).uppercased() + name.dropFirst()
            if let a = analyses.first(where: { $0.perspective == perspective }) {
                return ["name": heading, "present": true, "concerned": a.concerned, "text": a.text]
            }
            guard let r = required.first(where: { $0.perspective == perspective }) else { return nil }
            return ["name": heading, "present": false, "missing": ["policy": r.policy.policy, "since": r.policy.effective.description]]
        }
    }

    /// The plan text as paragraphs: split at blank lines, each paragraph's lines kept.
    static func paragraphs(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func goalData(_ goal: Goal, activities status: [String: ActivityView] = [:]) -> [String: Any] {
        [
            "hasActivities": !goal.activities.isEmpty,
            "activities": goal.activities.map { a in
                let now = status[a.id]
                return [
                    "id": a.id, "text": a.text, "targetGroup": a.targetGroup,
                    "schedule": a.from.map { "\($0) – \(a.due)" } ?? a.due.description,
                    "metrics": a.metrics.joined(separator: ", "), "responsible": a.responsible, "contact": a.contact,
                    "status": now.map { $0.status.word(.swedish) + ($0.reported.map { " (\($0))" } ?? "") } ?? "",
                    "overdue": now?.overdue ?? false,
                ] as [String: Any]
            },
            "id": goal.id,
            "text": goal.text,
            "successFactor": goal.successFactor as Any,
            "hasMetrics": !goal.metrics.isEmpty,
            "metrics": goal.metrics.map { metric in
                [
                    "id": metric.id,
                    "name": metric.name,
                    "baseline": measure(metric.baseline, unit: metric.unit),
                    "target": measure(metric.target, unit: metric.unit),
                    "periods": metric.periods.map(\.rawValue).joined(separator: ", "),
                ] as [String: Any]
            },
        ]
    }

    // MARK: - Comparing two versions

    /// `GET /plan/{plan}/jamfor?fran=N&till=M` (`knownAt` for auditors): the difference between any two versions
    /// known (`LedgerQueries.planDiff`), goal by goal and metric by metric, text marked word by word with `<ins>` and
    /// `<del>` and the words "tillagt" and "borttaget". Without `till` the latest version, without `fran` the one
    /// before `till`.
    @Sendable func planComparePage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: ["fran", "till", "knownAt"])
        let (_, knownAt) = try timePoint(parameters)
        let texts = WebTexts.planCompare
        let queries = try ledger.queries()
        guard let latest = try queries.changes(key, asOf: nil, knownAt: knownAt) else {
            throw Self.missingPlan(key, existsAtAll: try queries.planKeys().contains(key), texts: texts)
        }
        let till = try parameters.integer("till", minimum: 1) ?? latest.last?.version ?? 1
        let fran = try parameters.integer("fran", minimum: 1) ?? max(1, till - 1)
        let diff: PlanDiff, plan: PlanView
        switch try queries.planDiff(key, from: fran, to: till, knownAt: knownAt) {
        case .found(let found, let view):
            diff = found
            plan = view
        case .noSuchPlan(let existsAtAll): throw Self.missingPlan(key, existsAtAll: existsAtAll, texts: texts)
        case .noSuchVersion(let version, let latest):
            let field = version == fran && parameters.text("fran") != nil ? "fran" : "till"
            throw Problem(.notFound, "no-such-version", title: "No such version",
                          detail: "\(texts["noSuchVersion"] ?? "") \(key) \(texts["versionFrom"] ?? "") \(version); \(texts["latestIs"] ?? "") \(latest)",
                          problems: [.init(line: nil, field: field, reason: "\(texts["latestIs"] ?? "") \(latest)")])
        }
        let givenKnownAt = parameters.text("knownAt")
        let goalGroups = Perspectives.grouped(diff.goals, by: \.perspective)
        let titleChanged = diff.title.contains { $0.kind != .same }
        let page = Self.planPage("plancompare", title: "\(texts["title"] ?? "") – \(plan.title)", data: [
            "plan": key,
            "title": plan.title,
            "planHref": Self.planPath(key, nil, [("knownAt", givenKnownAt)]),
            "action": Self.planPath(key, "jamfor"),
            "knownAt": givenKnownAt as Any,
            "fran": fran,
            "till": till,
            "versionsFrom": plan.changes.map { ["version": $0.version, "selected": $0.version == fran] as [String: Any] },
            "versionsTo": plan.changes.map { ["version": $0.version, "selected": $0.version == till] as [String: Any] },
            "same": fran == till,
            "onlyOne": plan.changes.count < 2,
            "isEmpty": diff.isEmpty,
            "titleChanged": titleChanged,
            "titlePieces": Self.pieces(diff.title),
            "period": diff.period.map { change in
                ["old": change.old.map { "\($0.from) – \($0.to)" } as Any, "new": change.new.map { "\($0.from) – \($0.to)" } as Any] as [String: Any]
            } as Any,
            "textChanged": diff.text.contains { $0.kind != .same },
            "hasText": !diff.text.isEmpty,
            "textPieces": Self.pieces(diff.text),
            "hasGoals": !goalGroups.isEmpty,
            "perspectives": goalGroups.enumerated().map { index, group in
                [
                    "id": "perspektiv-\(index + 1)",
                    "name": group.perspective,
                    "goals": group.items.map { Self.goalDiffData($0, texts) },
                ] as [String: Any]
            },
            "budget": diff.budget.hasChanges ? Self.budgetDiffData(diff.budget, texts) as Any : nil as [String: Any]? as Any,
            "hasAnalyses": diff.analyses.contains { $0.change != .unchanged },
            "analyses": diff.analyses.filter { $0.change != .unchanged }.map { a in
                let name = a.perspective.word(.swedish)
                return [
                    "name": name.prefix(1).uppercased() + name.dropFirst(), "changeWord": Self.changeWord(a.change, texts),
                    "concernedChanged": a.concernedChanged,
                    "oldConcerned": (a.old?.concerned ?? true) ? texts["concernedYes"] ?? "" : texts["concernedNo"] ?? "",
                    "newConcerned": (a.new?.concerned ?? true) ? texts["concernedYes"] ?? "" : texts["concernedNo"] ?? "",
                    "pieces": Self.pieces(a.text),
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }

    /// Word pieces for the template: exactly one of `same`, `inserted`, `deleted` is true.
    static func pieces(_ pieces: [WordDiff.Piece]) -> [[String: Any]] {
        pieces.map { ["text": $0.text, "same": $0.kind == .same, "inserted": $0.kind == .inserted, "deleted": $0.kind == .deleted] }
    }

    /// What a goal's or metric's change is called on the page.
    static func changeWord(_ change: PlanDiff.Change, _ texts: [String: String]) -> String {
        switch change {
        case .added: texts["added"] ?? ""
        case .removed: texts["removed"] ?? ""
        case .changed: texts["changed"] ?? ""
        case .unchanged: texts["unchanged"] ?? ""
        }
    }

    static func goalDiffData(_ goal: PlanDiff.GoalDiff, _ texts: [String: String]) -> [String: Any] {
        /// A metric's field as a cell: the value, or the old value removed and the new added.
        func cell(_ field: String, _ metric: PlanDiff.MetricDiff, _ value: (Metric) -> String) -> [String: Any] {
            let old = metric.old.map(value) ?? "", new = metric.new.map(value) ?? ""
            let changed = metric.fields.contains(field)
            return ["changed": changed, "unchanged": !changed, "value": metric.new.map(value) ?? old, "old": old, "new": new,
                    "hasOld": !old.isEmpty, "hasNew": !new.isEmpty]
        }
        return [
            "id": goal.id,
            "anchor": "mal-\(goal.id)",
            "change": changeWord(goal.change, texts),
            "changeClass": goal.change.rawValue,
            "movedFrom": goal.movedFromPerspective as Any,
            "textPieces": pieces(goal.text),
            "hasSuccessFactor": !goal.successFactor.isEmpty,
            "successFactorPieces": pieces(goal.successFactor),
            "hasMetrics": !goal.metrics.isEmpty,
            "metrics": goal.metrics.map { metric in
                [
                    "id": metric.id,
                    "change": changeWord(metric.change, texts),
                    "changeClass": metric.change.rawValue,
                    "metricMovedFrom": metric.movedFrom as Any,
                    "metricMovedTo": metric.movedTo as Any,
                    "name": cell("name", metric) { $0.name },
                    "baseline": cell("baseline", metric) { measure($0.baseline, unit: $0.unit) },
                    "target": cell("target", metric) { measure($0.target, unit: $0.unit) },
                    "periods": cell("periods", metric) { $0.periods.map(\.rawValue).joined(separator: ", ") },
                ] as [String: Any]
            },
        ]
    }

    // MARK: - Follow-ups

    /// `GET /plan/{plan}/uppfoljning` (`asOf`, `knownAt` for auditors, `period`): the rows of
    /// `GET /api/v1/plans/{plan}/followups` (`LedgerQueries.planFollowups`) as seed 004 prints them, by perspective:
    /// Framgångsfaktor, Styrmått, Mål, Uppföljningsperiod, Periodens utfall, Måluppfyllelse (symbol and word).
    @Sendable func planFollowupsPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: QueryController.time.union(["period"]))
        let (asOf, knownAt) = try timePoint(parameters)
        let period = try parameters.period("period")
        let texts = WebTexts.planFollowups
        let queries = try ledger.queries()
        guard let answer = try queries.planFollowups(key, period: period, asOf: asOf, knownAt: knownAt) else {
            throw Self.missingPlan(key, existsAtAll: try queries.planKeys().contains(key), texts: WebTexts.plan)
        }
        let goals = Dictionary((answer.plan.goals ?? []).map { ($0.id, $0) }) { first, _ in first }
        let groups = Perspectives.grouped(answer.rows) { $0.perspective ?? "" }
        let givenKnownAt = parameters.text("knownAt")
        let page = Self.planPage("planfollowups", title: "\(texts["title"] ?? "") – \(answer.plan.title)", data: [
            "plan": key,
            "title": answer.plan.title,
            "planHref": Self.planPath(key, nil, [("asOf", parameters.text("asOf")), ("knownAt", givenKnownAt)]),
            "action": Self.planPath(key, "uppfoljning"),
            "asOf": asOf.description,
            "period": period ?? "",
            "knownAt": givenKnownAt as Any,
            "hasRows": !answer.rows.isEmpty,
            "perspectives": groups.enumerated().map { index, group in
                [
                    "id": "perspektiv-\(index + 1)",
                    "name": group.perspective,
                    "rows": group.items.map { row in
                        [
                            "successFactor": row.goal.flatMap { goals[$0]?.successFactor } ?? "",
                            "metric": row.name ?? row.metric,
                            "target": Self.measure(row.target, unit: row.unit),
                            "period": row.period.description,
                            "outcome": Self.measure(row.outcome, unit: row.unit),
                            "reported": row.fulfilment != nil,
                            "symbol": Self.symbol(row.fulfilment),
                            "fulfilment": row.fulfilment?.word(.swedish) ?? texts["notReported"] ?? "",
                            "fulfilmentClass": Self.fulfilmentClass(row.fulfilment),
                            "comment": row.comment as Any,
                        ] as [String: Any]
                    },
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }

    /// The symbol beside a fulfilment's word (the word says it; the symbol is for the eye, hidden from screen readers).
    static func symbol(_ fulfilment: Fulfilment?) -> String {
        switch fulfilment {
        case .met: "✔"
        case .partly: "◐"
        case .notMet: "✘"
        case .notAvailable: "–"
        case nil: "?"
        }
    }

    /// The stylesheet's class of a fulfilment (`fulfilment--met`, …).
    static func fulfilmentClass(_ fulfilment: Fulfilment?) -> String {
        switch fulfilment {
        case .met: "fulfilment--met"
        case .partly: "fulfilment--partly"
        case .notMet: "fulfilment--notMet"
        case .notAvailable: "fulfilment--notAvailable"
        case nil: "fulfilment--missing"
        }
    }

    // MARK: - The goal chain

    /// `GET /plan/{plan}/malkedja` (`asOf`, `knownAt` for auditors): `LedgerQueries.chain` as a nested list, each
    /// plan a link to its page at the same time point.
    @Sendable func planChainPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let (asOf, knownAt) = try timePoint(parameters)
        let texts = WebTexts.planChain
        let queries = try ledger.queries()
        guard let root = try queries.chain(key, asOf: asOf, knownAt: knownAt) else {
            throw Self.missingPlan(key, existsAtAll: try queries.planKeys().contains(key), texts: WebTexts.plan)
        }
        let timeQuery: [(String, String?)] = [("asOf", parameters.text("asOf")), ("knownAt", parameters.text("knownAt"))]
        func node(_ plan: ChainNode) -> [String: Any] {
            [
                "href": Self.planPath(plan.plan, nil, timeQuery),
                "title": plan.title,
                "kind": plan.kind,
                "version": plan.version,
                "hasVersion": plan.version > 0,
                "isRoot": plan.plan == key,
                "hasChildren": !plan.children.isEmpty,
                "children": plan.children.map(node),
            ]
        }
        let page = Self.planPage("planchain", title: "\(texts["title"] ?? "") – \(root.title)", data: [
            "plan": key,
            "title": root.title,
            "planHref": Self.planPath(key, nil, timeQuery),
            "asOf": asOf.description,
            "root": node(root),
        ])
        return try renderer.response(page, request, context)
    }
}
