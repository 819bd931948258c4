import Foundation
import LedgerCore

/// A generated history of `size` events, kept in the work folder and reused: plgen writes the same bytes
/// for the same size and seed, so a file written once is the workload of every later run.
struct Workload {
    let size: Int
    let seed: UInt64
    let path: String

    /// The file's size; a workload linked into the work folder counts as the file it points at.
    var bytes: Int {
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? Int) ?? 0
    }

    /// The cached file, or a new one from plgen. A file is written under a temporary name and renamed when
    /// complete, so that an interrupted run never leaves a truncated workload to be reused.
    static func prepare(size: Int, seed: UInt64, tools: Tools, workDirectory: String) throws -> Workload {
        let path = "\(workDirectory)/workload-\(size)-seed\(seed).jsonl"
        if FileManager.default.fileExists(atPath: path) {
            progress("reusing \(path)")
            return Workload(size: size, seed: seed, path: path)
        }
        progress("generating \(size) events with plgen → \(path)")
        let partial = path + ".partial"
        let plgen = ChildProcess(executable: tools.plgen, arguments: ["--events", String(size), "--seed", String(seed), "--out", partial])
        try plgen.runChecked(scratchDirectory: workDirectory)
        guard rename(partial, path) == 0 else {
            throw BenchError.unexpected("cannot rename \(partial): \(String(cString: strerror(errno)))")
        }
        return Workload(size: size, seed: seed, path: path)
    }
}

/// One row as the `event` table would hold it, derived from one line of the workload, plus the canonical
/// bytes its chain hash is computed over. Built before any timing starts.
struct EventRowValues {
    var seq: Int
    var id: String
    var type: String
    var plan: String?
    var effective: String
    var recorded: String
    var actor: String?
    var data: String
    var canonical: [UInt8]
}

extension Workload {
    /// Parses every line with LedgerCore's decoder and builds the rows an append would insert, with the same
    /// recorded instant for all (one append, one instant) and random ids where a line has none.
    func rows(actor: String) throws -> [EventRowValues] {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let recordedAt = Timestamp(Date())
        let recorded = recordedAt.description
        var rows: [EventRowValues] = []
        rows.reserveCapacity(size)
        var generator = SystemRandomNumberGenerator()
        try file.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var start = 0
            var lineNumber = 0
            while start < raw.count {
                let end = raw[start...].firstIndex(of: UInt8(ascii: "\n")) ?? raw.count
                defer { start = end + 1 }
                lineNumber += 1
                guard end > start else { continue }
                let event: ProposedEvent
                switch EventDecoder.decode(UnsafeRawBufferPointer(rebasing: raw[start..<end])) {
                case .success(let decoded): event = decoded
                case .failure(let rejection):
                    throw BenchError.unexpected("\(path) line \(lineNumber): \(rejection.problems.map(\.description).joined(separator: "; "))")
                }
                let seq = rows.count + 1
                let id = event.id ?? randomID(&generator)
                // An amendment without a plan is recorded with its target's plan, as the ledger does.
                var plan = event.plan
                if plan == nil, let target = event.amendedSeq, target >= 1, target <= rows.count {
                    plan = rows[target - 1].plan
                }
                let eventActor = event.actor ?? actor
                let data = CanonicalJSON.encode(.object(event.data))
                let canonical = EventHash.canonicalBytes(
                    seq: seq, id: id, type: event.type, plan: plan, effective: event.effective, recorded: recordedAt,
                    actor: eventActor, canonicalData: data)
                rows.append(EventRowValues(
                    seq: seq, id: id, type: event.type.rawValue, plan: plan, effective: event.effective.description,
                    recorded: recorded, actor: eventActor, data: String(decoding: data, as: UTF8.self), canonical: canonical))
            }
        }
        return rows
    }
}

extension ProposedEvent {
    /// The seq an `event.corrected` or `event.retracted` points at.
    var amendedSeq: Int? {
        switch payload {
        case .eventCorrected(let correction): correction.target
        case .eventRetracted(let retraction): retraction.target
        default: nil
        }
    }
}

/// A random version-4 UUID in lower case, as the ledger gives events without an id.
func randomID(_ generator: inout SystemRandomNumberGenerator) -> String {
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = (bytes[6] & 0x0f) | 0x40
    bytes[8] = (bytes[8] & 0x3f) | 0x80
    let hex = Array(Hex.encode(bytes))
    return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
}
