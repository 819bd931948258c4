import Foundation
import GRDB
import Synchronization
import LedgerCore
import Testing
import TestSupport

/// End to end: the built `planledger` run as a registrar or a script would, its exact output and exit codes.
@Suite(.serialized) struct CLITests {
    let dir: TemporaryDirectory
    let ledger: String
    let fixedTime = ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z"]

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
    }

    func planledger(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args, stdin: Data(stdin.utf8), environment: fixedTime.merging(env) { $1 })
    }

    func initialised() throws {
        let r = try planledger("init", "--ledger", ledger)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func initRefusesToOverwrite() throws {
        try initialised()
        let again = try planledger("init", "--ledger", ledger)
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists"))
        let other = dir.path("notes.txt")
        try Data("anteckningar".utf8).write(to: URL(fileURLWithPath: other))
        #expect(try planledger("init", "--ledger", other).status == 73)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "anteckningar")
    }

    @Test func appendPrintsCountsAndHead() throws {
        try initialised()
        let r = try planledger("append", "-", "--ledger", ledger, "--format", "json", stdin: SeedHistory.rutin)
        #expect(r.status == 0, "\(r.stderr)")
        // The head's hash worked out independently of planledger (Python's json and hashlib, checked with
        // sha256sum): SHA-256(prev ‖ JCS({seq, id, type, plan, effective, recorded, actor, data})), chained from
        // 32 zero bytes over the five events, recorded 2016-01-01T09:00:00.000Z by registrator:test.
        let hash = "2312390c28da625f1d90bc759ba1514f320e239ef2295e8b4f5fb066e18cc1d2"
        let export = try planledger("export", "--ledger", ledger)
        let last = try #require(export.stdout.split(separator: "\n").last)
        guard case .object(let head) = try JSONParser.parse(String(last)) else {
            Issue.record("export line is not an object")
            return
        }
        #expect(head["hash"] == .string(hash))
        #expect(r.stdout == """
            {
              "appended": 5,
              "head": {
                "hash": "\(hash)",
                "seq": 5
              },
              "skipped": 0
            }

            """)
        // Idempotent: the same file again appends nothing.
        let again = try planledger("append", "-", "--ledger", ledger, "--format", "csv", stdin: SeedHistory.rutin)
        #expect(again.stdout == "appended,skipped,head.seq,head.hash\r\n0,5,5,\(hash)\r\n")
    }

    @Test func rejectionGoesToStderrWithExit65() throws {
        try initialised()
        let input = SeedHistory.rutin + "\n" + #"{"type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2016-01-01","data":{"version":6,"change":"x"}}"#
            + "\n" + #"{"type":"plan.revised","plan":"x","effective":"2023-02-30","data":{"version":1,"change":"x"}}"#
        let r = try planledger("append", "--ledger", ledger, stdin: input)
        #expect(r.status == 65)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            line 6: data.version: expected 5 (the previous version is 4), got 6
            line 7: effective: "2023-02-30" is not a real date
            planledger: nothing was appended (2 problems)

            """)
        #expect(try planledger("export", "--ledger", ledger).stdout == "")
    }

    @Test func missingLedgerAndInput() throws {
        let r = try planledger("append", dir.path("in.jsonl"), "--ledger", ledger)
        #expect(r.status == 66)
        try initialised()
        let missingInput = try planledger("append", dir.path("in.jsonl"), "--ledger", ledger)
        #expect(missingInput.status == 66)
        #expect(missingInput.stderr.contains("no input file"))
        #expect(try planledger("verify", "--ledger", dir.path("nope.sqlite")).status == 66)
        #expect(!FileManager.default.fileExists(atPath: dir.path("nope.sqlite")))
    }

    @Test func ledgerPathFromEnvironment() throws {
        let r = try planledger("init", env: ["PLANLEDGER_LEDGER": ledger])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: ledger))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try planledger("append", "--format", "xml").status == 64)
        #expect(try planledger("frobnicate").status == 64)
    }

    @Test func notALedger() throws {
        let text = dir.path("text.sqlite")
        try Data("hej".utf8).write(to: URL(fileURLWithPath: text))
        let r = try planledger("verify", "--ledger", text)
        #expect(r.status == 65)
        #expect(r.stderr.contains("is not a planledger ledger"))
        // Another application's SQLite database.
        let other = dir.path("other.sqlite")
        let db = try DatabaseQueue(path: other)
        try db.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        try db.close()
        let o = try planledger("append", "--ledger", other, stdin: SeedHistory.rutin)
        #expect(o.status == 65)
        #expect(o.stderr.contains("SQLite database of another application"))
        let tables = try DatabaseQueue(path: other).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["t"])
    }

    @Test func newerSchemaIsRefused() throws {
        try initialised()
        let db = try DatabaseQueue(path: ledger)
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try db.close()
        let r = try planledger("append", "--ledger", ledger, stdin: SeedHistory.rutin)
        #expect(r.status == 65)
        #expect(r.stderr.contains("written by a newer planledger"))
        #expect(r.stderr.contains("v99-from-the-future"))
    }

    @Test func busyLedgerExits75() throws {
        try initialised()
        // Hold the write lock from this process while planledger tries to append with a short timeout.
        let db = try DatabaseQueue(path: ledger)
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let r = try planledger("append", "--ledger", ledger, stdin: SeedHistory.rutin, env: ["PLANLEDGER_BUSY_TIMEOUT": "0.3"])
            #expect(r.status == 75)
            #expect(r.stderr.contains("is busy"))
            try db.execute(sql: "ROLLBACK")
        }
    }

    @Test func concurrentProcessesLoseNothing() throws {
        try initialised()
        let writers = 6, perWriter = 40
        let results = Mutex<[CommandResult]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            var lines: [String] = []
            for i in 0..<perWriter {
                lines.append(#"{"id":"w\#(w)-\#(i)","type":"diary.registered","effective":"2020-01-01","data":{"dnr":"RS/\#(w)/\#(i)","title":"Skrivelse \#(i) från process \#(w)","direction":"in"}}"#)
            }
            // Each process appends its events in several small transactions, so they interleave.
            for chunk in stride(from: 0, to: perWriter, by: 10) {
                let input = lines[chunk..<chunk + 10].joined(separator: "\n")
                if let r = try? planledger("append", "--ledger", ledger, "--format", "json", stdin: input) {
                    results.withLock { $0.append(r) }
                }
            }
        }
        let all = results.withLock { $0 }
        #expect(all.count == writers * perWriter / 10)
        #expect(all.allSatisfy { $0.status == 0 }, "\(all.map(\.stderr))")
        let export = try planledger("export", "--ledger", ledger).stdout.split(separator: "\n")
        #expect(export.count == writers * perWriter)
        var seqs: [Int] = [], ids: Set<String> = []
        for line in export {
            guard case .object(let e) = try JSONParser.parse(String(line)), case .number(let seq) = e["seq"], case .string(let id) = e["id"] else { continue }
            seqs.append(Int(seq))
            ids.insert(id)
        }
        #expect(seqs == Array(1...writers * perWriter))
        #expect(ids.count == writers * perWriter)
        let verify = try planledger("verify", "--ledger", ledger, "--format", "json")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains(#""ok": true"#))
    }

    @Test func verifyExit1NamesTheSeq() throws {
        try initialised()
        _ = try planledger("append", "--ledger", ledger, stdin: SeedHistory.rutin)
        let db = try DatabaseQueue(path: ledger)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: "UPDATE event SET effective = '2014-07-01' WHERE seq = 3")
        }
        try db.close()
        let r = try planledger("verify", "--ledger", ledger, "--format", "json")
        #expect(r.status == 1)
        #expect(r.stdout.contains(#""seq": 3"#))
        let table = try planledger("verify", "--ledger", ledger, "--format", "table")
        #expect(table.status == 1)
        #expect(table.stdout.hasPrefix("FAILED at seq 3: hash "))
    }

    @Test func historyOfAPlan() throws {
        try initialised()
        _ = try planledger("append", "--ledger", ledger, stdin: SeedHistory.rutin)
        _ = try planledger("append", "--ledger", ledger, stdin: #"{"type":"event.corrected","effective":"2016-02-01","data":{"target":4,"reason":"Fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör"}}}}"#)
        let r = try planledger("history", "rutin-overgripande-handlingsplan", "--ledger", ledger, "--format", "table", env: ["COLUMNS": "400"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines[0] == "seq  recorded                  actor             type             effective   what")
        #expect(lines[2] == "  1  2016-01-01T09:00:00.000Z  registrator:test  plan.registered  2013-03-12  Rutin för upprättande av övergripande handlingsplan")
        #expect(lines[7].hasSuffix("event.corrected  2016-02-01  corrects seq 4: Fel beslutsfattare"))
        // The correction names no plan; the ledger records the target's.
        let json = try planledger("history", "rutin-overgripande-handlingsplan", "--ledger", ledger, "--format", "json")
        #expect(json.stdout.contains(#""target": 4"#))
        let typo = try planledger("history", "rutin-overgripande-handlingplan", "--ledger", ledger)
        #expect(typo.status == 66)
        #expect(typo.stderr.contains(#"did you mean "rutin-overgripande-handlingsplan"?"#))
    }

    @Test func appendStreamsAFileWithCRLFAndBOM() throws {
        try initialised()
        let file = dir.path("windows.jsonl")
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array(SeedHistory.rutin.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        bytes += Array("\r\n\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let r = try planledger("append", file, "--ledger", ledger, "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""appended": 5"#))
    }
}
