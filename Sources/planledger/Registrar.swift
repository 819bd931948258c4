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
        if let effective, LedgerDate(iso: effective) == nil {
            throw ValidationError("--effective: expected a real date YYYY-MM-DD, got \"\(effective)\"")
        }
    }

    var date: LedgerDate { effective.flatMap(LedgerDate.init(iso:)) ?? today }
}

/// Builds one event from command-line fields, appends it exactly as `append` would, and prints the new head.
struct Recorder {
    var ledger: LedgerOptions
    var record: RecordOptions
    var output: FormatOptions

    /// `planOption` names the plan's key in messages: the argument `PLAN`, or `--plan` where it is an option.
    func append(_ type: EventType, plan: String? = nil, planOption: String = "PLAN", _ data: [String: JSONValue?]) throws {
        let asOption = { (problem: Problem) in Recorder.asOption(problem, plan: planOption) }
        try reportingFailures {
            let members = data.compactMapValues { $0 }
            let event: ProposedEvent
            do {
                event = try ProposedEvent(id: record.id, type: type, plan: plan, effective: record.date, actor: nil, data: members)
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
    /// `SEQ` (the argument of `correct` and `retract`).
    static func asOption(_ problem: Problem, plan: String = "PLAN") -> Problem {
        guard let field = problem.field else { return problem }
        var copy = problem
        switch field {
        case "plan": copy.field = plan
        case "actor": copy.field = "PLANLEDGER_ACTOR"
        case "id", "effective": copy.field = "--\(field)"
        case "data.target": copy.field = "SEQ"
        case "data.content": copy.field = "--content-file"
        case _ where field.hasPrefix("data.content."): copy.field = "--content-file: " + field.dropFirst("data.content.".count)
        case _ where field.hasPrefix("data.secrecy"): copy.field = "--secrecy"
        case _ where field.hasPrefix("data.replacement"): break
        case _ where field.hasPrefix("data."):
            let last = field.split(separator: ".").last.map(String.init) ?? field
            let kebab = last.reduce(into: "") { s, c in
                if c.isUppercase { s += "-" + c.lowercased() } else { s.append(c) }
            }
            copy.field = "--\(kebab)"
        default: break
        }
        return copy
    }
}

/// A text value, or nil when absent.
private func text(_ s: String?) -> JSONValue? { s.map(JSONValue.string) }

extension Planledger {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a plan (plan.registered).")
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

        func validate() throws {
            try record.validate()

            if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        }

        func run() throws {
            func bound(_ s: String) -> JSONValue { Int(s).map { .number(Double($0)) } ?? .string(s) }
            let period: JSONValue? = from.flatMap { f in to.map { ["from": bound(f), "to": bound($0)] } }
            try Recorder(ledger: ledger, record: record, output: output).append(.planRegistered, plan: plan, [
                "title": text(title), "kind": text(kind), "owner": text(owner), "period": period, "parent": text(parent),
            ])
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a new version of a plan (plan.revised).")
        @Argument(help: "The plan's key.") var plan: String
        @Option(help: "The new version number (the previous + 1).") var version: Int
        @Option(help: "What changed (Ändring).") var change: String
        @Option(help: "Who approved it (Beslutat av).") var approvedBy: String?
        @Option(help: "The diary number of the decision.") var dnr: String?
        @Option(help: "The deciding body (beslutsinstans), e.g. Regionstyrelsen.") var body: String?
        @Option(help: "The paragraph (§) in the minutes.") var paragraph: String?
        @Option(help: ArgumentHelp("A JSON file with the content this version sets (title, period, text, goals).", valueName: "file"))
        var contentFile: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try record.validate()

            if paragraph != nil, body == nil { throw ValidationError("--paragraph needs --body") }
        }

        func run() throws {
            var content: JSONValue?
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
                do { content = try JSONParser.parse(bytes) } catch {
                    printError("planledger: \(contentFile): invalid JSON: \(error.description)")
                    throw Exit.rejected
                }
            }
            try Recorder(ledger: ledger, record: record, output: output).append(.planRevised, plan: plan, [
                "version": .number(Double(version)), "change": text(change), "approvedBy": text(approvedBy), "dnr": text(dnr),
                "decision": body.map { ["body": .string($0), "paragraph": text(paragraph) ?? .null] }, "content": content,
            ])
        }
    }

    struct Repeal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Repeal a plan (plan.repealed).")
        @Argument(help: "The plan's key.") var plan: String
        @Option(help: "Why it is repealed.") var reason: String
        @Option(help: "Who decided it.") var approvedBy: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.planRepealed, plan: plan, [
                "reason": text(reason), "approvedBy": text(approvedBy),
            ])
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a decision from the minutes (decision.recorded).")
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
            try Recorder(ledger: ledger, record: record, output: output).append(.decisionRecorded, plan: plan, planOption: "--plan", [
                "dnr": .string(dnr), "body": .string(body), "subject": .string(subject), "text": .string(text),
                "paragraph": paragraph.map(JSONValue.string),
            ])
        }
    }

    struct Diarise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a document in the diary (diary.registered).")
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
            try Recorder(ledger: ledger, record: record, output: output).append(.diaryRegistered, plan: plan, planOption: "--plan", [
                "dnr": text(dnr), "title": text(title), "direction": .string(direction.rawValue), "counterpart": text(counterpart),
                "handler": text(handler), "case": text(caseKey), "secrecy": secrecy.map { ["ground": .string($0)] },
                "personalData": personalData ? .bool(true) : nil,
            ])
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a diarised document (diary.archived).")
        @Option(help: "The diary number.") var dnr: String
        @Option(help: "keep (bevaras) or cull (gallras).") var retention: Retention
        @Option(help: ArgumentHelp("Cull after this date (with --retention cull).", valueName: "date")) var cullAfter: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.diaryArchived, [
                "dnr": text(dnr), "retention": .string(retention.rawValue), "cullAfter": text(cullAfter),
            ])
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an assignment with a deadline (assignment.issued).")
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
            try Recorder(ledger: ledger, record: record, output: output).append(.assignmentIssued, plan: plan, planOption: "--plan", [
                "assignment": text(assignment), "title": text(title), "assignee": text(assignee), "deadline": text(deadline),
                "issuedBy": text(issuedBy),
            ])
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report on an assignment (assignment.reported).")
        @Option(help: "The assignment's key.") var assignment: String
        @Option(help: "partial or done.") var status: AssignmentStatus
        @Option(help: "What was done.") var note: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.assignmentReported, [
                "assignment": text(assignment), "status": .string(status.rawValue), "note": text(note),
            ])
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

        /// How long after its end a period still counts as the one being reported on, in days: audit's default
        /// grace for a missing outcome (`audit --grace`).
        static let reportingWindow = 60

        /// Whether `period` is the one a report made `today` is about: it has begun, and it ended no more than
        /// `reportingWindow` days ago.
        /// `--outcome` as the event holds it: a number when the value is written as one, in JSON's grammar with a
        /// decimal point or the Swedish decimal comma (`6,3` is 6.3, `−2` is -2; spaces around it are ignored), else
        /// the text as given. Hexadecimal (`0x10`), `NaN` and `Infinity` are refused rather than read as a number or
        /// kept as a word, and so is a number too large to be finite (`1e400`): a report holds a figure or a text,
        /// never a figure that changed on the way in. Throws `ValidationError` naming `--outcome`.
        static func outcomeValue(_ outcome: String) throws -> JSONValue {
            let candidate = outcome.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
            if candidate.wholeMatch(of: /-?(0|[1-9][0-9]*)([.,][0-9]+)?([eE][+-]?[0-9]+)?/) != nil {
                guard let number = Double(candidate.replacingOccurrences(of: ",", with: ".")), number.isFinite else {
                    throw ValidationError("--outcome: \(outcome) is too large a number to record")
                }
                return .number(number)
            }
            let word = candidate.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if ["nan", "inf", "infinity"].contains(word) || candidate.lowercased().hasPrefix("0x") || candidate.lowercased().hasPrefix("-0x") {
                throw ValidationError("--outcome: \"\(outcome)\" is not a figure a report can hold; write the number in decimals (6,3), or a text such as \"ej tillgängligt\"")
            }
            return .string(outcome)
        }

        static func isCurrent(_ period: FollowupPeriod, today: LedgerDate) -> Bool {
            LedgerDate(year: period.year, month: 1, day: 1)! <= today && today <= period.end.adding(days: reportingWindow)
        }

        func validate() throws {
            try record.validate()

            // A follow-up of an old period dated today would say the 2022 figures were reported now: ask for the date.
            _ = try Self.outcomeValue(outcome)
            if record.effective == nil, let parsed = FollowupPeriod(period), !Self.isCurrent(parsed, today: today) {
                throw ValidationError("--effective: required for a follow-up of \(parsed) (its period ends \(parsed.end); today is \(today)): give the date the outcome was reported, e.g. the date of the report's decision")
            }
        }

        func run() throws {
            var record = record
            if record.effective == nil {
                record.effective = today.description
                printError("planledger: --effective not given: recording the follow-up of \(period) as reported today, \(today)")
            }
            try Recorder(ledger: ledger, record: record, output: output).append(.followupRecorded, plan: plan, [
                "metric": text(metric), "period": text(period), "outcome": try Self.outcomeValue(outcome),
                "unit": text(unit), "fulfilment": .string(fulfilment.rawValue), "comment": text(comment),
            ])
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        func validate() throws {
            try record.validate()

            for a in assignments where !a.contains("=") { throw ValidationError("--set: expected field=value, got \"\(a)\"") }
            if assignments.isEmpty, removals.isEmpty, moveTo == nil { throw ValidationError("nothing to correct: give --set, --unset or --move-to") }
            if let moveTo, LedgerDate(iso: moveTo) == nil { throw ValidationError("--move-to: expected a real date YYYY-MM-DD, got \"\(moveTo)\"") }
        }

        func run() throws {
            try reportingFailures {
                guard let target = try ledger.open().current(seq: seq) else {
                    printError("planledger: SEQ: no event with seq \(seq) in \(ledger.path)")
                    throw Exit.missing
                }
                var data = target.data
                for a in assignments {
                    let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
                    let value = parts.count > 1 ? parts[1] : ""
                    data[parts[0]] = (try? JSONParser.parse(value)) ?? .string(value)
                }
                for key in removals { data[key] = nil }
                var replacement: [String: JSONValue] = ["data": .object(data)]
                if let moveTo { replacement["effective"] = .string(moveTo) }
                try Recorder(ledger: ledger, record: record, output: output).append(.eventCorrected, [
                    "target": .number(Double(seq)), "reason": .string(reason), "replacement": .object(replacement),
                ])
            }
        }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retract an earlier event (event.retracted): it counts as never having happened.")
        @Argument(help: "The seq of the event to retract.") var seq: Int
        @Option(help: "Why.") var reason: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.eventRetracted, [
                "target": .number(Double(seq)), "reason": .string(reason),
            ])
        }
    }
}

extension Direction: ExpressibleByArgument {}
extension Retention: ExpressibleByArgument {}
extension AssignmentStatus: ExpressibleByArgument {}
extension Fulfilment: ExpressibleByArgument {}
