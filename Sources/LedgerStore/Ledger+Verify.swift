import Foundation
import GRDB
import LedgerCore

/// The outcome of `verify`: how far the chain holds, and the first place it does not.
public struct VerifyReport: Sendable, Hashable {
    public var events: Int
    public var head: Head
    /// The first bad seq and what is wrong with it; nil when everything holds.
    public var firstBad: (seq: Int, reason: String)?

    public var ok: Bool { firstBad == nil }

    public init(events: Int, head: Head, firstBad: (seq: Int, reason: String)?) {
        self.events = events
        self.head = head
        self.firstBad = firstBad
    }

    public static func == (a: VerifyReport, b: VerifyReport) -> Bool {
        a.events == b.events && a.head == b.head && a.firstBad?.seq == b.firstBad?.seq && a.firstBad?.reason == b.firstBad?.reason
    }
    public func hash(into h: inout Hasher) {
        h.combine(events)
        h.combine(head)
        h.combine(firstBad?.seq)
    }
}

extension Ledger {
    /// Recomputes the hash chain from seq 1 and checks that the derived rule state equals a fresh derivation.
    ///
    /// Checks, in one read snapshot: seq is 1, 2, 3 … without gaps; each `prev` is the hash before it; each
    /// `hash` is the SHA-256 of `prev` and the canonical event; every stored Merkle subtree is the one the events
    /// give; each row decodes and its data is stored in canonical form; `recorded` never decreases; each event
    /// passes the rules against the events before it, and the stored rule state is the one they derive. The
    /// first failure is reported with its seq. `pass` is called with each pass's name as it starts (`chain`, then
    /// `rules and projections`, which run at once and show the projections' progress; or `rules` alone when the chain
    /// fails or no projection is kept), and `progress` every 10,000 events of that pass with (done, total).
    ///
    /// With a `checkpoint` (already checked for its signature), it also checks that the ledger extends it:
    /// the root of the tree of its first `checkpoint.size` events, recomputed from the events themselves,
    /// must be the checkpoint's root. This catches a cut-off tail and a history rewritten with its chain
    /// recomputed, which the chain alone cannot.
    ///
    /// It reads one snapshot (the rules pass, on a second thread, reads the same seqs through a connection of its own)
    /// and never takes the write lock, so appends go on while it runs: the log is read from the
    /// ledger attached read-only to a scratch database (a temporary file SQLite deletes on close), the projections
    /// are folded again into that scratch database, and their tables are compared with the ledger's. A file that
    /// SQLite cannot read all of is reported as damaged at the first seq it could not read; one whose other pages
    /// (an index) SQLite's own checks find damaged (`PRAGMA quick_check` of the file's B-trees, `integrity_check` of the
    /// log's indexes against its rows), at the first bad seq or after the head.
    public func verify(checkpoint: Checkpoint? = nil, pass: ((String) -> Void)? = nil, progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> VerifyReport {
        var chain = VerifyReport(events: 0, head: .empty, firstBad: nil)
        var structure: [String] = []
        do {
            var config = Configuration()
            config.label = "planledger.verify"
            config.busyMode = .timeout(busyTimeout)
            let scratch = try DatabaseQueue(path: "", configuration: config)
            defer { try? scratch.close() }
            let attached = readingLocation.hasPrefix("file:") ? readingLocation : LedgerFile.uri(path, "mode=ro")
            return try scratch.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA main.journal_mode = OFF; PRAGMA main.synchronous = OFF; PRAGMA main.cache_size = -65536")
                try db.execute(sql: "ATTACH DATABASE ? AS ledger", arguments: [attached])
                defer { try? db.execute(sql: "DETACH DATABASE ledger") }
                var report: VerifyReport?
                // DEFERRED: the ledger is only read, so only its read snapshot is taken, never its write lock.
                try db.inTransaction(.deferred) {
                    // The tables every pass reads: one dropped by hand is named, not met as SQLite's "no such table".
                    let existing = try Set(String.fetchAll(db, sql: "SELECT name FROM ledger.sqlite_master WHERE type = 'table'"))
                    if let missing = Ledger.coreTables.first(where: { !existing.contains($0) }) {
                        chain = VerifyReport(events: 0, head: .empty, firstBad: (0, "\(Ledger.damagedPrefix): its table \(missing) is missing"))
                        return .rollback
                    }
                    pass?("chain")
                    let chainPass = try ChainPass.run(db, checkpoint: checkpoint, progress: progress)
                    // Kept before the next pass: what SQLite throws from here on (a damaged page met by a cursor that
                    // steps past the chain's last good row) is reported at the chain's finding, not at seq 1.
                    chain = chainPass
                    // The pages no pass reads (indexes, free pages) are checked too: a damaged index makes the next
                    // append or query fail. SQLite's own check of its B-trees, its first finding; and, for the log, that
                    // each index holds exactly the rows of the table (an `id` index that lost an entry would let a
                    // duplicate id in). Findings on an attached database begin with "*** in database ledger ***".
                    func findings(_ pragma: String) throws -> [String] {
                        try String.fetchAll(db, sql: pragma).flatMap { $0.split(separator: "\n") }
                            .filter { $0 != "ok" && !$0.hasPrefix("*** ") }.map(String.init)
                    }
                    var found = try findings("PRAGMA ledger.quick_check(1)")
                    if found.isEmpty { found = try findings("PRAGMA ledger.integrity_check(event)") }
                    structure = found.prefix(1).map { "SQLite's integrity check finds \($0)" }
                    // With the chain broken the projections are not compared (the report names the chain's or the
                    // rules' first failure), nor when none is kept: the rules pass alone follows.
                    guard chainPass.ok, !projections.isEmpty else {
                        chain = try Ledger.rulesAfter(chainPass, db, pass: pass, progress: progress)
                        return .rollback
                    }
                    // The rules pass and the projection pass each read the whole log and depend on nothing of each
                    // other: the rules run on a thread of their own (over a read-only connection of their own, through
                    // the same seq) while the projections are folded here (their reading and decoding on a third).
                    pass?("rules and projections")
                    let rulesAside = rulesPassAside(through: chainPass.events).makeIterator()
                    // What the fold throws waits for the rules: an event they refuse may also be one a projection
                    // cannot fold (data it cannot read), and the rules' finding names its seq, as when they ran first.
                    let projected = Result { try verifyProjections(db, chain: chainPass, tables: existing, progress: progress) }
                    guard let outcome = try rulesAside.next()?.get() else {
                        throw StoreError.database("the rules pass ended without an answer")
                    }
                    let rules = RulesPass.compare(outcome, stored: try AppendState.snapshot(db))
                    if rules.ok { report = try projected.get() } else { chain = rules }
                    return .rollback
                }
                return Ledger.naming(fileDamage.map { [$0] + structure } ?? structure, in: report ?? chain)
            }
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR].contains(error.resultCode) {
            // A later pass that met the damage the chain pass already named keeps the chain's finding; damage met
            // after another finding of the chain's is added to it.
            var damage = fileDamage.map { [$0] + structure } ?? structure
            if let bad = chain.firstBad {
                if !bad.reason.hasPrefix(Ledger.damagedPrefix) { damage.append("SQLite cannot read it (\(error.message ?? "\(error.resultCode)"))") }
                return Ledger.naming(damage, in: chain)
            }
            return Ledger.naming(damage, in: VerifyReport(events: chain.events, head: chain.head,
                                firstBad: (chain.head.seq + 1, "\(Ledger.damagedPrefix): SQLite cannot read it (\(error.message ?? "\(error.resultCode)"))")))
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The projection pass, run once `chain` (the chain pass's report) holds and when projections are kept: every
    /// projection table equals a fresh fold of the log (into the scratch database's `main`; the ledger is attached as
    /// `ledger`). `tables` are the names of the ledger's tables, as read in the same snapshot. Returns `chain`, or a
    /// report naming the first differing row.
    ///
    /// Only projections the ledger records as folded are compared. One with no progress record has not been folded yet
    /// when it is new to the ledger (none of its tables exist) or a new version of one (an older version has a record):
    /// the next command that opens the ledger writable folds it. Named instead: tables kept without any record, a
    /// progress record that is not the head's seq, a kept projection's table that is missing or cannot be read. Verify
    /// opens the ledger without bringing its projections up to date, so that it checks what is stored.
    private func verifyProjections(_ db: Database, chain: VerifyReport, tables existing: Set<String>, progress: ((Int, Int) -> Void)?) throws -> VerifyReport {
        func fail(_ reason: String) -> VerifyReport { VerifyReport(events: chain.events, head: chain.head, firstBad: (chain.head.seq, reason)) }
        // The record as SQL quotes it, for the message: an edited one need not be an integer.
        let recorded = try Row.fetchAll(db, sql: """
            SELECT name, \(Ledger.appliedSeq), quote(applied_seq) FROM ledger.projection_progress
            """).map { (name: $0[0] as String, applied: $0[1] as Int?, shown: $0[2] as String) }
        var maintained: [String: [UInt8]] = [:]
        var kept: [any Projection] = []
        for projection in projections {
            guard let record = recorded.first(where: { $0.name == projection.name }) else {
                let base = ProjectionName(projection.name).base
                let olderVersion = recorded.contains { ProjectionName($0.name).base == base }
                if !olderVersion, let table = projection.tables.first(where: existing.contains) {
                    return fail("projection \(projection.name) has no progress record, but its table \(table) holds rows folded before: its record was removed (planledger rebuild folds it again)")
                }
                continue
            }
            guard record.applied == chain.head.seq else {
                return fail("projection \(projection.name) records that it was folded through seq \(record.shown), but the log's head is seq \(chain.head.seq): its progress record was edited or its tables were not kept current (planledger rebuild folds it again)")
            }
            if let missing = projection.tables.first(where: { !existing.contains($0) }) {
                return fail("projection table \(missing) of \(projection.name) is missing (planledger rebuild folds it again)")
            }
            do {
                maintained.merge(try projectionDigest(db, schema: "ledger", of: [projection])) { $1 }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // A table it derives (search's FTS5 index) dropped, or columns changed by hand.
                return fail("projection \(projection.name) cannot be read as kept: \(error.message ?? "\(error)") (planledger rebuild folds it again)")
            }
            kept.append(projection)
        }
        _ = try foldProjections(db, progress: progress)
        let rebuilt = try projectionDigest(db, schema: "main", of: kept)
        guard let table = maintained.keys.sorted().first(where: { maintained[$0] != rebuilt[$0] }) else { return chain }
        // A table whose columns were changed by hand cannot be compared row by row (EXCEPT needs the same columns).
        if let row = try? Row.fetchOne(db, sql: "SELECT * FROM ledger.\(table) EXCEPT SELECT * FROM main.\(table) LIMIT 1") {
            return fail("projection table \(table) differs from a fresh rebuild from the log: its row \(row) is not one the log gives")
        }
        if let row = try? Row.fetchOne(db, sql: "SELECT * FROM main.\(table) EXCEPT SELECT * FROM ledger.\(table) LIMIT 1") {
            return fail("projection table \(table) differs from a fresh rebuild from the log: it lacks the row \(row)")
        }
        return fail("projection table \(table) differs from a fresh rebuild from the log")
    }

    /// A report that leads with the damage found in the file apart from its events (a file cut short, as its header
    /// shows; SQLite's integrity checks), which explains whatever else failed: at the first bad seq found, else after
    /// the head.
    static func naming(_ fileDamage: [String], in report: VerifyReport) -> VerifyReport {
        guard !fileDamage.isEmpty else { return report }
        let reason = "\(damagedPrefix): \(fileDamage.joined(separator: "; "))"
        guard let bad = report.firstBad else {
            return VerifyReport(events: report.events, head: report.head, firstBad: (report.head.seq + 1, reason))
        }
        // The first event's own finding may be damage too ("the file is damaged here: …"): said once.
        var affected = bad.reason
        if let prefix = ["\(damagedPrefix) here: ", "\(damagedPrefix): "].first(where: affected.hasPrefix) { affected.removeFirst(prefix.count) }
        return VerifyReport(events: report.events, head: report.head, firstBad: (bad.seq, "\(reason); the first event affected: \(affected)"))
    }

    /// The ledger's own tables, which verify reads (the log, its Merkle subtrees, the rule state, the projections'
    /// progress).
    static let coreTables = ["event", "merkle_node", "append_state", "projection_progress"]

    /// How every finding of damage to the file begins (`verify`'s reasons, and `LedgerQueries.verify`'s for a file
    /// that cannot be opened).
    public static let damagedPrefix = "the file is damaged"

    /// The chain pass alone: seqs, `prev`, `hash`, the Merkle tree and the checkpoint, hashed from the stored
    /// bytes without parsing any JSON (the data column is hashed as it is stored). What an auditor's "was
    /// anything altered" costs; `verify` runs it first.
    public func verifyChain(checkpoint: Checkpoint? = nil, progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> VerifyReport {
        try read { db in try ChainPass.run(db, checkpoint: checkpoint, progress: progress) }
    }

    /// The rules pass after the chain pass `chain`, in the same snapshot, up to the chain's first failure: the report
    /// names the earliest bad seq of either.
    static func rulesAfter(_ chain: VerifyReport, _ db: Database, pass: ((String) -> Void)? = nil, progress: ((Int, Int) -> Void)?) throws -> VerifyReport {
        // Up to the chain's first failure; the stored rule state is only comparable when the whole log holds.
        pass?("rules")
        let rules = try RulesPass.run(db, through: chain.firstBad.map { $0.seq - 1 } ?? chain.events, total: chain.events,
                                      comparingState: chain.ok, progress: progress)
        if let bad = rules.firstBad, chain.firstBad.map({ bad.seq < $0.seq }) ?? true { return rules }
        return chain
    }

    /// The rules pass over the log through `last` (a head the caller's snapshot holds), on a thread of its own over a
    /// read-only connection of its own: the log is append-only, so its rows through `last` are the ones the caller
    /// sees, whatever was appended since. The stored rule state is not read here but compared by the caller, in its
    /// own snapshot (`RulesPass.compare`). The one element is the pass's outcome, or what it threw.
    func rulesPassAside(through last: Int) -> Prefetched<Result<RulesPass.Outcome, any Error>> {
        let location = readingLocation, busyTimeout = self.busyTimeout
        return Prefetched(batchSize: 1, depth: 1) { yield in
            let outcome = Result { () throws -> RulesPass.Outcome in
                let reader = try DatabaseQueue(path: location, configuration: Ledger.readingConfiguration(busyTimeout: busyTimeout))
                return try reader.read { db in try RulesPass.replay(db, through: last, total: last, progress: nil) }
            }
            _ = yield(outcome)
        }
    }
}

/// `verify`'s first pass: the hash chain and the Merkle tree, straight from the stored bytes.
enum ChainPass {
    static func run(_ db: Database, checkpoint: Checkpoint?, progress: ((Int, Int) -> Void)?) throws -> VerifyReport {
        // A damaged file may fail the count; the walk below then names the first seq it cannot read.
        let counted = try? Int.fetchOne(db, sql: "SELECT count(*) FROM event")
        let total = counted ?? 0
        var head = Head.empty
        func fail(_ seq: Int, _ reason: String) -> VerifyReport {
            VerifyReport(events: total, head: head, firstBad: (seq, reason))
        }
        if let checkpoint, let counted, counted < checkpoint.size {
            return VerifyReport(events: total, head: try EventRow.head(db), firstBad: (total + 1,
                "the ledger has \(total) events but checkpoint \(checkpoint.origin) covers \(checkpoint.size): events \(total + 1)–\(checkpoint.size) were cut off"))
        }
        var frontier = MerkleFrontier()
        let storedNode = try db.cachedStatement(sql: "SELECT hash FROM merkle_node WHERE level = ? AND idx = ?")
        var rows = try RawEventRows(db)
        var canonical: [UInt8] = []
        canonical.reserveCapacity(4096)
        var prev = EventHash.genesis
        var expected = 1
        while true {
            let next: RawEventRows.Row?
            do {
                next = try rows.next()
            } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR].contains(error.resultCode) {
                return fail(expected, "\(Ledger.damagedPrefix) here: SQLite cannot read the event (\(error.message ?? "\(error.resultCode)"))")
            }
            guard let row = next else { break }
            let seq = row.seq
            if seq != expected {
                return fail(expected, "seq \(expected) is missing (the next event has seq \(seq))")
            }
            if !row.prev.elementsEqual(prev) {
                return fail(seq, "prev \(Hex.encode(Array(row.prev))) is not the hash of seq \(seq - 1) (\(Hex.encode(prev)))")
            }
            do {
                // NOT NULL columns read as empty if a NULL was forced in: the hash then fails, naming the row.
                let empty = StoredText(utf8: UnsafeRawBufferPointer(start: nil, count: 0))!
                EventHash.writeCanonical(seq: seq, id: try row.text(1) ?? empty, type: try row.text(2) ?? empty, plan: try row.text(3),
                                         effective: try row.text(4) ?? empty, recorded: try row.text(5) ?? empty, actor: try row.text(6),
                                         canonicalData: row.data, into: &canonical)
            } catch {
                if case .damaged(_, let reason) = error { return fail(seq, reason) }
                throw error
            }
            let computed = EventHash.hash(prev: prev, canonical: canonical)
            if !row.hash.elementsEqual(computed) {
                return fail(seq, "hash \(Hex.encode(Array(row.hash))) does not match the event's content (recomputed \(Hex.encode(computed)))")
            }
            // Every stored subtree this event completes must be the one recomputed from the events.
            var badNode: (level: Int, index: Int)?
            try frontier.append(leafHash: Merkle.leafHash(computed)) { level, index, hash in
                guard level >= Ledger.lowestStoredLevel, badNode == nil else { return }
                if try Data.fetchOne(storedNode, arguments: [level, index]).map(Array.init) != hash { badNode = (level, index) }
            }
            if let badNode {
                let first = (badNode.index << badNode.level) + 1
                return fail(seq, "its Merkle subtree (events \(first)–\(seq), level \(badNode.level)) is missing or does not match the events' hashes")
            }
            if let checkpoint, frontier.size == checkpoint.size, frontier.root != checkpoint.root {
                return fail(seq, "the first \(seq) events do not hash to the root of checkpoint \(checkpoint.origin) (\(Hex.encode(checkpoint.root).prefix(16))…): history was rewritten after it was signed")
            }
            prev = computed
            head = Head(seq: seq, hash: computed, recorded: nil)
            expected += 1
            if seq % 10_000 == 0 { progress?(seq, total) }
        }
        if total > 0, try Merkle.root(size: total, node: try Ledger.merkleNode(db)) != frontier.root {
            return VerifyReport(events: total, head: head, firstBad: (head.seq, "the stored Merkle tree's root differs from the one recomputed from the events"))
        }
        // A stored subtree the events do not complete yet (written past the head): every check above passes over it, and
        // the append that completes it would fail on its key. (Nodes below the lowest stored level, which a v3 ledger
        // kept, are never read nor written again, and are no harm.)
        if let stray = try Row.fetchOne(db, sql: "SELECT level, idx FROM merkle_node WHERE ((idx + 1) << level) > ? LIMIT 1",
                                        arguments: [head.seq]) {
            let level: Int = stray[0], index: Int = stray[1]
            return VerifyReport(events: total, head: head, firstBad: (head.seq + 1,
                "the stored Merkle tree holds a subtree the events do not complete (level \(level), index \(index)): the append that completes it would fail"))
        }
        return VerifyReport(events: total, head: try EventRow.head(db), firstBad: nil)
    }
}

/// `verify`'s second pass: every row decodes, its data is stored canonically, `recorded` never decreases, each
/// event passes the rules against those before it, and the stored rule state is what they derive.
enum RulesPass {
    /// What the pass found in the log, and the rule state it derived (as `MemoryState.snapshot` encodes it, for
    /// comparison with the stored one), when every event passed.
    struct Outcome: Sendable {
        var report: VerifyReport
        var derived: [String: String]?
    }

    /// The pass, and (when `comparingState`) the comparison of the stored rule state with the one derived, in one
    /// snapshot.
    static func run(_ db: Database, through last: Int, total: Int, comparingState: Bool, progress: ((Int, Int) -> Void)?) throws -> VerifyReport {
        let outcome = try replay(db, through: last, total: total, progress: progress)
        guard comparingState else { return outcome.report }
        return compare(outcome, stored: try AppendState.snapshot(db))
    }

    /// The outcome's report, or (when the log passed) the first key at which `stored`, the rule state the ledger
    /// keeps (`AppendState.snapshot`), differs from the one the pass derived.
    static func compare(_ outcome: Outcome, stored: [String: String]) -> VerifyReport {
        let report = outcome.report
        guard report.ok, let fresh = outcome.derived, stored != fresh else { return report }
        let key = Set(stored.keys).union(fresh.keys).sorted().first { stored[$0] != fresh[$0] } ?? "?"
        return VerifyReport(events: report.events, head: report.head,
                            firstBad: (report.head.seq, "the stored rule state differs from a fresh derivation from the log at \(key)"))
    }

    /// Every event through `last` decoded, checked and replayed into a fresh `MemoryState`; stops at the first
    /// failure. `total` is the count the report carries.
    static func replay(_ db: Database, through last: Int, total: Int, progress: ((Int, Int) -> Void)?) throws -> Outcome {
        var head = Head.empty
        var lastRecorded: Timestamp?
        var derived = MemoryState(events: { seq in try EventRow.fetch(seq: seq, db) })
        func fail(_ seq: Int, _ reason: String) -> Outcome {
            Outcome(report: VerifyReport(events: total, head: head, firstBad: (seq, reason)), derived: nil)
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM event WHERE seq <= ? ORDER BY seq", arguments: [last])
        while let row = try rows.next() {
            let seq: Int = row[0]
            let event: RecordedEvent
            do {
                event = try EventRow.decode(row)
            } catch let error as StoreError {
                if case .damaged(_, let reason) = error { return fail(seq, reason) }
                throw error
            }
            // The chain hashes the stored text; what `export` writes (and others recompute) is its JCS form.
            if let stored = row[7] as String?, CanonicalJSON.encode(.object(event.data)) != Array(stored.utf8) {
                return fail(seq, "data is not stored in RFC 8785 canonical form")
            }
            if let previous = lastRecorded, event.recorded < previous {
                return fail(seq, "recorded \(event.recorded) is earlier than the event before it (\(previous))")
            }
            if let problem = derived.replay(event) {
                return fail(seq, "the event breaks the ledger's rules: \(problem)")
            }
            lastRecorded = event.recorded
            head = Head(seq: seq, hash: event.hash, recorded: event.recorded)
            if seq % 10_000 == 0 { progress?(seq, total) }
        }
        return Outcome(report: VerifyReport(events: total, head: head, firstBad: nil), derived: try derived.snapshot())
    }
}

/// The rule state in memory, re-derived by `verify` from the log alone.
struct MemoryState: LedgerState {
    var plans: [String: PlanState] = [:]
    var diaries: [String: DiaryState] = [:]
    var assignments: [String: AssignmentState] = [:]
    var amendments: [Int: AmendmentState] = [:]
    var processes: [String: ProcessState] = [:]
    /// The seqs of each plan's follow-ups replayed so far.
    var followupSeqs: [String: [Int]] = [:]
    /// The seqs of each plan's activity reports replayed so far.
    var activityReportSeqs: [String: [Int]] = [:]
    /// Each plan's follow-ups of each metric replayed so far, with the period each was written for: what
    /// `AppendState` reads through its index, so that the rules pass is not quadratic in a metric's follow-ups.
    var followupsByMetric: [FollowupKey: [(seq: Int, period: FollowupPeriod?)]] = [:]
    var head = 0

    struct FollowupKey: Hashable {
        let plan: String
        let metric: String
    }
    let events: (Int) throws -> RecordedEvent?

    init(events: @escaping (Int) throws -> RecordedEvent?) {
        self.events = events
    }

    func plan(_ key: String) throws -> PlanState? { plans[key] }
    func diary(_ dnr: String) throws -> DiaryState? { diaries[dnr] }
    func assignment(_ key: String) throws -> AssignmentState? { assignments[key] }
    func amendment(of seq: Int) throws -> AmendmentState? { amendments[seq] }
    func process(_ key: String) throws -> ProcessState? { processes[key] }
    func event(seq: Int) throws -> RecordedEvent? { seq <= head ? try events(seq) : nil }
    func followups(of plan: String) throws -> [Int] { followupSeqs[plan] ?? [] }
    func activityReports(of plan: String) throws -> [Int] { activityReportSeqs[plan] ?? [] }
    func followups(of plan: String, metric: String, period: FollowupPeriod) throws -> [Int] {
        (followupsByMetric[FollowupKey(plan: plan, metric: metric)] ?? []).compactMap { candidate in
            candidate.period == period || amendments[candidate.seq] != nil ? candidate.seq : nil
        }
    }
    mutating func put(plan: PlanState, key: String) { plans[key] = plan }
    mutating func removePlan(_ key: String) { plans[key] = nil }
    mutating func put(diary: DiaryState) { diaries[diary.dnr] = diary }
    mutating func removeDiary(_ dnr: String) { diaries[dnr] = nil }
    mutating func put(assignment: AssignmentState) { assignments[assignment.key] = assignment }
    mutating func removeAssignment(_ key: String) { assignments[key] = nil }
    mutating func put(amendment: AmendmentState) { amendments[amendment.target] = amendment }
    mutating func put(process: ProcessState) { processes[process.key] = process }
    mutating func removeProcess(_ key: String) { processes[key] = nil }

    /// Checks and applies a recorded event as the append did; the problem if it would have been refused.
    mutating func replay(_ event: RecordedEvent) -> String? {
        do {
            let proposed = try ProposedEvent(
                id: event.id, type: event.type, plan: event.plan, effective: event.effective, actor: event.actor, data: event.data)
            let problems = try LedgerRules.check(proposed, in: self)
            if let first = problems.first { return first.description }
            try LedgerRules.apply(proposed, seq: event.seq, to: &self)
            if event.type == .followupRecorded, let plan = event.plan {
                followupSeqs[plan, default: []].append(event.seq)
                if case .string(let metric)? = event.data["metric"] {
                    let written = event.data["period"]?.stringValue.flatMap(FollowupPeriod.init)
                    followupsByMetric[FollowupKey(plan: plan, metric: metric), default: []].append((event.seq, written))
                }
            }
            if event.type == .activityReported, let plan = event.plan { activityReportSeqs[plan, default: []].append(event.seq) }
            head = event.seq
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The same rows `append_state` holds, encoded the same way.
    func snapshot() throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var result: [String: String] = [:]
        func add(_ kind: String, _ key: String, _ value: some Encodable) throws {
            result["\(kind)/\(key)"] = String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        for (k, v) in plans { try add("plan", k, v) }
        for (k, v) in diaries { try add("diary", k, v) }
        for (k, v) in assignments { try add("assignment", k, v) }
        for (k, v) in amendments { try add("amendment", String(k), v) }
        for (k, v) in processes { try add("process", k, v) }
        return result
    }
}
