import Foundation
import GRDB
import LedgerCore
import LedgerStore
import NIOHTTP1
import Projections
import Service

// MARK: - The web scenario (issue 15)

/// Options of the web scenario: which URLs stand for the three pages, how many clients, how long.
struct WebOptions {
    /// The start page's path (`/`).
    var startURL: String
    /// The plan page's path with `{plan}` for the (percent-encoded) key: `/plan/{plan}` (or the API's
    /// `/api/v1/plans/{plan}`, the same query without the page).
    var planURL: String
    /// The diary week's path with `{week}` (ISO week, `2024-W26`), `{from}` and `{to}` (its Monday and Sunday):
    /// `/diarium?vecka={week}` (or the API's `/api/v1/diary?from={from}&to={to}`).
    var diaryURL: String
    /// Concurrent keep-alive clients per load, one load per count (1: the page's own latency; more: queueing on
    /// the one read connection and the two cores).
    var clients: [Int]
    var seconds: Double
    var warmUp: Double
    /// How many plans (longest change lists) and weeks (most diary entries) the clients cycle through.
    var plans: Int
    var weeks: Int
}

/// One ISO week: its name (`2024-W26`) and its Monday and Sunday.
struct ISOWeek: Sendable {
    var name: String
    var monday: LedgerDate
    var sunday: LedgerDate

    /// The ISO 8601 week `date` falls in (weeks start on Monday; week 1 holds the year's first Thursday).
    init(containing date: LedgerDate) {
        let days = date.daysSinceEpoch
        // 1970-01-01 was a Thursday: weekday 1 = Monday … 7 = Sunday.
        let weekday = ((days + 3) % 7 + 7) % 7 + 1
        monday = LedgerDate.fromDaysSinceEpoch(days - (weekday - 1))
        sunday = LedgerDate.fromDaysSinceEpoch(days - (weekday - 1) + 6)
        // The week belongs to the year of its Thursday.
        let thursday = LedgerDate.fromDaysSinceEpoch(days - (weekday - 1) + 3)
        let january1 = LedgerDate(year: thursday.year, month: 1, day: 1)!
        let number = (thursday.daysSinceEpoch - january1.daysSinceEpoch) / 7 + 1
        name = String(format: "%04d-W%02d", thursday.year, number)
    }
}

extension Scenarios {
    /// The bearer tokens of the web scenario's signed-in auditor and the account table the server checks them with
    /// (`FixedAccounts`, as the serve scenario signs in its registrar).
    static func webCredentials() -> (auditor: String, accounts: any AccountDirectory) {
        let auditor = "plbench-auditor-token"
        return (auditor, FixedAccounts([auditor: Caller(account: "plbench-auditor", role: .auditor)]))
    }

