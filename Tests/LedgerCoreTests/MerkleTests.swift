import Testing
import TestSupport

@testable import LedgerCore

/// A node store fed only through `MerkleFrontier.append`, as the ledger's is, counting lookups and refusing absent nodes.
private final class NodeStore {
    private var levels: [[[UInt8]]] = []
    private var frontier = MerkleFrontier()
    var size: Int { frontier.size }
    var lookups = 0

    struct Missing: Error { let level: Int, index: Int }

    func append(_ data: [UInt8]) throws {
        frontier.append(leafHash: Merkle.leafHash(data)) { level, index, hash in
            if level == levels.count { levels.append([]) }
            // Nodes are completed left to right, so each one lands at the end of its level.
            #expect(index == levels[level].count, "node (\(level), \(index)) completed out of order")
            levels[level].append(hash)
        }
    }

    func node(_ level: Int, _ index: Int) throws -> [UInt8] {
        lookups += 1
        guard level < levels.count, index >= 0, index < levels[level].count else { throw Missing(level: level, index: index) }
        return levels[level][index]
    }

    /// Runs `body` and returns how many nodes it looked up.
    func counting<T>(_ body: (NodeStore) throws -> T) rethrows -> (T, lookups: Int) {
        lookups = 0
        let value = try body(self)
        return (value, lookups)
    }
}

/// MTH, PATH and PROOF exactly as RFC 9162 §2.1 writes them, over the leaf hashes, memoised by range.
private final class ReferenceTree {
    let leaves: [[UInt8]]
    private var memo: [Int: [UInt8]] = [:]

    init(leaves: [[UInt8]]) { self.leaves = leaves }

    private static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    func mth(_ a: Int, _ b: Int) -> [UInt8] {
        let n = b - a
        if n == 0 { return Merkle.emptyRoot }
        if n == 1 { return leaves[a] }
        if let hash = memo[a << 20 | b] { return hash }
        let k = Self.k(n)
        let hash = Merkle.nodeHash(mth(a, a + k), mth(a + k, b))
        memo[a << 20 | b] = hash
        return hash
    }

    func path(_ m: Int, _ a: Int, _ b: Int) -> [[UInt8]] {
        let n = b - a
        if n == 1 { return [] }
        let k = Self.k(n)
        return m < k ? path(m, a, a + k) + [mth(a + k, b)] : path(m - k, a + k, b) + [mth(a, a + k)]
    }

    func subproof(_ m: Int, _ a: Int, _ b: Int, _ complete: Bool) -> [[UInt8]] {
        let n = b - a
        if m == n { return complete ? [] : [mth(a, b)] }
        let k = Self.k(n)
        return m <= k
            ? subproof(m, a, a + k, complete) + [mth(a + k, b)]
            : subproof(m - k, a + k, b, false) + [mth(a, a + k)]
    }

    func proof(_ old: Int, _ new: Int) -> [[UInt8]] { subproof(old, 0, new, true) }
}

