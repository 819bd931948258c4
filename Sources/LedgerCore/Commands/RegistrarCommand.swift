import Foundation

/// One field of a registrar command as a person fills it in, on the command line or in a web form.
///
/// `name` is the CLI's option name without its dashes (`approved-by` for `--approved-by`), and the web form's field
/// name (SPEC, "Web pages": field names are the CLI options' names); the CLI's arguments are `plan` (`PLAN`) and `seq`
/// (`SEQ`), and `revise --content-file FILE` is the field `content`, the file's text.
public struct RegistrarField: Sendable, Hashable {
    /// How a field's text is read and how a form asks for it.
    public enum Kind: Sendable, Hashable {
        /// One line of text (a key, a name, a diary number).
        case text
        /// Text that may run long (a change, a reason, a decision's wording): a text area in a form.
        case longText
        /// A date `YYYY-MM-DD`.
        case date
        /// A whole number (a version, a seq).
        case integer
        /// One of these raw values (`in`, `out`, `internal`).
        case choice([String])
        /// Yes or no (a CLI flag, a form's checkbox): given and not `false` means yes.
        case flag
        /// A JSON document (`revise`'s content).
        case json
        /// A repeatable option (`--set`, `--unset`): one value per line in a form.
        case lines
    }

    public var name: String
    public var required: Bool
    public var kind: Kind

    public init(_ name: String, required: Bool = false, _ kind: Kind = .text) {
        self.name = name
        self.required = required
        self.kind = kind
    }
}

/// The registrar commands (SPEC, "Who uses it": the registrar records), each as its fields and ONE mapping from
/// those fields to the event it appends. The CLI (`planledger register …`) and the web forms (`/registrera/…`) both
/// build their events here, so the same values give the same event and the same problems.
///
/// The raw value is the command's name in the web's URLs (`/registrera/followup`); `commandName` the CLI's.
public enum RegistrarCommand: String, CaseIterable, Sendable {
    case register, revise, repeal, decide, diarise, archive, assign, report, followup, correct, retract
    /// `planledger reach PROCESS MILESTONE`: a milestone of a planning process was reached (`milestone.reached`).
    case reach
    /// `activity.reported`: progress on an activity of a plan (SPEC, "The planning year").
    case activity

    /// The CLI's subcommand: `follow-up` for `followup`, `report-activity` for `activity`, else the raw value.
    public var commandName: String {
        switch self {
        case .followup: "follow-up"
        case .activity: "report-activity"
        default: rawValue
        }
    }

    /// The type of event the command appends.
    public var eventType: EventType {
        switch self {
        case .register: .planRegistered
        case .revise: .planRevised
        case .repeal: .planRepealed
        case .decide: .decisionRecorded
        case .diarise: .diaryRegistered
        case .archive: .diaryArchived
        case .assign: .assignmentIssued
        case .report: .assignmentReported
        case .followup: .followupRecorded
        case .correct: .eventCorrected
        case .retract: .eventRetracted
        case .reach: .milestoneReached
        case .activity: .activityReported
        }
    }

    /// Whether the plan is the CLI's argument `PLAN` (else, where the command has one, the option `--plan`).
    public var planIsArgument: Bool { [.register, .revise, .repeal, .followup, .activity].contains(self) }

    /// What every command takes besides its own fields: the effective date (default today) and an idempotency key.
    public static let recordFields: [RegistrarField] = [RegistrarField("effective", .date), RegistrarField("id")]

