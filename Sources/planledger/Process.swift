import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    /// `planledger process PROCESS`: where a planning process stands (SPEC "The planning year", **The process**).
    struct ProcessCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "process",
            abstract: "Where a planning process stands as of a date: phases done/current/upcoming, milestones reached (how late)/due/overdue/upcoming, the next milestone and the timetable's changes.")

        @Argument(help: "The process key.") var process: String
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                guard let view = try queries.process(process, asOf: time.date, knownAt: time.known) else {
                    printError(ProcessText.noSuchProcess(process, time.date).text(reading))
                    throw Exit.missing
                }
                switch output.resolved {
                case .json: print(PrettyJSON.string(view.json))
                case .csv:
                    // One row per milestone (the timetable's dated points), with the process's own fields beside it.
                    let rows: [JSONValue] = view.milestones.map { m in
                        guard case .object(var members) = m.json else { return m.json }
                        members["process"] = .string(view.process)
                        members["asOf"] = .string(view.asOf.description)
                        return .object(members)
                    }
                    print(CSV(columns: MilestoneView.csvColumns, rows: rows).text, terminator: "")
                case .table: print(view.table)
                }
            }
        }
    }

    /// `planledger processes`: every planning process planned by the as-of date.
    struct Processes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "processes",
            abstract: "Planning processes as of a date: plan year, current phase, next milestone, overdue milestones.")

        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                let rows = try queries.processes(asOf: time.date, knownAt: time.known)
                printList(rows, format: output.resolved, json: \.summaryJSON, tableColumns: ProcessView.tableColumns, tableRow: \.tableRow,
                          csvColumns: ProcessView.csvColumns, rightAligned: [1, 5], flexible: [2], empty: ProcessText.noProcesses(time.date).text(reading))
            }
        }
    }
}

extension ProcessView {
    static var tableColumns: [String] {
        [ProcessText.process, .year, .title, .currentPhase, .nextMilestone, .overdueCount].map { $0.text(reading) }
    }
    static let csvColumns = ["process", "title", "year", "owner", "asOf", "currentPhase", "nextMilestone", "nextMilestoneDate", "overdue"]

    var tableRow: [String] {
        let next = milestones.first { $0.id == nextMilestone }
        return [process, String(year), title, phases.first { $0.id == currentPhase }?.name ?? absent,
                next.map { "\($0.name) (\($0.date))" } ?? absent, String(milestones.filter { $0.state == .overdue }.count)]
    }

    /// `process`'s table: the heading, where it stands, the phases, the milestones, the timetable's changes.
    var table: String {
        let phase = phases.first { $0.id == currentPhase }
        let next = milestones.first { $0.id == nextMilestone }
        var lines = [
            ProcessText.heading(process: process, title: title, year: year).text(reading),
            "\(ProcessText.owner.text(reading)): \(owner)",
            ProcessText.standing(asOf: asOf, phase: phase?.name, next: next?.name, nextDate: next?.date).text(reading),
            "",
        ]
        lines.append(Table(columns: [ProcessText.phase, .from, .to, .state].map { $0.text(reading) },
                           rows: phases.map { [$0.name, $0.from.description, $0.to.description, $0.state.word(reading)] },
                           flexible: [0], colour: Terminal.status).render())
        lines.append("")
        lines.append(Table(columns: [ProcessText.milestone, .date, .state, .reached, .daysLate, .note].map { $0.text(reading) },
                           rows: milestones.map { m in
                               [m.name, m.date.description, m.state.word(reading), m.reached?.description ?? absent,
                                m.daysLate.map { ProcessText.lateness($0).text(reading) } ?? absent, m.note ?? absent]
                           }, flexible: [5], colour: Terminal.status).render())
        lines.append("")
        lines.append(ProcessText.timetableChanges.text(reading))
        lines.append(Table(columns: [ProcessText.date, .change, .seq, .corrected].map { $0.text(reading) },
                           rows: changes.map { c in
                               [c.date.description, c.change ?? ProcessText.planned.text(reading), String(c.seq),
                                c.correctedBy.map { Message.correctedBy(seq: $0).text(reading) } ?? absent]
                           }, rightAligned: [2], flexible: [1]).render())
        return lines.joined(separator: "\n")
    }
}

extension MilestoneView {
    /// `process --format csv`: one row per milestone, the JSON's members as columns.
    static let csvColumns = ["process", "asOf", "id", "name", "date", "phase", "state", "reached", "daysLate", "note", "plan", "dnr", "seq",
                             "body", "purpose", "deliverable"]
}

extension Planledger {
    /// `planledger reach PROCESS MILESTONE`: the registrar records that a milestone was reached (`milestone.reached`),
    /// through `RegistrarCommand.reach`, as the web form `/registrera/reach` does.
    struct Reach: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reach",
            abstract: "Record that a planning process's milestone was reached (milestone.reached), on --effective (default today).")
        @Argument(help: "The process key.") var process: String
        @Argument(help: "The milestone's id in the timetable.") var milestone: String
        @Option(help: "A note on how it went.") var note: String?
        @Option(help: "The plan the milestone delivered (its key).") var plan: String?
        @Option(help: "The decision's diary number.") var dnr: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.reach, fieldValues(record, [
                "process": process, "milestone": milestone, "note": note, "plan": plan, "dnr": dnr,
            ]))
        }
    }
}
