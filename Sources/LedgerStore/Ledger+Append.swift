import Foundation
import GRDB
import LedgerCore

/// What an append did.
public struct AppendResult: Sendable, Hashable {
    public var appended: Int
    public var skipped: Int
    public var head: Head
    /// The seqs given to the appended events, in input order.
    public var seqs: [Int]
}

extension Ledger {
    /// Validates and appends events in ONE transaction: all of them, or (on any problem) none.
    ///
    /// Each event is checked against the ledger as it stands after the events before it, including earlier
    /// lines of the same input. An event whose `id` is already in the ledger with the same content is skipped;
    /// with other content it is a problem. The same holds within one input: a line repeating an earlier line's
    /// `id` and content is skipped (and counted as skipped), one repeating its `id` with other content is a problem
    /// naming the earlier line. All problems are collected (up to `Rejection.limit` bad lines)
    /// and thrown together as `.rejected`. `lines` is consumed lazily, so a large file is never held whole.
    ///
    /// Cost per event: a few indexed lookups (id, the rule state it touches) and one insert; the rule state
    /// is written once per changed key at the end.
    @discardableResult
    public func append(_ lines: some Sequence<InputLine>, actor defaultActor: String?) throws(StoreError) -> AppendResult {
        // The default actor comes from the environment, not from the input; it is text like any other (SPEC Fidelity).
        if let defaultActor, let problem = TextCheck.problem(in: defaultActor, field: "actor") {
            throw .rejected(Rejection(problems: [problem]))
        }
        return try write { db in try appendBody(lines, actor: defaultActor, db) }
    }