private func h(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

/// ⌊log2 n⌋ + 1, the height of a tree of n leaves: what every lookup count below is measured against.
private func bits(_ n: Int) -> Int { Int.bitWidth - n.leadingZeroBitCount }

struct MerkleTests {
    // MARK: Published test vectors
    //
    // RFC 6962's reference leaves and, for them, the roots and proofs that transparency-dev/merkle
    // (proof/verify_test.go) and google/certificate-transparency's test suites check every implementation against.

    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// (0-based leaf, tree size, PATH); the Go file numbers leaves from 1.
    static let inclusionVectors: [(Int, Int, [String])] = [
        (0, 1, []),
        (0, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (5, 8, [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
    ]
    /// (old size, new size, PROOF).
    static let consistencyVectors: [(Int, Int, [String])] = [
        (1, 1, []),
        (1, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]),
        (6, 8, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
        (2, 5, [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ]),
        (6, 7, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]),
    ]

    private func referenceStore() throws -> NodeStore {
        let store = NodeStore()
        for leaf in Self.leaves { try store.append(h(leaf)) }
        return store
    }

    @Test func hashPrimitives() {
        #expect(Merkle.emptyRoot == h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        #expect(Merkle.leafHash([]) == h(Self.roots[0]))
        #expect(Merkle.leafHash([0x00]) == h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"))
        #expect(Merkle.nodeHash(Merkle.leafHash([]), Merkle.leafHash([0x00])) == h(Self.roots[1]))
    }

    @Test func publishedRootsForEverySize() throws {
        let store = try referenceStore()
        #expect(try Merkle.root(size: 0, node: store.node) == Merkle.emptyRoot)
        for size in 1...8 {
            #expect(try Merkle.root(size: size, node: store.node) == h(Self.roots[size - 1]), "size \(size)")
        }
    }

    @Test func publishedInclusionProofs() throws {
        let store = try referenceStore()
        for (index, size, expected) in Self.inclusionVectors {
            let proof = try Merkle.inclusionProof(leaf: index, size: size, node: store.node)
            #expect(proof == expected.map(h), "leaf \(index) of \(size)")
            #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(h(Self.leaves[index])), index: index, size: size,
                                           proof: expected.map(h), root: h(Self.roots[size - 1])))
        }
    }

    @Test func publishedConsistencyProofs() throws {
        let store = try referenceStore()
        for (old, new, expected) in Self.consistencyVectors {
            let proof = try Merkle.consistencyProof(from: old, to: new, node: store.node)
            #expect(proof == expected.map(h), "\(old) → \(new)")
            #expect(Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: h(Self.roots[old - 1]),
                                             newRoot: h(Self.roots[new - 1]), proof: expected.map(h)))
        }
    }

    /// transparency-dev/merkle's corruptions of the published proofs, each of which must be refused.
    @Test func corruptedPublishedProofsAreRefused() {
        let someHash = h("abacaba000000000000000000000000000000000000000000060061e00123456")
        for (index, size, hexes) in Self.inclusionVectors where !hexes.isEmpty {
            let proof = hexes.map(h), root = h(Self.roots[size - 1]), leaf = Merkle.leafHash(h(Self.leaves[index]))
            var probes: [(Int, Int, [UInt8], [UInt8], [[UInt8]])] = [
                (index - 1, size, root, leaf, proof), (index + 1, size, root, leaf, proof), (index ^ 2, size, root, leaf, proof),
                (index, size * 2, root, leaf, proof), (index, size / 2, root, leaf, proof),
                (index, size, root, Array("WrongLeaf".utf8), proof), (index, size, Merkle.emptyRoot, leaf, proof),
                (index, size, someHash, leaf, proof),
                (index, size, root, leaf, proof + [[]]), (index, size, root, leaf, proof + [root]),
                (index, size, root, leaf, [[]] + proof), (index, size, root, leaf, [root] + proof),
                (index, size, root, leaf, Array(proof.dropLast())),
            ]
            if proof.count > 1 { probes.append((index, size, root, leaf, [proof[0], someHash] + proof.dropFirst())) }
            for i in proof.indices {
                var wrong = proof
                wrong[i][0] ^= 8
                probes.append((index, size, root, leaf, wrong))
            }
            for (i, n, r, l, p) in probes {
                #expect(!Merkle.verifyInclusion(leafHash: l, index: i, size: n, proof: p, root: r), "leaf \(i) of \(n)")
            }
        }
        for (old, new, hexes) in Self.consistencyVectors where !hexes.isEmpty {
            let proof = hexes.map(h), root1 = h(Self.roots[old - 1]), root2 = h(Self.roots[new - 1])
            var probes: [(Int, Int, [UInt8], [UInt8], [[UInt8]])] = [
                (old - 1, new, root1, root2, proof), (old + 1, new, root1, root2, proof), (old ^ 2, new, root1, root2, proof),
                (old, new * 2, root1, root2, proof), (old, new / 2, root1, root2, proof),
                (old, new, Array("WrongRoot".utf8), root2, proof), (old, new, root1, Array("WrongRoot".utf8), proof),
                (old, new, root2, root1, proof), (old, new, root1, root2, []),
                (old, new, root1, root2, proof + [[]]), (old, new, root1, root2, proof + [root1]),
                (old, new, root1, root2, proof + [root2]), (old, new, root1, root2, [[]] + proof),
                (old, new, root1, root2, [root1] + proof), (old, new, root1, root2, [root2] + proof),
                (old, new, root1, root2, [proof[0]] + proof), (old, new, root1, root2, Array(proof.dropLast())),
            ]
            for i in proof.indices {
                var wrong = proof
                wrong[i][0] ^= 16
                probes.append((old, new, root1, root2, wrong))
            }
            for (o, n, r1, r2, p) in probes {
                #expect(!Merkle.verifyConsistency(oldSize: o, newSize: n, oldRoot: r1, newRoot: r2, proof: p), "\(o) → \(n)")
            }
        }
    }

    @Test func degenerateConsistencyClaims() {
        let root = h(Self.roots[0]), other = h(Self.roots[1])
        #expect(Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: root, newRoot: root, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: root, newRoot: other, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: root, newRoot: root, proof: [Merkle.emptyRoot]))
        // Nothing is provable from the empty tree, even the trivially true.
        #expect(!Merkle.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: Merkle.emptyRoot, newRoot: Merkle.emptyRoot, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: Merkle.emptyRoot, newRoot: root, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 2, newSize: 1, oldRoot: other, newRoot: root, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 2, oldRoot: root, newRoot: other, proof: []))
        #expect(!Merkle.verifyInclusion(leafHash: root, index: 0, size: 0, proof: [], root: Merkle.emptyRoot))
        #expect(!Merkle.verifyInclusion(leafHash: root, index: -1, size: 1, proof: [], root: root))
        #expect(Merkle.verifyInclusion(leafHash: root, index: 0, size: 1, proof: [], root: root))
    }

    // MARK: Against the RFC's recursion

    /// Every size 1…64, then random sizes up to 300: the store's roots and proofs equal the RFC's recursion, in
    /// O(log n) lookups, every proof verifies, and every tampered hash, index or size is refused.
    @Test func agreesWithTheRecursiveDefinition() throws {
        var random = SeededRandom(seed: 0x6962_9162)
        let sizes = Array(1...64) + (0..<12).map { _ in Int.random(in: 65...300, using: &random) } + [256, 257, 300]
        let data = (0..<600).map { _ in
            (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        let allLeaves = data.map(Merkle.leafHash)
        // One reference tree serves every prefix: the recursion for size n reads only leaves below n.
        let reference = ReferenceTree(leaves: allLeaves)
        let roots = (0...allLeaves.count).map { reference.mth(0, $0) }
        let store = NodeStore()
        for size in Set(sizes).sorted() {
            while store.size < size { try store.append(data[store.size]) }

            let (root, rootLookups) = try store.counting { try Merkle.root(size: size, node: $0.node) }
            #expect(root == roots[size], "root of \(size)")
            #expect(rootLookups == size.nonzeroBitCount)

            for index in 0..<size {
                let (proof, lookups) = try store.counting { try Merkle.inclusionProof(leaf: index, size: size, node: $0.node) }
                #expect(proof == reference.path(index, 0, size), "PATH(\(index), \(size))")
                #expect(lookups <= 2 * bits(size), "PATH(\(index), \(size)) took \(lookups) lookups")
                let leaf = allLeaves[index]
                #expect(Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root))
                for i in proof.indices {
                    var wrong = proof
                    wrong[i][Int.random(in: 0..<32, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
                    #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: wrong, root: root))
                }
                var otherIndices: Set = [index - 1, index + 1, index ^ 1, index ^ 2, Int.random(in: 0..<size, using: &random)]
                if size <= 32 { otherIndices.formUnion(0..<size) }
                for other in otherIndices where other != index {
                    #expect(!Merkle.verifyInclusion(leafHash: leaf, index: other, size: size, proof: proof, root: root),
                            "leaf \(index)'s proof passed as leaf \(other) of \(size)")
                }
                // Another size is claimed together with that size's root, as a checkpoint would state them.
                for otherSize in [size - 1, size + 1, size * 2, size / 2, Int.random(in: 1...size + 8, using: &random)]
                where otherSize != size && otherSize > index {
                    #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: otherSize, proof: proof, root: roots[otherSize]),
                            "leaf \(index)'s proof in \(size) passed in \(otherSize)")
                }
            }

            for old in 1...size {
                let (proof, lookups) = try store.counting { try Merkle.consistencyProof(from: old, to: size, node: $0.node) }
                #expect(proof == reference.proof(old, size), "PROOF(\(old), \(size))")
                #expect(lookups <= 2 * bits(size), "PROOF(\(old), \(size)) took \(lookups) lookups")
                #expect(Merkle.verifyConsistency(oldSize: old, newSize: size, oldRoot: roots[old], newRoot: root, proof: proof))
                guard old < size else { continue }
                for i in proof.indices {
                    var wrong = proof
                    wrong[i][Int.random(in: 0..<32, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
                    #expect(!Merkle.verifyConsistency(oldSize: old, newSize: size, oldRoot: roots[old], newRoot: root, proof: wrong))
                }
                #expect(!Merkle.verifyConsistency(oldSize: old, newSize: size, oldRoot: root, newRoot: roots[old], proof: proof))
                for otherOld in [old - 1, old + 1, old ^ 1, old ^ 2, Int.random(in: 1..<size, using: &random)]
                where otherOld != old && otherOld >= 1 && otherOld < size {
                    #expect(!Merkle.verifyConsistency(oldSize: otherOld, newSize: size, oldRoot: roots[otherOld], newRoot: root, proof: proof),
                            "PROOF(\(old), \(size)) passed as from \(otherOld)")
                }
                for otherNew in [size - 1, size + 1, size * 2] where otherNew != size && otherNew > old {
                    #expect(!Merkle.verifyConsistency(oldSize: old, newSize: otherNew, oldRoot: roots[old], newRoot: roots[otherNew], proof: proof),
                            "PROOF(\(old), \(size)) passed as to \(otherNew)")
                }
            }
        }
    }

    /// The size binds a proof only through the root: a proof checked against one tree's root can pass for another
    /// size whose shape along the path is the same, which is why a size is trusted only with the root signed beside it.
    @Test func sizeIsBoundByTheRootNotTheProof() throws {
        let store = NodeStore()
        for i in 0..<6 { try store.append([UInt8(i)]) }
        let proof = try Merkle.inclusionProof(leaf: 0, size: 5, node: store.node)
        let root5 = try Merkle.root(size: 5, node: store.node), root6 = try Merkle.root(size: 6, node: store.node)
        let leaf = Merkle.leafHash([0])
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: 0, size: 5, proof: proof, root: root5))
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: 0, size: 6, proof: proof, root: root5))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: 0, size: 6, proof: proof, root: root6))
    }

    @Test func appendingCompletesOneNodePerTrailingOne() {
        var frontier = MerkleFrontier()
        for index in 0..<1030 {
            var completed: [(level: Int, index: Int)] = []
            frontier.append(leafHash: Merkle.leafHash([UInt8(index & 0xFF)])) { level, i, _ in completed.append((level, i)) }
            #expect(completed.count == (~index).trailingZeroBitCount + 1)
            #expect(completed.map(\.level) == Array(0..<completed.count))
            #expect(completed.map(\.index) == completed.map { index >> $0.level })
        }
    }

    /// A frontier rebuilt from stored nodes continues exactly as the one that never stopped.
    @Test func aFrontierResumesFromStoredNodes() throws {
        let store = NodeStore()
        for size in 0..<300 {
            store.lookups = 0
            var resumed = try MerkleFrontier(size: size, node: store.node)
            #expect(store.lookups == size.nonzeroBitCount)
            #expect(resumed.root == (size == 0 ? Merkle.emptyRoot : try Merkle.root(size: size, node: store.node)))
            try store.append([UInt8(size & 0xFF)])
            resumed.append(leafHash: Merkle.leafHash([UInt8(size & 0xFF)]))
            #expect(resumed.root == (try Merkle.root(size: size + 1, node: store.node)))
        }
    }
}
