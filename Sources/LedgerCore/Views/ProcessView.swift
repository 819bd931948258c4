/// Where a planning process stands on a date (SPEC "The planning year", **The process**): shared by the fold
/// (`Replay`) and the projection (`ProcessesProjection`), which hand it the same events.

/// A phase's state on the as-of date D: `done` (to < D), `current` (from ≤ D ≤ to), `upcoming` (D < from).
public enum PhaseState: String, Sendable, Hashable, CaseIterable {
    case done, current, upcoming
}

/// A milestone's state on the as-of date D: `reached` (a `milestone.reached` effective ≤ D), else `due` (its date
/// is D), `overdue` (its date is before D) or `upcoming`.
public enum MilestoneState: String, Sendable, Hashable, CaseIterable {
    case reached, due, overdue, upcoming
}

/// The timetable's events as they count at a point, in the order they apply.
public struct ProcessHistory: Sendable, Hashable {
    /// An event of the timetable (`process.planned` or `process.revised`) with where it sits on both axes.
    public struct Entry<Payload: Sendable & Hashable>: Sendable, Hashable {
        public var payload: Payload
        public var effective: LedgerDate
        public var seq: Int
        public var recorded: Timestamp
        public var correctedBy: Int?

        public init(payload: Payload, effective: LedgerDate, seq: Int, recorded: Timestamp, correctedBy: Int?) {
            self.payload = payload
            self.effective = effective
            self.seq = seq
            self.recorded = recorded
            self.correctedBy = correctedBy
        }
    }

    public var planned: Entry<ProcessPlanned>
    /// Revisions effective on or before the as-of date, in any order (sorted by effective, seq when applied).
    public var revisions: [Entry<ProcessRevised>]
    /// Reached milestones effective on or before the as-of date.
    public var reached: [Entry<MilestoneReached>]

    public init(planned: Entry<ProcessPlanned>, revisions: [Entry<ProcessRevised>], reached: [Entry<MilestoneReached>]) {
        self.planned = planned
        self.revisions = revisions
        self.reached = reached
    }
}

/// The phases and milestones after the planned timetable and its revisions, in the order they applied.
public struct ProcessTimetable: Sendable, Hashable {
    public var phases: [ProcessPhase]
    public var milestones: [ProcessMilestone]

    /// `planned`'s timetable with each revision applied in turn: a phase or milestone replaces the one with its id,
    /// or is added when the id is new (see `ProcessRevised`).
    public init(_ planned: ProcessPlanned, revisions: some Sequence<ProcessRevised>) {
        phases = planned.phases
        milestones = planned.milestones
        for revision in revisions {
            for phase in revision.phases ?? [] {
                if let i = phases.firstIndex(where: { $0.id == phase.id }) { phases[i] = phase } else { phases.append(phase) }
            }
            for milestone in revision.milestones ?? [] {
                if let i = milestones.firstIndex(where: { $0.id == milestone.id }) { milestones[i] = milestone } else { milestones.append(milestone) }
            }
        }
    }
}

/// One phase with its state.
public struct PhaseView: Sendable, Hashable {
    public var id: String
    public var name: String
    public var from: LedgerDate
    public var to: LedgerDate
    public var state: PhaseState
}

/// One milestone with its state, and what reached it.
public struct MilestoneView: Sendable, Hashable {
    public var id: String
    public var name: String
    public var date: LedgerDate
    public var phase: String?
    public var body: String?
    public var purpose: String?
    public var deliverable: String?
    public var state: MilestoneState
    /// The `milestone.reached` event's effective date, when reached by the as-of date.
    public var reached: LedgerDate?
    /// Days from `date` to `reached`, 0 when reached on or before the date (early counts as on time); nil unless reached.
    public var daysLate: Int?
    public var note: String?
    /// The plan and dnr the reaching named.
    public var plan: String?
    public var dnr: String?
    /// The `milestone.reached` event.
    public var reachedSeq: Int?
}

