import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

extension WebController {
    /// The route of the search page (issue 16).
    func addSearchPage(to web: RouterGroup<ServiceContext>) {
        everyone(web).get("sok", use: search)
    }

    /// The query parameters of `/sok`: `q`, `sida` (1-based page) and the time point.
    static let searchParameters: Set<String> = QueryController.time.union(["q", "sida"])

    /// `GET /sok?q=` (`sida`, `asOf`, `knownAt`): the hits of `LedgerQueries.search` (the rows of `GET /api/v1/search`),
    /// masked for public and staff as the API's are, 20 a page: the kind in Swedish (`SearchKind.word(.swedish)`), a link
    /// to the plan page (plan, change: that version; activity), the diary week, or Uppdrag, the date and the snippet with
    /// each match in `<mark>` — the snippet's parts escaped by the template, never HTML from the ledger. A query that is
    /// refused (`SearchQuery.parse`) is shown at its field, 400; no `q` shows the empty form.
    @Sendable func search(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.searchParameters)
        let texts = WebTexts.search
        let (asOf, knownAt) = try timePoint(parameters)
        let text = parameters.text("q")?.trimmingCharacters(in: .whitespaces) ?? ""
        var page = 1
        var errors: [String: String] = [:]
        if let sida = parameters.text("sida"), !sida.isEmpty {
            if let n = Int(sida), n >= 1, (n - 1) * SearchPaging.defaultLimit <= SearchPaging.maxOffset { page = n } else { errors["sida"] = texts["pageInvalid"] }
        }
        var query: SearchQuery?
        if !text.isEmpty {
            switch SearchQuery.parse(text) {
            case .success(let parsed): query = parsed
            case .failure(let refusal): errors["q"] = Self.searchRefusalText(refusal)
            }
        }
        var data: [String: Any] = [
            "q": text,
            "asOf": asOf.description,
            "asked": query != nil,
            "hasErrors": !errors.isEmpty,
            "errors": ["q", "sida"].compactMap { field in
                errors[field].map { ["field": field, "label": texts[field == "q" ? "label" : "page"] ?? field, "reason": $0] }
            },
            "fieldErrors": errors,
            "hidden": ["asOf", "knownAt"].compactMap { name in parameters.text(name).map { ["name": name, "value": $0] } },
        ]
        guard errors.isEmpty, let query else {
            return try renderer.response(WebPage(template: "search", title: texts["title"] ?? "", data: data,
                                                 status: errors.isEmpty ? .ok : .badRequest), request, context)
        }
        let offset = (page - 1) * SearchPaging.defaultLimit
        // One more than a page tells whether there is a next one.
        let found = try ledger.queries().search(query, asOf: asOf, knownAt: knownAt, publicMode: Access.masked(context.role),
                                                limit: SearchPaging.defaultLimit + 1, offset: offset)
        let hits = found.prefix(SearchPaging.defaultLimit)
        data["hasHits"] = !hits.isEmpty
        data["from"] = offset + 1
        data["to"] = offset + hits.count
        data["hits"] = hits.map { hit in
            [
                "kind": hit.kind.word(.swedish),
                "href": Self.searchHref(hit, asOf: parameters.text("asOf")),
                "title": hit.title,
                "key": hit.key,
                "date": hit.date.description,
                "snippet": hit.snippet.parts.map { ["text": $0.text, "matched": $0.matched] as [String: Any] },
            ] as [String: Any]
        }
        func pageLink(_ n: Int) -> String {
            var components = URLComponents()
            components.path = "/sok"
            components.queryItems = [URLQueryItem(name: "q", value: text), URLQueryItem(name: "sida", value: String(n))]
                + ["asOf", "knownAt"].compactMap { name in parameters.text(name).map { URLQueryItem(name: name, value: $0) } }
            return (components.string ?? "/sok").replacingOccurrences(of: "+", with: "%2B")
        }
        if page > 1 { data["previous"] = pageLink(page - 1) }
        if found.count > SearchPaging.defaultLimit, offset + SearchPaging.defaultLimit < SearchPaging.maxOffset { data["next"] = pageLink(page + 1) }
        return try renderer.response(WebPage(template: "search", title: texts["title"] ?? "", data: data), request, context)
    }

    /// Where a hit leads: the plan page (a change at its version), the diary week of the entry, Uppdrag of the plan.
    static func searchHref(_ hit: SearchHit, asOf: String?) -> String {
        switch hit.kind {
        case .plan, .activity: return planPath(hit.plan ?? hit.key, nil, [("asOf", asOf)])
        case .change: return planPath(hit.key, nil, [("version", hit.version.map(String.init)), ("asOf", asOf)])
        case .decision, .diary:
            var components = URLComponents()
            components.path = "/diarium"
            components.queryItems = [URLQueryItem(name: "vecka", value: IsoWeek(containing: hit.date).description)]
                + (asOf.map { [URLQueryItem(name: "asOf", value: $0)] } ?? [])
            return components.string ?? "/diarium"
        case .assignment:
            var components = URLComponents()
            components.path = "/uppdrag"
            components.queryItems = (hit.plan.map { [URLQueryItem(name: "plan", value: $0)] } ?? [])
                + (asOf.map { [URLQueryItem(name: "asOf", value: $0)] } ?? [])
            return components.string.map { $0.replacingOccurrences(of: "+", with: "%2B") } ?? "/uppdrag"
        }
    }

    /// A refused query in Swedish, at the field.
    static func searchRefusalText(_ refusal: SearchQueryRefusal) -> String {
        let texts = WebTexts.search
        switch refusal {
        case .empty, .onlyPunctuation: return texts["onlyPunctuation"] ?? ""
        case .tooShort: return texts["tooShort"] ?? ""
        case .tooLong(let n): return (texts["tooLong"] ?? "").replacingOccurrences(of: "{n}", with: String(n))
        case .controlCharacter: return texts["controlCharacter"] ?? ""
        }
    }
}
