import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// The log cannot be edited quietly: the database refuses it, and verify finds it when the refusal is bypassed.
struct IntegrityTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        try t.append(SeedHistory.boardPlan)
    }

    /// A second, raw connection to the file: what someone with the file and sqlite3 could do.
    func raw() throws -> DatabaseQueue { try DatabaseQueue(path: t.path) }

    @Test func databaseRefusesUpdateAndDelete() throws {
        let db = try raw()
        #expect(throws: DatabaseError.self) {
            try db.write { try $0.execute(sql: "UPDATE event SET data = '{}' WHERE seq = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try db.write { try $0.execute(sql: "DELETE FROM event WHERE seq = 9") }
        }
        let error = #expect(throws: DatabaseError.self) {
            try db.write { try $0.execute(sql: "UPDATE event SET actor = 'x'") }
        }
        #expect(error?.message?.contains("append-only") == true)
        #expect(try t.ledger.verify().ok)
    }

    @Test func databaseRefusesASeqGap() throws {
        let db = try raw()
        #expect(throws: DatabaseError.self) {
            try db.write { db in
                try db.execute(sql: "INSERT INTO event (seq, id, type, effective, recorded, data, prev, hash) VALUES (11, 'x', 'decision.recorded', '2020-01-01', '2020-01-01T00:00:00.000Z', '{}', zeroblob(32), zeroblob(32))")
            }
        }
    }

    @Test func verifyNamesAnEditedRow() throws {
        let db = try raw()
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: #"UPDATE event SET data = replace(data, 'Tillförordnad landstingsdirektör', 'Regiondirektör') WHERE seq = 4"#)
        }
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == 4)
        #expect(report.firstBad?.reason.contains("does not match the event's content") == true)
    }

    @Test func verifyNamesAGap() throws {
        let db = try raw()
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_delete")
            try db.execute(sql: "DELETE FROM event WHERE seq = 6")
        }
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == 6)
        #expect(report.firstBad?.reason == "seq 6 is missing (the next event has seq 7)")
    }

    /// Rewrites seq 3's change text and recomputes its own hash, as an attacker with the file would. (Its Merkle
    /// leaf is not stored: it is recomputed from that hash, so only the chain and a checkpoint can tell.)
    func forgeSeq3() throws {
        var forged = try #require(try t.ledger.event(seq: 3))
        forged.data["change"] = .string("Omskriven")
        forged.hash = EventHash.compute(forged)
        try raw().write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET data = ?, hash = ? WHERE seq = 3",
                           arguments: [CanonicalJSON.string(.object(forged.data)), Data(forged.hash)])
        }
    }

    @Test func verifyNamesAChainRecomputedFromTheMiddle() throws {
        // An attacker who rewrites seq 3 and recomputes its hash still breaks seq 4's prev.
        try forgeSeq3()
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == 4)
        #expect(report.firstBad?.reason.contains("is not the hash of seq 3") == true)
    }

    /// The chain pass hashes the data column as stored; data rewritten in another (non-canonical) spelling with
    /// its hash recomputed over those bytes passes it, and the rules pass names the row, before seq 4's broken prev.
    @Test func verifyNamesDataStoredOutOfCanonicalForm() throws {
        let original = try #require(try t.ledger.event(seq: 3))
        let spaced = CanonicalJSON.string(.object(original.data)).replacingOccurrences(of: "\":", with: "\": ")
        var canonical: [UInt8] = []
        Array(spaced.utf8).withUnsafeBytes { data in
            EventHash.writeCanonical(seq: 3, id: original.id, type: original.type.rawValue, plan: original.plan,
                                     effective: original.effective.description, recorded: original.recorded.description,
                                     actor: original.actor, canonicalData: data, into: &canonical)
        }
        let hash = EventHash.hash(prev: original.prev, canonical: canonical)
        try raw().write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET data = ?, hash = ? WHERE seq = 3", arguments: [spaced, Data(hash)])
        }
        #expect(try t.ledger.verifyChain().firstBad?.seq == 4, "the chain pass alone sees only the broken link")
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == 3)
        #expect(report.firstBad?.reason == "data is not stored in RFC 8785 canonical form")
    }

    /// A read model edited behind the ledger's back (a title rewritten, a row dropped) no longer equals its
    /// rebuild from the log, and verify names the table and the row.
    @Test(arguments: [
        ("UPDATE diary_entry SET title = title || '.' WHERE seq = (SELECT min(seq) FROM diary_entry)", "diary_entry",
         "its row [seq:8 known_seq:8 superseded_seq:NULL dnr:\"1043-2022\" effective:\"2022-12-14\" title:\"Reviderad Regionstyrelsens plan 2023–2025.\""),
        ("DELETE FROM plan_version WHERE seq = (SELECT max(seq) FROM plan_version)", "plan_version", "it lacks the row [seq:7 known_seq:7 "),
    ])
    func verifyNamesATamperedProjectionTable(tampering: String, table: String, row: String) throws {
        #expect(try t.ledger.verify().ok)
        try raw().write { try $0.execute(sql: tampering) }
        let report = try t.ledger.verify()
        let reason = report.firstBad?.reason ?? ""
        #expect(reason.hasPrefix("projection table \(table) differs from a fresh rebuild from the log: \(row)"), "\(reason)")
    }

    /// The chain pass hashes text as stored; bytes that are not UTF-8 (Latin-1 written in by another tool) would
    /// export differently from what was hashed, so they are named before any hash is compared.
    @Test func verifyNamesLatin1BytesInAColumn() throws {
        try raw().write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET actor = CAST(X'726567697374726174F672' AS TEXT) WHERE seq = 2")  // "registratör" in Latin-1
        }
        let report = try t.ledger.verifyChain()
        #expect(report.firstBad?.seq == 2)
        #expect(report.firstBad?.reason == "column actor is not UTF-8")
    }

    /// A page of the event table overwritten with noise: verify names the first seq SQLite cannot read (the first row
    /// of that page, so the one before it still reads), not seq 1. Its rules pass reads only up to the chain's first
    /// failure, but a cursor stepping past the last good row touches the damaged page, and what it throws must keep the
    /// chain's finding.
    @Test func verifyNamesTheFirstSeqOnADamagedPage() throws {
        try t.append((1...3_000).map { n in
            #"{"type":"diary.registered","effective":"2015-01-01","data":{"dnr":"RS/\#(n)/2015","title":"Skrivelse \#(n)","direction":"in"}}"#
        }.joined(separator: "\n"))
        let target = try #require(try t.ledger.event(seq: 1_500))
        let pageSize = try raw().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return try #require(try Int.fetchOne(db, sql: "PRAGMA page_size"))
        }
        // The event's hash is stored in its row (and as the next row's prev): nowhere but the event table.
        let file = try Data(contentsOf: URL(fileURLWithPath: t.path))
        let offset = try #require(file.range(of: Data(target.hash))).lowerBound
        let handle = try #require(FileHandle(forWritingAtPath: t.path))
        try handle.seek(toOffset: UInt64(offset / pageSize * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }))
        try handle.close()
        let report = try t.ledger.verify()
        let bad = try #require(report.firstBad)
        #expect(bad.reason.contains("damaged"), "\(bad.reason)")
        #expect((2...1_500).contains(bad.seq), "\(bad.seq): \(bad.reason)")
        let fresh = try DatabaseQueue(path: t.path)
        #expect(try fresh.read { db in try Int.fetchOne(db, sql: "SELECT seq FROM event WHERE seq = ?", arguments: [bad.seq - 1]) } == bad.seq - 1)
        #expect(throws: DatabaseError.self) {
            try fresh.read { db in try Row.fetchAll(db, sql: "SELECT * FROM event WHERE seq = ?", arguments: [bad.seq]) }
        }
    }

    /// An index page overwritten with noise (one on the log, one on a projection table): no pass reads it, but the next
    /// append or query that uses it fails, so verify runs SQLite's integrity check and names it after the head.
    @Test(arguments: ["event_followup_by_metric", "diary_entry_by_date"])
    func verifyNamesADamagedIndex(index: String) throws {
        let (pageSize, root) = try raw().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (try #require(try Int.fetchOne(db, sql: "PRAGMA page_size")),
                    try #require(try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [index])))
        }
        let handle = try #require(FileHandle(forWritingAtPath: t.path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }))
        try handle.close()
        let head = try t.ledger.head()
        let report = try t.ledger.verify()
        let bad = try #require(report.firstBad)
        #expect(bad.seq == head.seq + 1, "\(bad.seq): \(bad.reason)")
        #expect(bad.reason.hasPrefix("the file is damaged: SQLite's integrity check finds "), "\(bad.reason)")
    }

    /// The log's `id` index edited in place so that one entry names another id: every page is well formed (SQLite's
    /// quick check passes), but an append would let the lost id in twice. Verify compares the log's indexes with its
    /// rows and names it.
    @Test func verifyNamesAnIdIndexThatLostAnEntry() throws {
        let target = try #require(try t.ledger.event(seq: 2))
        let (pageSize, root) = try raw().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (try #require(try Int.fetchOne(db, sql: "PRAGMA page_size")),
                    try #require(try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_event_1'")))
        }
        var file = try Data(contentsOf: URL(fileURLWithPath: t.path))
        let page = (root - 1) * pageSize ..< root * pageSize
        let found = try #require(file.range(of: Data(target.id.utf8), in: page), "a small log's id index is its root page")
        file[found.upperBound - 1] = file[found.upperBound - 1] == UInt8(ascii: "Z") ? UInt8(ascii: "Y") : UInt8(ascii: "Z")
        try file.write(to: URL(fileURLWithPath: t.path))
        #expect(try raw().read { try String.fetchAll($0, sql: "PRAGMA quick_check") } == ["ok"], "only the index's contents differ")
        let report = try t.ledger.verify()
        let bad = try #require(report.firstBad)
        #expect(bad.reason.hasPrefix("the file is damaged: SQLite's integrity check finds "), "\(bad.reason)")
        #expect(bad.reason.contains("sqlite_autoindex_event_1"), "\(bad.reason)")
    }

    /// A Merkle subtree stored past the head (no check of the chain reads it, and the append that completes it fails on
    /// its key): verify names it after the head. One at the head's edge, completed by the events, is none.
    @Test func verifyNamesAStrayMerkleSubtree() throws {
        let head = try t.ledger.head().seq
        try #require(head < 16, "the fixture's log completes no subtree of 16 events")
        try raw().write { db in
            try db.execute(sql: "INSERT INTO merkle_node (level, idx, hash) VALUES (4, 0, randomblob(32))")
        }
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == head + 1)
        #expect(report.firstBad?.reason.hasPrefix("the stored Merkle tree holds a subtree the events do not complete (level 4, index 0)") == true,
                "\(report.firstBad?.reason ?? "")")
    }

    /// Rebuild reads and decodes the log on a second thread: a row that does not decode stops it with that row's
    /// damage (and the reader thread with it), and leaves the projections as they were.
    @Test func rebuildStopsAtADamagedRow() throws {
        try raw().write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET data = '{not json' WHERE seq = 3")
        }
        #expect {
            try t.ledger.rebuild()
        } throws: { error in
            guard case .damaged(let seq, _) = error as? StoreError else { return false }
            return seq == 3
        }
        #expect(try raw().read { try Int.fetchOne($0, sql: "SELECT count(*) FROM plan_version") ?? 0 } > 0, "rolled back, not emptied")
    }

    @Test func verifyNamesTamperedRuleState() throws {
        let db = try raw()
        try db.write { try $0.execute(sql: "DELETE FROM append_state WHERE kind = 'diary'") }
        let report = try t.ledger.verify()
        #expect(report.ok == false)
        #expect(report.firstBad?.reason.contains("diary/1043-2022") == true)
    }

    /// An event written past the append, its chain link and hash recomputed, that the rules would have refused (the
    /// ledger's first event, a plan registration, again under a new id): the chain pass passes it, and verify names it
    /// as breaking the rules, not as the projection difference it also leaves (the rules pass, on a thread of its own,
    /// and the projection pass run at once; the rules' finding is the one reported).
    @Test func verifyNamesAnEventTheRulesRefuseOverTheProjectionsItLeavesBehind() throws {
        let head = try t.ledger.head()
        try #require((head.seq + 1) % 16 != 0, "an event completing a stored Merkle subtree would fail the chain pass first")
        var forged = try #require(try t.ledger.event(seq: 1))
        forged.seq = head.seq + 1
        forged.id = "forged-\(head.seq + 1)"
        forged.prev = head.hash
        forged.recorded = try #require(head.recorded)
        forged.hash = EventHash.compute(forged)
        try raw().write { db in
            try db.execute(sql: "INSERT INTO event (seq, id, type, plan, effective, recorded, actor, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [forged.seq, forged.id, forged.type.rawValue, forged.plan, forged.effective.description,
                                       forged.recorded.description, forged.actor, CanonicalJSON.string(.object(forged.data)),
                                       Data(forged.prev), Data(forged.hash)])
        }
        #expect(try t.ledger.verifyChain().ok, "the chain holds: only the rules can find it")
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == head.seq + 1)
        #expect(report.firstBad?.reason.hasPrefix("the event breaks the ledger's rules: ") == true, "\(report.firstBad?.reason ?? "")")
        #expect(report.firstBad?.reason.contains("already registered") == true, "\(report.firstBad?.reason ?? "")")
    }

    /// An event written past the append, its hash recomputed over what was written, that the chain pass cannot tell
    /// from a good one but that no projection can fold: an unknown type, a follow-up without its fields, or a plan
    /// revision whose plan is NULL (the envelope's "plan is required", which the append checks when it reads the line).
    /// Verify reports it at its seq, as the rules pass names it, and does not throw what the projection pass (running
    /// at the same time) failed on.
    @Test(arguments: [
        ("plan.rewritten", #"{"title":"Ny"}"#, true, "unknown type \"plan.rewritten\""),
        ("followup.recorded", "{}", true, "the event breaks the ledger's rules: "),
        ("plan.revised", #"{"change":"Ny lydelse","version":4}"#, false, "the event breaks the ledger's rules: plan: is required"),
    ])
    func verifyNamesAnEventNoProjectionCanRead(type: String, data: String, withPlan: Bool, reason: String) throws {
        let head = try t.ledger.head()
        try #require((head.seq + 1) % 16 != 0, "an event completing a stored Merkle subtree would fail the chain pass first")
        let id = "forged-\(head.seq + 1)", recorded = try #require(head.recorded).description
        let plan = withPlan ? try #require(try t.ledger.event(seq: 1)?.plan) : nil
        var canonical: [UInt8] = []
        Array(data.utf8).withUnsafeBytes { bytes in
            EventHash.writeCanonical(seq: head.seq + 1, id: id, type: type, plan: plan, effective: "2023-01-01",
                                     recorded: recorded, actor: nil, canonicalData: bytes, into: &canonical)
        }
        let hash = EventHash.hash(prev: head.hash, canonical: canonical)
        try raw().write { db in
            try db.execute(sql: "INSERT INTO event (seq, id, type, plan, effective, recorded, actor, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                           arguments: [head.seq + 1, id, type, plan, "2023-01-01", recorded, data, Data(head.hash), Data(hash)])
        }
        #expect(try t.ledger.verifyChain().ok, "the chain holds: only the rules can find it")
        let report = try t.ledger.verify()
        #expect(report.firstBad?.seq == head.seq + 1)
        #expect(report.firstBad?.reason.contains(reason) == true, "\(report.firstBad?.reason ?? "")")
    }

    @Test func chainLinksFromGenesis() throws {
        let first = try #require(try t.ledger.event(seq: 1))
        #expect(first.prev == EventHash.genesis)
        var prev = EventHash.genesis
        try t.ledger.forEachEvent { e in
            #expect(e.prev == prev)
            #expect(EventHash.compute(e) == e.hash)
            prev = e.hash
        }
        #expect(try t.ledger.head().hash == prev)
    }

    @Test func recordedNeverDecreasesWhenTheClockGoesBack() throws {
        t.setClock("2030-01-01T00:00:00Z")
        try t.append(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#)
        t.setClock("2001-01-01T00:00:00Z")
        try t.append(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"2","body":"RS","subject":"s","text":"t"}}"#)
        let head = try t.ledger.head()
        #expect(head.recorded?.description == "2030-01-01T00:00:00.000Z")
        #expect(try t.ledger.verify().ok)
    }

    @Test func oneTransactionTimePerAppend() throws {
        let result = try t.append(SeedHistory.rutin.replacingOccurrences(of: "rutin-", with: "kopia-"))
        var stamps: Set<String> = []
        try t.ledger.forEachEvent(from: result.seqs[0]) { stamps.insert($0.recorded.description) }
        #expect(stamps.count == 1)
    }

    /// The chain recomputed by a third party: Python's rfc8785 (Trail of Bits) and hashlib, from export alone.
    @Test(.enabled(if: PythonJCS.available)) func chainRecomputesFromExportWithAnotherJCS() throws {
        let exported = try t.exportLines().joined(separator: "\n") + "\n"
        let result = try PythonJCS.run(script: """
            import sys, json, hashlib, rfc8785
            prev = bytes(32)
            n = 0
            for line in sys.stdin:
                e = json.loads(line)
                assert bytes.fromhex(e["prev"]) == prev, ("prev", e["seq"])
                body = {k: e[k] for k in ("seq", "id", "type", "plan", "effective", "recorded", "actor", "data")}
                h = hashlib.sha256(prev + rfc8785.dumps(body)).digest()
                assert h.hex() == e["hash"], ("hash", e["seq"])
                prev = h
                n += 1
            print(n, prev.hex())
            """, stdin: exported)
        let head = try t.ledger.head()
        #expect(result == "\(head.seq) \(Hex.encode(head.hash))")
    }
}

/// Runs Python with the rfc8785 package, when the machine has it (`.ci/run` installs it).
enum PythonJCS {
    static let available: Bool = (try? run(script: "import rfc8785; print('ok')", stdin: "")) == "ok"

    static func run(script: String, stdin: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
