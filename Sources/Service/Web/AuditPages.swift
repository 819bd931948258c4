import Accounts
import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Projections

/// Granskning (SPEC, "Web pages"): the auditors' pages, for registrars and auditors (`Access.auditors`); the public
/// is sent to sign in, other roles get the 403 page. Every answer is the API's (`AuditController`) from the same
/// functions, shown in Swedish; nothing here writes.
///
/// - `GET /granskning` (`asOf`, `knownAt`, `grace`, `lateAfter`): audit findings as `GET /api/v1/audit`, the head,
///   the latest signed checkpoint, links to the pages below.
/// - `GET /granskning/verifiering`: the check `GET /api/v1/verify` runs, run again on every request.
/// - `GET /granskning/bevis` (`seq`, or `fran` and `till`): an inclusion proof against the latest checkpoint, or a
///   consistency proof between two stored checkpoints; `GET /granskning/bevis/{seq}.json` and
///   `GET /granskning/konsistens.json?fran=…&till=…` are the API's documents as downloads.
/// - `GET /granskning/historik?plan=KEY` (`asOf`, `knownAt`): a plan's events, as `GET /api/v1/plans/{plan}/history`.
/// - `GET /granskning/konton`: the account log, as `GET /api/v1/accounts/log`.
extension WebController {
    func addAuditPages(to web: RouterGroup<ServiceContext>) {
        let auditors = web.group().add(middleware: AccessPolicy(roles: Access.auditors, what: "granskning"))
        auditors.get("granskning", use: auditOverview)
        auditors.get("granskning/verifiering", use: auditVerify)
        auditors.get("granskning/bevis", use: auditProof)
        auditors.get("granskning/bevis/{file}", use: auditProofDownload)
        auditors.get("granskning/konsistens.json", use: auditConsistencyDownload)
        auditors.get("granskning/historik", use: auditHistory)
        auditors.get("granskning/konton", use: auditAccounts)
    }

    /// The section's own menu, the current page marked.
    private func auditLinks(_ current: String) -> [[String: Any]] {
        [("/granskning", "linkOverview"), ("/granskning/verifiering", "linkVerify"), ("/granskning/bevis", "linkProofs"),
         ("/granskning/historik", "linkHistory"), ("/granskning/konton", "linkAccounts")].map { href, key in
            ["href": href, "text": WebTexts.auditShared[key] ?? key, "current": href == current]
        }
    }

    /// The head as the pages show it: seq and hex hash.
    private func headData(_ queries: LedgerQueries) throws -> [String: Any] {
        let head = try queries.ledger.head()
        return ["seq": head.seq, "hash": Hex.encode(head.hash), "empty": head.seq == 0]
    }

    /// A checkpoint as the pages show it.
    private func checkpointData(_ checkpoint: SignedCheckpoint, created: String?) -> [String: Any] {
        ["origin": checkpoint.checkpoint.origin, "size": checkpoint.checkpoint.size,
         "root": Data(checkpoint.checkpoint.root).base64EncodedString(), "created": created ?? ""]
    }

    /// The latest stored checkpoint with when it was stored, as the pages show it; nil when there is none.
    private func latestCheckpoint(_ queries: LedgerQueries) throws -> [String: Any]? {
        try queries.storedCheckpoints().last.map { checkpointData($0.checkpoint, created: $0.created) }
    }

    // MARK: - Overview

    /// `GET /granskning`: the audit of `GET /api/v1/audit` (the same parameters and defaults: `grace` 60 and
    /// `lateAfter` 7 days), each finding's kind and detail in Swedish (`Message.auditDetail`), the head and the latest
    /// checkpoint.
    @Sendable func auditOverview(_ request: Request, _ context: ServiceContext) async throws -> Response {
        if let clean = Self.withoutEmptyFields(request) { return clean }
        let parameters = try RequestParameters(request, allowed: QueryController.time.union(["grace", "lateAfter"]))
        let (asOf, knownAt) = try timePoint(parameters)
        let grace = try parameters.integer("grace", minimum: 0) ?? 60
        let lateAfter = try parameters.integer("lateAfter", minimum: 0) ?? 7
        let queries = try ledger.queries()
        let findings = try queries.audit(asOf: asOf, knownAt: knownAt,
                                         rules: Audit.Rules(grace: grace, lateAfter: lateAfter, timeZone: configuration.timeZone))
        var data: [String: Any] = [
            "links": auditLinks("/granskning"),
            "asOf": asOf.description,
            "knownAt": parameters.text("knownAt") ?? "",
            "hasKnownAt": parameters.text("knownAt") != nil,
            "grace": grace,
            "lateAfter": lateAfter,
            "hasFindings": !findings.isEmpty,
            "findings": findings.map { finding in
                [
                    "kind": finding.finding.word(.swedish),
                    "plan": finding.plan ?? "",
                    "planHref": finding.plan.map { Self.planPath($0, nil, [("asOf", asOf.description)]) } ?? "",
                    "hasPlan": finding.plan != nil,
                    "dnr": finding.dnr ?? "",
                    "seq": finding.seq.map(String.init) ?? "",
                    "proofHref": finding.seq.map { "/granskning/bevis?seq=\($0)" } ?? "",
                    "hasSeq": finding.seq != nil,
                    "detail": finding.facts.map { Message.auditDetail($0).text(.swedish) } ?? finding.detail,
                ] as [String: Any]
            },
            "head": try headData(queries),
        ]
        // Only a value present: Mustache renders a section for a key that holds nil.
        let checkpoint = try latestCheckpoint(queries)
        data["hasCheckpoint"] = checkpoint != nil
        if let checkpoint { data["checkpoint"] = checkpoint }
        let page = WebPage(template: "audit", title: WebTexts.audit["title"] ?? "", data: data)
        return try renderer.response(page, request, context)
    }