    /// The command's fields in the CLI's order (its arguments and options), then `effective` and `id`.
    public var fields: [RegistrarField] {
        let own: [RegistrarField]
        switch self {
        case .register:
            own = [.init("plan", required: true), .init("title", required: true), .init("kind", required: true),
                   .init("owner", required: true), .init("from"), .init("to"), .init("parent")]
        case .revise:
            own = [.init("plan", required: true), .init("version", required: true, .integer), .init("change", required: true, .longText),
                   .init("approved-by"), .init("dnr"), .init("body"), .init("paragraph"), .init("content", .json)]
        case .repeal:
            own = [.init("plan", required: true), .init("reason", required: true, .longText), .init("approved-by", required: true)]
        case .decide:
            own = [.init("dnr", required: true), .init("body", required: true), .init("subject", required: true),
                   .init("text", required: true, .longText), .init("paragraph"), .init("plan")]
        case .diarise:
            own = [.init("dnr", required: true), .init("title", required: true),
                   .init("direction", required: true, .choice(Direction.allCases.map(\.rawValue))), .init("counterpart"),
                   .init("handler"), .init("case"), .init("secrecy"), .init("personal-data", .flag), .init("plan")]
        case .archive:
            own = [.init("dnr", required: true), .init("retention", required: true, .choice(Retention.allCases.map(\.rawValue))),
                   .init("cull-after", .date)]
        case .assign:
            own = [.init("assignment", required: true), .init("title", required: true), .init("assignee", required: true),
                   .init("deadline", required: true, .date), .init("issued-by", required: true), .init("plan")]
        case .report:
            own = [.init("assignment", required: true), .init("status", required: true, .choice(AssignmentStatus.allCases.map(\.rawValue))),
                   .init("note", required: true, .longText)]
        case .followup:
            own = [.init("plan", required: true), .init("metric", required: true), .init("period", required: true),
                   .init("outcome", required: true), .init("unit"),
                   .init("fulfilment", required: true, .choice(Fulfilment.allCases.map(\.rawValue))), .init("comment", .longText)]
        case .correct:
            own = [.init("seq", required: true, .integer), .init("reason", required: true, .longText), .init("set", .lines),
                   .init("unset", .lines), .init("move-to", .date)]
        case .retract:
            own = [.init("seq", required: true, .integer), .init("reason", required: true, .longText)]
        case .reach:
            // `plan` is the plan the milestone delivered (data.plan); the event itself names no plan.
            own = [.init("process", required: true), .init("milestone", required: true), .init("note", .longText), .init("plan"),
                   .init("dnr")]
        case .activity:
            own = [.init("plan", required: true), .init("activity", required: true),
                   .init("status", required: true, .choice(ActivityStatus.allCases.map(\.rawValue))), .init("note", required: true, .longText)]
        }
        return own + Self.recordFields
    }

    /// The field named `name`, if the command has one.
    public func field(_ name: String) -> RegistrarField? { fields.first { $0.name == name } }

    // MARK: - Checks before the event (the CLI's usage errors, exit 64)

    /// The checks made before an event is built, in the CLI's order, each naming its field (`effective`, `to`,
    /// `paragraph`, `outcome`, `set`, `move-to`); `today` is the organisation's day (a follow-up of an old period
    /// needs its `effective`). The CLI prints the first as a usage error (`usageMessage`); a form shows them all.
    public func preflight(_ values: [String: [String]], today: LedgerDate) -> [Problem] {
        var problems: [Problem] = []
        let effective = values["effective"]?.first
        if let effective, let reason = Self.dateProblem(effective) { problems.append(Problem(field: "effective", reason: reason)) }
        switch self {
        case .register:
            if (values["from"] == nil) != (values["to"] == nil) {
                problems.append(Problem(field: values["from"] == nil ? "from" : "to", reason: "--from and --to go together"))
            }
        case .revise:
            if values["paragraph"] != nil, values["body"] == nil { problems.append(Problem(field: "paragraph", reason: "--paragraph needs --body")) }
        case .followup:
            if let outcome = values["outcome"]?.first, case .failure(let refusal) = Self.outcomeValue(outcome) {
                problems.append(Problem(field: "outcome", reason: refusal.reason))
            }
            if effective == nil, let text = values["period"]?.first, let period = FollowupPeriod(text), !Self.isCurrent(period, today: today) {
                problems.append(Problem(field: "effective", reason: "required for a follow-up of \(period) (its period ends \(period.end); today is \(today)): give the date the outcome was reported, e.g. the date of the report's decision"))
            }
        case .correct:
            let assignments = values["set"] ?? []
            for a in assignments where !a.contains("=") { problems.append(Problem(field: "set", reason: "expected field=value, got \"\(a)\"")) }
            if assignments.isEmpty, (values["unset"] ?? []).isEmpty, values["move-to"] == nil {
                problems.append(Problem(field: "set", reason: "nothing to correct: give --set, --unset or --move-to"))
            }
            if let moveTo = values["move-to"]?.first, let reason = Self.dateProblem(moveTo) {
                problems.append(Problem(field: "move-to", reason: reason))
            }
        default: break
        }
        return problems
    }

    /// A preflight problem as the CLI's usage error: `--FIELD: reason`, or the reason alone where it names its
    /// options itself (`--from and --to go together`).
    public static func usageMessage(_ problem: Problem) -> String {
        guard let field = problem.field, !problem.reason.hasPrefix("--"), !problem.reason.hasPrefix("nothing to correct") else {
            return problem.reason
        }
        return "--\(field): \(problem.reason)"
    }

