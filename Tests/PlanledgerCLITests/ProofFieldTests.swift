import Foundation
import LedgerCore
import Testing
import TestSupport

/// `verify-proof`: every field of a proof that a verifier reads agrees with what is signed (the checkpoints'
/// signatures, the event's hash), or the proof is refused naming the field.
@Suite(.serialized) struct ProofFieldTests {
    let dir: TemporaryDirectory
    let ledger: String
    let vkey: String
    let consistency: [String: JSONValue]
    let inclusion: [String: JSONValue]

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        let env = ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z"]
        func run(_ args: String..., stdin: String = "") throws -> CommandResult {
            try CommandRunner.run(args, stdin: Data(stdin.utf8), environment: env)
        }
        #expect(try run("init", "--ledger", ledger).status == 0)
        #expect(try run("append", "--ledger", ledger, stdin: SeedHistory.rutin).status == 0)
        let key = dir.path("region.key")
        vkey = try run("keygen", "--name", "region.example/planledger", "--out", key).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let old = dir.path("old.checkpoint")
        try Data(try run("checkpoint", "--key", key, "--ledger", ledger).stdout.utf8).write(to: URL(fileURLWithPath: old))
        #expect(try run("append", "--ledger", ledger, stdin: SeedHistory.boardPlan).status == 0)
        #expect(try run("checkpoint", "--key", key, "--ledger", ledger).status == 0)
        guard case .object(let c) = try JSONParser.parse(try run("prove", "--consistency", old, "--ledger", ledger).stdout),
            case .object(let i) = try JSONParser.parse(try run("prove", "4", "--checkpoint", old, "--ledger", ledger).stdout)
        else { throw CancellationError() }
        consistency = c
        inclusion = i
    }

    func verify(_ proof: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        let path = dir.path("proof-\(UUID().uuidString).json")
        try Data(CanonicalJSON.string(.object(proof)).utf8).write(to: URL(fileURLWithPath: path))
        return try CommandRunner.run(["verify-proof", path, "--vkey", vkey, "--format", "table"])
    }

    func expectRefused(_ proof: [String: JSONValue], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try verify(proof)
        #expect(r.status == 1, "accepted: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(r.stdout.contains(message), "\(r.stdout)\(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func untamperedProofsPass() throws {
        #expect(consistency["oldSize"] == 5 && consistency["newSize"] == 9)
        let c = try verify(consistency)
        #expect(c.status == 0, "\(c.stdout)")
        #expect(c.stdout == "ok: the log region.example/planledger at size 9 extends its checkpoint at size 5\n")
        let i = try verify(inclusion)
        #expect(i.status == 0, "\(i.stdout)")
    }

    @Test func consistencySizesMustMatchTheSignedCheckpoints() throws {
        for (field, value, signed) in [("oldSize", 4, "old checkpoint's tree size is 5"), ("oldSize", 6, "old checkpoint's tree size is 5"),
                                       ("newSize", 8, "new checkpoint's tree size is 9"), ("newSize", 10, "new checkpoint's tree size is 9")] {
            var p = consistency
            p[field] = .number(Double(value))
            try expectRefused(p, "FAILED: \(field) is \(value), but the signed \(signed)")
        }
        for field in ["oldSize", "newSize"] {
            var absent = consistency
            absent.removeValue(forKey: field)
            try expectRefused(absent, "FAILED: \(field) in the proof must be a whole number, 0 or more (got nothing)")
            var fraction = consistency
            fraction[field] = .number(5.5)
            try expectRefused(fraction, "FAILED: \(field) in the proof must be a whole number")
            var text = consistency
            text[field] = .string("5")
            try expectRefused(text, "FAILED: \(field) in the proof must be a whole number")
        }
        var extra = consistency
        extra["oldRoot"] = .string("AAAA")
        try expectRefused(extra, "FAILED: the consistency proof holds \"oldRoot\", a field verify-proof does not check")
    }

    @Test func inclusionFieldsMustMatchTheSignedCheckpointAndTheEventsHash() throws {
        for (field, value, message) in [("treeSize", 4, "treeSize is 4, but the signed checkpoint's tree size is 5"),
                                        ("treeSize", 6, "treeSize is 6, but the signed checkpoint's tree size is 5"),
                                        ("leafIndex", 2, "leafIndex is 2, but the event's seq is 4"),
                                        ("leafIndex", 4, "leafIndex is 4, but the event's seq is 4")] {
            var p = inclusion
            p[field] = .number(Double(value))
            try expectRefused(p, "FAILED: \(message)")
        }
        var fraction = inclusion
        fraction["leafIndex"] = .number(3.5)
        try expectRefused(fraction, "FAILED: leafIndex in the proof must be a whole number")
        var extra = inclusion
        extra["root"] = .string("AAAA")
        try expectRefused(extra, "FAILED: the inclusion proof holds \"root\", a field verify-proof does not check")
    }

    /// Each field of the event is hashed: changing any of them, or adding one the hash does not cover, is refused.
    @Test func everyEventFieldIsCovered() throws {
        guard case .object(let event) = inclusion["event"] else { throw CancellationError() }
        let tampered: [(String, JSONValue, String)] = [
            ("seq", 3, "it was altered"),
            ("seq", .number(4.5), "seq in the event must be a whole number"),
            ("id", "rutin-v9", "it was altered"), ("type", "plan.repealed", "it was altered"),
            ("plan", "annan-plan", "it was altered"), ("plan", 7, "plan of the event must be a string or null"),
            ("effective", "2014-08-08", "it was altered"), ("recorded", "2016-01-01T09:00:01.000Z", "it was altered"),
            ("actor", "registrator:annan", "it was altered"), ("actor", .bool(true), "actor of the event must be a string or null"),
            ("data", ["version": 3, "change": "Annat"], "it was altered"),
            ("prev", .string(String(repeating: "0", count: 64)), "it was altered"),
            ("note", "added", "the event holds \"note\", a field verify-proof does not check"),
        ]
        for (field, value, message) in tampered {
            var e = event
            e[field] = value
            var p = inclusion
            p["event"] = .object(e)
            try expectRefused(p, message)
        }
    }
}
