import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Projections

extension WebController {
    /// The routes of the registrar's forms, for registrars only (the public is sent to sign in, others get 403):
    /// `GET /registrera` lists them, `GET /registrera/{command}` shows one (its fields may be filled in from the
    /// query: `/registrera/revise?plan=rs-plan-2023`), `POST /registrera/{command}` records it.
    func addRegistrarPages(to web: RouterGroup<ServiceContext>) {
        let forms = web.group().add(middleware: AccessPolicy(roles: Access.registrars, what: "the registrar's forms"))
        forms.get("registrera", use: registrarForms)
        forms.get("registrera/:command", use: registrarForm)
        forms.post("registrera/:command", use: registrarPost)
    }

    /// One problem of a refused form: the field it concerns (nil for the form as a whole) and why.
    struct FormError {
        var field: String?
        var reason: String
    }

    /// `GET /registrera`: every form, with a line on what it does.
    @Sendable func registrarForms(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let page = WebPage(template: "registrar", title: WebTexts.registrar["title"] ?? "", data: [
            "forms": RegistrarCommand.allCases.map { command in
                [
                    "href": "/registrera/\(command.rawValue)",
                    "title": WebTexts.registrarCommands["\(command.rawValue).title"] ?? command.rawValue,
                    "about": WebTexts.registrarCommands["\(command.rawValue).about"] ?? "",
                    "command": "planledger \(command.commandName)",
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }

    /// The command a path names; 404 for a name that is no form.
    func registrarCommand(_ context: ServiceContext) throws -> RegistrarCommand {
        let name = context.parameters.get("command") ?? ""
        guard let command = RegistrarCommand(rawValue: name) else {
            let names = RegistrarCommand.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(.notFound, "no-such-form", title: "No such form",
                          detail: "no form \"\(name.prefix(60))\"; the forms are \(names)",
                          problems: [Problem.Item(line: nil, field: "command", reason: "not one of \(names)")])
        }
        return command
    }

    /// `GET /registrera/{command}`: the empty form, or filled in from the query's fields.
    @Sendable func registrarForm(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let command = try registrarCommand(context)
        let parameters = try RequestParameters(request, allowed: Set(command.fields.map(\.name)))
        var values: [String: String] = [:]
        for field in command.fields {
            if let value = parameters.text(field.name) { values[field.name] = value }
        }
        return try registrarFormPage(command, values: values, request, context)
    }

    /// `POST /registrera/{command}` (`application/x-www-form-urlencoded`, the fields by their CLI option names, and
    /// `csrf`, which `Authentication` checks before this runs): the event built by `RegistrarCommand` — the CLI's
    /// own mapping — and appended through the service's one writer under the signed-in account (never a field of the
    /// form). On success the form again with the receipt (`<div id="kvitto">`: the new seq and the head's hash, a
    /// link to what was written); on refusal 422 with every value kept and each problem at its field; nothing written.
    @Sendable func registrarPost(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let command = try registrarCommand(context)
        guard let account = context.identity?.account else { throw Problem.unauthorised("the registrar's forms", roles: [.registrar]) }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw Problem.unsupportedMediaType("Content-Type \(type?.prefix(80) ?? "none") is not taken; send application/x-www-form-urlencoded")
        }
        var request = request
        let body = try await request.collectBody(upTo: Authentication.formLimit)
        let form = try FormFields.parse(String(decoding: body.readableBytesView, as: UTF8.self))
        var kept: [String: String] = [:]
        for field in command.fields { if let value = form[field.name] { kept[field.name] = value } }
        let values = Self.fieldValues(command, kept)

        var errors = command.preflight(values, today: configuration.today).map { FormError(field: $0.field, reason: $0.reason) }
        var event: ProposedEvent?
        var target: LedgerRules.CurrentEvent?
        if errors.isEmpty {
            do {
                let queries = try ledger.queries()
                if command == .correct || command == .retract, let seq = values["seq"]?.first.flatMap({ Int($0) }) {
                    target = try queries.ledger.current(seq: seq)
                }
                event = try command.event(values, today: configuration.today) { seq in
                    if let target, target.seq == seq { return target.data }
                    return try queries.ledger.current(seq: seq)?.data
                }
            } catch let rejection as Rejection {
                errors = Self.formErrors(rejection, command)
            }
        }
        guard let event, errors.isEmpty else {
            return try registrarFormPage(command, values: kept, errors: errors, status: .unprocessableContent, request, context)
        }
        let outcome: GroupOutcome
        switch await writer.submit(GroupRequest(lines: [InputLine(line: nil, event: .success(event))], actor: account)) {
        case .success(let answer): outcome = answer
        case .failure(.stopped): throw Problem.stopping()
        case .failure(.store(let error)): throw error
        }
        switch outcome {
        case .appended(let result):
            let receipt: [String: Any] = [
                "seq": result.seqs.last ?? result.head.seq,
                "headSeq": result.head.seq,
                "hash": Hex.encode(result.head.hash),
                "unchanged": result.appended == 0,
                "href": Self.whatWasWritten(event, target: target),
            ]
            return try registrarFormPage(command, values: [:], receipt: receipt, request, context)
        case .rejected(let rejection):
            return try registrarFormPage(command, values: kept, errors: Self.formErrors(rejection, command),
                                         status: .unprocessableContent, request, context)
        case .headMoved(let expected, let head):
            throw Problem.headMoved(expected: expected, head: head.seq)
        }
    }

    /// A form's values as `RegistrarCommand` takes them: an empty field is not given; a list field (`set`, `unset`)
    /// holds one value per non-empty line; a checkbox is given when ticked.
    static func fieldValues(_ command: RegistrarCommand, _ form: [String: String]) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for field in command.fields {
            guard let value = form[field.name], !value.isEmpty else { continue }
            if field.kind == .lines {
                let lines = value.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                if !lines.isEmpty { values[field.name] = lines }
            } else {
                values[field.name] = [value]
            }
        }
        return values
    }

    /// The ledger's problems named by the form's fields (`data.approvedBy` → `approved-by`, as the CLI names its
    /// options); a problem no field of the form holds stays at the form, with the ledger's path in front.
    static func formErrors(_ rejection: Rejection, _ command: RegistrarCommand) -> [FormError] {
        rejection.problems.map { problem in
            guard let path = problem.field else { return FormError(field: nil, reason: problem.reason) }
            if let (name, detail) = RegistrarCommand.formField(forEventField: path), command.field(name) != nil {
                return FormError(field: name, reason: detail.map { "\($0): \(problem.reason)" } ?? problem.reason)
            }
            return FormError(field: nil, reason: "\(path): \(problem.reason)")
        }
    }

    /// Where what was written is shown: the plan's page (its follow-ups for a follow-up), the diary for a diary
    /// entry or a decision without a plan, the assignments for an assignment; a correction or retraction links
    /// to what its target concerned.
    static func whatWasWritten(_ event: ProposedEvent, target: LedgerRules.CurrentEvent?) -> String {
        let plan = event.plan ?? target?.plan
        let type = target?.type ?? event.type
        if let plan {
            return planPath(plan, type == .followupRecorded ? "uppfoljning" : nil)
        }
        switch type {
        case .assignmentIssued, .assignmentReported: return "/uppdrag"
        case .processPlanned, .processRevised, .milestoneReached:
            let data = target?.data ?? event.data
            return data["process"]?.stringValue.map(ProcessPages.processPath) ?? ProcessPages.root
        default:
            let data = target?.data ?? event.data
            guard let dnr = data["dnr"]?.stringValue else { return "/diarium" }
            // The diary shows a week or a range: the entry's own week for a registration, else a year either side
            // of the event's date (an archiving or a decision names a dnr registered some time before or after).
            let date = target?.effective ?? event.effective
            var components = URLComponents()
            components.path = "/diarium"
            components.queryItems = type == .diaryRegistered
                ? [URLQueryItem(name: "vecka", value: IsoWeek(containing: date).description), URLQueryItem(name: "dnr", value: dnr)]
                : [URLQueryItem(name: "from", value: date.adding(days: -366).description),
                   URLQueryItem(name: "to", value: date.adding(days: 366).description), URLQueryItem(name: "dnr", value: dnr)]
            return components.percentEncodedQuery.map { "/diarium?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? "/diarium"
        }
    }

    /// The form of `command` with `values`, each of `errors` at its field and all of them in a summary at the top,
    /// and, after a write, the receipt.
    func registrarFormPage(_ command: RegistrarCommand, values: [String: String], errors: [FormError] = [],
                           receipt: [String: Any]? = nil, status: HTTPResponse.Status = .ok,
                           _ request: Request, _ context: ServiceContext) throws -> Response {
        let labels = WebTexts.registrarFields
        let fields: [[String: Any]] = command.fields.map { field in
            let name = field.name
            let value = values[name] ?? ""
            var view: [String: Any] = ["name": name, "label": labels[name] ?? name, "value": value, "required": field.required]
            var describedBy: [String] = []
            if let hint = labels[name + ".hint"] {
                view["hint"] = hint
                describedBy.append("\(name)-hint")
            }
            let reasons = errors.filter { $0.field == name }.map(\.reason)
            if !reasons.isEmpty {
                view["error"] = reasons.joined(separator: " ")
                describedBy.append("\(name)-error")
            }
            if !describedBy.isEmpty { view["describedBy"] = describedBy.joined(separator: " ") }
            switch field.kind {
            case .text:
                view["isInput"] = true
                view["inputType"] = "text"
            case .date:
                // A value that is no date stays as typed, in a text box (a date box would show it empty).
                view["isInput"] = true
                view["inputType"] = value.isEmpty || LedgerDate(iso: value) != nil ? "date" : "text"
            case .integer:
                view["isInput"] = true
                view["inputType"] = value.isEmpty || Int(value) != nil ? "number" : "text"
                view["numeric"] = true
            case .longText, .lines:
                view["isTextarea"] = true
                view["rows"] = 4
            case .json:
                view["isTextarea"] = true
                view["rows"] = 14
                view["code"] = true
            case .flag:
                view["isCheckbox"] = true
                view["checked"] = !value.isEmpty && value != "false"
            case .choice(let options):
                view["isSelect"] = true
                view["options"] = options.map { option in
                    ["value": option, "text": Self.choiceWord(name, option), "selected": option == value] as [String: Any]
                }
            }
            return view
        }
        let summary: [[String: Any]] = errors.map { error in
            var item: [String: Any] = ["reason": error.reason]
            if let field = error.field {
                item["href"] = "#\(field)"
                item["label"] = labels[field] ?? field
            }
            return item
        }
        var data: [String: Any] = [
            "command": command.rawValue,
            "cli": "planledger \(command.commandName)",
            "heading": WebTexts.registrarCommands["\(command.rawValue).title"] ?? command.rawValue,
            "about": WebTexts.registrarCommands["\(command.rawValue).about"] ?? "",
            "fields": fields,
            "hasErrors": !errors.isEmpty,
            "errors": summary,
        ]
        if let receipt { data["receipt"] = receipt }
        let title = (errors.isEmpty ? "" : (WebTexts.common["errorSummary"] ?? "") + ": ") + (data["heading"] as? String ?? "")
        let page = WebPage(template: "registrar-form", title: title, data: data, status: status)
        return try renderer.response(page, request, context)
    }

    /// The Swedish word of a choice's value, as the CLI's tables print it (`Worded`), or the form's own.
    static func choiceWord(_ field: String, _ value: String) -> String {
        switch field {
        case "direction": Direction(rawValue: value)?.word(.swedish) ?? value
        case "retention": Retention(rawValue: value)?.word(.swedish) ?? value
        case "fulfilment": Fulfilment(rawValue: value)?.word(.swedish) ?? value
        default: WebTexts.registrarFields["\(field).\(value)"] ?? value
        }
    }
}
