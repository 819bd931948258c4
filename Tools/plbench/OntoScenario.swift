import Foundation
import GRDB

extension Scenarios {
    // MARK: - Append onto a full ledger (issue 17)

    /// `planledger append` of `size` events onto a ledger that already holds `size`, beside the peer doing the same
    /// onto its own store of those events (issue 17: at least 3 times the peer at 1M).
    ///
    /// The workload is plgen's history of 2 × `size` events with the same seed, split after its first `size` lines:
    /// each half is a valid history's continuation, as an organisation's next year is of its last. The first half
    /// is appended once (untimed) into a base ledger, and the peer loads it once into a base store (writing each
    /// line's aggregate key for the second load). Each run then copies the base (untimed, then `sync`) and times one
    /// whole process appending the second half onto the copy: planledger's `append FILE`, and the peer's `--onto`
    /// load, which reads each stored aggregate back through the library's repository before adding to it.
    func appendOnto(_ full: Workload, peer: PeerTool?) throws -> [Figure] {
        let first = "\(workDirectory)/onto-\(size)-first.jsonl", rest = "\(workDirectory)/onto-\(size)-rest.jsonl"
        let split = try splitWorkload(full, firstLines: size, into: (first, rest))
        defer { unlink(first); unlink(rest) }
        let base = "\(workDirectory)/onto-\(size)-base.sqlite", copy = "\(workDirectory)/onto-\(size).sqlite"
        defer { removeDatabase(at: base); removeDatabase(at: copy) }
        progress("\(size): append onto a full ledger: building the base of \(split.first) events (untimed)")
        removeDatabase(at: base)
        try planledger(["init", "--ledger", base])
        try planledger(["append", first, "--ledger", base, "--format", "json"])
        try checkpoint(base)
        let baseEvents = try eventCount(base)
        guard baseEvents == split.first else {
            throw BenchError.unexpected("the base ledger holds \(baseEvents) events, not the first half's \(split.first)")
        }

        var rates = Samples(), rss = Samples()
        for round in 1...runs {
            progress("\(size): append \(split.rest) events onto \(split.first), run \(round) of \(runs)")
            try copyDatabase(base, to: copy)
            let child = try run(ChildProcess(executable: tools.planledger, arguments: ["append", rest, "--ledger", copy, "--format", "json"]),
                                label: "append onto", measuringMemory: true)
            let head = try eventCount(copy)
            guard head == split.first + split.rest else {
                throw BenchError.unexpected("the ledger holds \(head) events after appending \(split.rest) onto \(split.first)")
            }
            rates.add(Double(split.rest) / child.wallSeconds)
            rss.add(Double(child.peakRSSBytes) / 1e6)
        }
        var figures = [
            Figure("onto.rate", "append onto a ledger holding as many, whole process", .eventsPerSecond, rates,
                   note: "\(split.rest) events onto \(split.first), the two halves of \(full.path)"),
            Figure("onto.peakRSS", "append onto a full ledger, peak RSS of the child", .megabytes, rss),
        ]
        guard let peer else { return figures }

        let peerBase = "\(workDirectory)/peer-onto-\(size)-base.sqlite", peerCopy = "\(workDirectory)/peer-onto-\(size).sqlite"
        let keys = "\(workDirectory)/peer-onto-\(size).keys"
        defer { removeDatabase(at: peerBase); removeDatabase(at: peerCopy); unlink(keys) }
        progress("\(size): the peer's base of \(split.first) events (untimed)")
        removeDatabase(at: peerBase)
        try run(peer.child(["--input", first, "--db", peerBase, "--keys", keys]), label: "peer base")
        try checkpoint(peerBase)
        let peerBaseEvents = try peerStored(peerBase)
        guard peerBaseEvents == split.first else {
            throw BenchError.unexpected("the peer's base holds \(peerBaseEvents) events, not the first half's \(split.first)")
        }
        var peerRates = Samples()
        for round in 1...runs {
            progress("\(size): the peer adding \(split.rest) events onto \(split.first), run \(round) of \(runs)")
            try copyDatabase(peerBase, to: peerCopy)
            let result = try run(peer.child(["--input", rest, "--db", peerCopy, "--keys", keys, "--onto"]), label: "peer onto")
            let stored = try peerStored(peerCopy)
            guard stored == split.first + split.rest else {
                throw BenchError.unexpected("the peer's store holds \(stored) events after adding \(split.rest) onto \(split.first)")
            }
            peerRates.add(Double(split.rest) / result.wallSeconds)
        }
        figures.append(Figure("peer.onto.rate", "peer: eventsourcing 9.5.6 adding onto its store of as many, whole process",
                              .eventsPerSecond, peerRates))
        return figures
    }

    /// A new copy of the database file at `source` (checkpointed once when it was built, and unchanged since) at
    /// `target`, written back to the disk before the timed run starts.
    private func copyDatabase(_ source: String, to target: String) throws {
        removeDatabase(at: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        sync()
    }
}
