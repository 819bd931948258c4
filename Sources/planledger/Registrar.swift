import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections

/// What every registrar command takes besides its own fields.
struct RecordOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The date the decision was taken or the document dated (YYYY-MM-DD); default today.", valueName: "date"))
    var effective: String?

    @Option(name: .long, help: "An idempotency key: recording the same id again with the same content does nothing.")
    var id: String?

    func validate() throws {
        _ = try organisationZone()
        if let effective, let reason = RegistrarCommand.dateProblem(effective) {
            throw ValidationError("--effective: \(reason)")
        }
    }

    var date: LedgerDate { effective.flatMap(LedgerDate.init(iso:)) ?? today }

    /// `effective` and `id` as the fields of `RegistrarCommand`.
    var values: [String: [String]] {
        var values: [String: [String]] = [:]
        if let effective { values["effective"] = [effective] }
        if let id { values["id"] = [id] }
        return values
    }
}

/// The fields given on the command line as `RegistrarCommand` takes them: each option that was given, by its name.
func fieldValues(_ record: RecordOptions, _ fields: [String: String?], lists: [String: [String]] = [:]) -> [String: [String]] {
    var values = record.values
    for (name, value) in fields { if let value { values[name] = [value] } }
    for (name, list) in lists where !list.isEmpty { values[name] = list }
    return values
}

/// Throws the first of the command's checks before an event (`RegistrarCommand.preflight`) as a usage error.
func checkUsage(_ command: RegistrarCommand, _ values: [String: [String]]) throws {
    if let problem = command.preflight(values, today: today).first {
        throw ValidationError(RegistrarCommand.usageMessage(problem))
    }
}

/// Builds one event from command-line fields through `RegistrarCommand` (the mapping the web forms use too),
/// appends it exactly as `append` would, and prints the new head.
struct Recorder {
    var ledger: LedgerOptions
    var record: RecordOptions
    var output: FormatOptions

    /// `values` are the command's fields by name (`RegistrarCommand.fields`); `current` answers a seq's data as it
    /// counts now (`correct`). The plan's key is named in messages as the argument `PLAN`, or `--plan` where it is an
    /// option.
    func append(_ command: RegistrarCommand, _ values: [String: [String]],
                current: (Int) throws -> [String: JSONValue]? = { _ in nil }) throws {
        let planOption = command.planIsArgument ? "PLAN" : "--plan"
        let asOption = { (problem: Problem) in Recorder.asOption(problem, plan: planOption) }
        try reportingFailures {
            let event: ProposedEvent
            do {
                event = try command.event(values, today: record.date, current: current)
            } catch let error as Rejection {
                throw StoreError.rejected(Rejection(problems: error.problems.map(asOption)))
            }
            do {
                let result = try ledger.open().append([event], actor: try defaultActor())
                AppendReport(result: result).write(output.resolved)
            } catch let error as StoreError {
                if case .rejected(let r) = error { throw StoreError.rejected(Rejection(problems: r.problems.map(asOption))) }
                throw error
            }
        }
    }

    /// Names a problem's field as what the registrar typed: `data.approvedBy` → `--approved-by`,
    /// `data.secrecy.ground` → `--secrecy`, `data.content.goals[0].text` → `--content-file: goals[0].text`,
    /// `actor` → `PLANLEDGER_ACTOR`, `plan` → `plan` (the argument `PLAN` or the option `--plan`), `data.target` →
    /// `SEQ` (the argument of `correct` and `retract`). The field names are `RegistrarCommand.formField`'s, the web
    /// forms' names; only their spelling on the command line is the CLI's.
    static func asOption(_ problem: Problem, plan: String = "PLAN") -> Problem {
        guard let field = problem.field else { return problem }
        var copy = problem
        switch field {
        case "plan": copy.field = plan
        case "actor": copy.field = "PLANLEDGER_ACTOR"
        case "data.target": copy.field = "SEQ"
        default:
            guard let (name, detail) = RegistrarCommand.formField(forEventField: field) else { return problem }
            copy.field = name == "content" && field.hasPrefix("data.content") ? "--content-file" + (detail.map { ": " + $0 } ?? "") : "--\(name)"
        }
        return copy
    }
}

extension Planledger {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register a plan (plan.registered).")
        @Argument(help: "The plan's key, e.g. rutin-handlingsplan.") var plan: String
        @Option(help: "Its title.") var title: String
        @Option(help: "Its kind: regionplan, strategisk plan, verksamhetsplan, rutin, riktlinje …") var kind: String
        @Option(help: "Who owns it.") var owner: String
        @Option(help: ArgumentHelp("First year or date it covers.", valueName: "year|date")) var from: String?
        @Option(help: ArgumentHelp("Last year or date it covers.", valueName: "year|date")) var to: String?
        @Option(help: "The plan above it in the goal chain.") var parent: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        var values: [String: [String]] {
            fieldValues(record, ["plan": plan, "title": title, "kind": kind, "owner": owner, "from": from, "to": to, "parent": parent])
        }

