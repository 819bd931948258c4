import Foundation
import LedgerCore
import LedgerStore

// The auditor's answers (SPEC, "The service": history, export, verify, checkpoints and proofs), built once here for
// both the CLI (`history`, `export`, `verify`, `checkpoint`, `prove`) and the service's auditor endpoints. What is
// printed or sent is `AnswerJSON.document` of these values, or the export's JSON Lines bytes.

/// Why `LedgerQueries.history` has no trail to give.
public enum HistoryAnswer: Sendable {
    /// The plan's events at the time point asked, in seq order.
    case events([RecordedEvent])
    /// No event in the ledger names the plan.
    case noSuchPlan
    /// The plan has events, but none at the time point asked.
    case noEventsAtThatPoint
}

extension KnownAt {
    /// Whether `event` was recorded by this knowledge point: seq ≤ K, or recorded at or before the instant (the same,
    /// since `recorded` never decreases along seq).
    public func includes(_ event: RecordedEvent) -> Bool {
        switch self {
        case .head: true
        case .seq(let k): event.seq <= k
        case .instant(let t): event.recorded <= t
        }
    }
}

extension LedgerQueries {
    /// `history PLAN` → the raw event trail of a plan, corrections and retractions included, in seq order: the events
    /// recorded by `knownAt` and, when `asOf` is given, effective on or before it. Without `asOf` every event is
    /// listed, future-dated ones included: the trail is the log, not a state. A `knownAt` seq past the head is
    /// `StoreError.invalidQuery`.
    public func history(_ plan: String, asOf: LedgerDate?, knownAt: KnownAt) throws -> HistoryAnswer {
        let trail = try ledger.history(plan: plan)
        if trail.isEmpty { return .noSuchPlan }
        let head = try ledger.head().seq
        if case .seq(let k) = knownAt, k > head {
            throw StoreError.invalidQuery("--known-at \(k): the ledger's head is seq \(head)")
        }
        let events = trail.filter { event in knownAt.includes(event) && (asOf.map { event.effective <= $0 } ?? true) }
        return events.isEmpty ? .noEventsAtThatPoint : .events(events)
    }

    /// One line of `export`: the RFC 8785 canonical JSON of the event as exported (`RecordedEvent.exported`) and LF.
    public static func exportLine(_ event: RecordedEvent, into buffer: inout [UInt8]) {
        buffer += CanonicalJSON.encode(event.exported)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// The next piece of `export`'s JSON Lines: events `from…through`, stopping after the line that brings the piece to
    /// `chunkBytes` or more. Returns the bytes and the seq to ask for next (past `through` when done). Each piece is read
    /// in its own snapshot; since the log below a head never changes (append-only, gapless), the pieces of
    /// `1…head` put together are the log at that head, byte for byte, however long the reader takes.
    public func exportChunk(from: Int, through: Int, chunkBytes: Int = 1 << 16) throws -> (bytes: [UInt8], next: Int) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkBytes + 4096)
        var next = max(from, 1)
        try ledger.forEachEvent(from: next, through: through) { event in
            Self.exportLine(event, into: &buffer)
            next = event.seq + 1
            return buffer.count < chunkBytes
        }
        return (buffer, buffer.isEmpty ? through + 1 : next)
    }

    /// The latest signed checkpoint the ledger stores (`planledger checkpoint`), nil when there is none. Throws
    /// `ProofRefusal.notACheckpoint` for a stored note whose body is not a checkpoint.
    public func latestCheckpoint() throws -> SignedCheckpoint? {
        guard let note = try ledger.latestCheckpoint() else { return nil }
        guard let signed = SignedCheckpoint(note: note) else { throw ProofRefusal.notACheckpoint(source: "the stored checkpoint") }
        return signed
    }

    /// Every checkpoint the ledger stores with when it was stored (RFC 3339 text), smallest tree first, the latest
    /// (`latestCheckpoint`) last: what the auditors' page lists and proves consistency between. Throws
    /// `ProofRefusal.notACheckpoint` for a stored note whose body is not a checkpoint.
    public func storedCheckpoints() throws -> [(checkpoint: SignedCheckpoint, created: String)] {
        try ledger.storedCheckpoints().map { note, created in
            guard let signed = SignedCheckpoint(note: note) else { throw ProofRefusal.notACheckpoint(source: "a stored checkpoint") }
            return (signed, created)
        }
    }

    /// Throws `ProofRefusal.doesNotExtend` unless the ledger's first `checkpoint.size` events hash to its root
    /// (RFC 9162 §2.1.1, the Merkle tree head): the checkpoint is of this log, and the log has not been cut or rewritten.
    public func checkExtends(_ checkpoint: Checkpoint, source: String) throws {
        let head = try ledger.treeHead(size: checkpoint.size)
        guard head.size == checkpoint.size, head.root == checkpoint.root else {
            throw ProofRefusal.doesNotExtend(source: source, size: checkpoint.size)
        }
    }

    /// `prove SEQ` → an event and its RFC 9162 inclusion proof against `checkpoint`, the document `verify-proof` reads:
    /// `{"event" (as exported), "leafIndex" (seq − 1), "treeSize", "proof": [base64 SHA-256 …], "checkpoint" (the signed
    /// note)}`. Throws `ProofRefusal.notInTree` when `seq` is not in the checkpoint's tree. The caller checks first that
    /// the ledger extends the checkpoint (`checkExtends`).
    public func inclusionProof(seq: Int, against checkpoint: SignedCheckpoint) throws -> JSONValue {
        guard seq >= 1, seq <= checkpoint.checkpoint.size, let event = try ledger.event(seq: seq) else {
            throw ProofRefusal.notInTree(seq: seq, size: checkpoint.checkpoint.size)
        }
        let proof = try ledger.inclusionProof(seq: event.seq, size: checkpoint.checkpoint.size)
        return [
            "event": event.exported, "leafIndex": .number(Double(event.seq - 1)), "treeSize": .number(Double(checkpoint.checkpoint.size)),
            "proof": .array(proof.map { .string(Data($0).base64EncodedString()) }), "checkpoint": .string(checkpoint.note),
        ]
    }

    /// `prove --consistency OLD [NEW]` → the RFC 9162 consistency proof that the tree of `new` extends the tree of
    /// `old`: `{"oldSize", "newSize", "proof": [base64 …], "old", "new"}` (the signed notes). Throws
    /// `ProofRefusal.sizes` unless 0 < old size ≤ new size. The caller checks first that the ledger extends both.
    public func consistencyProof(old: SignedCheckpoint, new: SignedCheckpoint) throws -> JSONValue {
        guard old.checkpoint.size <= new.checkpoint.size, old.checkpoint.size > 0 else {
            throw ProofRefusal.sizes(old: old.checkpoint.size, new: new.checkpoint.size)
        }
        let proof = try ledger.consistencyProof(from: old.checkpoint.size, to: new.checkpoint.size)
        return [
            "oldSize": .number(Double(old.checkpoint.size)), "newSize": .number(Double(new.checkpoint.size)),
            "proof": .array(proof.map { .string(Data($0).base64EncodedString()) }),
            "old": .string(old.note), "new": .string(new.note),
        ]
    }

    /// `verify` → the ledger at `open()`'s path checked whole (`Ledger.verify`): chain, Merkle subtrees, rules and
    /// projections, and that it extends `checkpoint` when one is given. `open` opens the ledger for reading with
    /// damage tolerated; a file damaged before any event could be read is reported at seq 0, the file as a whole.
    public static func verify(
        opening open: () throws -> Ledger, checkpoint: Checkpoint? = nil,
        pass: ((String) -> Void)? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> VerifyReport {
        do {
            return try open().verify(checkpoint: checkpoint, pass: pass, progress: progress)
        } catch StoreError.damagedFile(_, let reason) {
            return VerifyReport(events: 0, head: .empty, firstBad: (0, "\(Ledger.damagedPrefix): \(reason)"))
        }
    }
}

