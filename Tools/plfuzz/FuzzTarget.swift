import Foundation
import LedgerCore

// The fuzz target of issue 12: bytes → JSONLinesReader → EventDecoder → LedgerRules, as `Ledger.append`
// drives them, against a rule state held in memory (no SQLite). Any crash, hang or unbounded allocation
// here is a bug: every input must end as accepted events or as named problems.
//
// Two builds of one file:
// - `Tools/plfuzz/run.sh` builds with `--sanitize=fuzzer` and `-DPLFUZZ`: libFuzzer supplies `main` and calls
//   `LLVMFuzzerTestOneInput` with each generated input.
// - A normal `swift build` (no PLFUZZ) compiles the same checks with a small `main` that runs them once on
//   each file named on the command line: `swift run plfuzz crash-…` reproduces a finding without the fuzzer.

/// libFuzzer's entry point: checks one input. Always returns 0 (the input may be added to the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzCheck.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if !PLFUZZ
/// Replays files through the fuzz check: `plfuzz FILE…`; exit 0 when none crashed.
@main
enum PLFuzzReplay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let accepted = bytes.withUnsafeBytes { FuzzCheck.run($0) }
            print("\(path): \(accepted) event(s) accepted")
        }
    }
}
#endif

/// The checking path of `Ledger.append` without the store.
enum FuzzCheck {
    /// The input is given to the reader through one unlinked temporary file, rewritten for each input.
    nonisolated(unsafe) private static var file: Int32 = {
        var template = Array((NSTemporaryDirectory() + "/plfuzz-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        precondition(fd >= 0, "plfuzz: cannot create a temporary file")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }()

    private static let recorded = Timestamp(rfc3339: "2026-01-01T00:00:00.000Z")!

    /// Checks every line of `bytes` and applies the good ones, then folds what was accepted.
    /// Returns the number of events accepted.
    @discardableResult
    static func run(_ bytes: UnsafeRawBufferPointer) -> Int {
        let fd = file
        precondition(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0)
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            precondition(n > 0, "plfuzz: cannot write the temporary file")
            written += n
        }
        precondition(lseek(fd, 0, SEEK_SET) == 0)

        var state = FuzzState()
        var ids: [String: Int] = [:]
        var prev = EventHash.genesis
        for input in JSONLinesReader(fileDescriptor: fd) {
            guard case .success(var event) = input.event else {
                if case .failure(let rejection) = input.event {
                    precondition(!rejection.problems.isEmpty, "a rejected line must name at least one problem")
                    _ = rejection.description
                }
                continue
            }
            // What the reader encoded must read back as the data it was encoded from (RFC 8785 round trip).
            let canonical = input.canonicalData ?? CanonicalJSON.encode(.object(event.data))
            let reread = try? JSONParser.parse(canonical)
            precondition(reread == .object(event.data), "canonical data does not read back as the event's data")

            if event.plan == nil, let target = amendedSeq(event.payload), let original = try! state.event(seq: target) {
                event.plan = original.plan
            }
            if let id = event.id, let seq = ids[id] {
                let existing = try! state.event(seq: seq)!
                _ = existing.type == event.type && existing.plan == event.plan && existing.data == event.data
                continue
            }
            let problems = try! LedgerRules.check(event, in: state)
            if !problems.isEmpty {
                _ = problems.map(\.description)
                continue
            }
            let seq = state.head + 1
            let id = event.id ?? "fuzz-\(seq)"
            let bytes = EventHash.canonicalBytes(
                seq: seq, id: id, type: event.type, plan: event.plan, effective: event.effective, recorded: recorded,
                actor: event.actor, canonicalData: canonical)
            let hash = EventHash.hash(prev: prev, canonical: bytes)
            let recordedEvent = RecordedEvent(
                seq: seq, id: id, type: event.type, plan: event.plan, effective: event.effective, recorded: recorded,
                actor: event.actor, data: event.data, prev: prev, hash: hash)
            precondition(EventHash.compute(recordedEvent) == hash, "the hash of a recorded event is not reproducible")
            try! LedgerRules.apply(event, seq: seq, to: &state)
            state.events.append(recordedEvent)
            ids[id] = seq
            prev = hash
        }
        // The reference fold reads what the rules accepted, at the end of time and at each event's own date.
        if let last = state.events.last {
            _ = Replay.fold(state.events, asOf: LedgerDate(iso: "9999-12-31")!, knownAt: last.seq)
            _ = Replay.fold(state.events, asOf: last.effective, knownAt: last.seq)
        }
        return state.events.count
    }

    /// The seq an `event.corrected` or `event.retracted` points at (as `ProposedEvent.amendedSeq` in the store).
    private static func amendedSeq(_ payload: Payload) -> Int? {
        switch payload {
        case .eventCorrected(let c): c.target
        case .eventRetracted(let r): r.target
        default: nil
        }
    }
}

/// The rules' state in dictionaries, and the accepted events by seq.
struct FuzzState: LedgerState {
    var plans: [String: PlanState] = [:]
    var diaries: [String: DiaryState] = [:]
    var assignments: [String: AssignmentState] = [:]
    var amendments: [Int: AmendmentState] = [:]
    var processes: [String: ProcessState] = [:]
    var events: [RecordedEvent] = []
    var head: Int { events.count }

    func plan(_ key: String) throws -> PlanState? { plans[key] }
    func diary(_ dnr: String) throws -> DiaryState? { diaries[dnr] }
    func assignment(_ key: String) throws -> AssignmentState? { assignments[key] }
    func amendment(of seq: Int) throws -> AmendmentState? { amendments[seq] }
    func process(_ key: String) throws -> ProcessState? { processes[key] }
    func event(seq: Int) throws -> RecordedEvent? { seq >= 1 && seq <= events.count ? events[seq - 1] : nil }
    func followups(of plan: String) throws -> [Int] {
        events.filter { $0.type == .followupRecorded && $0.plan == plan }.map(\.seq)
    }
    func activityReports(of plan: String) throws -> [Int] {
        events.filter { $0.type == .activityReported && $0.plan == plan }.map(\.seq)
    }
    mutating func put(plan: PlanState, key: String) { plans[key] = plan }
    mutating func removePlan(_ key: String) { plans[key] = nil }
    mutating func put(diary: DiaryState) { diaries[diary.dnr] = diary }
    mutating func removeDiary(_ dnr: String) { diaries[dnr] = nil }
    mutating func put(assignment: AssignmentState) { assignments[assignment.key] = assignment }
    mutating func removeAssignment(_ key: String) { assignments[key] = nil }
    mutating func put(amendment: AmendmentState) { amendments[amendment.target] = amendment }
    mutating func put(process: ProcessState) { processes[process.key] = process }
    mutating func removeProcess(_ key: String) { processes[key] = nil }
}
