import Accounts
import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Projections

/// The auditor's reads of the SPEC under `/api/v1` (registrar and auditor, `Access.auditors`): a plan's raw history,
/// audit findings, verification, the export, the latest checkpoint and RFC 9162 proofs. Each body is the CLI's
/// (`history`, `audit`, `verify`, `checkpoint`, `prove` with `--format json`; `export`'s JSON Lines), built by the
/// same functions (`LedgerQueries+Audit`, `AnswerJSON`).
struct AuditController {
    let ledger: LedgerHandle
    let configuration: ServiceConfiguration

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        // One group per route so that a refusal names what was asked for (`AccessPolicy`'s `what`).
        func auditors(_ what: String) -> RouterGroup<ServiceContext> {
            api.group().add(middleware: AccessPolicy(roles: Access.auditors, what: what))
        }
        auditors("a plan's history").get("plans/{plan}/history", use: history)
        auditors("the audit").get("audit", use: audit)
        auditors("verify").get("verify", use: verify)
        auditors("the export").get("export", use: export)
        auditors("checkpoints").get("checkpoints/latest", use: latestCheckpoint)
        auditors("proofs").get("proofs/inclusion/{seq}", use: inclusionProof)
        auditors("proofs").get("proofs/consistency", use: consistencyProof)
    }

    /// `knownAt` as the CLI's `--known-at` reads it (default now); a seq past the head is a 400 naming it.
    private func knownAt(_ parameters: RequestParameters, _ queries: LedgerQueries) throws -> KnownAt {
        try parameters.knownAt("knownAt", in: configuration.timeZone) { try queries.ledger.head().seq } ?? .head
    }

    /// `GET /plans/{plan}/history` = `planledger history PLAN --format json`: every event naming the plan, corrections
    /// included, recorded by `knownAt` and, when `asOf` is given, effective by then (no `asOf`: every event).
    @Sendable func history(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let key = try PlanKey.from(context)
        let parameters = try RequestParameters(request, allowed: QueryController.time)
        let asOf = try parameters.date("asOf")
        let queries = try ledger.queries()
        switch try queries.history(key, asOf: asOf, knownAt: try knownAt(parameters, queries)) {
        case .events(let events): return jsonResponse(AnswerJSON.history(events))
        case .noSuchPlan: throw Problem.noSuchPlan(key, existsAtAll: false)
        case .noEventsAtThatPoint: throw Problem.noEvents(key)
        }
    }

    /// `GET /audit` = `planledger audit --format json`, `grace` and `lateAfter` (days, 0 or more) as `--grace` and
    /// `--late-after`, the calendar days in the organisation's time zone.
    @Sendable func audit(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: QueryController.time.union(["grace", "lateAfter"]))
        let asOf = try parameters.date("asOf") ?? configuration.today
        let grace = try parameters.integer("grace", minimum: 0) ?? 60
        let lateAfter = try parameters.integer("lateAfter", minimum: 0) ?? 7
        let queries = try ledger.queries()
        let findings = try queries.audit(asOf: asOf, knownAt: try knownAt(parameters, queries),
                                         rules: Audit.Rules(grace: grace, lateAfter: lateAfter, timeZone: configuration.timeZone))
        return jsonResponse(AnswerJSON.audit(findings))
    }

    /// `GET /verify` = `planledger verify --format json`. Always 200 when the check could run: `ok: false` with
    /// `firstBad` is the answer to "is the ledger intact?", not a failure of the request (the CLI says the same with
    /// exit 1). It reads the whole log and folds it again, so it costs what `planledger verify` costs.
    @Sendable func verify(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let (report, accountLog) = try Self.verification(ledgerPath: configuration.ledgerPath)
        return jsonResponse(report.json(accountLog: accountLog?.problem))
    }

    /// The check `GET /verify` and the auditors' page `/granskning/verifiering` run, read fresh on every call (never
    /// cached): the ledger at `path` whole (`LedgerQueries.verify`: chain, Merkle subtrees, rules, projections) and
    /// the account log as `planledger verify` checks it. `accountLog` is nil when it was not checked: the ledger file
    /// itself is damaged (seq 0), or the account log cannot be opened (not failed for it).
    static func verification(ledgerPath path: String) throws -> (report: VerifyReport, accountLog: AccountLog.Report?) {
        let report = try LedgerQueries.verify(opening: {
            try Ledger.openForReading(at: path, projections: StandardProjections.all, tolerateDamage: true, catchingUp: false)
        })
        let accountLog = report.firstBad?.seq == 0 ? nil : (try? AccountStore(path: path, readOnly: true).verify())
        return (report, accountLog)
    }

    /// `GET /export` = `planledger export` (JSON Lines, `application/x-ndjson`), streamed: the head is read first
    /// (sent as `ETag: "SEQ"`), then events 1…head are written 64 KiB at a time, each piece read in its own snapshot
    /// (`LedgerQueries.exportChunk`), so neither the body nor a read transaction is held for the whole log. Events
    /// appended meanwhile are not in it. An error after the first piece can only cut the stream short.
    @Sendable func export(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let queries = try ledger.queries()
        let head = try queries.ledger.head().seq
        let body = ResponseBody { writer in
            var next = 1
            while next <= head {
                let chunk = try queries.exportChunk(from: next, through: head)
                try await writer.write(ByteBuffer(bytes: chunk.bytes))
                next = chunk.next
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson", .eTag: "\"\(head)\""], body: body)
    }

    /// The latest stored checkpoint, or 404.
    static func stored(_ queries: LedgerQueries) throws -> SignedCheckpoint {
        guard let checkpoint = try queries.latestCheckpoint() else { throw Problem.noCheckpoint }
        return checkpoint
    }

    /// `GET /checkpoints/latest` = `planledger checkpoint --format json`'s shape for the latest checkpoint the ledger
    /// stores: `{"origin", "size", "root" (base64), "note" (the C2SP signed note)}`; 404 when none has been made.
    @Sendable func latestCheckpoint(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        return jsonResponse(try Self.stored(try ledger.queries()).json)
    }

    /// `GET /proofs/inclusion/{seq}` = `planledger prove SEQ --format json`: the event and its RFC 9162 inclusion
    /// proof against the latest stored checkpoint. 400 naming `seq` when it is not a number or not in that
    /// checkpoint's tree; 404 when no checkpoint is stored.
    @Sendable func inclusionProof(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        return jsonResponse(try Self.inclusionProof(context.parameters.get("seq") ?? "", try ledger.queries()))
    }

    /// The document `GET /proofs/inclusion/{seq}` answers (and `/granskning/bevis/{seq}.json` offers for download):
    /// `text` (the seq as sent) read as a seq, its proof against the latest stored checkpoint. 400 naming `seq` when it
    /// is not a number of 1 or more or not in that checkpoint's tree; 404 when no checkpoint is stored; 409 when the
    /// ledger does not extend the stored checkpoint.
    static func inclusionProof(_ text: String, _ queries: LedgerQueries) throws -> JSONValue {
        guard let seq = Int(text), seq >= 1 else { throw Problem.badParameter("seq", "expected a seq, 1 or more, got \"\(text)\"") }
        let checkpoint = try stored(queries)
        try extends(queries, checkpoint, field: nil)
        do {
            return try queries.inclusionProof(seq: seq, against: checkpoint)
        } catch ProofRefusal.notInTree(_, let size) {
            throw Problem.badParameter("seq", "seq \(seq) is not in the latest checkpoint's tree (size \(size)); the head is seq \(try queries.ledger.head().seq)")
        }
    }

    /// `GET /proofs/consistency?old=NOTE[&new=NOTE]` = `planledger prove --consistency OLD [NEW] --format json`: `old`
    /// and `new` are signed checkpoint notes as the CLI reads them from files (`new` defaults to the latest stored);
    /// the answer proves (RFC 9162) that the ledger's tree at `new` extends its tree at `old`. 400 naming the
    /// parameter for a note that is not a checkpoint or sizes out of order, 409 when the ledger does not extend one.
    @Sendable func consistencyProof(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["old", "new"])
        func note(_ name: String) throws -> SignedCheckpoint? {
            guard let text = parameters.text(name) else { return nil }
            guard let checkpoint = SignedCheckpoint(note: text) else {
                throw Problem.badParameter(name, "not a checkpoint: a signed note whose body is the origin, the tree size and the base64 root on three lines")
            }
            return checkpoint
        }
        guard let old = try note("old") else { throw Problem.badParameter("old", "missing: the older checkpoint's signed note") }
        let given = try note("new")
        let queries = try ledger.queries()
        let new = try given ?? Self.stored(queries)
        return jsonResponse(try Self.consistencyProof(old: old, new: new, newField: given == nil ? nil : "new", queries))
    }

    /// The document `GET /proofs/consistency` answers (and `/granskning/konsistens.json` offers for download): 409
    /// unless the ledger extends both checkpoints (`newField` names the parameter that gave `new`, nil for the stored
    /// one), 400 naming `old` for sizes out of order.
    static func consistencyProof(old: SignedCheckpoint, new: SignedCheckpoint, newField: String?, _ queries: LedgerQueries) throws -> JSONValue {
        try extends(queries, old, field: "old")
        try extends(queries, new, field: newField)
        do {
            return try queries.consistencyProof(old: old, new: new)
        } catch ProofRefusal.sizes(let oldSize, let newSize) {
            throw Problem.badParameter("old", "the old checkpoint (size \(oldSize)) must be non-empty and no larger than the new (size \(newSize))")
        }
    }

    /// 409 unless the ledger's tree at the checkpoint's size has its root; `field` names the parameter that gave it
    /// (nil: the stored checkpoint).
    static func extends(_ queries: LedgerQueries, _ checkpoint: SignedCheckpoint, field: String?) throws {
        do {
            try queries.checkExtends(checkpoint.checkpoint, source: field ?? "the stored checkpoint")
        } catch ProofRefusal.doesNotExtend(let source, let size) {
            throw Problem.doesNotExtend(source: source, size: size, field: field)
        }
    }
}
