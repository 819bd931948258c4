import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    struct Plans: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plans as of a date, as known at a point of the log.")

        enum Order: String, ExpressibleByArgument, CaseIterable { case key, title }

        @Option(help: "Order by key (default, as JSON always is) or by title in Swedish order (å, ä, ö after z).")
        var sort: Order = .key
        @Option(help: ArgumentHelp("Only plans with this status on the as-of date: draft, in-force, expired or repealed.", valueName: "status"))
        var status: PlanStatus?
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                var plans = try LedgerQueries(try ledger.open()).plans(asOf: time.date, knownAt: time.known)
                if sort == .title { plans.sort { swedishOrder($0.title, $1.title) } }
                if let status { plans = plans.filter { $0.status == status } }
                printList(plans, format: output.resolved, json: { .object($0.summaryJSON) }, tableColumns: PlanView.tableColumns,
                          tableRow: \.tableRow, csvColumns: PlanView.csvColumns, rightAligned: [2],
                          flexible: PlanView.tableFlexible,
                          empty: "no plans\(status.map { " \($0.rawValue)" } ?? "") as of \(time.date)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One plan in full: metadata, content, change list up to that point.")

        @Argument(help: "The plan's key.") var plan: String
        @Option(name: .long, help: "Show the plan as of this version instead of the one in force.") var version: Int?
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()

            if let version, version < 1 { throw ValidationError("--version: expected 1 or more, got \(version)") }
        }

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.open())
                guard let view = try queries.plan(plan, asOf: time.date, knownAt: time.known, version: version) else {
                    throw noSuchPlan(plan, asOf: time.date, queries: queries)
                }
                if let version, view.version < version {
                    printError("planledger: \(plan) has no version \(version) in force as of \(time.date) (its latest then is \(view.version))")
                    throw Exit.missing
                }
                let children = try queries.children(of: plan, asOf: time.date, knownAt: time.known)
                var detail = view.detailJSON
                if case .object(var members) = detail {
                    members["children"] = .array(children.map(JSONValue.string))
                    detail = .object(members)
                }
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string(detail))
                case .csv:
                    print(CSV(columns: PlanView.detailCSVColumns + ["children"], rows: [detail]).text, terminator: "")
                case .table: print(render(view, children: children))
                }
            }
        }

        private func render(_ v: PlanView, children: [String]) -> String {
            var lines = [
                "\(v.title)",
                "  plan        \(v.plan) (\(v.kind))",
                "  owner       \(v.owner)",
                "  status      \(v.status.rawValue)" + (v.supersededBy.map { " by version \($0.version) on \($0.date)" } ?? "") + " as of \(time.date)",
                "  version     \(v.version)" + (v.effective.map { ", effective \($0)" } ?? "") + (v.approvedBy.map { ", beslutad av \($0)" } ?? ""),
            ]
            if let period = v.period { lines.append("  period      \(period.text)") }
            if let parent = v.parent { lines.append("  parent      \(parent)") }
            if !children.isEmpty { lines.append("  children    \(children.joined(separator: ", "))") }
            if let text = v.text { lines += ["", text] }
            for goal in v.goals ?? [] {
                lines.append("")
                lines.append("  [\(goal.perspective)] \(goal.text)" + (goal.successFactor.map { " — \($0)" } ?? ""))
                for m in goal.metrics {
                    lines.append("    \(m.id): \(m.name), target \(measureText(m.target, unit: m.unit))"
                                 + (m.baseline.map { ", baseline \(measureText($0, unit: m.unit))" } ?? "") + " (\(m.periods.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            lines += ["", "Ändringsförteckning"]
            lines.append(v.changes.isEmpty ? "  (no version yet)" : Table(columns: ChangeEntry.tableColumns, rows: v.changes.map(\.tableRow), rightAligned: [0, 5], flexible: ChangeEntry.tableFlexible).render())
            return lines.joined(separator: "\n")
        }
    }

    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A plan's change list (ändringsförteckning).")

        @Argument(help: "The plan's key.") var plan: String
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                // The change list is every version known, future-dated ones included, unless --as-of asks for a date.
                let asOf = time.asOf.flatMap(LedgerDate.init(iso:)) ?? LedgerDate(year: 9999, month: 12, day: 31)!
                let queries = LedgerQueries(try ledger.open())
                guard let view = try queries.plan(plan, asOf: asOf, knownAt: time.known) else {
                    throw noSuchPlan(plan, asOf: asOf, queries: queries)
                }
                printList(view.changes, format: output.resolved, json: \.json, tableColumns: ChangeEntry.tableColumns, tableRow: \.tableRow,
                          csvColumns: ChangeEntry.csvColumns, rightAligned: [0, 5], flexible: ChangeEntry.tableFlexible, empty: "no versions of \(plan) as of \(time.date)")
            }
        }
    }

    struct Diary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The diary (diarium), by date then dnr.")

        @Option(name: .long, help: ArgumentHelp("Entries dated on or after this date.", valueName: "date")) var from: String?
        @Option(name: .long, help: ArgumentHelp("Entries dated on or before this date.", valueName: "date")) var to: String?
        @Flag(name: .long, help: "Public mode: a classified entry shows \"Sekretess enligt <ground>\" instead of its title and counterpart.")
        var `public` = false
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()

            try validateRange(from: ("--from", from), to: ("--to", to))
        }

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.open())
                var entries = try queries.diary(
                    from: from.flatMap(LedgerDate.init(iso:)), to: to.flatMap(LedgerDate.init(iso:)), asOf: time.date, knownAt: time.known)
                if `public` {
                    let classified = try queries.classified()
                    entries = entries.map { $0.masked(classifiedLater: classified[$0.dnr]) }
                }
                printList(entries, format: output.resolved, json: \.json, tableColumns: DiaryEntry.tableColumns, tableRow: \.tableRow,
                          csvColumns: DiaryEntry.csvColumns, flexible: DiaryEntry.tableFlexible, empty: "no diary entries")
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The whole state at a point, by a plain fold of the log (the reference the projections must equal).")

        @OptionGroup var time: TimeOptions
        @Flag(name: .long, help: "Mask classified diary entries.") var `public` = false
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.open())
                let (snapshot, recorded) = try queries.replay(asOf: time.date, knownAt: time.known)
                let classified = `public` ? try queries.classified() : [:]
                let diary = `public` ? snapshot.diary.map { $0.masked(classifiedLater: classified[$0.dnr]) } : snapshot.diary
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string([
                        "asOf": .string(snapshot.asOf.description),
                        "knownAt": ["seq": JSONValue(snapshot.knownAt), "recorded": JSONValue(recorded?.description)],
                        "plans": .array(snapshot.plans.map(\.detailJSON)),
                        "diary": .array(diary.map(\.json)),
                    ]))
                case .csv:
                    print(Self.csv(asOf: snapshot.asOf, knownAt: snapshot.knownAt, recorded: recorded, plans: snapshot.plans, diary: diary).text,
                          terminator: "")
                case .table:
                    print("As of \(snapshot.asOf), known at seq \(snapshot.knownAt)" + (recorded.map { " (recorded \($0))" } ?? ""))
                    print("")
                    print(snapshot.plans.isEmpty ? "no plans" : Table(columns: PlanView.tableColumns, rows: snapshot.plans.map(\.tableRow), rightAligned: [2], flexible: PlanView.tableFlexible).render())
                    print("")
                    print(diary.isEmpty ? "no diary entries" : Table(columns: DiaryEntry.tableColumns, rows: diary.map(\.tableRow), flexible: DiaryEntry.tableFlexible).render())
                }
            }
        }
    }

}

