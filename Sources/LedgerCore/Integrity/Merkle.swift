import Crypto

/// The RFC 6962 / RFC 9162 Merkle tree hash (MTH), its inclusion and consistency proofs, and their verification.
///
/// The tree is never held in memory: a store keeps the hash of each perfect, aligned subtree once it is complete,
/// addressed as `(level, index)` = the hash of leaves `[index·2^level, (index+1)·2^level)`, with level 0 the leaf hashes.
/// Every range the RFC's recursions touch starts at a multiple of its largest power-of-two part, so it is a short
/// right-folded chain of such stored nodes, and roots and proofs cost O(log n) lookups instead of a pass over the leaves.
public enum Merkle {
    /// SHA-256(0x00 ‖ data).
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// SHA-256 of the empty string: the root of the empty tree.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The root of the tree of the first `size` leaves, in popcount(size) lookups.
    public static func root(size: Int, node: (Int, Int) throws -> [UInt8]) rethrows -> [UInt8] {
        precondition(size >= 0, "a tree size is never negative")
        if size == 0 { return emptyRoot }
        return try rangeHash(0, size, node)
    }

    /// RFC 9162 §2.1.3.1 PATH(index, D[size]): the audit path of leaf `index`, nearest sibling first.
    public static func inclusionProof(leaf index: Int, size: Int, node: (Int, Int) throws -> [UInt8]) rethrows -> [[UInt8]] {
        precondition(0 <= index && index < size, "leaf \(index) is not in a tree of \(size) leaves")
        // The RFC recurses top-down and appends each level's sibling after the deeper path, so walk down collecting
        // siblings and reverse. Only the first sibling met on a step to the left can be ragged (everything under a
        // left half is perfect), so the lookups stay O(log n).
        var siblings: [[UInt8]] = []
        var start = 0, end = size
        while end - start > 1 {
            let k = splitPoint(end - start)
            if index < start + k {
                siblings.append(try rangeHash(start + k, end, node))
                end = start + k
            } else {
                siblings.append(try rangeHash(start, start + k, node))
                start += k
            }
        }
        return siblings.reversed()
    }

    /// RFC 9162 §2.1.4.1 PROOF(old, D[new]) for 1 ≤ old ≤ new; empty when old == new.
    public static func consistencyProof(from old: Int, to new: Int, node: (Int, Int) throws -> [UInt8]) rethrows -> [[UInt8]] {
        precondition(1 <= old && old <= new, "no consistency proof from \(old) to \(new) leaves")
        // SUBPROOF(m, D[start, end), isOldTree), unrolled the same way as `inclusionProof`. `m` counts the old tree's
        // leaves within the current range; `isOldTree` stays true while that range is still a prefix the verifier
        // already holds the root of, which is why the final subtree is omitted then.
        var hashes: [[UInt8]] = []
        var start = 0, end = new, m = old, isOldTree = true
        while m != end - start {
            let k = splitPoint(end - start)
            if m <= k {
                hashes.append(try rangeHash(start + k, end, node))
                end = start + k
            } else {
                hashes.append(try rangeHash(start, start + k, node))
                start += k
                m -= k
                isOldTree = false
            }
        }
        if !isOldTree { hashes.append(try rangeHash(start, end, node)) }
        return hashes.reversed()
    }

    /// RFC 9162 §2.1.3.2: verify an inclusion proof.
    public static func verifyInclusion(leafHash: [UInt8], index: Int, size: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        // Every hash is a SHA-256 output; anything else cannot be part of a valid proof and is refused outright.
        guard 0 <= index, index < size, leafHash.count == 32, root.count == 32,
              proof.allSatisfy({ $0.count == 32 })
        else { return false }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                // A right-most node with no right sibling is promoted unchanged until it becomes a right child.
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 §2.1.4.2: verify a consistency proof (old == new with an empty proof and equal roots is valid; old == 0 is not provable).
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard oldRoot.count == 32, newRoot.count == 32, proof.allSatisfy({ $0.count == 32 }) else { return false }
        // The empty tree is consistent with everything, so a proof from it says nothing; refuse rather than
        // accept a claim that carries no evidence.
        guard 1 <= oldSize, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if proof.isEmpty { return false }

        // When old is a power of two its root is a node of the new tree, and the proof omits it.
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }

    // MARK: Ranges

    /// The largest power of two strictly less than `n` (n ≥ 2): where the RFC splits a range of n leaves.
    static func splitPoint(_ n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// MTH(D[start, end)) for a range the RFC's recursions produce, from the stored perfect subtrees.
    ///
    /// Such a range splits into perfect subtrees of strictly decreasing size (one per set bit of its length, largest
    /// first), each aligned because the range starts at a multiple of its largest part; the MTH recursion always puts
    /// the largest power of two on the left, so the hash is those nodes folded from the right.
    static func rangeHash(_ start: Int, _ end: Int, _ node: (Int, Int) throws -> [UInt8]) rethrows -> [UInt8] {
        precondition(start < end, "an empty range has no Merkle node")
        var parts: [[UInt8]] = []
        var position = start, remaining = end - start
        while remaining > 0 {
            let level = Int.bitWidth - 1 - remaining.leadingZeroBitCount
            let width = 1 << level
            assert(position & (width - 1) == 0, "range [\(start), \(end)) is not one the RFC's recursion produces")
            parts.append(try node(level, position >> level))
            position += width
            remaining -= width
        }
        var hash = parts.removeLast()
        while let left = parts.popLast() { hash = nodeHash(left, hash) }
        return hash
    }
}
