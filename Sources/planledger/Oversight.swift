import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    struct Followups: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "followups",
            abstract: "Follow-ups per plan, metric and period: target, outcome, fulfilment; ended periods without an outcome show null.")

        @Argument(help: "Only this plan.") var plan: String?
        @Option(name: .long, help: ArgumentHelp("Only this period (2022-DÅ04) or year (2022).", valueName: "period")) var period: String?
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()

            if let period, !FollowupPeriodFilter.isValid(period) {
                throw ValidationError("--period: expected YEAR-DÅ04, YEAR-DÅ08, YEAR-ÅR or a year, got \"\(period)\"")
            }
        }

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                if let plan, try queries.plan(plan, asOf: time.date, knownAt: time.known) == nil {
                    throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries)
                }
                var rows = try queries.followups(plan: plan, asOf: time.date, knownAt: time.known)
                if let period { rows = FollowupPeriodFilter.apply(period, to: rows) }
                printList(rows, format: output.resolved, json: \.json, tableColumns: FollowupRow.tableColumns, tableRow: \.tableRow,
                          csvColumns: FollowupRow.csvColumns, flexible: FollowupRow.tableFlexible, empty: Phrase.noFollowups.text(reading),
                          readingOrder: { [$0.plan, $0.period.end.description, $0.name ?? $0.metric] })
            }
        }
    }

    struct Assignments: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assignments", abstract: "Assignments (uppdrag) with deadline and status as of a date.")

        @Option(name: .long, help: "Only this plan's assignments.") var plan: String?
        @Flag(name: .long, help: "Only overdue assignments: deadline passed, not done.") var overdue = false
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                // A plan that does not exist is exit 66, as for every command that names one; not an empty list.
                if let plan, try !queries.planKeys().contains(plan) { throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries) }
                let rows = try queries.assignments(plan: plan, overdue: overdue, asOf: time.date, knownAt: time.known)
                printList(rows, format: output.resolved, json: \.json, tableColumns: AssignmentView.tableColumns, tableRow: \.tableRow,
                          csvColumns: AssignmentView.csvColumns, flexible: AssignmentView.tableFlexible,
                          empty: (overdue ? Message.noOverdueAssignmentsAsOf(time.date) : Message.noAssignmentsAsOf(time.date)).text(reading),
                          readingOrder: { [$0.deadline.description, $0.assignment] })
            }
        }
    }

    struct Chain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "chain", abstract: "The goal chain (målkedja): a plan and the plans below it.")

        @Argument(help: "The plan at the top.") var plan: String
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                guard let root = try queries.chain(plan, asOf: time.date, knownAt: time.known) else {
                    throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries)
                }
                switch output.resolved {
                case .json: print(PrettyJSON.string(root.json))
                case .csv:
                    // The tree flattened: each node's own members, and `parent` and `depth` in place of `children`.
                    var rows: [JSONValue] = []
                    root.walk { node, parent, depth in
                        guard case .object(var members) = node.json else { return }
                        members["children"] = nil
                        members["parent"] = JSONValue(parent)
                        members["depth"] = JSONValue(depth)
                        rows.append(.object(members))
                    }
                    print(CSV(columns: ChainNode.csvColumns, rows: rows).text, terminator: "")
                case .table:
                    let lines = root.treeLines { node in
                        Table.printable(Message.chainNode(plan: node.plan, title: node.title, kind: node.kind, version: node.version).text(reading))
                    }
                    print(lines.joined(separator: "\n"))
                }
            }
        }
    }

    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Audit findings: versions without approver, late registrations, overdue assignments, missing follow-ups.")

        @Option(name: .long, help: "Days after a period's end before a missing outcome is a finding.") var grace = 60
        @Option(name: .long, help: "Days between a document's date and its registration before it counts as late (OSL 5:1).") var lateAfter = 7
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()

            if grace < 0 { throw ValidationError("--grace: expected 0 or more days, got \(grace)") }
            if lateAfter < 0 { throw ValidationError("--late-after: expected 0 or more days, got \(lateAfter)") }
        }

        func run() throws {
            try reportingFailures {
                let findings = try LedgerQueries(try ledger.openForReading())
                    .audit(asOf: time.date, knownAt: time.known, rules: Audit.Rules(grace: grace, lateAfter: lateAfter, timeZone: try organisationZone()))
                let kinds = AuditFinding.Kind.allCases
                printList(findings, format: output.resolved, json: \.json, tableColumns: reading.texts([.finding, .plan, .dnr, .seq, .detail]),
                          tableRow: { [$0.finding.word(reading), $0.plan ?? absent, $0.dnr ?? absent, $0.seq.map(String.init) ?? absent, $0.readableDetail] },
                          csvColumns: AuditFinding.csvColumns, rightAligned: [3], flexible: [4], empty: Message.noFindingsAsOf(time.date).text(reading),
                          readingOrder: { [String(format: "%02d", kinds.firstIndex(of: $0.finding)!), $0.plan ?? "", $0.dnr ?? ""] })
            }
        }
    }
}

