import Foundation
import GRDB
import LedgerCore

/// The Merkle tree (RFC 9162) over the events in seq order, leaf i being event i+1's 32-byte chain hash.
/// `merkle_node` keeps every perfect, aligned subtree's hash, written in the append transaction; a root,
/// an inclusion proof and a consistency proof each read O(log n) nodes.
extension Ledger {
    /// Reads one stored node; a missing node means the table is damaged.
    static func merkleNode(_ db: Database) throws -> (Int, Int) throws -> [UInt8] {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM merkle_node WHERE level = ? AND idx = ?")
        return { level, index in
            guard let data = try Data.fetchOne(statement, arguments: [level, index]) else {
                throw StoreError.damaged(seq: (index << level) + 1, reason: "Merkle node (level \(level), index \(index)) is missing")
            }
            return Array(data)
        }
    }

    /// Adds the leaf for the event at `seq` (1-based) and the nodes it completes.
    static func appendLeaf(eventHash: [UInt8], seq: Int, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)")
        let node = try merkleNode(db)
        for completed in try Merkle.nodesCompleted(byAppending: Merkle.leafHash(eventHash), at: seq - 1, node: node) {
            try insert.execute(arguments: [completed.level, completed.index, Data(completed.hash)])
        }
    }

    /// The root of the tree of the first `size` events (the head's when nil), and that size.
    public func treeHead(size: Int? = nil) throws(StoreError) -> (size: Int, root: [UInt8]) {
        try read { db in
            let head = try EventRow.head(db).seq
            let n = min(size ?? head, head)
            return (n, n == 0 ? Merkle.emptyRoot : try Merkle.root(size: n, node: try Ledger.merkleNode(db)))
        }
    }

    /// The audit path of event `seq` in the tree of the first `size` events.
    public func inclusionProof(seq: Int, size: Int) throws(StoreError) -> [[UInt8]] {
        try read { db in try Merkle.inclusionProof(leaf: seq - 1, size: size, node: try Ledger.merkleNode(db)) }
    }

    /// The proof that the tree of `newSize` events extends the tree of `oldSize`.
    public func consistencyProof(from oldSize: Int, to newSize: Int) throws(StoreError) -> [[UInt8]] {
        try read { db in try Merkle.consistencyProof(from: oldSize, to: newSize, node: try Ledger.merkleNode(db)) }
    }

    /// Stores a signed checkpoint, so that later proofs can be made against it.
    public func storeCheckpoint(_ checkpoint: Checkpoint, note: String, at instant: Timestamp) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO checkpoint (origin, size, root, note, created) VALUES (?, ?, ?, ?, ?)",
                           arguments: [checkpoint.origin, checkpoint.size, Data(checkpoint.root), note, instant.description])
        }
    }

    /// The latest stored checkpoint's signed note, if any.
    public func latestCheckpoint() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT note FROM checkpoint ORDER BY size DESC, id DESC LIMIT 1") }
    }
}
