import Foundation
import GRDB
import LedgerCore
import Synchronization
import Testing
import TestSupport

/// What the appending processes of a burst share with the test: a stop flag, a count, the failures.
final class Burst: Sendable {
    private let state = Mutex((done: false, batches: 0, failures: [String]()))
    var done: Bool {
        get { state.withLock { $0.done } }
        set { state.withLock { $0.done = newValue } }
    }
    var batches: Int { state.withLock { $0.batches } }
    var failures: [String] { state.withLock { $0.failures } }
    func finished(_ failure: String?) {
        state.withLock {
            $0.batches += 1
            if let failure { $0.failures.append(failure) }
        }
    }
}

/// `planledger backup --to FILE` (issue 12): a consistent, verified copy while others append, never
/// overwriting a file, and a copy that restores to a prefix of the ledger.
@Suite(.serialized) struct BackupCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
    }

    /// `n` diary entries with ids and dnrs unique to `tag`.
    static func entries(_ tag: String, _ n: Int) -> String {
        (0..<n).map { i in
            #"{"id":"\#(tag)-\#(i)","type":"diary.registered","effective":"2021-03-01","data":{"dnr":"RS/\#(tag)-\#(i)/2021","title":"Skrivelse \#(i) – \#(tag)","direction":"out"}}"#
        }.joined(separator: "\n")
    }

    /// Each exported line of a ledger (one event each, with its seq and hash), in seq order.
    func exported(_ path: String) throws -> [Substring] {
        let r = try CommandRunner.run(["export", "--ledger", path])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n")
    }

    static func object(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let o) = try JSONParser.parse(text) else { throw Rejection(problems: [Problem(field: nil, reason: "not an object: \(text)")]) }
        return o
    }

    @Test func backupDuringABurstOfAppendsRestoresToAPrefixOfTheLedger() throws {
        let initial = 200
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(Self.entries("start", initial).utf8)).status == 0)
        // Three processes append batches until the backup is done, then one batch more each. They wait for each
        // other as long as it takes: SQLite hands its write lock to whichever waiter polls first, so on a loaded
        // machine one writer may lose to the other two for longer than the default 30 s (CI saw it), which says
        // nothing about the backup. What is tested is that every batch lands and the copy is a prefix.
        let writers = 3
        let patient = ["PLANLEDGER_BUSY_TIMEOUT": "600"]
        let burst = Burst()
        let group = DispatchGroup()
        for w in 0..<writers {
            group.enter()
            DispatchQueue.global().async {
                var round = 0
                while true {
                    let last = burst.done
                    let r = try? CommandRunner.run(["append", "--ledger", ledger], stdin: Data(Self.entries("w\(w)r\(round)", 100).utf8),
                                                       environment: patient)
                    burst.finished(r?.status == 0 ? nil : r?.stderr ?? "did not run")
                    round += 1
                    if last { break }
                }
                group.leave()
            }
        }
        let waitUntil = Date().addingTimeInterval(60)
        while burst.batches < writers, Date() < waitUntil { usleep(10_000) }
        let backup = dir.path("copy.sqlite")
        let r = try CommandRunner.run(["backup", "--to", backup, "--ledger", ledger, "--format", "json"])
        burst.done = true
        group.wait()
        #expect(burst.failures == [])
        try #require(r.status == 0, "\(r.stdout) \(r.stderr)")
        let report = try Self.object(r.stdout)
        #expect(report["backup"] == .string(backup))
        #expect(report["verified"] == .bool(true))
        guard case .number(let copied) = report["events"], case .object(let head) = report["head"], case .string(let headHash) = head["hash"] else {
            Issue.record("backup report lacks events or head: \(r.stdout)")
            return
        }
        #expect(head["seq"] == .number(copied))

        // Restore: the copy, put in place as a ledger, opens, verifies and holds a prefix of the final ledger.
        let restored = dir.path("restored.sqlite")
        try FileManager.default.copyItem(atPath: backup, toPath: restored)
        let verify = try CommandRunner.run(["verify", "--ledger", restored, "--format", "json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let final = try exported(ledger), copy = try exported(restored)
        #expect(copy.count == Int(copied))
        #expect(copy.count > initial, "the backup ran after appends had begun")
        #expect(copy.count < final.count, "appends went on after the backup")
        #expect(Array(final.prefix(copy.count)) == copy, "the restored ledger holds exactly the first \(copy.count) events")
        let last = try Self.object(String(try #require(copy.last)))
        #expect(last["hash"] == .string(headHash))
        // The restored ledger is a working ledger: it takes new events.
        #expect(try CommandRunner.run(["append", "--ledger", restored], stdin: Data(Self.entries("after", 2).utf8)).status == 0)
        #expect(try exported(restored).count == copy.count + 2)
    }

    @Test func backupNeverOverwritesAndNamesAFolderItCannotWrite() throws {
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(Self.entries("a", 3).utf8)).status == 0)
        let existing = dir.path("notes.txt")
        try Data("anteckningar".utf8).write(to: URL(fileURLWithPath: existing))
        let r = try CommandRunner.run(["backup", "--to", existing, "--ledger", ledger])
        #expect(r.status == 73)
        #expect(r.stderr == "planledger: \(existing) already exists; planledger backup never overwrites a file\n")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "anteckningar")
        // Not even another ledger, not even the ledger itself.
        #expect(try CommandRunner.run(["backup", "--to", ledger, "--ledger", ledger]).status == 73)

        let nowhere = dir.path("missing/copy.sqlite")
        let missing = try CommandRunner.run(["backup", "--to", nowhere, "--ledger", ledger])
        #expect(missing.status == 73)
        #expect(missing.stderr.contains("the folder \(dir.path("missing")) does not exist"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: nowhere))
        // Nothing is left beside the target: no staging file.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".backup-") }
        #expect(left == [])
    }

    @Test func backupTableSaysTheCopyVerifies() throws {
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(Self.entries("a", 3).utf8)).status == 0)
        let copy = dir.path("copy.sqlite")
        let r = try CommandRunner.run(["backup", "--to", copy, "--ledger", ledger, "--format", "table"])
        #expect(r.status == 0, "\(r.stderr)")
        let head = try Self.object(String(try #require(try exported(ledger).last)))
        guard case .string(let hash) = head["hash"] else { Issue.record("no hash"); return }
        #expect(r.stdout == "backed up 3 events to \(copy); the copy verifies: head seq 3 \(hash)\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".backup-") }
        #expect(left == [])
    }

    /// A copy of a damaged ledger is the ledger as it is: put in place, but reported as not verifying (exit 1).
    @Test func backupOfADamagedLedgerSaysTheCopyDoesNotVerify() throws {
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(Self.entries("a", 5).utf8)).status == 0)
        let db = try DatabaseQueue(path: ledger)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET effective = '2014-07-01' WHERE seq = 3")
        }
        try db.close()
        let copy = dir.path("copy.sqlite")
        let r = try CommandRunner.run(["backup", "--to", copy, "--ledger", ledger, "--format", "json"])
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let report = try Self.object(r.stdout)
        #expect(report["verified"] == .bool(false))
        guard case .object(let bad) = report["firstBad"] else { Issue.record("no firstBad: \(r.stdout)"); return }
        #expect(bad["seq"] == .number(3))
        #expect(FileManager.default.fileExists(atPath: copy))
    }
}