    /// A GET form sends the fields left empty as `name=`; a page's citable URL leaves them out. The 303 to the same
    /// path without them, or nil when the query has none.
    static func withoutEmptyFields(_ request: Request) -> Response? {
        guard let query = request.uri.query else { return nil }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true)
        let kept = pairs.filter { !$0.hasSuffix("=") && $0.contains("=") }
        guard kept.count < pairs.count else { return nil }
        var response = Response(status: .seeOther)
        response.headers[.location] = request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return response
    }

    // MARK: - Verify

    /// `GET /granskning/verifiering`: `AuditController.verification`, run on this request (no cached answer), in
    /// Swedish: intact or the first broken seq and why, the head, the account log's check.
    @Sendable func auditVerify(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let (report, accountLog) = try AuditController.verification(ledgerPath: configuration.ledgerPath)
        var data: [String: Any] = [
            "links": auditLinks("/granskning/verifiering"),
            "ok": report.ok && accountLog?.ok != false,
            "eventsHold": report.ok,
            "events": report.events,
            "head": ["seq": report.head.seq, "hash": Hex.encode(report.head.hash)] as [String: Any],
            "accountLogChecked": accountLog != nil,
            "accountLogHolds": accountLog?.ok == true,
            "accountLogEntries": accountLog?.entries ?? 0,
            "accountLogProblem": accountLog?.firstBad.map { "seq \($0.seq): \($0.reason)" } ?? "",
        ]
        if let bad = report.firstBad { data["firstBad"] = ["seq": bad.seq, "reason": bad.reason, "wholeFile": bad.seq == 0] as [String: Any] }
        let page = WebPage(template: "auditverify", title: WebTexts.auditVerify["title"] ?? "", data: data)
        return try renderer.response(page, request, context)
    }

    // MARK: - Proofs

    /// `GET /granskning/bevis` (`seq`; or `fran` and `till`, stored checkpoint sizes): the forms, and the proof asked
    /// for. A bad seq or size is shown at its field (400); no checkpoint is said in words.
    @Sendable func auditProof(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["seq", "fran", "till"])
        let texts = WebTexts.auditProof
        let queries = try ledger.queries()
        let head = try queries.ledger.head().seq
        let stored = try queries.storedCheckpoints()
        var data: [String: Any] = [
            "links": auditLinks("/granskning/bevis"),
            "hasCheckpoint": !stored.isEmpty,
            "seq": parameters.text("seq") ?? "",
            "hasTwoCheckpoints": Set(stored.map { $0.checkpoint.checkpoint.size }).count > 1,
        ]
        if let latest = stored.last { data["checkpoint"] = checkpointData(latest.checkpoint, created: latest.created) }
        var errors: [[String: String]] = []
        func refuse(_ field: String, _ message: String) {
            data[field + "Error"] = message
            errors.append(["field": field, "message": message])
        }

        // The inclusion proof.
        if let given = parameters.text("seq"), let latest = stored.last {
            let size = latest.checkpoint.checkpoint.size
            let text = given.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                refuse("seq", texts["seqMissing"] ?? "")
            } else if let seq = Int(text), seq >= 1 {
                if seq > head {
                    refuse("seq", WebTexts.fill(texts["seqPastHead"] ?? "", ["seq": String(seq), "head": String(head)]))
                } else if seq > size {
                    refuse("seq", WebTexts.fill(texts["seqPastCheckpoint"] ?? "", ["seq": String(seq), "size": String(size)]))
                } else {
                    data["proof"] = try inclusionData(AuditController.inclusionProof(String(seq), queries), seq: seq)
                }
            } else {
                refuse("seq", WebTexts.fill(texts["seqNotNumber"] ?? "", ["given": given]))
            }
        }

        // The consistency proof between two stored checkpoints.
        if parameters.text("fran") != nil || parameters.text("till") != nil {
            let sizes = Set(stored.map { $0.checkpoint.checkpoint.size })
            func checkpoint(_ field: String) -> SignedCheckpoint? {
                guard let given = parameters.text(field) else { return field == "till" ? stored.last?.checkpoint : nil }
                guard let size = Int(given), sizes.contains(size) else {
                    refuse(field, sizes.count < 2 && !sizes.isEmpty ? texts["onlyOneCheckpoint"] ?? "" : WebTexts.fill(texts["noSuchCheckpoint"] ?? "", ["given": given]))
                    return nil
                }
                return stored.last { $0.checkpoint.checkpoint.size == size }?.checkpoint
            }
            let old = checkpoint("fran"), new = checkpoint("till")
            if parameters.text("fran") == nil { refuse("fran", texts["fromMissing"] ?? "") }
            if let old, let new {
                if old.checkpoint.size > new.checkpoint.size {
                    refuse("fran", texts["fromOrder"] ?? "")
                } else {
                    let proof = try AuditController.consistencyProof(old: old, new: new, newField: "till", queries)
                    data["consistency"] = [
                        "oldSize": old.checkpoint.size, "newSize": new.checkpoint.size,
                        "path": Self.pathSteps(proof.objectValue?["proof"]),
                        "hasPath": !Self.pathSteps(proof.objectValue?["proof"]).isEmpty,
                        "href": "/granskning/konsistens.json?fran=\(old.checkpoint.size)&till=\(new.checkpoint.size)",
                    ] as [String: Any]
                }
            }
            data["fran"] = parameters.text("fran") ?? ""
            data["till"] = parameters.text("till") ?? stored.last.map { String($0.checkpoint.checkpoint.size) } ?? ""
        }
        data["checkpoints"] = stored.map { entry -> [String: Any] in
            var row = checkpointData(entry.checkpoint, created: entry.created)
            row["fromSelected"] = data["fran"] as? String == String(entry.checkpoint.checkpoint.size)
            row["toSelected"] = (data["till"] as? String ?? stored.last.map { String($0.checkpoint.checkpoint.size) }) == String(entry.checkpoint.checkpoint.size)
            return row
        }
        data["hasErrors"] = !errors.isEmpty
        data["errors"] = errors
        let page = WebPage(template: "auditproof", title: texts["title"] ?? "", data: data, status: errors.isEmpty ? .ok : .badRequest)
        return try renderer.response(page, request, context)
    }

    /// The inclusion proof document (`LedgerQueries.inclusionProof`'s JSON) as the page shows it.
    private func inclusionData(_ proof: JSONValue, seq: Int) -> [String: Any] {
        let object = proof.objectValue ?? [:]
        let event = object["event"]?.objectValue ?? [:]
        func number(_ value: JSONValue?) -> Int { if case .number(let n)? = value { Int(n) } else { 0 } }
        let path = Self.pathSteps(object["proof"])
        return [
            "seq": seq,
            "type": event["type"]?.stringValue ?? "",
            "recorded": event["recorded"]?.stringValue ?? "",
            "effective": event["effective"]?.stringValue ?? "",
            "hash": event["hash"]?.stringValue ?? "",
            "leafIndex": number(object["leafIndex"]),
            "treeSize": number(object["treeSize"]),
            "path": path,
            "hasPath": !path.isEmpty,
            "href": "/granskning/bevis/\(seq).json",
            "command": WebTexts.fill(WebTexts.auditProof["checkCommand"] ?? "", ["seq": String(seq)]),
        ]
    }

    /// A proof's hashes (a JSON array of base64 strings) numbered from 1.
    static func pathSteps(_ value: JSONValue?) -> [[String: Any]] {
        guard case .array(let hashes)? = value else { return [] }
        return hashes.enumerated().map { ["step": $0.offset + 1, "hash": $0.element.stringValue ?? ""] }
    }

    /// `GET /granskning/bevis/{seq}.json`: the bytes `GET /api/v1/proofs/inclusion/{seq}` answers, as an attachment
    /// named `planledger-bevis-SEQ.json`. A bad seq is the API's 400 naming `seq`, as a page.
    @Sendable func auditProofDownload(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let file = context.parameters.get("file") ?? ""
        guard file.hasSuffix(".json") else { throw Problem.badParameter("seq", "expected SEQ.json, got \"\(file)\"") }
        let text = String(file.dropLast(".json".count))
        var response = jsonResponse(try AuditController.inclusionProof(text, try ledger.queries()))
        response.headers[.contentDisposition] = "attachment; filename=\"planledger-bevis-\(Int(text) ?? 0).json\""
        return response
    }

    /// `GET /granskning/konsistens.json?fran=OLD&till=NEW` (stored checkpoint sizes; `till` defaults to the latest):
    /// the bytes `GET /api/v1/proofs/consistency` answers for those two checkpoints' notes, as an attachment named
    /// `planledger-konsistens-OLD-NEW.json`.
    @Sendable func auditConsistencyDownload(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["fran", "till"])
        let queries = try ledger.queries()
        let stored = try queries.storedCheckpoints()
        func checkpoint(_ field: String) throws -> SignedCheckpoint {
            guard let given = parameters.text(field) else {
                if field == "till", let latest = stored.last { return latest.checkpoint }
                if stored.isEmpty { throw Problem.noCheckpoint }
                throw Problem.badParameter(field, "missing: a stored checkpoint's size")
            }
            guard let size = Int(given), let found = stored.last(where: { $0.checkpoint.checkpoint.size == size }) else {
                throw Problem.badParameter(field, "the ledger stores no checkpoint of size \"\(given)\"")
            }
            return found.checkpoint
        }
        let old = try checkpoint("fran"), new = try checkpoint("till")
        var response = jsonResponse(try AuditController.consistencyProof(old: old, new: new, newField: "till", queries))
        response.headers[.contentDisposition] =
            "attachment; filename=\"planledger-konsistens-\(old.checkpoint.size)-\(new.checkpoint.size).json\""
        return response
    }

    // MARK: - History

    /// `GET /granskning/historik?plan=KEY` (`asOf`, `knownAt`): `LedgerQueries.history` as
    /// `GET /api/v1/plans/{plan}/history` answers it, one row per event. Without `plan`, the form; a bad or unknown
    /// key is shown at the field.
    @Sendable func auditHistory(_ request: Request, _ context: ServiceContext) async throws -> Response {
        if let clean = Self.withoutEmptyFields(request) { return clean }
        let parameters = try RequestParameters(request, allowed: QueryController.time.union(["plan"]))
        let texts = WebTexts.auditHistory
        let asOf = try parameters.date("asOf")
        let queries = try ledger.queries()
        let knownAt = try parameters.knownAt("knownAt", in: configuration.timeZone) { try queries.ledger.head().seq } ?? .head
        var data: [String: Any] = [
            "links": auditLinks("/granskning/historik"),
            "plan": parameters.text("plan") ?? "",
            "asOf": parameters.text("asOf") ?? "",
            "knownAt": parameters.text("knownAt") ?? "",
        ]
        var status: HTTPResponse.Status = .ok
        if let given = parameters.text("plan") {
            var error: String?
            if !Envelope.isValidKey(given) {
                error = texts["badKey"]
                status = .badRequest
            } else {
                switch try queries.history(given, asOf: asOf, knownAt: knownAt) {
                case .events(let events):
                    data["hasEvents"] = true
                    data["planHref"] = Self.planPath(given)
                    data["events"] = events.map { event in
                        [
                            "seq": event.seq, "recorded": event.recorded.description, "effective": event.effective.description,
                            "type": event.type.rawValue, "actor": event.actor ?? "", "hash": Hex.encode(event.hash),
                            "proofHref": "/granskning/bevis?seq=\(event.seq)",
                        ] as [String: Any]
                    }
                case .noSuchPlan:
                    error = WebTexts.fill(texts["noSuchPlan"] ?? "", ["given": given])
                    status = .notFound
                case .noEventsAtThatPoint:
                    error = WebTexts.fill(texts["noEvents"] ?? "", ["given": given])
                    status = .notFound
                }
            }
            if let error {
                data["planError"] = error
                data["hasErrors"] = true
            }
        }
        let page = WebPage(template: "audithistory", title: texts["title"] ?? "", data: data, status: status)
        return try renderer.response(page, request, context)
    }

    // MARK: - Account log

    /// `GET /granskning/konton`: the account log `GET /api/v1/accounts/log` answers (`AccountStore.log`), in seq
    /// order; a log that cannot be read is said in words.
    @Sendable func auditAccounts(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let entries = try? AccountStore(path: configuration.ledgerPath, readOnly: true).log()
        let page = WebPage(template: "auditaccounts", title: WebTexts.auditAccounts["title"] ?? "", data: [
            "links": auditLinks("/granskning/konton"),
            "readable": entries != nil,
            "hasEntries": !(entries ?? []).isEmpty,
            "entries": (entries ?? []).map { entry in
                [
                    "seq": entry.seq, "recorded": entry.recorded, "actor": entry.actor, "action": entry.action,
                    "account": entry.account, "role": entry.role.map { WebTexts.roles[$0] ?? $0 } ?? "",
                ] as [String: Any]
            },
        ])
        return try renderer.response(page, request, context)
    }
}
