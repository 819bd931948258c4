import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// Checkpoints and proofs: what an auditor can check without trusting the ledger file.
struct ProofTests {
    let t: TemporaryLedger
    let signer: NoteSigner
    let verifier: NoteVerifier

    init() throws {
        t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        let keys = try NoteSigner.generate(name: "region.example/planledger")
        signer = try NoteSigner(skey: keys.skey)
        verifier = try NoteVerifier(vkey: keys.vkey)
    }

    func checkpoint() throws -> Checkpoint {
        let head = try t.ledger.treeHead()
        return Checkpoint(origin: signer.name, size: head.size, root: head.root)
    }

    @Test func everyEventHasAProofThatVerifies() throws {
        try t.append(SeedHistory.governance)
        let c = try checkpoint()
        #expect(c.size == 14)
        for seq in 1...c.size {
            let event = try #require(try t.ledger.event(seq: seq))
            let proof = try t.ledger.inclusionProof(seq: seq, size: c.size)
            #expect(proof.count <= 4)
            #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(event.hash), index: seq - 1, size: c.size, proof: proof, root: c.root))
        }
        // And each older tree head is extended by the newer one.
        for old in 1..<c.size {
            let oldRoot = try t.ledger.treeHead(size: old).root
            let proof = try t.ledger.consistencyProof(from: old, to: c.size)
            #expect(Merkle.verifyConsistency(oldSize: old, newSize: c.size, oldRoot: oldRoot, newRoot: c.root, proof: proof))
        }
    }

    @Test func signedCheckpointRoundTrip() throws {
        let c = try checkpoint()
        let note = signer.sign(c.body)
        #expect(note.hasPrefix("region.example/planledger\n5\n"))
        let text = try verifier.verify(note)
        #expect(Checkpoint(body: text) == c)
        #expect(try t.ledger.verify(checkpoint: c).ok)
    }

    /// Someone with the file deletes the last events (triggers dropped): the chain that is left is intact,
    /// but it no longer reaches the checkpoint.
    @Test func aCutOffTailIsCaught() throws {
        try t.append(SeedHistory.governance)
        let c = try checkpoint()
        let db = try DatabaseQueue(path: t.path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_delete")
            try db.execute(sql: "DELETE FROM event WHERE seq > 10")
            try db.execute(sql: "DELETE FROM merkle_node WHERE (idx + 1) * (1 << level) > 10")
        }
        try t.ledger.rebuild()
        let report = try t.ledger.verify(checkpoint: c)
        #expect(report.firstBad?.seq == 11)
        #expect(report.firstBad?.reason.contains("were cut off") == true)
    }