        func validate() throws {
            try record.validate()
            try checkUsage(.register, values)
        }

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.register, values)
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revise", abstract: "Record a new version of a plan (plan.revised).")
        @Argument(help: "The plan's key.") var plan: String
        @Option(help: "The new version number (the previous + 1).") var version: Int
        @Option(help: "What changed (Ändring).") var change: String
        @Option(help: "Who approved it (Beslutat av).") var approvedBy: String?
        @Option(help: "The diary number of the decision.") var dnr: String?
        @Option(help: "The deciding body (beslutsinstans), e.g. Regionstyrelsen.") var body: String?
        @Option(help: "The paragraph (§) in the minutes.") var paragraph: String?
        @Option(help: ArgumentHelp("A JSON file with the content this version sets (title, period, text, goals, budget).", valueName: "file"))
        var contentFile: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func values(content: String? = nil) -> [String: [String]] {
            fieldValues(record, ["plan": plan, "version": String(version), "change": change, "approved-by": approvedBy, "dnr": dnr,
                                 "body": body, "paragraph": paragraph, "content": content])
        }

        func validate() throws {
            try record.validate()
            try checkUsage(.revise, values())
        }

        func run() throws {
            var content: String?
            if let contentFile {
                guard let data = FileManager.default.contents(atPath: contentFile) else {
                    printError("planledger: no content file \(contentFile)")
                    throw Exit.missing
                }
                // Checked as `append` checks a line, so that a Latin-1 or Windows-1252 file is named as such.
                let bytes = Array(data)
                if let bad = UTF8Check.firstInvalidByte(bytes) {
                    try reportingFailures { () throws -> Void in
                        throw StoreError.rejected(Rejection(problems: [
                            Problem(field: "--content-file", reason: "\(contentFile): \(UTF8Check.explain(bytes, at: bad))"),
                        ]))
                    }
                }
                do { _ = try JSONParser.parse(bytes) } catch {
                    printError("planledger: \(contentFile): invalid JSON: \(error.description)")
                    throw Exit.rejected
                }
                // Valid UTF-8 (checked above): the text is the file's bytes.
                content = String(decoding: bytes, as: UTF8.self)
            }
            try Recorder(ledger: ledger, record: record, output: output).append(.revise, values(content: content))
        }
    }

    struct Repeal: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "repeal", abstract: "Repeal a plan (plan.repealed).")
        @Argument(help: "The plan's key.") var plan: String
        @Option(help: "Why it is repealed.") var reason: String
        @Option(help: "Who decided it.") var approvedBy: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.repeal, fieldValues(record, [
                "plan": plan, "reason": reason, "approved-by": approvedBy,
            ]))
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record a decision from the minutes (decision.recorded).")
        @Option(help: "The diary number.") var dnr: String
        @Option(help: "The deciding body.") var body: String
        @Option(help: "The matter (ärende).") var subject: String
        @Option(help: "The decision's wording.") var text: String
        @Option(help: "The paragraph (§).") var paragraph: String?
        @Option(help: "The plan it concerns.") var plan: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.decide, fieldValues(record, [
                "dnr": dnr, "body": body, "subject": subject, "text": text, "paragraph": paragraph, "plan": plan,
            ]))
        }
    }

    struct Diarise: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diarise", abstract: "Register a document in the diary (diary.registered).")
        @Option(help: "The diary number.") var dnr: String
        @Option(help: "The document's title.") var title: String
        @Option(help: "in, out or internal.") var direction: Direction
        @Option(help: "Who sent or receives it.") var counterpart: String?
        @Option(help: "Who handles it (handläggare).") var handler: String?
        @Option(name: .customLong("case"), help: "The case (ärende) it belongs to.") var caseKey: String?
        @Option(help: ArgumentHelp("Classified under this OSL ground, e.g. \"OSL 25:1\".", valueName: "ground")) var secrecy: String?
        @Flag(name: .customLong("personal-data"), help: "The counterpart is a private individual: public output shows \"Enskild\" (personalData: true).")
        var personalData = false
        @Option(help: "The plan it concerns.") var plan: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.diarise, fieldValues(record, [
                "dnr": dnr, "title": title, "direction": direction.rawValue, "counterpart": counterpart, "handler": handler,
                "case": caseKey, "secrecy": secrecy, "personal-data": personalData ? "true" : nil, "plan": plan,
            ]))
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: "Archive a diarised document (diary.archived).")
        @Option(help: "The diary number.") var dnr: String
        @Option(help: "keep (bevaras) or cull (gallras).") var retention: Retention
        @Option(help: ArgumentHelp("Cull after this date (with --retention cull).", valueName: "date")) var cullAfter: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.archive, fieldValues(record, [
                "dnr": dnr, "retention": retention.rawValue, "cull-after": cullAfter,
            ]))
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign", abstract: "Issue an assignment with a deadline (assignment.issued).")
        @Option(help: "The assignment's key.") var assignment: String
        @Option(help: "What is to be done.") var title: String
        @Option(help: "Who is to do it.") var assignee: String
        @Option(help: ArgumentHelp("Klart senast (YYYY-MM-DD).", valueName: "date")) var deadline: String
        @Option(help: "Who issued it.") var issuedBy: String
        @Option(help: "The plan it belongs to.") var plan: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.assign, fieldValues(record, [
                "assignment": assignment, "title": title, "assignee": assignee, "deadline": deadline, "issued-by": issuedBy, "plan": plan,
            ]))
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Report on an assignment (assignment.reported).")
        @Option(help: "The assignment's key.") var assignment: String
        @Option(help: "partial or done.") var status: AssignmentStatus
        @Option(help: "What was done.") var note: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.report, fieldValues(record, [
                "assignment": assignment, "status": status.rawValue, "note": note,
            ]))
        }
    }

    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up", abstract: "Report a metric's outcome for a period (followup.recorded).",
            discussion: "--effective is the date the outcome was reported. It is required unless the period is the current one (begun, and ended at most 60 days ago); then it defaults to today, which is said on standard error. One outcome per metric and period: to change one, correct it (planledger correct SEQ).")
        @Argument(help: "The plan's key.") var plan: String
        @Option(help: "The metric's id.") var metric: String
        @Option(help: "The period, e.g. 2022-DÅ04.") var period: String
        @Option(help: ArgumentHelp("The outcome: a number (6.3 or 6,3) or a text.", valueName: "value")) var outcome: String
        @Option(help: "The unit.") var unit: String?
        @Option(help: "met, partly, not-met or not-available.") var fulfilment: Fulfilment
        @Option(help: "A comment.") var comment: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        var values: [String: [String]] {
            fieldValues(record, ["plan": plan, "metric": metric, "period": period, "outcome": outcome, "unit": unit,
                                 "fulfilment": fulfilment.rawValue, "comment": comment])
        }

        func validate() throws {
            try record.validate()
            // A follow-up of an old period dated today would say the 2022 figures were reported now: the check asks
            // for the date (RegistrarCommand.preflight).
            try checkUsage(.followup, values)
        }

        func run() throws {
            var record = record
            if record.effective == nil {
                record.effective = today.description
                printError("planledger: --effective not given: recording the follow-up of \(period) as reported today, \(today)")
            }
            try Recorder(ledger: ledger, record: record, output: output).append(.followup, fieldValues(record, [
                "plan": plan, "metric": metric, "period": period, "outcome": outcome, "unit": unit,
                "fulfilment": fulfilment.rawValue, "comment": comment,
            ]))
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correct",
            abstract: "Correct an earlier event (event.corrected): its data as it counts now, with the fields you set.",
            discussion: "Example: planledger correct 4 --set approvedBy=Landstingsdirektör --reason \"Fel beslutsfattare\". A value that reads as JSON (3, 6.3, true, null) is taken as such; anything else as text.")
        @Argument(help: "The seq of the event to correct.") var seq: Int
        @Option(help: "Why.") var reason: String
        @Option(name: .customLong("set"), help: ArgumentHelp("A field's new value, field=value (repeatable).", valueName: "field=value")) var assignments: [String] = []
        @Option(name: .customLong("unset"), help: ArgumentHelp("Remove an optional field (repeatable).", valueName: "field")) var removals: [String] = []
        @Option(help: ArgumentHelp("Move the event to this effective date.", valueName: "date")) var moveTo: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        var values: [String: [String]] {
            fieldValues(record, ["seq": String(seq), "reason": reason, "move-to": moveTo], lists: ["set": assignments, "unset": removals])
        }

        func validate() throws {
            try record.validate()
            try checkUsage(.correct, values)
        }

        func run() throws {
            try reportingFailures {
                guard let target = try ledger.open().current(seq: seq) else {
                    printError("planledger: SEQ: no event with seq \(seq) in \(ledger.path)")
                    throw Exit.missing
                }
                try Recorder(ledger: ledger, record: record, output: output).append(.correct, values) { _ in target.data }
            }
        }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retract", abstract: "Retract an earlier event (event.retracted): it counts as never having happened.")
        @Argument(help: "The seq of the event to retract.") var seq: Int
        @Option(help: "Why.") var reason: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.retract, fieldValues(record, [
                "seq": String(seq), "reason": reason,
            ]))
        }
    }
}

extension Direction: ExpressibleByArgument {}
extension Retention: ExpressibleByArgument {}
extension AssignmentStatus: ExpressibleByArgument {}
extension Fulfilment: ExpressibleByArgument {}
