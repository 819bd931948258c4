import Foundation
import GRDB
import LedgerCore

/// The Merkle tree (RFC 9162) over the events in seq order, leaf i being SHA-256(0x00 ‖ event i+1's chain hash).
///
/// `merkle_node` keeps the hash of every perfect, aligned subtree of at least `Ledger.smallestStoredSubtree` leaves,
/// written in the append transaction. Smaller subtrees are not stored: they are hashed again from the events' chain
/// hashes when a proof needs one (at most 15 leaves), which keeps the table to about one row per eight events. A root,
/// an inclusion proof and a consistency proof each read O(log n) nodes.
extension Ledger {
    /// Subtrees of 2^4 = 16 leaves and more are stored; smaller ones are recomputed from the events.
    static let lowestStoredLevel = 4

    /// Reads one node: a stored one from `merkle_node` (missing means the table is damaged), a smaller one hashed
    /// from the chain hashes of the events it covers.
    static func merkleNode(_ db: Database) throws -> (Int, Int) throws -> [UInt8] {
        let stored = try db.cachedStatement(sql: "SELECT hash FROM merkle_node WHERE level = ? AND idx = ?")
        let hashes = try db.cachedStatement(sql: "SELECT hash FROM event WHERE seq BETWEEN ? AND ? ORDER BY seq")
        return { level, index in
            if level >= lowestStoredLevel {
                guard let data = try Data.fetchOne(stored, arguments: [level, index]) else {
                    throw StoreError.damaged(seq: (index << level) + 1, reason: "Merkle node (level \(level), index \(index)) is missing")
                }
                return Array(data)
            }
            let first = (index << level) + 1, width = 1 << level
            let leaves = try Data.fetchAll(hashes, arguments: [first, first + width - 1])
            guard leaves.count == width else {
                throw StoreError.damaged(seq: first + leaves.count, reason: "the event under Merkle node (level \(level), index \(index)) is missing")
            }
            var subtree = MerkleFrontier()
            for leaf in leaves { subtree.append(leafHash: Merkle.leafHash(Array(leaf))) }
            return subtree.root
        }
    }

    /// The growing tree of an append transaction: its right edge is read once, then each event's leaf is added in
    /// memory and only the stored-size subtrees it completes are written.
    struct TreeWriter {
        private var frontier: MerkleFrontier
        private let insert: Statement

        init(size: Int, _ db: Database) throws {
            frontier = try MerkleFrontier(size: size, node: try Ledger.merkleNode(db))
            insert = try db.cachedStatement(sql: "INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)")
        }

        mutating func append(eventHash: [UInt8]) throws {
            try frontier.append(leafHash: Merkle.leafHash(eventHash)) { level, index, hash in
                if level >= Ledger.lowestStoredLevel {
                    try insert.insert(level, index, Blob(hash))
                }
            }
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

    /// Every stored checkpoint's signed note and when it was stored (`created`, RFC 3339 as `storeCheckpoint` wrote
    /// it), in the order `latestCheckpoint` ranks them (size, then storing order): the latest is the last.
    public func storedCheckpoints() throws(StoreError) -> [(note: String, created: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT note, created FROM checkpoint ORDER BY size, id").map { ($0["note"], $0["created"]) }
        }
    }

    /// The latest stored checkpoint's signed note, if any.
    public func latestCheckpoint() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT note FROM checkpoint ORDER BY size DESC, id DESC LIMIT 1") }
    }
}
