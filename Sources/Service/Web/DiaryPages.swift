import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

/// An ISO 8601 week (`2024-W26`): weeks run Monday to Sunday, and week 1 of a year is the week that holds its first
/// Thursday (ISO 8601-1:2019 §5.2.4.3), so a week's year can differ from the year of its Monday or its Sunday
/// (2020-W53 ends on 2021-01-03; 2025-W01 starts on 2024-12-30). Swedish postlistor are published by this week.
struct IsoWeek: Hashable, CustomStringConvertible {
    /// The ISO week-numbering year, and the week in it (1…52 or 53).
    let year: Int
    let week: Int

    /// The week that `date` falls in.
    init(containing date: LedgerDate) {
        let thursday = date.adding(days: 4 - Self.weekday(date))
        let january1 = LedgerDate(year: thursday.year, month: 1, day: 1)!
        year = thursday.year
        week = (thursday.daysSinceEpoch - january1.daysSinceEpoch) / 7 + 1
    }

    /// `2024-W26` (also `2024-w26`); nil for anything else, or a week the year does not have (`2023-W53`).
    init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W" || parts[1].first == "w",
              parts[0].allSatisfy(\.isASCII), parts[1].dropFirst().allSatisfy(\.isASCII),
              let year = Int(parts[0]), let week = Int(parts[1].dropFirst()), year >= 1, year <= 9998,
              week >= 1, week <= Self.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// The Monday that starts the week.
    var monday: LedgerDate {
        let january4 = LedgerDate(year: year, month: 1, day: 4)!
        return january4.adding(days: 1 - Self.weekday(january4) + 7 * (week - 1))
    }

    /// The Sunday that ends the week.
    var sunday: LedgerDate { monday.adding(days: 6) }

    var previous: IsoWeek { IsoWeek(containing: monday.adding(days: -7)) }
    var next: IsoWeek { IsoWeek(containing: monday.adding(days: 7)) }

    /// `2024-W26`.
    var description: String { String(format: "%04d-W%02d", year, week) }

    /// 1 (Monday) … 7 (Sunday); 1970-01-01 was a Thursday.
    static func weekday(_ date: LedgerDate) -> Int {
        let days = date.daysSinceEpoch
        return ((days + 3) % 7 + 7) % 7 + 1
    }

    /// 53 for a year whose 28 December falls in week 53 (a long ISO year), otherwise 52.
    static func weeks(in year: Int) -> Int {
        IsoWeek(containing: LedgerDate(year: year, month: 12, day: 28)!).week
    }
}

/// What the diary page was asked for, read from its GET form (every field may arrive empty from the form: empty is
/// the same as absent), with a Swedish reason at each field that does not parse (SPEC, "Web pages": errors shown at
/// the field).
struct DiaryFilter {
    /// The days shown: a week (the default, the current ISO week) or a range (`from`…`to`, either open).
    enum Span {
        case week(IsoWeek)
        case range(from: LedgerDate?, to: LedgerDate?)
    }

    var span: Span
    var direction: Direction?
    /// Part of a dnr, as typed.
    var dnr: String?
    /// Part of a counterpart's name, as typed (compared case-insensitively).
    var party: String?
    /// The form's fields as they were sent, to show them back.
    var values: [String: String]
    /// Field → the reason it was refused, in Swedish.
    var errors: [String: String] = [:]

    /// The longest text searched for (dnr or party); a longer one is refused at its field.
    static let maximumSearch = 200