/// A checkpoint (C2SP tlog-checkpoint) and the signed note (C2SP signed-note) that carries it.
public struct SignedCheckpoint: Sendable, Hashable {
    /// The whole note: the checkpoint body, a blank line, the signature lines.
    public var note: String
    public var checkpoint: Checkpoint

    public init(note: String, checkpoint: Checkpoint) {
        self.note = note
        self.checkpoint = checkpoint
    }

    /// The checkpoint in `note`, its signatures NOT checked (the ledger's own stored notes, or a note the ledger then
    /// checks against its own tree with `checkExtends`); nil when the body before the blank line is not a checkpoint.
    public init?(note: String) {
        let body = note.range(of: "\n\n").map { String(note[..<$0.lowerBound]) + "\n" } ?? note
        guard let checkpoint = Checkpoint(body: body) else { return nil }
        self.init(note: note, checkpoint: checkpoint)
    }

    /// `checkpoint --format json` → `{"origin", "size", "root" (base64), "note"}`.
    public var json: JSONValue {
        ["origin": .string(checkpoint.origin), "size": .number(Double(checkpoint.size)),
         "root": .string(Data(checkpoint.root).base64EncodedString()), "note": .string(note)]
    }
}

/// Why a proof cannot be given; the CLI words each as a message and an exit code, the service as a problem document.
public enum ProofRefusal: Error, Sendable, Hashable {
    /// The ledger stores no checkpoint to prove against.
    case noCheckpoint
    /// A note whose body is not a checkpoint (origin, tree size and base64 root on three lines).
    case notACheckpoint(source: String)
    /// The ledger's first `size` events do not hash to the checkpoint's root (or there are fewer).
    case doesNotExtend(source: String, size: Int)
    /// A consistency proof needs 0 < old size ≤ new size.
    case sizes(old: Int, new: Int)
    /// The seq is not in the checkpoint's tree.
    case notInTree(seq: Int, size: Int)
}

extension VerifyReport {
    /// `verify` → `{"ok", "events", "head": {"seq", "hash"}, "firstBad": null or {"seq", "reason"}}` (SPEC, JSON shapes).
    public var json: JSONValue { json(accountLog: nil) }

    /// The same, with the account log's check (`AccountLog.verify`, run by the caller): a broken account log makes
    /// `ok` false while `firstBad` stays about the events; the CLI and the service say which entry on the side.
    public func json(accountLog problem: String?) -> JSONValue {
        [
            "ok": .bool(ok && problem == nil),
            "events": .number(Double(events)),
            "head": ["seq": .number(Double(head.seq)), "hash": .string(Hex.encode(head.hash))],
            "firstBad": firstBad.map { ["seq": .number(Double($0.seq)), "reason": .string($0.reason)] } ?? .null,
        ]
    }
}

extension AnswerJSON {
    /// `history` → the plan's events as `export` writes them, as one JSON array.
    public static func history(_ events: [RecordedEvent]) -> JSONValue {
        .array(events.map(\.exported))
    }

    /// `audit` → `[{"finding","plan","dnr","seq","detail"}]`.
    public static func audit(_ findings: [AuditFinding]) -> JSONValue {
        .array(findings.map(\.json))
    }
}
