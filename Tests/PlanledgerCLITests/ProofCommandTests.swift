import Foundation
import LedgerCore
import Testing
import TestSupport

/// keygen, checkpoint, prove, verify-proof and verify --checkpoint, as an auditor uses them.
@Suite(.serialized) struct ProofCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init", "--ledger", ledger).status == 0)
        #expect(try run("append", "--ledger", ledger, stdin: SeedHistory.rutin).status == 0)
    }

    func run(_ args: String..., stdin: String = "") throws -> CommandResult {
        try CommandRunner.run(args, stdin: Data(stdin.utf8), environment: ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z"])
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = dir.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theAuditorsWorkflow() throws {
        let key = dir.path("region.key")
        let keygen = try run("keygen", "--name", "region.example/planledger", "--out", key)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let vkey = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(vkey.hasPrefix("region.example/planledger+"))
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try run("keygen", "--name", "x", "--out", key).status == 73)

        // Publish a checkpoint (in the minutes, say), then keep working.
        let first = try run("checkpoint", "--key", key, "--ledger", ledger)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("region.example/planledger\n5\n"))
        #expect(first.stdout.contains("\n\n— region.example/planledger "))
        let published = try write(first.stdout, "2016-01-01.checkpoint")
        #expect(try run("append", "--ledger", ledger, stdin: SeedHistory.boardPlan).status == 0)
        let second = try write(try run("checkpoint", "--key", key, "--ledger", ledger).stdout, "later.checkpoint")

        // An inclusion proof of version 3, checked with nothing but the proof and the public key.
        let prove = try run("prove", "4", "--checkpoint", published, "--ledger", ledger)
        #expect(prove.status == 0, "\(prove.stderr)")
        #expect(prove.stdout.contains(#""leafIndex": 3"#) && prove.stdout.contains(#""treeSize": 5"#))
        let proof = try write(prove.stdout, "seq4.proof.json")
        let ok = try run("verify-proof", proof, "--vkey", vkey, "--format", "table")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("ok: seq 4 (plan.revised, 2014-08-07) is in region.example/planledger at size 5"))

        // A proof whose event was altered fails, as does one checked with another key.
        let altered = try write(prove.stdout.replacingOccurrences(of: "Tillförordnad landstingsdirektör", with: "Regiondirektör"), "altered.json")
        let bad = try run("verify-proof", altered, "--vkey", vkey, "--format", "table")
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("it was altered"))
        let otherKey = try run("keygen", "--name", "region.example/planledger", "--out", dir.path("other.key")).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run("verify-proof", proof, "--vkey", otherKey, "--format", "table").status == 1)

        // The ledger today extends the published checkpoint.
        let consistency = try run("prove", "--consistency", published, second, "--ledger", ledger)
        #expect(consistency.status == 0, "\(consistency.stderr)")
        let consistencyProof = try write(consistency.stdout, "consistency.json")
        let extends = try run("verify-proof", consistencyProof, "--vkey", vkey, "--format", "table")
        #expect(extends.stdout.hasPrefix("ok: the log region.example/planledger at size 9 extends its checkpoint at size 5"))
        let verify = try run("verify", "--checkpoint", published, "--vkey", vkey, "--ledger", ledger, "--format", "json")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try run("verify", "--checkpoint", published, "--ledger", ledger).status == 64)
        // A forged checkpoint (another root) is refused for its signature.
        let forged = try write(first.stdout.replacingOccurrences(of: "\n5\n", with: "\n4\n"), "forged.checkpoint")
        let refused = try run("verify", "--checkpoint", forged, "--vkey", vkey, "--ledger", ledger)
        #expect(refused.status == 1)
    }
}