    /// The body of `append`: validates and appends `lines` on `db`, which must be inside a write transaction (or a
    /// savepoint of one). Throws `Rejection` when any line is bad, having written rows the caller must roll back.
    func appendBody(_ lines: some Sequence<InputLine>, actor defaultActor: String?, _ db: Database) throws -> AppendResult {
        var head = try EventRow.head(db)
        var state = AppendState(db: db, head: head.seq)
        var tree = try TreeWriter(size: head.seq, db)
        // One transaction time for the whole append, never earlier than the head's.
        var now = environment.now()
        if let last = head.recorded, now < last { now = last }
        let recorded = now.description
        let timestamp = Timestamp(rfc3339: recorded)!
        let insert = try db.cachedStatement(sql: "INSERT INTO event (\(EventRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        // Whether an id is in the log: almost always not, so only the seq is asked for, bound without boxing.
        let idLookup = try db.cachedStatement(sql: "SELECT seq FROM event WHERE id = ?")
        var problems: [Problem] = []
        var badLines = 0
        var truncated = false
        var appended = 0, skipped = 0
        var seqs: [Int] = []
        // The input line of each event appended by this input (index: seq − first seq), to name the line an id repeats.
        let firstSeq = head.seq + 1
        var lineOfSeq: [Int?] = []

        func reject(_ line: Int?, _ found: [Problem]) {
            badLines += 1
            problems += found.map { $0.at(line: line) }
        }

        for input in lines {
            if badLines >= Rejection.limit {
                truncated = true
                break
            }
            guard case .success(var event) = input.event else {
                if case .failure(let found) = input.event { reject(input.line, found.problems) }
                continue
            }
            // An amendment concerns whatever its target concerns: the ledger records the target's plan.
            if event.plan == nil, let target = event.amendedSeq, let original = try state.event(seq: target) {
                event.plan = original.plan
            }
            // Only a given id can be a repeat: a generated one is new (and the unique index would refuse it if not).
            // An id repeated within this input names the earlier line, not a seq the ledger does not hold yet.
            if let id = event.id, let existingSeq = try idLookup.firstInt(id), let existing = try EventRow.fetch(seq: existingSeq, db) {
                // Every field of the envelope must match; a line that names no actor takes the appending
                // user's, so it matches whoever appended it first.
                if existing.type == event.type, existing.plan == event.plan, existing.effective == event.effective,
                    existing.data == event.data, event.actor == nil || event.actor == existing.actor
                {
                    skipped += 1
                } else if existing.seq >= firstSeq {
                    let earlier = lineOfSeq[existing.seq - firstSeq].map { "line \($0)" } ?? "event \(existing.seq - firstSeq + 1)"
                    reject(input.line, [Problem(field: "id", reason: "\"\(id)\" repeats \(earlier) of this input with different content")])
                } else {
                    reject(input.line, [Problem(field: "id", reason: "\"\(id)\" is already in the ledger (seq \(existing.seq)) with different content")])
                }
                continue
            }
            let found = try LedgerRules.check(event, in: state)
            if !found.isEmpty {
                reject(input.line, found.map { Ledger.naming(inputSeqs: firstSeq, lines: lineOfSeq, in: $0) })
                continue
            }
            // Good lines are applied even after a bad one, so that later lines are judged against them;
            // the transaction is rolled back at the end if anything was wrong.
            let seq = head.seq + 1
            let id = event.id ?? environment.newID()
            let actor = event.actor ?? defaultActor
            let data = input.canonicalData ?? CanonicalJSON.encode(.object(event.data))
            let canonical = EventHash.canonicalBytes(
                seq: seq, id: id, type: event.type, plan: event.plan, effective: event.effective, recorded: timestamp,
                actor: actor, canonicalData: data)
            let hash = EventHash.hash(prev: head.hash, canonical: canonical)
            try insert.insert(seq, id, event.type.rawValue, event.plan, event.effective.description, recorded, actor, UTF8Text(data),
                              Blob(head.hash), Blob(hash))
            try tree.append(eventHash: hash)
            try LedgerRules.apply(event, seq: seq, to: &state)
            state.appended(event, seq: seq)
            if !projections.isEmpty {
                let recordedEvent = RecordedEvent(
                    seq: seq, id: id, type: event.type, plan: event.plan, effective: event.effective, recorded: timestamp,
                    actor: actor, data: event.data, prev: head.hash, hash: hash)
                for projection in projections { try projection.apply(recordedEvent, event.payload, db) }
            }
            state.advance(to: seq)
            try state.trimIfNeeded(limit: environment.stateCacheLimit)
            head = Head(seq: seq, hash: hash, recorded: timestamp)
            appended += 1
            seqs.append(seq)
            lineOfSeq.append(input.line)
        }
        if !problems.isEmpty {
            throw Rejection(problems: problems, truncated: truncated)
        }
        try state.flush()
        if appended > 0 {
            for projection in projections {
                try projection.finish(appliedFrom: firstSeq, db)
                try recordProgress(projection, head.seq, db)
            }
        }
        return AppendResult(appended: appended, skipped: skipped, head: head, seqs: seqs)
    }

    /// Appends events built in code (the registrar's commands).
    @discardableResult
    public func append(_ events: [ProposedEvent], actor: String?) throws(StoreError) -> AppendResult {
        try append(events.map { InputLine(line: nil, event: .success($0)) }, actor: actor)
    }
}

extension ProposedEvent {
    /// The seq an `event.corrected` or `event.retracted` points at.
    var amendedSeq: Int? {
        switch payload {
        case .eventCorrected(let c): c.target
        case .eventRetracted(let r): r.target
        default: nil
        }
    }
}

extension Ledger {
    /// A problem as the person who wrote the input reads it. The rules name the events they point at by seq; an
    /// event of this same input has none yet (a refused input writes nothing), so "seq 44" becomes "line 5 of this
    /// input", and "run planledger correct 44" becomes "correct line 5 of this input instead". Seqs before
    /// `firstSeq` are in the ledger and keep their number.
    static func naming(inputSeqs firstSeq: Int, lines: [Int?], in problem: Problem) -> Problem {
        func line(_ seq: Int) -> String? {
            guard seq >= firstSeq, seq - firstSeq < lines.count else { return nil }
            return lines[seq - firstSeq].map { "line \($0) of this input" } ?? "event \(seq - firstSeq + 1) of this input"
        }
        var problem = problem
        problem.reason = problem.reason.replacing(/run planledger correct (\d+)/) { match in
            Int(match.output.1).flatMap(line).map { "correct \($0) instead" } ?? String(match.output.0)
        }
        problem.reason = problem.reason.replacing(/seq (\d+(?:, \d+)*)/) { match in
            let named = match.output.1.split(separator: ", ").map { number in
                Int(number).flatMap(line) ?? "seq \(number)"
            }
            return named.joined(separator: ", ")
        }
        return problem
    }
}

/// One request of a group append (`Ledger.appendGroup`): its events, the actor they are recorded under, and the
/// head seq the request was written against (HTTP `If-Match`, RFC 9110 §13.1.1), if any.
public struct GroupRequest: Sendable {
    /// The request's events, each with the line (or array position) it came from.
    public var lines: [InputLine]
    /// The actor recorded on each event that names none (the service passes the signed-in account).
    public var actor: String?
    /// When set, the request is appended only if the ledger's head seq is exactly this when its turn comes.
    public var expectedHead: Int?