    /// Why `text` is not a date `YYYY-MM-DD` that exists, or nil when it is one.
    public static func dateProblem(_ text: String) -> String? {
        LedgerDate(iso: text) == nil ? "expected a real date YYYY-MM-DD, got \"\(text)\"" : nil
    }

    /// How long after its end a period still counts as the one being reported on, in days: audit's default grace
    /// for a missing outcome (`audit --grace`).
    public static let reportingWindow = 60

    /// Whether `period` is the one a report made `today` is about: it has begun, and it ended no more than
    /// `reportingWindow` days ago. A follow-up of such a period may leave out its effective date (today).
    public static func isCurrent(_ period: FollowupPeriod, today: LedgerDate) -> Bool {
        LedgerDate(year: period.year, month: 1, day: 1)! <= today && today <= period.end.adding(days: reportingWindow)
    }

    /// A follow-up's outcome as the event holds it: a number when the value is written as one, in JSON's grammar
    /// with a decimal point or the Swedish decimal comma (`6,3` is 6.3, `−2` is -2; spaces around it are ignored),
    /// else the text as given. Hexadecimal (`0x10`), `NaN` and `Infinity` are refused rather than read as a number or
    /// kept as a word, and so is a number too large to be finite (`1e400`): a report holds a figure or a text, never
    /// a figure that changed on the way in. The failure is the reason, for the field `outcome`.
    public static func outcomeValue(_ outcome: String) -> Result<JSONValue, OutcomeRefusal> {
        let candidate = outcome.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
        if candidate.wholeMatch(of: /-?(0|[1-9][0-9]*)([.,][0-9]+)?([eE][+-]?[0-9]+)?/) != nil {
            guard let number = Double(candidate.replacingOccurrences(of: ",", with: ".")), number.isFinite else {
                return .failure(OutcomeRefusal("\(outcome) is too large a number to record"))
            }
            return .success(.number(number))
        }
        let word = candidate.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
        if ["nan", "inf", "infinity"].contains(word) || candidate.lowercased().hasPrefix("0x") || candidate.lowercased().hasPrefix("-0x") {
            return .failure(OutcomeRefusal("\"\(outcome)\" is not a figure a report can hold; write the number in decimals (6,3), or a text such as \"ej tillgängligt\""))
        }
        return .success(.string(outcome))
    }

    /// Why an outcome was refused (the text of the problem at `outcome`).
    public struct OutcomeRefusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    // MARK: - The event