    /// An attacker rewrites an approver, recomputes the whole chain and the tree, and rebuilds the
    /// projections: the file is consistent in itself, and only the checkpoint shows it.
    @Test func aRewrittenAndRecomputedHistoryIsCaught() throws {
        let c = try checkpoint()
        try t.append(SeedHistory.boardPlan)
        let db = try DatabaseQueue(path: t.path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            try db.execute(sql: #"UPDATE event SET data = replace(data, 'Tillförordnad landstingsdirektör', 'Regiondirektör') WHERE seq = 4"#)
            var prev = EventHash.genesis
            var frontier: [(Int, [UInt8])] = []
            try db.execute(sql: "DELETE FROM merkle_node")
            let rows = try Row.fetchAll(db, sql: "SELECT seq, id, type, plan, effective, recorded, actor, data FROM event ORDER BY seq")
            for row in rows {
                guard case .object(let data) = try JSONParser.parse(row["data"] as String) else { continue }
                var e = RecordedEvent(seq: row["seq"], id: row["id"], type: EventType(rawValue: row["type"])!, plan: row["plan"],
                                      effective: LedgerDate(iso: row["effective"])!, recorded: Timestamp(rfc3339: row["recorded"])!,
                                      actor: row["actor"], data: data, prev: prev, hash: [])
                e.hash = EventHash.compute(e)
                try db.execute(sql: "UPDATE event SET prev = ?, hash = ? WHERE seq = ?", arguments: [Data(prev), Data(e.hash), e.seq])
                prev = e.hash
                // The attacker's own tree, node by node.
                var hash = Merkle.leafHash(e.hash), level = 0, index = e.seq - 1
                try db.execute(sql: "INSERT INTO merkle_node VALUES (?, ?, ?)", arguments: [0, index, Data(hash)])
                while let last = frontier.last, last.0 == level {
                    hash = Merkle.nodeHash(last.1, hash)
                    frontier.removeLast()
                    level += 1
                    index /= 2
                    try db.execute(sql: "INSERT INTO merkle_node VALUES (?, ?, ?)", arguments: [level, index, Data(hash)])
                }
                frontier.append((level, hash))
            }
        }
        try t.ledger.rebuild()
        #expect(try t.ledger.verify().ok, "the forgery is consistent in itself")
        let report = try t.ledger.verify(checkpoint: c)
        #expect(report.firstBad?.seq == 5)
        #expect(report.firstBad?.reason.contains("history was rewritten") == true)
    }

    /// A ledger written before v4 stored every node, leaves included; opening it drops the small ones and it
    /// still verifies and proves.
    @Test func aLedgerWithEveryNodeStoredMigrates() throws {
        let old = try TemporaryLedger()
        _ = try RandomHistory.build(seed: 3, steps: 60, into: old)
        let size = try old.ledger.head().seq
        let root = try old.ledger.treeHead().root
        let db = try DatabaseQueue(path: old.path)
        try db.write { db in
            // What v3 wrote: every level, from the leaves up.
            var frontier = MerkleFrontier()
            for hash in try Data.fetchAll(db, sql: "SELECT hash FROM event ORDER BY seq") {
                try frontier.append(leafHash: Merkle.leafHash(Array(hash))) { level, index, node in
                    guard level < 4 else { return }
                    try db.execute(sql: "INSERT INTO merkle_node VALUES (?, ?, ?)", arguments: [level, index, Data(node)])
                }
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-sparse-merkle-tree'")
        }
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM merkle_node WHERE level < 4") } ?? 0 > size)
        try db.close()
        let reopened = try Ledger.open(at: old.path)
        #expect(try DatabaseQueue(path: old.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM merkle_node WHERE level < 4") } == 0)
        #expect(try reopened.verify().ok)
        #expect(try reopened.treeHead().root == root)
        let event = try #require(try reopened.event(seq: 5))
        let proof = try reopened.inclusionProof(seq: 5, size: size)
        #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(event.hash), index: 4, size: size, proof: proof, root: root))
    }

    /// A ledger past 16 events has stored subtrees: proofs mix them with subtrees hashed again from the events,
    /// and a stored node that no longer matches the events is named by verify.
    @Test func storedSubtreesServeProofsAndTamperingIsCaught() throws {
        let big = try TemporaryLedger()
        _ = try RandomHistory.build(seed: 7, steps: 120, into: big)
        let size = try big.ledger.head().seq
        #expect(size >= 40)
        let root = try big.ledger.treeHead().root
        var recomputed = MerkleFrontier()
        try big.ledger.forEachEvent { recomputed.append(leafHash: Merkle.leafHash($0.hash)) }
        #expect(root == recomputed.root)
        for seq in 1...size {
            let event = try #require(try big.ledger.event(seq: seq))
            let proof = try big.ledger.inclusionProof(seq: seq, size: size)
            #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(event.hash), index: seq - 1, size: size, proof: proof, root: root))
        }
        let db = try DatabaseQueue(path: big.path)
        let stored = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM merkle_node WHERE level < 4") }
        #expect(stored == 0, "subtrees under 16 leaves are not stored")
        try db.write { try $0.execute(sql: "UPDATE merkle_node SET hash = zeroblob(32) WHERE level = 4 AND idx = 1") }
        let report = try big.ledger.verify()
        #expect(report.firstBad?.seq == 32)
        #expect(report.firstBad?.reason.contains("Merkle subtree (events 17–32, level 4)") == true)
    }
}
