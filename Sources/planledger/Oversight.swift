import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    struct Followups: ParsableCommand {
        static let configuration = CommandConfiguration(
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
                          csvColumns: FollowupRow.csvColumns, csvRow: \.csvRow, flexible: FollowupRow.tableFlexible, empty: Phrase.noFollowups.text(reading),
                          readingOrder: { [$0.plan, $0.period.end.description, $0.name ?? $0.metric] })
            }
        }
    }

    struct Assignments: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assignments (uppdrag) with deadline and status as of a date.")

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
                          csvColumns: AssignmentView.csvColumns, csvRow: \.csvRow, flexible: AssignmentView.tableFlexible,
                          empty: (overdue ? Message.noOverdueAssignmentsAsOf(time.date) : Message.noAssignmentsAsOf(time.date)).text(reading),
                          readingOrder: { [$0.deadline.description, $0.assignment] })
            }
        }
    }

    struct Chain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The goal chain (målkedja): a plan and the plans below it.")

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
                    var csv = CSV(header: ["plan", "parent", "depth", "title", "kind", "version"])
                    root.walk { node, parent, depth in csv.add([.text(node.plan), .optional(parent), .number(depth), .text(node.title), .text(node.kind), .number(node.version)]) }
                    print(csv.text, terminator: "")
                case .table:
                    var lines: [String] = []
                    root.walk { node, _, depth in
                        let indent = depth == 0 ? "" : String(repeating: "   ", count: depth - 1) + "└─ "
                        lines.append(indent + Message.chainNode(plan: node.plan, title: node.title, kind: node.kind, version: node.version).text(reading))
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
                          tableRow: { [$0.finding.word(reading), $0.plan ?? "", $0.dnr ?? "", $0.seq.map(String.init) ?? "", $0.readableDetail] },
                          csvColumns: ["finding", "plan", "dnr", "seq", "detail"],
                          csvRow: { [.text($0.finding.rawValue), .optional($0.plan), .optional($0.dnr), $0.seq.map(CSVCell.number) ?? "", .text($0.detail)] },
                          rightAligned: [3], flexible: [4], empty: Message.noFindingsAsOf(time.date).text(reading),
                          readingOrder: { [String(format: "%02d", kinds.firstIndex(of: $0.finding)!), $0.plan ?? "", $0.dnr ?? ""] })
            }
        }
    }
}

extension FollowupRow {
    static var tableColumns: [String] { reading.texts([.plan, .period, .perspective, .metric, .target, .outcome, .fulfilment, .reported]) }
    static let tableFlexible: Set<Int> = [2, 3, 4, 5]
    static let csvColumns = ["plan", "goal", "perspective", "metric", "name", "target", "baseline", "unit", "period", "outcome",
                             "fulfilment", "comment", "effective"]

    var tableRow: [String] {
        let u = unit.map { " \($0)" } ?? ""
        let targetUnit = if case .number? = target { u } else { "" }
        return [plan, period.description, perspective ?? "", name ?? metric, reading.value(target) + targetUnit,
                outcome == nil ? "—" : reading.value(outcome) + u, fulfilment?.word(reading) ?? "", effective?.description ?? ""]
    }

    var csvRow: [CSVCell] {
        [.text(plan), .optional(goal), .optional(perspective), .text(metric), .optional(name), .json(target), .json(baseline), .optional(unit),
         .text(period.description), .json(outcome), .optional(fulfilment?.rawValue), .optional(comment), .optional(effective?.description)]
    }
}

extension AssignmentView {
    static var tableColumns: [String] { reading.texts([.deadline, .assignment, .status, .overdue, .assignee, .title]) }
    static let tableFlexible: Set<Int> = [4, 5]
    static let csvColumns = ["assignment", "plan", "title", "assignee", "issuedBy", "issued", "deadline", "status", "reported", "note", "overdue"]

    var tableRow: [String] {
        [deadline.description, assignment, status.word(reading) + (reported.map { " (\($0))" } ?? ""), overdue ? Phrase.overdueFlag.text(reading) : "",
         assignee, title]
    }

    var csvRow: [CSVCell] {
        [.text(assignment), .optional(plan), .text(title), .text(assignee), .text(issuedBy), .text(issued.description),
         .text(deadline.description), .text(status.rawValue), .optional(reported?.description), .optional(note), .text(String(overdue))]
    }
}

extension ChainNode {
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
}