    /// The `count` plans with the longest change lists known at the head (ties by key), and the `weeks` ISO weeks
    /// with the most diary entries (ties: the later week first), read from the ledger before any timing.
    func webPoints(ledger path: String, plans count: Int, weeks: Int) throws -> (plans: [(key: String, versions: Int)], weeks: [(week: ISOWeek, entries: Int)]) {
        // Opened for writing with every projection, as the CLI opens it: a kept ledger whose projections are older
        // is brought up to date here (untimed), so that the read-only server can serve it.
        let ledger = try Ledger.open(at: path, projections: StandardProjections.all)
        return try ledger.read { db in
            let plans = try Row.fetchAll(db, sql: """
                SELECT plan, count(*) FROM plan_version WHERE superseded_seq IS NULL GROUP BY plan ORDER BY 2 DESC, plan LIMIT ?
                """, arguments: [count]).map { (key: $0[0] as String, versions: $0[1] as Int) }
            var byWeek: [String: (week: ISOWeek, entries: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT effective, count(*) FROM diary_entry WHERE superseded_seq IS NULL GROUP BY effective") {
                guard let date = LedgerDate(iso: row[0] as String) else { continue }
                let week = ISOWeek(containing: date)
                byWeek[week.name, default: (week, 0)].entries += row[1] as Int
            }
            let busiest = byWeek.values.sorted { $0.entries != $1.entries ? $0.entries > $1.entries : $0.week.name > $1.week.name }
            return (plans, Array(busiest.prefix(weeks)))
        }
    }

    /// `template` with `{name}` replaced by each value.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The start page, a plan page and a diary week over whole HTTP (the service in process, keep-alive clients over
    /// loopback, as `serve`), each for the public and for a signed-in auditor, at each client count: median, p95,
    /// p99 and answers per second, against the issue's target (p99 ≤ 50 ms at 1M, one client). Reads only: the
    /// ledger is not changed.
    func web(ledger path: String, options: WebOptions) throws -> [Figure] {
        let points = try webPoints(ledger: path, plans: options.plans, weeks: options.weeks)
        guard !points.plans.isEmpty else { throw BenchError.unexpected("web: the ledger has no plan version to show") }
        guard !points.weeks.isEmpty else { throw BenchError.unexpected("web: the ledger has no diary entry to show") }
        let keyAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?"))
        let planURIs = points.plans.map { plan in
            Self.fill(options.planURL, ["plan": plan.key.addingPercentEncoding(withAllowedCharacters: keyAllowed) ?? plan.key])
        }
        let weekURIs = points.weeks.map { week in
            Self.fill(options.diaryURL, ["week": week.week.name, "from": week.week.monday.description, "to": week.week.sunday.description])
        }
        let versions = points.plans.map(\.versions)
        let entries = points.weeks.map(\.entries)
        let pages: [(key: String, label: String, uris: [String], note: String)] = [
            ("start", "start page \(options.startURL)", [options.startURL], "the plans in force today and the latest decisions"),
            ("plan", "plan page \(options.planURL)", planURIs,
             "\(planURIs.count) plans with the longest change lists (\(versions.min()!)–\(versions.max()!) versions), e.g. \(planURIs[0])"),
            ("diary", "diary week \(options.diaryURL)", weekURIs,
             "the \(weekURIs.count) busiest ISO weeks (\(entries.min()!)–\(entries.max()!) entries), e.g. \(weekURIs[0])"),
        ]
        let (auditorToken, accounts) = Self.webCredentials()
        let roles: [(key: String, label: String, token: String?)] = [("public", "public", nil), ("auditor", "auditor (bearer)", auditorToken)]
        let server = try InProcessServer(ledger: path, accounts: accounts)
        defer { server.stop() }
        let load = HTTPLoad()
        var figures: [Figure] = []
        for page in pages {
            for role in roles {
                for k in options.clients {
                    progress("\(size): web: \(page.key) as \(role.key), \(k) client(s), \(options.warmUp) + \(options.seconds) s (port \(server.port))")
                    let uris = page.uris
                    var headers = HTTPHeaders()
                    if let token = role.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
                    let fixed = headers
                    let group = LoadGroup(name: "\(page.key).\(role.key)", connections: k) { connection, index in
                        LoadRequest(method: .GET, uri: uris[(connection &* 7 &+ index) % uris.count], headers: fixed)
                    }
                    let (results, cpu) = try load.run(host: "127.0.0.1", port: server.port, groups: [group],
                                                      warmUp: options.warmUp, seconds: options.seconds)
                    figures += webFigures(results[0], page: page, role: role, k: k, cpu: cpu)
                }
            }
        }
        return figures
    }

    private func webFigures(_ result: LoadResult, page: (key: String, label: String, uris: [String], note: String),
                            role: (key: String, label: String, token: String?), k: Int, cpu: CPUUse) -> [Figure] {
        let key = "web.\(page.key).\(role.key).\(k)"
        let label = "\(page.label) as \(role.label), \(k) client(s)"
        let target: Target? = k == 1 ? .atMost(50, atSize: Self.oneMillion) : nil
        if result.latencies.isEmpty {
            return [Figure("\(key).p99", label, .milliseconds, value: .nan, target: target,
                           note: "no 2xx answer (\(result.statusSummary)); first failure: \(result.firstFailure ?? "none")")]
        }
        let failures = result.failures > 0 ? "; \(result.failures) answers not 2xx (\(result.statusSummary)), first: \(result.firstFailure ?? "")" : ""
        return [
            Figure("\(key).p50", label, .milliseconds, result.latencies, statistic: "p50"),
            Figure("\(key).p95", label, .milliseconds, result.latencies, statistic: "p95"),
            Figure("\(key).p99", label, .milliseconds, result.latencies, statistic: "p99", target: target,
                   note: "\(page.note); \(result.latencies.count) answers of \(result.meanBytes) bytes on average\(failures)"),
            Figure("\(key).rate", label, .requestsPerSecond, value: result.rate,
                   note: "CPU of plbench per answer \(String(format: "%.2f", cpu.total * 1000 / Double(max(1, result.latencies.count)))) ms; \(cpu.summary)"),
        ]
    }
}