extension Planledger.Replay {
    /// Replay's CSV: the JSON answer in one table. A `section` column says what a row is: one `point` row with the
    /// time point (`asOf`, `knownAt.seq`, `knownAt.recorded`, which every row repeats), then one `plans` row per
    /// plan (columns `plans.…`, the plan's show object) and one `diary` row per entry (columns `diary.…`).
    static func csv(asOf: LedgerDate, knownAt: Int, recorded: Timestamp?, plans: [PlanView], diary: [DiaryEntry]) -> CSV {
        let point: [String: JSONValue] = [
            "asOf": .string(asOf.description), "knownAt": ["seq": JSONValue(knownAt), "recorded": JSONValue(recorded?.description)],
        ]
        func row(_ section: String, _ item: JSONValue?) -> JSONValue {
            var members = point
            members["section"] = .string(section)
            if let item { members[section] = item }
            return .object(members)
        }
        let columns = ["section", "asOf", "knownAt.seq", "knownAt.recorded"] + PlanView.detailCSVColumns.map { "plans." + $0 }
            + DiaryEntry.csvColumns.map { "diary." + $0 }
        return CSV(columns: columns, rows: [row("point", nil)] + plans.map { row("plans", $0.detailJSON) } + diary.map { row("diary", $0.json) })
    }
}

extension Planledger {
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop and rebuild every projection from the log.")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            try reportingFailures {
                let store = try ledger.open()
                let progress = Progress(label: "rebuild")
                try store.rebuild { done, total in progress.update(done, of: total) }
                progress.finish()
                let head = try store.head()
                print("rebuilt \(store.projections.map(\.name).joined(separator: ", ")) from \(head.seq) events")
            }
        }
    }
}

/// Checks a date range given as two options: each a real date, and the first on or before the second (an empty
/// range is a mistake in the command, not an empty answer); a usage error naming both options otherwise.
func validateRange(from: (name: String, value: String?), to: (name: String, value: String?)) throws {
    for (name, value) in [from, to] {
        if let value, LedgerDate(iso: value) == nil { throw ValidationError("\(name): expected a real date YYYY-MM-DD, got \"\(value)\"") }
    }
    if let start = from.value.flatMap(LedgerDate.init(iso:)), let end = to.value.flatMap(LedgerDate.init(iso:)), start > end {
        throw ValidationError("\(from.name) \(start) is after \(to.name) \(end): the range is empty; give \(from.name) on or before \(to.name)")
    }
}

/// "no plan X as of D", with a did-you-mean when a known key is close; exit 66.
func noSuchPlan(_ plan: String, asOf: LedgerDate, queries: LedgerQueries) -> ExitCode {
    let keys = (try? queries.planKeys()) ?? []
    var message = keys.contains(plan) ? "planledger: plan \"\(plan)\" does not exist as of \(asOf)" : "planledger: no such plan \"\(plan)\""
    if !keys.contains(plan), let guess = closestKey(to: plan, in: keys) { message += "; did you mean \"\(guess)\"?" }
    printError(message)
    return Exit.missing
}

extension PlanStatus: ExpressibleByArgument {
    /// `superseded` is a status of a version asked for by number (`show --version`), never of a plan in a list.
    public static var allValueStrings: [String] { allCases.filter { $0 != .superseded }.map(\.rawValue) }
}