/// One row of the timetable's change list: the planning (`change` nil) and each revision.
public struct ProcessChange: Sendable, Hashable {
    /// `planned` or `revised`.
    public var kind: String
    public var date: LedgerDate
    public var change: String?
    public var seq: Int
    public var recorded: Timestamp
    public var correctedBy: Int?

    public var corrected: Bool { correctedBy != nil }
}

/// A process as of a date: the timetable in force, each phase's and milestone's state, the current phase and the
/// next milestone, and the change list of the timetable.
public struct ProcessView: Sendable, Hashable {
    public var process: String
    public var title: String
    public var year: Int
    public var owner: String
    public var asOf: LedgerDate
    /// The current phase that began last (phases may overlap: VP feb–sep runs beside beredning apr–maj); nil
    /// when no phase is current.
    public var currentPhase: String?
    /// The first milestone by date that is not reached; nil when all are.
    public var nextMilestone: String?
    /// By `from`, then `to`, then id.
    public var phases: [PhaseView]
    /// By date, then id.
    public var milestones: [MilestoneView]
    /// The planning, then each revision, by (effective, seq).
    public var changes: [ProcessChange]
    /// The `process.planned` event.
    public var seq: Int

    /// Builds the view from the events that count at (as of D, known at K): `history` must hold only events with
    /// effective ≤ `asOf`. A reached event for a milestone not in the timetable is ignored (the rules refuse it).
    public init(_ history: ProcessHistory, asOf: LedgerDate) {
        let revisions = history.revisions.sorted { ($0.effective, $0.seq) < ($1.effective, $1.seq) }
        let planned = history.planned.payload
        let timetable = ProcessTimetable(planned, revisions: revisions.map(\.payload))
        process = planned.process
        title = planned.title
        year = planned.year
        owner = planned.owner
        self.asOf = asOf
        seq = history.planned.seq
        phases = timetable.phases.map { p in
            PhaseView(id: p.id, name: p.name, from: p.from, to: p.to,
                      state: p.to < asOf ? .done : (p.from <= asOf ? .current : .upcoming))
        }.sorted { a, b in
            a.from != b.from ? a.from < b.from : (a.to != b.to ? a.to < b.to : byteOrder(a.id, b.id))
        }
        var reachedBy: [String: ProcessHistory.Entry<MilestoneReached>] = [:]
        for r in history.reached.sorted(by: { ($0.effective, $0.seq) < ($1.effective, $1.seq) }) where reachedBy[r.payload.milestone] == nil {
            reachedBy[r.payload.milestone] = r
        }
        milestones = timetable.milestones.map { m in
            let r = reachedBy[m.id]
            let state: MilestoneState = r != nil ? .reached : (m.date == asOf ? .due : (m.date < asOf ? .overdue : .upcoming))
            return MilestoneView(
                id: m.id, name: m.name, date: m.date, phase: m.phase, body: m.body, purpose: m.purpose, deliverable: m.deliverable,
                state: state, reached: r?.effective, daysLate: r.map { max(0, $0.effective.daysSinceEpoch - m.date.daysSinceEpoch) },
                note: r?.payload.note, plan: r?.payload.plan, dnr: r?.payload.dnr, reachedSeq: r?.seq)
        }.sorted { a, b in a.date != b.date ? a.date < b.date : byteOrder(a.id, b.id) }
        currentPhase = phases.filter { $0.state == .current }.max { a, b in
            a.from != b.from ? a.from < b.from : byteOrder(b.id, a.id)
        }?.id
        nextMilestone = milestones.first { $0.state != .reached }?.id
        changes = [ProcessChange(kind: "planned", date: history.planned.effective, change: nil, seq: history.planned.seq,
                                 recorded: history.planned.recorded, correctedBy: history.planned.correctedBy)]
            + revisions.map { ProcessChange(kind: "revised", date: $0.effective, change: $0.payload.change, seq: $0.seq,
                                            recorded: $0.recorded, correctedBy: $0.correctedBy) }
    }

    /// Processes by plan year, then key.
    public static func listOrder(_ a: ProcessView, _ b: ProcessView) -> Bool {
        a.year != b.year ? a.year < b.year : byteOrder(a.process, b.process)
    }
}
