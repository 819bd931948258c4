import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

/// The planning process pages (SPEC "Web pages": "the planning process"): `/planeringsprocessen` lists the processes,
/// `/planeringsprocessen/{process}` shows one as of a date, both from `LedgerQueries.process(es)` as the CLI and the
/// API answer them.
enum ProcessPages {
    static let root = "/planeringsprocessen"

    /// `/planeringsprocessen/KEY`, the key percent-encoded as one path segment (a key may hold `/`), with `query`.
    static func processPath(_ key: String) -> String { processPath(key, []) }

    static func processPath(_ key: String, _ query: [(String, String?)]) -> String {
        var segment = CharacterSet.urlPathAllowed
        segment.remove(charactersIn: "/;?#")
        var components = URLComponents()
        components.percentEncodedPath = root + "/" + (key.addingPercentEncoding(withAllowedCharacters: segment) ?? key)
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components.queryItems = items }
        return components.string ?? root
    }

    /// The symbol beside each state's word (the word says it; the symbol lets a column be scanned).
    static let phaseSymbols: [PhaseState: String] = [.done: "✓", .current: "▶", .upcoming: "○"]
    static let milestoneSymbols: [MilestoneState: String] = [.reached: "✓", .due: "◆", .overdue: "⚠", .upcoming: "○"]

    /// The lateness cell of a reached milestone: "i tid", "1 dag sen", "27 dagar sen".
    static func lateness(_ days: Int, texts: [String: String]) -> String {
        days == 0 ? texts["onTime"] ?? "" : "\(days) \(texts[days == 1 ? "dayLate" : "daysLate"] ?? "")"
    }

    /// The timeline drawn as SVG geometry in a 1000-unit-wide box: phases as bands (one row each), milestones as
    /// marks below them, month ticks, and the as-of date's line when it falls inside. Only numbers and the view's own
    /// texts go in; the template writes the elements (escaped), the stylesheet colours them by class, and every band
    /// and mark carries its state's symbol in its label so that print and colour-blind readers see the same.
    static func timeline(_ view: ProcessView, months: [String]) -> [String: Any] {
        let dates = view.phases.flatMap { [$0.from, $0.to] } + view.milestones.map(\.date)
        guard let first = dates.min(), let last = dates.max() else { return ["hasTimeline": false] }
        let start = LedgerDate(year: first.year, month: first.month, day: 1)!
        let endMonth = last.month == 12 ? LedgerDate(year: last.year + 1, month: 1, day: 1)! : LedgerDate(year: last.year, month: last.month + 1, day: 1)!
        let total = Double(endMonth.daysSinceEpoch - start.daysSinceEpoch)
        let width = 1000.0, row = 26.0, top = 24.0
        func x(_ d: LedgerDate) -> Int { Int((Double(d.daysSinceEpoch - start.daysSinceEpoch) / total * width).rounded()) }
        func xEnd(_ d: LedgerDate) -> Int { Int((Double(d.daysSinceEpoch - start.daysSinceEpoch + 1) / total * width).rounded()) }
        var ticks: [[String: Any]] = []
        var month = start
        while month < endMonth {
            ticks.append(["x": x(month), "label": month.month == 1 || ticks.isEmpty ? "\(months[month.month - 1]) \(month.year)" : months[month.month - 1]])
            month = month.month == 12 ? LedgerDate(year: month.year + 1, month: 1, day: 1)! : LedgerDate(year: month.year, month: month.month + 1, day: 1)!
        }
        let bands: [[String: Any]] = view.phases.enumerated().map { i, p in
            let x0 = x(p.from)
            return ["x": x0, "y": Int(top + Double(i) * row), "width": max(2, xEnd(p.to) - x0), "height": Int(row - 6),
                    "labelX": x0 + 4, "labelY": Int(top + Double(i) * row + row - 11), "state": p.state.rawValue,
                    "label": "\(phaseSymbols[p.state] ?? "") \(p.name) (\(p.state.word(.swedish)))",
                    "anchor": x0 > 600 ? "end" : "start", "anchorX": x0 > 600 ? xEnd(p.to) - 4 : x0 + 4]
        }
        let markTop = top + Double(view.phases.count) * row + 10
        let marks: [[String: Any]] = view.milestones.enumerated().map { i, m in
            let mx = x(m.date), y = Int(markTop + Double(i % 4) * 18)
            return ["x": mx, "y": y, "points": "\(mx),\(y - 6) \(mx + 6),\(y) \(mx),\(y + 6) \(mx - 6),\(y)", "state": m.state.rawValue,
                    "labelX": mx > 700 ? mx - 10 : mx + 10, "anchor": mx > 700 ? "end" : "start", "labelY": y + 4,
                    "label": "\(milestoneSymbols[m.state] ?? "") \(m.name) \(m.date.day)/\(m.date.month) (\(m.state.word(.swedish)))",
                    "lineTop": Int(top), "lineBottom": y]
        }
        let height = Int(markTop + Double(min(view.milestones.count, 4)) * 18 + 16)
        var data: [String: Any] = ["hasTimeline": true, "height": height, "ticks": ticks, "bands": bands, "marks": marks, "axisY": Int(top - 8)]
        if start <= view.asOf, view.asOf < endMonth {
            let tx = x(view.asOf)
            data["today"] = ["x": tx, "labelX": tx > 700 ? tx - 4 : tx + 4, "anchor": tx > 700 ? "end" : "start", "bottom": height - 2,
                             "date": view.asOf.description]
        }
        return data
    }
}

