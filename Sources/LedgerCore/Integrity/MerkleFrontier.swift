/// The right edge of a Merkle tree being built leaf by leaf: one perfect subtree per set bit of the size,
/// so a root can be recomputed from a stream of leaves in O(log n) memory (what `verify` does, trusting
/// no stored node).
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees from the largest (leftmost) to the smallest.
    private var nodes: [(level: Int, hash: [UInt8])] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(leafHash: [UInt8]) {
        var hash = leafHash
        var level = 0
        while let last = nodes.last, last.level == level {
            hash = Merkle.nodeHash(last.hash, hash)
            nodes.removeLast()
            level += 1
        }
        nodes.append((level, hash))
        size += 1
    }

    /// RFC 9162's MTH of the leaves so far: the perfect subtrees folded from the right.
    public var root: [UInt8] {
        guard var hash = nodes.last?.hash else { return Merkle.emptyRoot }
        for node in nodes.dropLast().reversed() { hash = Merkle.nodeHash(node.hash, hash) }
        return hash
    }
}
