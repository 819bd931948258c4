import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    struct Plans: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plans", abstract: "The plans as of a date, as known at a point of the log.")

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
                var plans = try LedgerQueries(try ledger.openForReading()).planSummaries(asOf: time.date, knownAt: time.known)
                if sort == .title { plans.sort { Collation.swedish($0.title, $1.title) } }
                if let status { plans = plans.filter { $0.status == status } }
                printList(plans, format: output.resolved, json: { .object($0.summaryJSON) }, tableColumns: PlanView.tableColumns,
                          tableRow: \.tableRow, csvColumns: PlanView.csvColumns, rightAligned: [2],
                          flexible: PlanView.tableFlexible, empty: Message.noPlansAsOf(time.date, status: status).text(reading),
                          readingOrder: sort == .key ? { [$0.plan] } : nil)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One plan in full: metadata, content, change list up to that point.")

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
                let queries = LedgerQueries(try ledger.openForReading())
                guard let view = try queries.plan(plan, asOf: time.date, knownAt: time.known, version: version) else {
                    throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries)
                }
                if let version, view.version < version {
                    printError(Message.noSuchVersion(plan: plan, version: version, asOf: time.date, latest: view.version).text(reading))
                    throw Exit.missing
                }
                let children = try queries.children(of: plan, asOf: time.date, knownAt: time.known)
                let detail = AnswerJSON.show(view, children: children)
                switch output.resolved {
                case .json: print(PrettyJSON.string(detail))
                case .csv:
                    print(CSV(columns: PlanView.detailCSVColumns + ["children"], rows: [detail]).text, terminator: "")
                case .table:
                    let required = RequiredAnalysis.of(kind: view.kind, on: view.effective,
                                                       policies: try queries.policies(asOf: time.date, knownAt: time.known))
                    print(render(view, children: children, required: required))
                }
            }
        }

        private func render(_ v: PlanView, children: [String], required: [RequiredAnalysis]) -> String {
            // Labels padded to one column: 12 wide, or wider when a language's longest label needs it.
            let labels: [Phrase] = [.plan, .owner, .status, .version, .period, .parent, .children]
            let width = max(12, labels.map { $0.text(reading).count }.max()! + 2)
            func label(_ phrase: Phrase, _ value: String) -> String {
                let name = phrase.text(reading)
                return "  " + name + String(repeating: " ", count: width - name.count) + value
            }
            var lines = [
                "\(v.title)",
                label(.plan, "\(v.plan) (\(v.kind))"),
                label(.owner, v.owner),
                label(.status, Message.statusAsOf(status: v.status, supersededBy: v.supersededBy?.version, on: v.supersededBy?.date, asOf: time.date).text(reading)),
                label(.version, Message.versionLine(version: v.version, effective: v.effective, approvedBy: v.approvedBy).text(reading)),
            ]
            if let period = v.period { lines.append(label(.period, period.text)) }
            if let parent = v.parent { lines.append(label(.parent, parent)) }
            if !children.isEmpty { lines.append(label(.children, inReadingOrder(children) { [$0] }.joined(separator: ", "))) }
            if let text = v.text { lines += ["", text] }
            for goal in v.goals ?? [] {
                lines.append("")
                lines.append("  [\(goal.perspective)] \(goal.text)" + (goal.successFactor.map { " — \($0)" } ?? ""))
                for m in goal.metrics {
                    lines.append("    " + Message.metricLine(id: m.id, name: m.name, target: m.target, baseline: m.baseline, unit: m.unit,
                                                          periods: m.periods.map(\.rawValue)).text(reading))
                }
            }
            // Perspective analyses: each one the content holds, then each perspective a policy requires that it lacks.
            let analyses = v.analyses ?? []
            let missing = required.filter { r in !analyses.contains { $0.perspective == r.perspective } }
            if !analyses.isEmpty || !missing.isEmpty {
                lines += ["", Phrase.perspectiveAnalyses.text(reading)]
                for a in analyses {
                    let flag = a.concerned ? "" : " (" + Phrase.notConcerned.text(reading) + ")"
                    lines.append("  [\(a.perspective.word(reading))]\(flag) \(a.text)")
                }
                for r in missing {
                    lines.append("  [\(r.perspective.word(reading))] " + Message.analysisMissing(policy: r.policy.policy, since: r.policy.effective).text(reading))
                }
            }
            lines += ["", Phrase.changeList.text(reading)]
            lines.append(v.changes.isEmpty ? "  " + Phrase.noVersionYet.text(reading) : Table(columns: ChangeEntry.tableColumns, rows: v.changes.map(\.tableRow), rightAligned: [0, 5], flexible: ChangeEntry.tableFlexible).render())
            return lines.joined(separator: "\n")
        }
    }

    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "changes", abstract: "A plan's change list (ändringsförteckning).")

        @Argument(help: "The plan's key.") var plan: String
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                // The change list is every version known, future-dated ones included, unless --as-of asks for a date.
                let asOf = time.asOf.flatMap(LedgerDate.init(iso:))
                let queries = LedgerQueries(try ledger.openForReading())
                guard let changes = try queries.changes(plan, asOf: asOf, knownAt: time.known) else {
                    throw noSuchPlan(plan, asOf: asOf, knownAt: time.knownAt, queries: queries)
                }
                printList(changes, format: output.resolved, json: \.json, tableColumns: ChangeEntry.tableColumns, tableRow: \.tableRow,
                          csvColumns: ChangeEntry.csvColumns, rightAligned: [0, 5], flexible: ChangeEntry.tableFlexible, empty: Message.noVersionsAsOf(plan: plan, time.date).text(reading))
            }
        }
    }

    struct Diary: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diary", abstract: "The diary (diarium), by date then dnr.")

        @Option(name: .long, help: ArgumentHelp("Entries dated on or after this date.", valueName: "date")) var from: String?
        @Option(name: .long, help: ArgumentHelp("Entries dated on or before this date.", valueName: "date")) var to: String?
        @Flag(name: .long, help: "Public mode: a classified entry shows \"Sekretess enligt <ground>\" instead of its title and counterpart; a private individual (personalData) shows as \"Enskild\".")
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
                let queries = LedgerQueries(try ledger.openForReading())
                var entries = try queries.diary(
                    from: from.flatMap(LedgerDate.init(iso:)), to: to.flatMap(LedgerDate.init(iso:)), asOf: time.date, knownAt: time.known)
                if `public` { entries = try queries.masked(entries) }
                printList(entries, format: output.resolved, json: \.json, tableColumns: DiaryEntry.tableColumns, tableRow: \.tableRow,
                          csvColumns: DiaryEntry.csvColumns, flexible: DiaryEntry.tableFlexible, empty: Phrase.noDiaryEntries.text(reading),
                          readingOrder: { [$0.date.description, $0.dnr] })
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "The whole state at a point, by a plain fold of the log (the reference the projections must equal).")

        @OptionGroup var time: TimeOptions
        @Flag(name: .long, help: "Mask the diary as diary --public does (classified entries, private individuals as \"Enskild\").") var `public` = false
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                let (snapshot, recorded) = try queries.replay(asOf: time.date, knownAt: time.known)
                let diary = `public` ? try queries.masked(snapshot.diary) : snapshot.diary
                switch output.resolved {
                case .json: print(PrettyJSON.string(AnswerJSON.replay(snapshot, recorded: recorded, diary: diary)))
                case .csv:
                    print(Self.csv(asOf: snapshot.asOf, knownAt: snapshot.knownAt, recorded: recorded, plans: snapshot.plans, diary: diary, policies: snapshot.policies).text,
                          terminator: "")
                case .table:
                    print(Message.replayHeading(asOf: snapshot.asOf, knownAt: snapshot.knownAt, recorded: recorded?.description).text(reading))
                    print("")
                    let plans = inReadingOrder(snapshot.plans) { [$0.plan] }
                    print(plans.isEmpty ? Phrase.noPlans.text(reading) : Table(columns: PlanView.tableColumns, rows: plans.map(\.tableRow), rightAligned: [2], flexible: PlanView.tableFlexible).render())
                    print("")
                    let entries = inReadingOrder(diary) { [$0.date.description, $0.dnr] }
                    print(entries.isEmpty ? Phrase.noDiaryEntries.text(reading) : Table(columns: DiaryEntry.tableColumns, rows: entries.map(\.tableRow), flexible: DiaryEntry.tableFlexible).render())
                }
            }
        }
    }

}