    /// The event the command appends for `values` (field name → the values given; a field not given is absent; a
    /// repeatable field has one value per time given). The effective date is `effective`, else `today`. `current`
    /// answers a seq's data as it counts now (for `correct`), nil when there is no such event.
    ///
    /// Throws `Rejection` with the problems named by the event's fields (`data.version`, `plan`, `effective`), as
    /// the ledger names them; `formField(forEventField:)` turns those into field names. The checks of `preflight` are
    /// the caller's (the CLI makes them while parsing, a form before this).
    public func event(_ values: [String: [String]], today: LedgerDate,
                      current: (Int) throws -> [String: JSONValue]?) throws -> ProposedEvent {
        func text(_ name: String) -> JSONValue? { values[name]?.first.map(JSONValue.string) }
        func string(_ name: String) -> String? { values[name]?.first }
        var problems: [Problem] = []
        var data: [String: JSONValue?]
        switch self {
        case .register:
            func bound(_ s: String) -> JSONValue { Int(s).map { .number(Double($0)) } ?? .string(s) }
            let period: JSONValue? = string("from").flatMap { f in string("to").map { ["from": bound(f), "to": bound($0)] } }
            data = ["title": text("title"), "kind": text("kind"), "owner": text("owner"), "period": period, "parent": text("parent")]
        case .revise:
            var version: JSONValue?
            if let v = string("version") {
                if let n = Int(v) { version = .number(Double(n)) } else {
                    problems.append(Problem(field: "data.version", reason: "expected a whole number, got \"\(v.prefix(40))\""))
                }
            }
            var content: JSONValue?
            if let json = string("content") {
                do { content = try JSONParser.parse(json) } catch {
                    problems.append(Problem(field: "data.content", reason: "invalid JSON: \(error.description)"))
                }
            }
            let body = string("body")
            data = ["version": version, "change": text("change"), "approvedBy": text("approved-by"), "dnr": text("dnr"),
                    "decision": body.map { ["body": .string($0), "paragraph": text("paragraph") ?? .null] }, "content": content]
        case .repeal:
            data = ["reason": text("reason"), "approvedBy": text("approved-by")]
        case .decide:
            data = ["dnr": text("dnr"), "body": text("body"), "subject": text("subject"), "text": text("text"), "paragraph": text("paragraph")]
        case .diarise:
            let personalData = values["personal-data"]?.first.map { !$0.isEmpty && $0 != "false" } ?? false
            data = ["dnr": text("dnr"), "title": text("title"), "direction": text("direction"), "counterpart": text("counterpart"),
                    "handler": text("handler"), "case": text("case"), "secrecy": string("secrecy").map { ["ground": .string($0)] },
                    "personalData": personalData ? .bool(true) : nil]
        case .archive:
            data = ["dnr": text("dnr"), "retention": text("retention"), "cullAfter": text("cull-after")]
        case .assign:
            data = ["assignment": text("assignment"), "title": text("title"), "assignee": text("assignee"), "deadline": text("deadline"),
                    "issuedBy": text("issued-by")]
        case .report:
            data = ["assignment": text("assignment"), "status": text("status"), "note": text("note")]
        case .activity:
            data = ["activity": text("activity"), "status": text("status"), "note": text("note")]
        case .followup:
            var outcome: JSONValue?
            if let given = string("outcome") {
                switch Self.outcomeValue(given) {
                case .success(let value): outcome = value
                case .failure(let refusal): problems.append(Problem(field: "data.outcome", reason: refusal.reason))
                }
            }
            data = ["metric": text("metric"), "period": text("period"), "outcome": outcome, "unit": text("unit"),
                    "fulfilment": text("fulfilment"), "comment": text("comment")]
        case .reach:
            data = ["process": text("process"), "milestone": text("milestone"), "note": text("note"), "plan": text("plan"), "dnr": text("dnr")]
        case .correct, .retract:
            var target: Int?
            if let s = string("seq") {
                if let n = Int(s) { target = n } else {
                    problems.append(Problem(field: "data.target", reason: "expected a seq (a whole number), got \"\(s.prefix(40))\""))
                }
            }
            data = ["target": target.map { .number(Double($0)) }, "reason": text("reason")]
            if self == .correct, let target {
                if var current = try current(target) {
                    for a in values["set"] ?? [] {
                        let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
                        let value = parts.count > 1 ? parts[1] : ""
                        current[parts.first ?? ""] = (try? JSONParser.parse(value)) ?? .string(value)
                    }
                    for key in values["unset"] ?? [] { current[key] = nil }
                    var replacement: [String: JSONValue] = ["data": .object(current)]
                    if let moveTo = string("move-to") { replacement["effective"] = .string(moveTo) }
                    data["replacement"] = .object(replacement)
                } else {
                    problems.append(.missing(field: "data.target", reason: "no event with seq \(target)"))
                }
            }
        }
        var effective = today
        if let given = string("effective") {
            if let date = LedgerDate(iso: given) { effective = date } else {
                problems.append(Problem(field: "effective", reason: Self.dateProblem(given) ?? ""))
            }
        }
        if !problems.isEmpty { throw Rejection(problems: problems) }
        return try ProposedEvent(id: string("id"), type: eventType, plan: self == .reach ? nil : string("plan"), effective: effective, actor: nil,
                                 data: data.compactMapValues { $0 })
    }

    // MARK: - Problems back to fields

    /// The field a problem of the event names, as the person typed it: `data.approvedBy` → `approved-by`,
    /// `data.decision.paragraph` → `paragraph`, `data.period.from` → `from`, `data.secrecy.ground` → `secrecy`,
    /// `data.target` → `seq`, `data.content.goals[0].text` → `content` with the detail `goals[0].text`, and `plan`,
    /// `id`, `effective` as they are. Nil for what no field holds (`actor`, `type`, a correction's `data.replacement…`).
    public static func formField(forEventField field: String) -> (name: String, detail: String?)? {
        switch field {
        case "plan", "id", "effective": return (field, nil)
        case "data.target": return ("seq", nil)
        case "data.content": return ("content", nil)
        case _ where field.hasPrefix("data.content."): return ("content", String(field.dropFirst("data.content.".count)))
        case _ where field.hasPrefix("data.secrecy"): return ("secrecy", nil)
        case _ where field.hasPrefix("data.replacement"): return nil
        case _ where field.hasPrefix("data."):
            let last = field.split(separator: ".").last.map(String.init) ?? field
            let kebab = last.reduce(into: "") { s, c in
                if c.isUppercase { s += "-" + c.lowercased() } else { s.append(c) }
            }
            return (kebab, nil)
        default: return nil
        }
    }
}