    init(_ parameters: RequestParameters, today: LedgerDate) {
        func value(_ name: String) -> String? {
            guard let text = parameters.text(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        let texts = WebTexts.diary
        values = Dictionary(uniqueKeysWithValues: ["vecka", "from", "to", "riktning", "dnr", "part"].map { ($0, value($0) ?? "") })
        var errors: [String: String] = [:]
        var week: IsoWeek?
        if let text = value("vecka") {
            week = IsoWeek(parsing: text)
            if week == nil { errors["vecka"] = texts["weekInvalid"] }
        }
        func date(_ name: String) -> LedgerDate? {
            guard let text = value(name) else { return nil }
            guard let date = LedgerDate(iso: text) else { errors[name] = texts["dateInvalid"]; return nil }
            return date
        }
        let from = date("from"), to = date("to")
        if let from, let to, to < from { errors["to"] = texts["rangeReversed"] }
        if value("vecka") != nil, value("from") != nil || value("to") != nil { errors["vecka"] = texts["weekOrRange"] }
        if value("from") != nil || value("to") != nil {
            span = .range(from: from, to: to)
        } else {
            span = .week(week ?? IsoWeek(containing: today))
        }
        if let text = value("riktning") {
            direction = Direction.allCases.first { $0.word(.swedish) == text || $0.rawValue == text }
            if direction == nil { errors["riktning"] = texts["directionInvalid"] }
        }
        for (name, keyPath) in [("dnr", \DiaryFilter.dnr), ("part", \DiaryFilter.party)] {
            guard let text = value(name) else { continue }
            if text.count > Self.maximumSearch { errors[name] = texts["searchTooLong"] } else { self[keyPath: keyPath] = text }
        }
        self.errors = errors
    }

    /// The first and last day asked for (nil: open).
    var days: (from: LedgerDate?, to: LedgerDate?) {
        switch span {
        case .week(let week): (week.monday, week.sunday)
        case .range(let from, let to): (from, to)
        }
    }

    /// Whether `entry` (as the caller may read it) matches the direction, the dnr and the party asked for.
    func matches(_ entry: DiaryEntry) -> Bool {
        if let direction, entry.direction != direction { return false }
        if let dnr, !entry.dnr.localizedCaseInsensitiveContains(dnr) { return false }
        if let party {
            guard let counterpart = entry.counterpart, counterpart.localizedCaseInsensitiveContains(party) else { return false }
        }
        return true
    }
}

extension WebController {
    /// The routes of the diary (postlistan).
    func addDiaryPages(to web: RouterGroup<ServiceContext>) {
        everyone(web).get("diarium", use: diary)
    }

    /// The query parameters of `/diarium`: the form's fields and the time point (`knownAt` for auditors only).
    static let diaryParameters: Set<String> = QueryController.time.union(["vecka", "from", "to", "riktning", "dnr", "part"])

    /// `GET /diarium` (`vecka` = ISO week, or `from`/`to`; `riktning`, `dnr`, `part`; `asOf`, `knownAt`): the diary as
    /// a postlista, by default the current ISO week in the organisation's zone, with links to the weeks before and
    /// after. The entries are `LedgerQueries.diary` for the days asked (the query's own date range, never the whole
    /// diary), masked for public and staff exactly as `GET /api/v1/diary` masks them (`Access.masked`,
    /// `LedgerQueries.masked`), and only then filtered by direction, dnr and party: a search can only match what the
    /// caller may read, so a hidden name never reveals which entry it belongs to. A field that does not parse is shown
    /// at the field, 400.
    @Sendable func diary(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: Self.diaryParameters)
        let (asOf, knownAt) = try timePoint(parameters)
        let filter = DiaryFilter(parameters, today: configuration.today)
        let texts = WebTexts.diary
        var data: [String: Any] = [
            "values": filter.values,
            "directions": Direction.allCases.map { direction in
                ["value": direction.word(.swedish), "text": direction.word(.swedish), "selected": filter.direction == direction] as [String: Any]
            },
            "hasErrors": !filter.errors.isEmpty,
            "errors": ["vecka", "from", "to", "riktning", "dnr", "part"].compactMap { field in
                filter.errors[field].map { ["field": field, "label": texts[Self.diaryLabels[field] ?? ""] ?? field, "reason": $0] }
            },
            "fieldErrors": filter.errors,
            "hidden": [("asOf", parameters.text("asOf")), ("knownAt", parameters.text("knownAt"))].compactMap { name, value in
                value.map { ["name": name, "value": $0] }
            },
        ]
        guard filter.errors.isEmpty else {
            return try renderer.response(WebPage(template: "diary", title: texts["title"] ?? "", data: data, status: .badRequest), request, context)
        }
        let queries = try ledger.queries()
        let (from, to) = filter.days
        let entries = try queries.diary(from: from, to: to, asOf: asOf, knownAt: knownAt)
        let masked = Access.masked(context.roles)
        let readable = masked ? try queries.masked(entries) : entries
        let rows = readable.filter(filter.matches)
        let recordedTitles = Dictionary(entries.map { ($0.seq, $0.title) }) { first, _ in first }
        switch filter.span {
        case .week(let week):
            data["week"] = [
                "name": week.description, "monday": week.monday.description, "sunday": week.sunday.description,
                "previous": ["name": week.previous.description, "href": diaryLink(week: week.previous, filter, parameters)],
                "next": ["name": week.next.description, "href": diaryLink(week: week.next, filter, parameters)],
            ] as [String: Any]
        case .range(let from, let to):
            data["range"] = ["from": from?.description ?? "…", "to": to?.description ?? "…"]
        }
        data["hasRows"] = !rows.isEmpty
        data["count"] = rows.count
        data["rows"] = rows.map { entry in
            var row: [String: Any] = [
                "dnr": entry.dnr,
                "date": entry.date.description,
                "direction": entry.direction.word(.swedish),
                "title": entry.title,
                "secret": entry.secrecy != nil || entry.title != recordedTitles[entry.seq],
                "counterpart": entry.counterpart ?? "",
                "handler": entry.handler ?? "",
                "archived": entry.archived.map { "\($0.date) (\($0.retention.word(.swedish)))" } ?? "",
            ]
            // Masked, the title says "Sekretess enligt <ground>" itself; unmasked, the ground is shown beside it.
            if !masked, let ground = entry.secrecy?.ground { row["ground"] = ground }
            return row
        }
        return try renderer.response(WebPage(template: "diary", title: texts["title"] ?? "", data: data), request, context)
    }

    /// The text key of each field's label, for the error summary.
    static let diaryLabels = ["vecka": "week", "from": "from", "to": "to", "riktning": "direction", "dnr": "dnr", "part": "party"]

    /// `/diarium?vecka=…` with the filters and the time point that were asked for.
    func diaryLink(week: IsoWeek, _ filter: DiaryFilter, _ parameters: RequestParameters) -> String {
        var components = URLComponents()
        components.path = "/diarium"
        var items = [URLQueryItem(name: "vecka", value: week.description)]
        for name in ["riktning", "dnr", "part"] where !(filter.values[name] ?? "").isEmpty {
            items.append(URLQueryItem(name: name, value: filter.values[name]))
        }
        for name in ["asOf", "knownAt"] {
            if let value = parameters.text(name) { items.append(URLQueryItem(name: name, value: value)) }
        }
        components.queryItems = items
        // `URLComponents` leaves `+` as it is, which a query reads as a space.
        return (components.string ?? "/diarium").replacingOccurrences(of: "+", with: "%2B")
    }
}
