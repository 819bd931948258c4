/// The right edge of a Merkle tree being built leaf by leaf: one perfect subtree per set bit of the size,
/// so a root can be recomputed from a stream of leaves in O(log n) memory (what `verify` does, trusting
/// no stored node), and an append learns which aligned subtrees each leaf completes without reading any.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees from the largest (leftmost) to the smallest.
    private var nodes: [(level: Int, hash: [UInt8])] = []
    public private(set) var size = 0

    public init() {}

    /// The frontier of the tree of the first `size` leaves, read through `node` (level, index): popcount(size) lookups.
    public init(size: Int, node: (Int, Int) throws -> [UInt8]) rethrows {
        precondition(size >= 0, "a tree size is never negative")
        var start = 0
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
            nodes.append((level, try node(level, start >> level)))
            start += 1 << level
        }
        self.size = size
    }

    /// Appends one leaf. `completed` hears of every subtree the leaf closes, bottom-up, as (level, index, hash),
    /// the leaf itself first as (0, its index): one parent per trailing 1-bit of the leaf's index.
    public mutating func append(leafHash: [UInt8], completed: (Int, Int, [UInt8]) throws -> Void) rethrows {
        var hash = leafHash
        var level = 0
        try completed(0, size, hash)
        while let last = nodes.last, last.level == level {
            hash = Merkle.nodeHash(last.hash, hash)
            nodes.removeLast()
            level += 1
            try completed(level, size >> level, hash)
        }
        nodes.append((level, hash))
        size += 1
    }

    public mutating func append(leafHash: [UInt8]) {
        append(leafHash: leafHash) { _, _, _ in }
    }

    /// RFC 9162's MTH of the leaves so far: the perfect subtrees folded from the right.
    public var root: [UInt8] {
        guard var hash = nodes.last?.hash else { return Merkle.emptyRoot }
        for node in nodes.dropLast().reversed() { hash = Merkle.nodeHash(node.hash, hash) }
        return hash
    }
}