extension WebController {
    /// The routes of the planning process pages, for everyone (a timetable is public).
    func addProcessPages(to web: RouterGroup<ServiceContext>) {
        let pages = everyone(web)
        pages.get("planeringsprocessen", use: processesPage)
        pages.get("planeringsprocessen/{process}", use: processPage)
    }

    /// `GET /planeringsprocessen` (`asOf`, `knownAt`): the processes planned by the date, as `GET /api/v1/processes`.
    @Sendable func processesPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let (asOf, knownAt) = try timePoint(parameters)
        let texts = WebTexts.processes
        let rows = try ledger.queries().processes(asOf: asOf, knownAt: knownAt)
        let timeQuery: [(String, String?)] = [("asOf", parameters.text("asOf")), ("knownAt", parameters.text("knownAt"))]
        let data: [String: Any] = [
            "asOf": asOf.description,
            "hidden": parameters.text("knownAt").map { [["name": "knownAt", "value": $0]] } ?? [],
            "hasRows": !rows.isEmpty,
            "count": rows.count,
            "rows": rows.map { view in
                let next = view.milestones.first { $0.id == view.nextMilestone }
                let overdue = view.milestones.filter { $0.state == .overdue }.count
                return [
                    "href": ProcessPages.processPath(view.process, timeQuery), "title": view.title, "process": view.process, "year": view.year,
                    "currentPhase": view.phases.first { $0.id == view.currentPhase }?.name ?? texts["none"] ?? "",
                    "nextMilestone": next.map { "\($0.name) \($0.date)" } ?? texts["none"] ?? "",
                    "overdue": overdue, "hasOverdue": overdue > 0,
                ] as [String: Any]
            },
        ]
        return try renderer.response(WebPage(template: "processes", title: texts["title"] ?? "", data: data), request, context)
    }

    /// `GET /planeringsprocessen/{process}` (`asOf`, `knownAt`): the process as `GET /api/v1/processes/{process}`
    /// answers it; 404 (a Swedish page) when it is not planned by the date.
    @Sendable func processPage(_ request: Request, _ context: ServiceContext) async throws -> Response {
        guard let raw = context.parameters.get("process"), let decoded = raw.removingPercentEncoding else {
            throw Problem.badParameter("process", "invalid percent-encoding")
        }
        let key = try PlanKey.check(decoded, field: "process")
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let (asOf, knownAt) = try timePoint(parameters)
        let texts = WebTexts.process
        guard let view = try ledger.queries().process(key, asOf: asOf, knownAt: knownAt) else {
            throw Problem(.notFound, "no-such-process", title: "No such process", detail: "\(texts["noSuchProcess"] ?? "") \(key) (\(asOf))",
                          problems: [.init(line: nil, field: "process", reason: texts["noSuchProcessReason"] ?? "")])
        }
        let months = (texts["months"] ?? "").split(separator: " ").map(String.init)
        let current = view.phases.first { $0.id == view.currentPhase }
        let next = view.milestones.first { $0.id == view.nextMilestone }
        let phases: [[String: Any]] = view.phases.map { p in
            ["name": p.name, "from": p.from.description, "to": p.to.description, "state": p.state.word(.swedish),
             "stateClass": p.state.rawValue, "symbol": ProcessPages.phaseSymbols[p.state] ?? "", "current": p.state == .current]
        }
        let milestones: [[String: Any]] = view.milestones.map { m in
            var cells: [String: Any] = [:]
            cells["name"] = m.name
            cells["date"] = m.date.description
            cells["state"] = m.state.word(.swedish)
            cells["stateClass"] = m.state.rawValue
            cells["symbol"] = ProcessPages.milestoneSymbols[m.state] ?? ""
            cells["overdue"] = m.state == .overdue
            cells["body"] = m.body ?? ""
            cells["purpose"] = m.purpose ?? ""
            cells["note"] = m.note ?? ""
            if let reached = m.reached { cells["reached"] = reached.description }
            if let days = m.daysLate { cells["lateness"] = ProcessPages.lateness(days, texts: texts) }
            return cells
        }
        let changes: [[String: Any]] = view.changes.map { c in
            let text: String = c.change ?? texts["planned"] ?? ""
            return ["date": c.date.description, "change": text, "seq": c.seq, "corrected": c.corrected]
        }
        let timeline: [String: Any] = months.count == 12 ? ProcessPages.timeline(view, months: months) : ["hasTimeline": false]
        var data: [String: Any] = [:]
        data["process"] = view.process
        // The as-of form submits to this page itself (an empty `action` is not valid HTML, says the Nu checker).
        data["action"] = ProcessPages.processPath(view.process)
        data["title"] = view.title
        data["year"] = view.year
        data["owner"] = view.owner
        data["asOf"] = asOf.description
        if let knownAt = parameters.text("knownAt") {
            data["knownAt"] = knownAt
            data["hidden"] = [["name": "knownAt", "value": knownAt]]
        }
        data["currentPhase"] = current?.name ?? texts["none"] ?? ""
        data["nextMilestone"] = next.map { "\($0.name) \($0.date)" } ?? texts["allReached"] ?? ""
        data["timeline"] = timeline
        data["phases"] = phases
        data["milestones"] = milestones
        data["changes"] = changes
        return try renderer.response(WebPage(template: "process", title: view.title, data: data), request, context)
    }
}
