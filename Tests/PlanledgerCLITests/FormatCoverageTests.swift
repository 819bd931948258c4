import Foundation
import LedgerCore
import Testing
import TestSupport

/// README "Commands": `--format table|json|csv` on every command that prints a result, with a stable JSON shape;
/// where a format cannot apply, a usage error (64) that says why. Before, init, rebuild, demo, keygen, checkpoint,
/// prove and verify-proof rejected --format as an unknown option, and `history` took neither --as-of nor --known-at.
@Suite(.serialized) struct FormatCoverageTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("demo.sqlite")
        let demo = try CommandRunner.run(["demo", "--ledger", ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
        #expect(demo.status == 0, "\(demo.stderr)")
    }

    func run(_ args: String...) throws -> CommandResult {
        try CommandRunner.run(args, environment: ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
    }

    func object(_ r: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: JSONValue] {
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        guard case .object(let o) = try JSONParser.parse(r.stdout) else { Issue.record("not an object: \(r.stdout)"); return [:] }
        return o
    }

    @Test func initAndRebuildPrintJSONAndCSV() throws {
        let fresh = dir.path("fresh.sqlite")
        #expect(try object(run("init", "--ledger", fresh, "--format", "json")) == ["created": .string(fresh)])
        #expect(try run("init", "--ledger", dir.path("csv.sqlite"), "--format", "csv").stdout == "created\r\n\(dir.path("csv.sqlite"))\r\n")
        let rebuilt = try object(run("rebuild", "--ledger", ledger, "--format", "json"))
        #expect(rebuilt["events"] == 63)
        guard case .array(let names)? = rebuilt["projections"] else { Issue.record("no projections"); return }
        #expect(names.contains(.string("plans.v1")) || !names.isEmpty)
        let csv = try run("rebuild", "--ledger", ledger, "--format", "csv").stdout
        #expect(csv.hasPrefix("projection,events\r\n"))
        #expect(csv.split(separator: "\r\n").count == names.count + 1)
        // Piped and not asked: JSON, as for every other command.
        #expect(try run("init", "--ledger", dir.path("piped.sqlite")).stdout.hasPrefix("{"))
    }

    @Test func keygenCheckpointProveAndVerifyProofPrintJSON() throws {
        let key = dir.path("k.key")
        let keygen = try object(run("keygen", "--name", "region.example/planledger", "--out", key, "--format", "json"))
        #expect(keygen["name"] == "region.example/planledger" && keygen["key"] == .string(key))
        guard case .string(let vkey)? = keygen["vkey"] else { Issue.record("no vkey"); return }
        #expect(vkey.hasPrefix("region.example/planledger+"))
        // Without --format the artefact itself, as a file keeps it, even when piped.
        #expect(try run("keygen", "--name", "x", "--out", dir.path("x.key")).stdout.hasPrefix("x+"))
        let note = try run("checkpoint", "--key", key, "--ledger", ledger)
        #expect(note.stdout.hasPrefix("region.example/planledger\n63\n"), "\(note.stdout)")
        let checkpoint = try object(run("checkpoint", "--key", key, "--ledger", ledger, "--format", "json"))
        #expect(checkpoint["origin"] == "region.example/planledger" && checkpoint["size"] == 63)
        guard case .string(let signed)? = checkpoint["note"], case .string(let root)? = checkpoint["root"] else { Issue.record("no note"); return }
        #expect(signed.hasPrefix("region.example/planledger\n63\n\(root)\n\n— region.example/planledger "))
        let proof = try run("prove", "4", "--ledger", ledger, "--format", "json")
        #expect(proof.status == 0)
        let path = dir.path("p.json")
        try Data(proof.stdout.utf8).write(to: URL(fileURLWithPath: path))
        let verdict = try object(run("verify-proof", path, "--vkey", vkey, "--format", "json"))
        #expect(verdict == ["ok": true, "reason": .null, "proof": "inclusion", "origin": "region.example/planledger", "size": 63,
                            "oldSize": .null, "seq": 4])
        #expect(try run("verify-proof", path, "--vkey", vkey, "--format", "csv").stdout
                == "ok,reason,proof,origin,size,oldSize,seq\r\ntrue,,inclusion,region.example/planledger,63,,4\r\n")
        // A failed proof is a verdict in the same shape, exit 1.
        try Data(proof.stdout.replacingOccurrences(of: "\"leafIndex\": 3", with: "\"leafIndex\": 2").utf8).write(to: URL(fileURLWithPath: path))
        let failed = try run("verify-proof", path, "--vkey", vkey, "--format", "json")
        #expect(failed.status == 1)
        guard case .object(let f) = try JSONParser.parse(failed.stdout) else { Issue.record("not JSON: \(failed.stdout)"); return }
        #expect(f["ok"] == false && f["reason"] == "leafIndex is 2, but the event's seq is 4 (leafIndex must be seq − 1)")
        // So is a proof checked with another log's key: the signature fails, and the verdict says so on stdout.
        let other = try run("keygen", "--name", "region.example/planledger", "--out", dir.path("other.key")).stdout
        let forged = try run("verify-proof", path, "--vkey", other.trimmingCharacters(in: .whitespacesAndNewlines), "--format", "json")
        #expect(forged.status == 1)
        guard case .object(let g) = try JSONParser.parse(forged.stdout) else { Issue.record("not JSON: \(forged.stdout)"); return }
        #expect(g["ok"] == false && g["proof"] == "inclusion" && g["origin"] == .null)
        guard case .string(let why)? = g["reason"] else { Issue.record("no reason"); return }
        #expect(why.hasPrefix("checkpoint: "), "\(why)")
    }

    /// Where a format cannot apply the usage error says why (exit 64), and --help says so.
    @Test func formatsThatCannotApplySayWhy() throws {
        let prove = try run("prove", "4", "--ledger", ledger, "--format", "csv")
        #expect(prove.status == 64)
        #expect(prove.stderr.contains("--format csv: a proof is the JSON document verify-proof reads"), "\(prove.stderr)")
        let demo = try run("demo", "--format", "json")
        #expect(demo.status == 64)
        #expect(demo.stderr.contains("--format json: demo tells a story in tables"), "\(demo.stderr)")
        let export = try run("export", "--ledger", ledger, "--format", "table")
        #expect(export.status == 64)
        #expect(export.stderr.contains("--format table: the full log has no table"), "\(export.stderr)")
        #expect(try run("prove", "--help").stdout.contains("json only"))
        #expect(try run("keygen", "--help").stdout.contains("takes no --ledger"))
        #expect(try run("verify-proof", "--help").stdout.contains("takes no --ledger"))
    }

    @Test func exportWritesTheLogAsJSONAndCSV() throws {
        let lines = try run("export", "--ledger", ledger).stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 63)
        let array = try run("export", "--ledger", ledger, "--format", "json").stdout
        #expect(array == "[\n" + lines.joined(separator: ",\n") + "\n]\n")
        let csv = try run("export", "--ledger", ledger, "--format", "csv").stdout.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(csv.first == "seq,recorded,actor,type,plan,effective,id,data,prev,hash")
        #expect(csv.count == 65)
        #expect(csv[1].hasPrefix("1,2013-03-12T14:05:00.000Z,registrator:sh,plan.registered,rutin-overgripande-handlingsplan,2013-03-12,demo-001,"))
    }

    func seqs(_ args: String...) throws -> [Int] {
        let r = try CommandRunner.run(["history", "rutin-overgripande-handlingsplan", "--ledger", ledger, "--format", "json"] + args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        guard case .array(let events) = try JSONParser.parse(r.stdout) else { return [] }
        return events.compactMap { e -> Int? in
            guard case .object(let o) = e, case .number(let n)? = o["seq"] else { return nil }
            return Int(n)
        }
    }

    /// history as known at K: the events with seq ≤ K; as of D: the events effective on or before D (the rutin's
    /// trail: 1 registration and 2 version 1 on 2013-03-12, 3 version 2 recorded 2014-06-25 as of 2014-06-14, 4
    /// version 3 of 2014-08-07, 5 the policy it states (2014-08-07), 6 version 4 and 7 its diary entry of 2015-08-14,
    /// 8 the policy's version 2 of 2015-08-14, 11 the correction of 2016-02-10).
    @Test func historyTakesAsOfAndKnownAt() throws {
        #expect(try seqs() == [1, 2, 3, 4, 5, 6, 7, 8, 11])
        #expect(try seqs("--known-at", "4") == [1, 2, 3, 4])
        #expect(try seqs("--known-at", "3") == [1, 2, 3])
        #expect(try seqs("--known-at", "2014-06-25T09:12:00Z") == [1, 2, 3])
        #expect(try seqs("--known-at", "2014-06-25T09:11:59.999Z") == [1, 2])
        #expect(try seqs("--as-of", "2013-03-12") == [1, 2])
        #expect(try seqs("--as-of", "2014-08-07") == [1, 2, 3, 4, 5])
        #expect(try seqs("--as-of", "2014-08-06") == [1, 2, 3])
        #expect(try seqs("--as-of", "2015-08-14", "--known-at", "4") == [1, 2, 3, 4])
        let before = try CommandRunner.run(["history", "rutin-overgripande-handlingsplan", "--ledger", ledger, "--as-of", "2013-03-11"])
        #expect(before.status == 66)
        #expect(before.stderr == "planledger: plan \"rutin-overgripande-handlingsplan\" has no events as of 2013-03-11\n")
        let beyond = try CommandRunner.run(["history", "rutin-overgripande-handlingsplan", "--ledger", ledger, "--known-at", "64"])
        #expect(beyond.status == 64)
        #expect(beyond.stderr.contains("--known-at 64: the ledger's head is seq 63"))
    }
}
