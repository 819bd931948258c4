import Foundation
import GRDB
import LedgerCore
import Testing
import TestSupport

/// Issue 12, SPEC "Fidelity": readers never wait for a writer, read-only copies can be queried and verified, damage
/// is named (never a crash, never exit 70), and a ledger of a newer planledger is refused naming both versions.
@Suite(.serialized) struct LedgerAccessTests {
    let dir: TemporaryDirectory
    let ledger: String
    /// Today is after every date of the seed histories, so that every query has something to show.
    let fixedTime = ["PLANLEDGER_NOW": "2024-01-01T09:00:00Z"]
    static let diaryLine = #"{"type":"diary.registered","effective":"2022-12-14","data":{"dnr":"1043-2022","title":"Reviderad Regionstyrelsens plan 2023–2025","direction":"internal","handler":"Regionstyrelsens kansli"}}"#

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
    }

    func planledger(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args, stdin: Data(stdin.utf8), environment: fixedTime.merging(env) { $1 })
    }

    /// A ledger with plans, versions, a diary entry, assignments and a follow-up.
    func seeded(_ path: String? = nil) throws {
        let path = path ?? ledger
        #expect(try planledger(["init", "--ledger", path]).status == 0)
        let r = try planledger(["append", "-", "--ledger", path], stdin: SeedHistory.rutin + "\n" + SeedHistory.governance + "\n" + Self.diaryLine)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A seeded ledger edited by hand with `sql` (through a connection of its own, closed after), and verify's JSON
    /// answer on it.
    func verifiedAfterEditing(_ sql: String) throws -> CommandResult {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        try db.write { try $0.execute(sql: sql) }
        try db.close()
        return try planledger(["verify", "--ledger", ledger, "--format", "json"])
    }

    /// `rebuild` succeeds, and verify passes after it.
    func expectRebuildRepairs() throws {
        let rebuild = try planledger(["rebuild", "--ledger", ledger])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(try planledger(["verify", "--ledger", ledger]).status == 0)
    }

    /// Every query command, as `[arguments]` without `--ledger`.
    static let queries: [[String]] = [
        ["plans"], ["show", SeedHistory.plan], ["changes", SeedHistory.plan], ["diary"], ["history", SeedHistory.plan],
        ["replay"], ["followups"], ["assignments"], ["chain", "strategisk-plan-2023"], ["audit"], ["export"], ["verify"],
    ]

    func runQueries(ledger path: String, env: [String: String] = [:], as user: [String] = []) throws -> [(command: String, result: CommandResult)] {
        try Self.queries.map { args in
            let full = args + ["--ledger", path] + (args[0] == "export" ? [] : ["--format", "json"])
            if user.isEmpty { return (args[0], try planledger(full, env: env)) }
            // Run as another user: `setpriv` with the environment this test sets.
            let vars = (fixedTime.merging(env) { $1 }).map { "\($0.key)=\($0.value)" } + ["PLANLEDGER_ACTOR=registrator:test", "HOME=/tmp"]
            return (args[0], try CommandRunner.runExecutable("/usr/bin/setpriv", user + ["/usr/bin/env", "-i"] + vars + [CommandRunner.executable.path] + full))
        }
    }

    // MARK: - Readers never wait

    @Test func queriesAnswerWhileAnotherConnectionHoldsTheWriteLock() throws {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            // The lock is real: a writer gives up after its short timeout.
            let append = try planledger(["append", "-", "--ledger", ledger], stdin: SeedHistory.boardPlan, env: ["PLANLEDGER_BUSY_TIMEOUT": "0.3"])
            #expect(append.status == 75)
            let started = Date()
            for (command, r) in try runQueries(ledger: ledger, env: ["PLANLEDGER_BUSY_TIMEOUT": "0.3"]) {
                #expect(r.status == 0, "\(command): \(r.stderr)")
                #expect(!r.stdout.isEmpty, "\(command) printed nothing")
            }
            #expect(Date().timeIntervalSince(started) < 30)
        }
    }

    @Test func queriesAnswerDuringABulkAppend() throws {
        try seeded()
        // A bulk append that holds the write lock for a while: many diary entries in one transaction.
        let big = dir.path("big.jsonl")
        let lines = (1...60_000).map { n in
            #"{"type":"diary.registered","effective":"2015-01-01","data":{"dnr":"RS/\#(n)/2015","title":"Skrivelse \#(n)","direction":"in","counterpart":"Avsändare \#(n)"}}"#
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: big))
        let append = Process()
        append.executableURL = CommandRunner.executable
        append.arguments = ["append", big, "--ledger", ledger]
        append.environment = ProcessInfo.processInfo.environment.merging(["PLANLEDGER_ACTOR": "registrator:test"]) { $1 }
        append.standardOutput = FileHandle.nullDevice
        try append.run()
        // Wait until the append holds the write lock (a BEGIN IMMEDIATE from here is refused at once).
        let probe = try DatabaseQueue(path: ledger)
        var locked = false
        for _ in 0..<600 where !locked {
            do {
                try probe.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE; ROLLBACK") }
                usleep(5_000)
            } catch {
                locked = true
            }
        }
        try probe.close()
        #expect(locked, "the append never took the write lock")
        for args in [["show", SeedHistory.plan], ["plans"], ["diary"], ["verify"]] {
            let started = Date()
            let r = try planledger(args + ["--ledger", ledger, "--format", "json"], env: ["PLANLEDGER_BUSY_TIMEOUT": "0.5"])
            #expect(r.status == 0, "\(args[0]) during the append: \(r.stderr)")
            #expect(Date().timeIntervalSince(started) < 10)
        }
        // The queries overlapped the append: it was still running when they had answered.
        #expect(append.isRunning, "the append ended before the queries ran; make it bigger")
        append.waitUntilExit()
        #expect(append.terminationStatus == 0)
        #expect(try planledger(["verify", "--ledger", ledger]).status == 0)
    }

    // MARK: - Read-only copies

    /// An auditor's archived copy: the file 0444 in a 0555 folder, queried by a user who is neither its owner nor
    /// root (root ignores permission bits), so SQLite can create no `-shm` beside it.
    @Test func readOnlyCopyIsQueriedAndVerifiedByAnotherUser() throws {
        try seeded()
        let archive = dir.path("archive")
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: false)
        let copy = archive + "/region.sqlite"
        try FileManager.default.copyItem(atPath: ledger, toPath: copy)
        chmod(copy, 0o444)
        chmod(archive, 0o555)
        chmod(dir.url.path, 0o755)
        defer { chmod(archive, 0o755) }
        let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
        // The test really runs as a user who cannot write there.
        let touch = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + ["/usr/bin/touch", archive + "/probe"])
        #expect(touch.status != 0)
        let expected = try planledger(["show", SeedHistory.plan, "--ledger", ledger, "--format", "json"]).stdout
        for (command, r) in try runQueries(ledger: copy, as: nobody) {
            #expect(r.status == 0, "\(command) on a read-only copy: \(r.stderr)")
            // verify checks the account log too, read as the ledger is (it was skipped, with SQLite's error).
            if command == "verify" { #expect(r.stderr.isEmpty, "\(r.stderr)") }
        }
        let show = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + ["/usr/bin/env", "PLANLEDGER_NOW=2024-01-01T09:00:00Z",
            CommandRunner.executable.path, "show", SeedHistory.plan, "--ledger", copy, "--format", "json"])
        #expect(show.stdout == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive) == ["region.sqlite"])
        // A file this user may not read at all is named as such (exit 66), not exit 70.
        chmod(archive, 0o755)
        chmod(copy, 0o400)
        let unreadable = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + [CommandRunner.executable.path, "plans", "--ledger", copy])
        #expect(unreadable.status == 66, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("cannot read \(copy): Permission denied"), "\(unreadable.stderr)")
        chmod(copy, 0o444)
        chmod(archive, 0o555)
        // A writer is refused with the cause, not exit 70.
        let append = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + [CommandRunner.executable.path, "append", "-", "--ledger", copy])
        #expect(append.status == 73, "\(append.stderr)")
        #expect(append.stderr.contains("\(copy) is read-only for this user"), "\(append.stderr)")
    }

    @Test func readOnlyCopyThatNeedsAnUpgradeSaysSo() throws {
        try seeded()
        let archive = dir.path("archive")
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: false)
        let copy = archive + "/region.sqlite"
        try FileManager.default.copyItem(atPath: ledger, toPath: copy)
        // As an older planledger left it: no progress recorded for the diary projection.
        let db = try DatabaseQueue(path: copy)
        try db.write { try $0.execute(sql: "DELETE FROM projection_progress WHERE name = 'diary.v3'") }
        try db.close()
        chmod(copy, 0o444)
        chmod(archive, 0o555)
        defer { chmod(archive, 0o755) }
        let r = try CommandRunner.runExecutable("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            CommandRunner.executable.path, "diary", "--ledger", copy, "--format", "json"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("must be written to before it can be read (projections diary.v3 are to be brought up to seq"), "\(r.stderr)")
        // Writable: the first query brings it up to date and answers.
        chmod(archive, 0o755)
        chmod(copy, 0o644)
        let upgraded = try planledger(["diary", "--ledger", copy, "--format", "json"])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(upgraded.stdout.contains("1043-2022"))
    }

    // MARK: - Damage is named

    /// A real ledger of some size, its WAL folded into the file (the last connection's close checkpoints it).
    func sizeable() throws {
        try seeded()
        let lines = (1...3_000).map { n in
            #"{"type":"diary.registered","effective":"2015-01-01","data":{"dnr":"RS/\#(n)/2015","title":"Skrivelse \#(n)","direction":"in"}}"#
        }
        #expect(try planledger(["append", "-", "--ledger", ledger], stdin: lines.joined(separator: "\n")).status == 0)
        #expect(!FileManager.default.fileExists(atPath: ledger + "-wal"))
    }

    @Test func truncatedLedgerIsDamagedNotForeign() throws {
        try sizeable()
        #expect(truncate(ledger, 40_000) == 0)
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 1, "\(verify.stderr)")
        guard case .object(let report) = try JSONParser.parse(verify.stdout), case .object(let bad) = report["firstBad"] else {
            Issue.record("verify printed no report: \(verify.stdout) \(verify.stderr)")
            return
        }
        #expect(report["ok"] == .bool(false))
        guard case .string(let reason) = bad["reason"] else { Issue.record("no reason"); return }
        #expect(reason.contains("damaged"), "\(reason)")
        for args in [["plans"], ["show", SeedHistory.plan], ["diary"], ["export"], ["append", "-"]] {
            let r = try planledger(args + ["--ledger", ledger], stdin: SeedHistory.boardPlan)
            #expect(r.status == 65, "\(args[0]): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("the ledger \(ledger) is damaged"), "\(args[0]): \(r.stderr)")
            #expect(!r.stderr.contains("not a planledger ledger"))
        }
    }

    /// Both sides of the header's size: a file as long as its header says is whole, one byte less is cut short.
    @Test func fileOneByteShortOfItsHeaderIsDamaged() throws {
        try sizeable()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: ledger)[.size] as? Int)
        #expect(size % 4096 == 0)
        #expect(truncate(ledger, off_t(size)) == 0)
        #expect(try planledger(["verify", "--ledger", ledger]).status == 0)
        #expect(truncate(ledger, off_t(size - 1)) == 0)
        let plans = try planledger(["plans", "--ledger", ledger, "--format", "json"])
        #expect(plans.status == 65)
        #expect(plans.stderr.contains("is damaged: the file is \(size - 1) bytes long but its header counts \(size / 4096) pages of 4096 bytes"), "\(plans.stderr)")
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("cut short"), "\(verify.stdout)")
    }

    @Test func corruptPageIsDamaged() throws {
        try sizeable()
        // Overwrite the middle of the file (event pages) with noise.
        let handle = try #require(FileHandle(forWritingAtPath: ledger))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }))
        try handle.close()
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("\"ok\": false"))
        let export = try planledger(["export", "--ledger", ledger])
        #expect(export.status == 65, "\(export.stderr)")
        #expect(export.stderr.contains("is damaged"), "\(export.stderr)")
    }

    /// A page that opening the ledger reads (the log's last page, for its head; the projections' progress) overwritten:
    /// verify still opens the file, as its header says it is a ledger, and names the first seq it cannot read (or the
    /// one after the head), not seq 0, the file as a whole.
    @Test func pageTheOpeningReadsIsNamedAtItsSeq() throws {
        try sizeable()
        let db = try DatabaseQueue(path: ledger)
        let (head, hash, progressRoot, pageSize) = try db.read { db in
            (try #require(try Int.fetchOne(db, sql: "SELECT max(seq) FROM event")),
             try #require(try Data.fetchOne(db, sql: "SELECT hash FROM event ORDER BY seq DESC LIMIT 1")),
             try #require(try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'projection_progress'")),
             try #require(try Int.fetchOne(db, sql: "PRAGMA page_size")))
        }
        try db.close()
        let original = try Data(contentsOf: URL(fileURLWithPath: ledger))
        let lastPage = try #require(original.range(of: hash)).lowerBound / pageSize + 1
        for (page, seqs) in [(lastPage, 2...head), (progressRoot, (head + 1)...(head + 1))] {
            var damaged = original
            damaged.replaceSubrange((page - 1) * pageSize ..< page * pageSize, with: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }))
            try damaged.write(to: URL(fileURLWithPath: ledger))
            let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
            #expect(verify.status == 1, "\(verify.stderr)")
            guard case .object(let report) = try JSONParser.parse(verify.stdout), case .object(let bad) = report["firstBad"],
                  case .number(let seq) = bad["seq"], case .string(let reason) = bad["reason"] else {
                Issue.record("verify printed no report: \(verify.stdout) \(verify.stderr)")
                continue
            }
            #expect(seqs.contains(Int(seq)), "page \(page): seq \(seq): \(reason)")
            #expect(reason.hasPrefix("the file is damaged: "), "\(reason)")
        }
    }

    /// Projection tables are not protected by triggers: a hand edit must be named, never crash the reader.
    @Test func handEditedProjectionRowsAreNamed() throws {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        let seq = try db.write { db in
            // NOT NULL is the one constraint the table has; a blob (here of bytes that are not UTF-8) passes it.
            try db.execute(sql: "UPDATE diary_entry SET title = X'C3A5FF' WHERE dnr = '1043-2022'")
            return try Int.fetchOne(db, sql: "SELECT seq FROM diary_entry WHERE dnr = '1043-2022'")!
        }
        let diary = try planledger(["diary", "--ledger", ledger, "--format", "json"])
        #expect(diary.status == 65, "\(diary.stderr)")
        #expect(diary.stderr.contains("table diary_entry, row seq \(seq): column title holds "), "\(diary.stderr)")
        #expect(diary.stderr.contains(", not a String"), "\(diary.stderr)")
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("projection table diary_entry differs"), "\(verify.stdout)")
        #expect(verify.stdout.contains("its row [seq:\(seq) "), "\(verify.stdout)")
        // Other kinds of bad value, in other tables.
        try db.write { db in
            try db.execute(sql: "UPDATE plan_version SET effective = '2015-13-45' WHERE plan = ? AND version = 2", arguments: [SeedHistory.plan])
            try db.execute(sql: "UPDATE assignment_issue SET deadline = 'snart' WHERE assignment = 'rs-2023-vns'")
        }
        try db.close()
        let changes = try planledger(["changes", SeedHistory.plan, "--ledger", ledger, "--format", "json"])
        #expect(changes.status == 65)
        #expect(changes.stderr.contains("table plan_version, row seq 3: column effective holds \"2015-13-45\", not a date"), "\(changes.stderr)")
        let assignments = try planledger(["assignments", "--ledger", ledger, "--format", "json"])
        #expect(assignments.status == 65)
        #expect(assignments.stderr.contains("table assignment_issue"), "\(assignments.stderr)")
        // The advice works: a rebuild from the log repairs every table.
        try expectRebuildRepairs()
        #expect(try planledger(["diary", "--ledger", ledger, "--format", "json"]).status == 0)
    }

    /// `plan_version` keeps no copy of a version's content (changes.v3): its flags say which parts the version sets, and
    /// the content is read from the revision, or from the correction `corrected_by` names. A flag that is neither 0 nor
    /// 1, or a row pointing at an event that is not its revision or correction, is named, never shown as no content.
    @Test func aVersionsFlagsAndTheEventItPointsAtAreChecked() throws {
        try seeded()
        let show = ["show", "division-service-2022", "--ledger", ledger, "--format", "json", "--as-of", "2022-06-01"]
        #expect(try planledger(show).status == 0)
        let db = try DatabaseQueue(path: ledger)
        try db.write { try $0.execute(sql: "UPDATE plan_version SET has_goals = 2 WHERE plan = 'division-service-2022'") }
        let flag = try planledger(show)
        #expect(flag.status == 65)
        #expect(flag.stderr.contains("table plan_version, row seq"), "\(flag.stderr)")
        #expect(flag.stderr.contains("column has_goals holds 2, not 0 or 1"), "\(flag.stderr)")
        try db.write { try $0.execute(sql: "UPDATE plan_version SET has_goals = 1, corrected_by = 1 WHERE plan = 'division-service-2022'") }
        try db.close()
        let pointer = try planledger(show)
        #expect(pointer.status == 65)
        #expect(pointer.stderr.contains("table plan_version, row seq"), "\(pointer.stderr)")
        #expect(pointer.stderr.contains("corrected_by 1 is of type plan.registered, not event.corrected"), "\(pointer.stderr)")
        try expectRebuildRepairs()
        #expect(try planledger(show).status == 0)
    }

    /// `projection_progress` edited by hand: verify names the projection and both seqs and writes nothing (it opens the
    /// ledger without a catch-up, which would trip over the rows it already holds); `rebuild`, which opens it the same
    /// way, repairs it. A deleted progress record is a projection not yet folded: verify passes it over, writing
    /// nothing either, and the next writer folds it.
    @Test func handEditedProjectionProgressIsNamedAndVerifyWritesNothing() throws {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        let (name, head) = try db.write { db in
            let name = try #require(try String.fetchOne(db, sql: "SELECT name FROM projection_progress WHERE name LIKE 'diary.%'"))
            try db.execute(sql: "UPDATE projection_progress SET applied_seq = applied_seq - 3 WHERE name = ?", arguments: [name])
            return (name, try #require(try Int.fetchOne(db, sql: "SELECT max(seq) FROM event")))
        }
        func recorded() throws -> Int? {
            try db.read { try Int.fetchOne($0, sql: "SELECT applied_seq FROM projection_progress WHERE name = ?", arguments: [name]) }
        }
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("projection \(name) records that it was folded through seq \(head - 3), but the log's head is seq \(head)"), "\(verify.stdout)")
        #expect(try recorded() == head - 3, "verify wrote")
        try expectRebuildRepairs()
        #expect(try recorded() == head)

        // Its tables kept without a record: named (edits to them would otherwise pass unseen), and still not written.
        try db.write { try $0.execute(sql: "DELETE FROM projection_progress WHERE name = ?", arguments: [name]) }
        let unrecorded = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(unrecorded.status == 1, "\(unrecorded.stdout) \(unrecorded.stderr)")
        #expect(unrecorded.stdout.contains("projection \(name) has no progress record, but its table diary_entry holds rows"), "\(unrecorded.stdout)")
        #expect(try recorded() == nil, "verify wrote")
        // The next writer folds it from the start.
        let line = #"{"type":"diary.registered","effective":"2023-01-09","data":{"dnr":"12-2023","title":"Skrivelse","direction":"in"}}"#
        #expect(try planledger(["append", "-", "--ledger", ledger], stdin: line).status == 0)
        #expect(try recorded() == head + 1)
        #expect(try planledger(["verify", "--ledger", ledger]).status == 0)
    }

    /// A ledger kept by an older planledger, whose diary projection is an older version in an older shape (no
    /// `personal_data` column): verify passes the unfolded new version over, and `rebuild` (which opens without a
    /// catch-up) drops the old tables and folds the new version, instead of failing on the old shape.
    @Test func rebuildReplacesAnOlderProjectionVersion() throws {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        try db.write { db in
            let name = try #require(try String.fetchOne(db, sql: "SELECT name FROM projection_progress WHERE name LIKE 'diary.%'"))
            try db.execute(sql: "UPDATE projection_progress SET name = 'diary.v1' WHERE name = ?", arguments: [name])
            try db.execute(sql: "DROP TABLE diary_entry")
            try db.execute(sql: "CREATE TABLE diary_entry (seq INTEGER NOT NULL, known_seq INTEGER NOT NULL, superseded_seq INTEGER, dnr TEXT NOT NULL, effective TEXT NOT NULL, title TEXT NOT NULL, direction TEXT NOT NULL, counterpart TEXT, handler TEXT, case_ref TEXT, plan TEXT, secrecy_ground TEXT, recorded TEXT NOT NULL, PRIMARY KEY (seq, known_seq)) WITHOUT ROWID")
        }
        try db.close()
        let verify = try planledger(["verify", "--ledger", ledger, "--format", "json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        try expectRebuildRepairs()
        let diary = try planledger(["diary", "--ledger", ledger, "--format", "json"])
        #expect(diary.status == 0, "\(diary.stderr)")
        #expect(diary.stdout.contains("1043-2022"), "\(diary.stdout)")
    }

    /// Ledgers as planledger 1b9a3fe wrote them (schema v6, `changes.v2` with each version's content copied into
    /// `plan_version`; WAL folded in, VACUUMed), kept in `Tests/Fixtures`: the demo (`planledger demo`), and
    /// `corrections-ledger-1b9a3fe.jsonl` appended at PLANLEDGER_NOW 2024-01-01T09:00:00Z (in two appends: its first
    /// 14 lines, then the rest) — revisions corrected twice, with and without content, to `{}`, with a new effective
    /// date, one retracted, follow-ups judged by corrected goals, budgets, analyses and activities.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures").standardizedFileURL

    /// What the views say at each point: (as_of, known_seq; nil is today and the head) → view → rows.
    func viewRows(_ path: String, at points: [(String, Int?)]) throws -> [String: [Row]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        var rows: [String: [Row]] = [:]
        for (asOf, known) in points {
            try queue.write { try $0.execute(sql: "UPDATE view_point SET as_of = ?, known_seq = ?", arguments: [asOf, known]) }
            for view in ["plans_now", "followups_now", "changes_now"] {
                rows["\(view) at \(asOf), \(known.map(String.init) ?? "head")"] = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM \(view)") }
            }
        }
        try queue.write { try $0.execute(sql: "UPDATE view_point SET as_of = NULL, known_seq = NULL") }
        return rows
    }

    /// Issue 17: a ledger written by the code before `changes.v3` migrates on open (the views' step v7, `plan_version`
    /// rebuilt without its content column). Its SQL views then answer at every point exactly as its old views (over the
    /// copied content) did, also between `verify`'s schema step and the rebuild; and every query answers exactly as on
    /// the same history appended by this planledger; verify passes on it.
    @Test(arguments: ["demo", "corrections"])
    func aLedgerWrittenBefore_changesV3_MigratesOnOpen(fixture: String) throws {
        let old = dir.path("old.sqlite"), new = dir.path("new.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("\(fixture)-ledger-1b9a3fe.sqlite").path, toPath: old)
        let head = try DatabaseQueue(path: old).read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_table_info('plan_version') WHERE name = 'content'") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM plan_version WHERE corrected_by IS NOT NULL")! >= 1)
            return try Int.fetchOne(db, sql: "SELECT max(seq) FROM event") ?? 0
        }
        let dates = ["2015-06-30", "2017-12-31", "2019-12-31", "2022-01-15", "2022-05-15", "2022-07-01", "2023-02-11", "2023-02-13",
                     "2023-03-05", "2023-06-11", "2023-09-30", "2024-12-31"]
        let points = dates.flatMap { date in [nil, head / 4, head / 2, head * 2 / 3, head - 2].map { (date, $0) } }
        let oldViews = try viewRows(old, at: points)
        #expect(oldViews.values.contains { !$0.isEmpty })
        // verify applies the schema's steps but folds nothing: the new version of changes is not yet folded, and the
        // new views answer over changes.v2's table.
        let verify = try planledger(["verify", "--ledger", old, "--format", "json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(try viewRows(old, at: points) == oldViews)
        if fixture == "demo" {
            #expect(try planledger(["demo", "--ledger", new]).status == 0)
        } else {
            let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("corrections-ledger-1b9a3fe.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            #expect(try planledger(["init", "--ledger", new]).status == 0)
            for part in [lines[..<14], lines[14...]] {
                #expect(try planledger(["append", "-", "--ledger", new], stdin: part.joined(separator: "\n")).status == 0)
            }
        }
        let plans = try planledger(["plans", "--ledger", new, "--format", "json", "--as-of", "2099-01-01"])
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(plans.stdout.utf8)) as? [[String: Any]]).compactMap { $0["plan"] as? String }
        #expect(keys.count == (fixture == "demo" ? 10 : 3))
        var queries: [[String]] = [["plans"], ["followups"], ["policies"], ["audit"], ["plans", "--as-of", "2018-01-01"]]
        for key in keys {
            queries += [["show", key], ["changes", key], ["show", key, "--version", "1"]]
            queries += dates.map { ["show", key, "--as-of", $0] } + [["show", key, "--known-at", String(head / 2)]]
        }
        for query in queries {
            let answer = try planledger(query + ["--ledger", old, "--format", "json"])
            let expected = try planledger(query + ["--ledger", new, "--format", "json"])
            #expect(answer.status == expected.status, "\(query): \(answer.stderr)")
            #expect(answer.stdout == expected.stdout, "\(query)")
        }
        let migrated = try DatabaseQueue(path: old)
        defer { try? migrated.close() }
        #expect(try migrated.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pragma_table_info('plan_version') WHERE name = 'content'") } == 0)
        #expect(try migrated.read { try String.fetchAll($0, sql: "SELECT name FROM projection_progress WHERE name LIKE 'changes.%'") }.contains("changes.v3"))
        #expect(try migrated.read { try String.fetchOne($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") } == "v7-views-read-content-from-the-log")
        try migrated.close()
        #expect(try viewRows(old, at: points) == oldViews)
        #expect(try planledger(["verify", "--ledger", old]).status == 0)
    }

    /// A view dropped by hand does not stop the views' step v7, which replaces it.
    @Test func aDroppedViewDoesNotStopTheUpgrade() throws {
        let old = dir.path("old.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("demo-ledger-1b9a3fe.sqlite").path, toPath: old)
        try DatabaseQueue(path: old).write { try $0.execute(sql: "DROP VIEW followups_now") }
        let plans = try planledger(["plans", "--ledger", old, "--format", "json"])
        #expect(plans.status == 0, "\(plans.stderr)")
        #expect(try DatabaseQueue(path: old).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM followups_now") } == 3)
    }

    /// The FTS5 index search keeps (not a table of its own, but derived from `search_doc`) dropped by hand: named.
    @Test func droppedSearchIndexIsNamed() throws {
        let verify = try verifiedAfterEditing("DROP TABLE search_text")
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("cannot be read as kept: no such fts5 table"), "\(verify.stdout)")
        try expectRebuildRepairs()
    }

    /// A progress record edited to something that is not a number: named by verify (it crashed every command, exit
    /// 132), read as no record by the others, and repaired by rebuild.
    @Test func progressRecordThatIsNotANumberIsNamed() throws {
        let verify = try verifiedAfterEditing("UPDATE projection_progress SET applied_seq = '15abc' WHERE name LIKE 'diary.%'")
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("records that it was folded through seq '15abc', but the log's head is seq"), "\(verify.stdout)")
        try expectRebuildRepairs()
    }

    /// One of the ledger's own tables dropped by hand: verify names it (exit 1), never SQLite's "no such table" (70).
    @Test(arguments: ["event", "merkle_node", "append_state", "projection_progress"])
    func droppedLedgerTableIsNamed(table: String) throws {
        let verify = try verifiedAfterEditing("DROP TABLE \(table)")
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("the file is damaged: its table \(table) is missing"), "\(verify.stdout)")
    }

    /// A table of a projection the ledger records as current, dropped by hand: verify names it (exit 1, not 70).
    @Test func droppedProjectionTableIsNamed() throws {
        let verify = try verifiedAfterEditing("DROP TABLE diary_entry")
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("projection table diary_entry of diary."), "\(verify.stdout)")
        #expect(verify.stdout.contains("is missing"), "\(verify.stdout)")
        try expectRebuildRepairs()
    }

    // MARK: - Newer ledgers are refused, naming both versions

    @Test func newerSchemaIsRefusedByReadersAndWriters() throws {
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        // The last step this planledger applied when it wrote the file: what it must name as its own.
        let own = try db.read { try String.fetchOne($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") } ?? ""
        #expect(own.hasPrefix("v"))
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try db.close()
        for args in [["plans"], ["verify"], ["append", "-"]] {
            let r = try planledger(args + ["--ledger", ledger], stdin: SeedHistory.boardPlan)
            #expect(r.status == 65)
            #expect(r.stderr.contains("its schema is at v99-from-the-future, this planledger's at \(own)"), "\(r.stderr)")
        }
    }

    @Test func newerProjectionIsRefused() throws {
        for name in ["plans.v2", "minutes.v1"] {
            let path = dir.path("\(name).sqlite")
            try seeded(path)
            let db = try DatabaseQueue(path: path)
            try db.write { try $0.execute(sql: "INSERT INTO projection_progress (name, applied_seq) VALUES (?, 0)", arguments: [name]) }
            try db.close()
            for args in [["plans"], ["verify"], ["append", "-"], ["rebuild"]] {
                let r = try planledger(args + ["--ledger", path], stdin: SeedHistory.boardPlan)
                #expect(r.status == 65, "\(name) \(args[0]): \(r.stderr)")
                #expect(r.stderr.contains("it keeps projections \(name), this planledger keeps plans.v1, changes.v3"), "\(r.stderr)")
            }
        }
        // An older version's progress row, as an upgrade leaves it, is not a newer projection.
        try seeded()
        let db = try DatabaseQueue(path: ledger)
        try db.write { try $0.execute(sql: "INSERT INTO projection_progress (name, applied_seq) VALUES ('plans.v0', 3)") }
        try db.close()
        #expect(try planledger(["plans", "--ledger", ledger, "--format", "json"]).status == 0)
    }
}