    public init(lines: [InputLine], actor: String?, expectedHead: Int? = nil) {
        self.lines = lines
        self.actor = actor
        self.expectedHead = expectedHead
    }
}

/// What became of one request of a group append. Only `.appended` wrote anything.
public enum GroupOutcome: Sendable {
    /// Committed: what `append` would have answered for this request alone.
    case appended(AppendResult)
    /// Refused for its events (every problem, as `append` throws them); nothing of it was written.
    case rejected(Rejection)
    /// Refused because the head was not `expected` when its turn came (it was `head`); nothing was written.
    case headMoved(expected: Int, head: Head)
}

extension Ledger {
    /// Appends several independent requests in ONE write transaction and one durable commit (group commit), each
    /// all-or-nothing on its own (SPEC, "The service": "a rejected request never fails or delays another's events").
    ///
    /// The requests are taken in order. Each runs inside its own SAVEPOINT, against the ledger as the requests before
    /// it left it: its `expectedHead` is compared with the head at that moment, then its lines are validated and
    /// appended exactly as `append` does (same rules, same skipping of an `id` already present with the same content —
    /// including one appended by an earlier request of the same group). A request that is refused is rolled back to
    /// its savepoint and answered with its own outcome; the others are unaffected. The answers come back in the
    /// order of `requests`.
    ///
    /// The commit is as durable as the ledger was opened (`Durability.full`, the default: the WAL is synced before
    /// this returns). Throws only what fails the group as a whole — the write lock not obtained within `busyTimeout`
    /// (`.busy`), a database error, a ledger opened for reading — in which case nothing of any request was written.
    public func appendGroup(_ requests: [GroupRequest]) throws(StoreError) -> [GroupOutcome] {
        try write { db in
            var outcomes: [GroupOutcome] = []
            outcomes.reserveCapacity(requests.count)
            for request in requests {
                if let actor = request.actor, let problem = TextCheck.problem(in: actor, field: "actor") {
                    outcomes.append(.rejected(Rejection(problems: [problem])))
                    continue
                }
                var outcome: GroupOutcome?
                do {
                    try db.inSavepoint {
                        if let expected = request.expectedHead {
                            let head = try EventRow.head(db)
                            if head.seq != expected {
                                outcome = .headMoved(expected: expected, head: head)
                                return .rollback
                            }
                        }
                        outcome = .appended(try appendBody(request.lines, actor: request.actor, db))
                        return .commit
                    }
                } catch let rejection as Rejection {
                    // The savepoint is rolled back already (GRDB rolls back when its body throws).
                    outcome = .rejected(rejection)
                }
                outcomes.append(outcome!)
            }
            return outcomes
        }
    }
}
