#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded pool of earlier events that later events may refer to (targets of corrections, entries to
/// archive, open assignments). When full, the oldest slot is overwritten, so memory stays constant however
/// many events are written.
struct Pool<Element> {
    private(set) var items: [Element] = []
    let capacity: Int
    private var nextToReplace = 0

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    subscript(i: Int) -> Element {
        get { items[i] }
        set { items[i] = newValue }
    }

    mutating func add(_ e: Element) {
        if items.count < capacity {
            items.append(e)
        } else {
            items[nextToReplace] = e
            nextToReplace = (nextToReplace + 1) % capacity
        }
    }

    @discardableResult
    mutating func remove(at i: Int) -> Element {
        items.swapAt(i, items.count - 1)
        return items.removeLast()
    }
}

/// The workload generator: writes `total` events, each valid against the ledger that the lines before it
/// build when the file is appended to an EMPTY ledger (so an event's seq is its line number).
///
/// Memory is bounded: at most `maxActivePlans` plans are alive at once and every pool has a fixed capacity.
/// Every draw comes from one seeded `Xoshiro256`, and no `Dictionary` or `Set` is ever iterated (their
/// order differs between processes), so the bytes written depend on (seed, total) alone.
struct Workload {
    static let earliest = Day(year: 2010, month: 1, day: 1)
    static let latestRegistration = Day(year: 2021, month: 12, day: 31)
    static let horizon = Day(year: 2026, month: 12, day: 31)

    let seed: UInt64
    let total: Int
    let maxActivePlans: Int
    var rng: Xoshiro256
    var out = JSONWriter(capacity: 1 << 21)
    let fd: Int32
    /// Lines written so far: the seq of the latest event.
    var seq = 0

    var plans: [PlanLife] = []
    var plansRegistered = 0
    /// Recently registered plans per goal-chain level, candidates for a lower plan's `parent`.
    var parents: [Pool<(key: String, day: Day)>] = Array(repeating: Pool(capacity: 24), count: 5)
    /// The last number used per diary series and year ("RS/2015" → 1321): dnrs are never reused.
    var dnrCounters: [String: Int] = [:]
    var recentDnrs = Pool<(dnr: String, year: Int)>(capacity: 64)
    var assignmentsIssued = 0

    /// Events that follow a revision in the register: its diary entry and the decision in the minutes.
    var followers: [Follower] = []

    var toArchive = Pool<(dnr: String, day: Day)>(capacity: 1024)
    var openAssignments = Pool<OpenAssignment>(capacity: 512)

    // Targets for corrections and retractions (never one that is already retracted).
    var decisions = Pool<DecisionRecord>(capacity: 128)
    var revisions = Pool<RevisionRecord>(capacity: 64)
    /// The frames each plan's budget in force gives (`Workload+Budget.swift`), for its children to draw on.
    var budgetFrames: [String: [BudgetFrameRecord]] = [:]
    var followups = Pool<FollowupRecord>(capacity: 256)
    var diaryEntries = Pool<DiaryRecord>(capacity: 128)
    var archives = Pool<ArchiveRecord>(capacity: 128)
    var assignments = Pool<AssignmentRecord>(capacity: 128)
    var reports = Pool<ReportRecord>(capacity: 128)
    var registrations = Pool<RegistrationRecord>(capacity: 64)

    /// Planning processes under way (`Workload+Process.swift`), and how many have been planned (their keys' counter).
    var processRuns: [ProcessRun] = []
    var processesPlanned = 0

    init(seed: UInt64, total: Int, fd: Int32) {
        self.seed = seed
        self.total = total
        self.fd = fd
        self.rng = Xoshiro256(seed: seed)
        // Few plans for a small file, so that their lives run to the end (repeals included); never so many
        // that a large file turns into one plan's follow-ups after another.
        self.maxActivePlans = max(3, min(40, total / 400))
    }

    mutating func run() throws(OutputError) {
        while seq < total {
            step()
            if out.bytes.count >= 1 << 20 { try flush() }
        }
        try flush()
    }

    /// Writes one event, choosing its type by the mix below.
    private mutating func step() {
        if !followers.isEmpty, rng.chance(0.5) {
            emitFollower()
            return
        }
        switch rng.below(1000) {
        case 0..<10: if emitCorrection() { return }
        case 10..<16: if emitRetraction() { return }
        case 16..<135: emitDiaryRegistered(); return
        case 135..<200: if emitDiaryArchived() { return }
        case 200..<270: emitDecision(); return
        case 270..<315: emitAssignmentIssued(); return
        case 315..<365: if emitAssignmentReported() { return }
        case 365..<380: emitProcessStep(); return
        default: break
        }
        planStep()
    }

    // MARK: Envelope

    /// Starts an event's line up to `"data":`; the caller writes the data object and calls `endEvent`.
    mutating func beginEvent(_ type: StaticString, plan: String?, effective: Day) {
        seq += 1
        out.beginObject()
        if rng.chance(0.1) {
            out.field("id", "gen-\(seed)-\(seq)")
        }
        out.field("type", type)
        out.field("plan", plan)
        out.field("effective", date: effective)
        if rng.chance(0.7) {
            out.field("actor", rng.pick(Vocabulary.actors))
        }
        out.key("data")
    }

    mutating func endEvent() {
        out.endObject()
        out.newline()
    }

    // MARK: Dates and numbers

    mutating func day(in range: ClosedRange<Day>) -> Day {
        Day(rng.int(range.lowerBound.number...range.upperBound.number))
    }

    /// A date for an event outside the plans' own timelines: a few days after where some live plan has got
    /// to, and that plan's key to name in the event with probability `planShare` (so that an entry never
    /// names a plan registered after its date).
    mutating func nearby(planShare: Double) -> (day: Day, plan: String?) {
        guard !plans.isEmpty else { return (day(in: Self.earliest...Self.horizon), nil) }
        let plan = rng.pick(plans)
        let day = min(Self.horizon, plan.lastDay + rng.int(0...20))
        return (day, rng.chance(planShare) ? plan.key : nil)
    }

    /// A new, never used dnr in the series of body `bodyIndex` for `year`: "RS/1321/2015".
    mutating func newDnr(body bodyIndex: Int, year: Int) -> String {
        let prefix = Vocabulary.diaryPrefix(bodyIndex, year: year)
        let series = "\(prefix)/\(year)"
        let number = (dnrCounters[series] ?? rng.int(0...150)) + rng.int(1...4)
        dnrCounters[series] = number
        let dnr = "\(prefix)/\(number)/\(year)"
        recentDnrs.add((dnr, year))
        return dnr
    }

    /// A dnr used lately, from `year` or before (a decision or an entry in an ongoing case), if there is one.
    mutating func recentDnr(notAfter year: Int) -> String? {
        guard !recentDnrs.isEmpty else { return nil }
        let recent = recentDnrs[rng.below(recentDnrs.count)]
        return recent.year <= year ? recent.dnr : nil
    }

    mutating func paragraph() -> String { "§ \(rng.int(1...280))" }

    // MARK: Output

    private mutating func flush() throws(OutputError) {
        let written = out.bytes.withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
        if written != 0 { throw OutputError(code: written) }
        out.removeAll()
    }
}

/// Writing the output failed (a full disk, a closed pipe).
struct OutputError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "cannot write the output: \(String(cString: strerror(code)))" }
}