extension Planledger.Replay {
    /// Replay's CSV: the JSON answer in one table. A `section` column says what a row is: one `point` row with the
    /// time point (`asOf`, `knownAt.seq`, `knownAt.recorded`, which every row repeats), then one `plans` row per
    /// plan (columns `plans.…`, the plan's show object), one `diary` row per entry (columns `diary.…`) and one `policies`
    /// row per policy (columns `policies.…`, its history as JSON in one cell).
    static func csv(asOf: LedgerDate, knownAt: Int, recorded: Timestamp?, plans: [PlanView], diary: [DiaryEntry], policies: [PolicyView] = []) -> CSV {
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
            + DiaryEntry.csvColumns.map { "diary." + $0 } + (PolicyView.csvColumns + ["history"]).map { "policies." + $0 }
        return CSV(columns: columns, rows: [row("point", nil)] + plans.map { row("plans", $0.detailJSON) } + diary.map { row("diary", $0.json) }
                   + policies.map { row("policies", $0.json) })
    }
}

extension Planledger {
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Drop and rebuild every projection from the log.",
            discussion: "JSON: {\"projections\": [NAME…], \"events\": N}; CSV: one row per projection, projection and events.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                // Not caught up first: the rebuild folds everything again, and repairs a progress record a catch-up trips on.
                let store = try ledger.open(catchingUp: false)
                let progress = Progress(label: "rebuild", unit: .events, format: output.resolved)
                defer { progress.finish() }
                try store.rebuild { done, total in progress.update(done, of: total) }
                progress.finish()
                let head = try store.head()
                let names = store.projections.map(\.name)
                switch output.resolved {
                case .json: print(PrettyJSON.string(["projections": .array(names.map(JSONValue.string)), "events": .number(Double(head.seq))]))
                case .csv:
                    var csv = CSV(header: ["projection", "events"])
                    for name in names { csv.add([.text(name), .number(head.seq)]) }
                    print(csv.text, terminator: "")
                case .table: print(Message.rebuilt(projections: names, events: head.seq).text(reading))
                }
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

/// "no such plan X" (with a did-you-mean when a known key is close) or, for a plan the ledger holds, that it did not
/// exist at the time point asked (`as of D`, `as known at K`, each only when given); exit 66.
func noSuchPlan(_ plan: String, asOf: LedgerDate?, knownAt: String?, queries: LedgerQueries) -> ExitCode {
    let keys = (try? queries.planKeys()) ?? []
    printError(noSuchPlanMessage(plan, keys: keys, asOf: asOf, knownAt: knownAt))
    return Exit.missing
}

/// The message of `noSuchPlan`, apart for tests.
func noSuchPlanMessage(_ plan: String, keys: [String], asOf: LedgerDate?, knownAt: String?) -> String {
    guard keys.contains(plan) else {
        var message = Message.noSuchPlan(plan).text(reading)
        if let guess = closestKey(to: plan, in: keys) { message += Message.didYouMean(guess).text(reading) }
        return message
    }
    return Message.planDidNotExist(plan: plan, asOf: asOf, knownAt: knownAt).text(reading)
}

extension PlanStatus: ExpressibleByArgument {
    /// `superseded` is a status of a version asked for by number (`show --version`), never of a plan in a list.
    public static var allValueStrings: [String] { allCases.filter { $0 != .superseded }.map(\.rawValue) }
}