extension FollowupRow {
    static var tableColumns: [String] { reading.texts([.plan, .period, .perspective, .metric, .target, .outcome, .fulfilment, .reported]) }
    static let tableFlexible: Set<Int> = [2, 3, 4, 5]
    static let csvColumns = ["plan", "goal", "perspective", "metric", "name", "target", "baseline", "unit", "period", "outcome",
                             "fulfilment", "comment", "effective", "seq"]

    var tableRow: [String] {
        [plan, period.description, perspective ?? absent, name ?? metric, measureText(target, unit: unit),
         measureText(outcome, unit: unit), fulfilment?.word(reading) ?? absent, effective?.description ?? absent]
    }
}

/// A target, baseline or outcome as a person reads it: a number with its unit in the reader's form (`5.1 %`, `5,1 %`), a text as it was written
/// (`Minska`, never quoted and never with a unit), `—` when there is none.
func measureText(_ value: JSONValue?, unit: String?) -> String {
    switch value {
    case nil, .null?: absent
    case .string(let s)?: s
    case .number(let n)?: reading.number(n) + (unit.map { " \($0)" } ?? "")
    case let v?: CanonicalJSON.string(v)
    }
}

extension AssignmentView {
    static var tableColumns: [String] { reading.texts([.deadline, .assignment, .status, .overdue, .assignee, .title]) }
    static let tableFlexible: Set<Int> = [4, 5]
    static let csvColumns = ["assignment", "plan", "title", "assignee", "issuedBy", "issued", "deadline", "status", "reported", "note", "overdue"]

    var tableRow: [String] {
        [deadline.description, assignment, status.word(reading) + (reported.map { " (\($0))" } ?? ""), overdue ? Phrase.overdueFlag.text(reading) : absent,
         assignee, title]
    }
}

extension ChainNode {
    /// The CSV columns: `json`'s members, with `parent` and `depth` in place of the nested `children`.
    static let csvColumns = ["plan", "parent", "depth", "title", "kind", "version"]

    /// The tree as a terminal draws it, one line per node from `label`: `├─ ` before a child with siblings after
    /// it, `└─ ` before the last child, `│  ` continuing a branch that has more children below.
    func treeLines(label: (ChainNode) -> String) -> [String] {
        var lines = [label(self)]
        func visit(_ children: [ChainNode], prefix: String) {
            for (i, child) in children.enumerated() {
                let isLast = i == children.count - 1
                lines.append(prefix + (isLast ? "└─ " : "├─ ") + label(child))
                visit(child.children, prefix: prefix + (isLast ? "   " : "│  "))
            }
        }
        visit(children, prefix: "")
        return lines
    }

    /// Visits the tree depth first with each node's parent key and depth.
    func walk(parent: String? = nil, depth: Int = 0, _ visit: (ChainNode, String?, Int) -> Void) {
        visit(self, parent, depth)
        for child in children { child.walk(parent: plan, depth: depth + 1, visit) }
    }
}

extension AuditFinding {
    /// The detail in the reader's language: English is the JSON's `detail`; another language says the facts.
    var readableDetail: String {
        guard reading != .english, let facts else { return detail }
        return Message.auditDetail(facts).text(reading)
    }

    static let csvColumns = ["finding", "plan", "dnr", "seq", "detail"]
}
