/// The state rules of the planning process (SPEC "The planning year", **The process**).
///
/// - `process.planned`: the key is new (a second planning of the same process is a revision or a correction);
///   when correcting, it must stay on or before its first revision and keep every reached milestone in the
///   timetable.
/// - `process.revised`: the process exists and was planned on or before the revision's date; the phases and
///   milestones it gives lie inside the plan year's window (`ProcessWindow`) and its milestones name phases of
///   the timetable as revised.
/// - `milestone.reached`: the process exists, the milestone is in the timetable in force on `effective` (as
///   planned and revised by events effective on or before it), it is not reached already, and `data.plan`,
///   when given, is a plan in the ledger.
/// - Retracting a planning with revisions or reached milestones, or a revision that a reached milestone needs,
///   is refused: retract those first.
extension LedgerRules {
    /// The timetable events of `process` as they count now (corrections applied), with their effective dates:
    /// the planning and each live revision, `excluding` one seq (the event a correction replaces).
    static func timetableEvents(_ process: ProcessState, excluding: Int?, in state: some LedgerState) throws
        -> (planned: (ProcessPlanned, LedgerDate)?, revisions: [(seq: Int, revision: ProcessRevised, effective: LedgerDate)])
    {
        var planned: (ProcessPlanned, LedgerDate)?
        if process.seq != excluding, let e = try current(seq: process.seq, in: state), case .processPlanned(let p) = e.payload {
            planned = (p, e.effective)
        }
        var revisions: [(Int, ProcessRevised, LedgerDate)] = []
        for seq in process.revisions where seq != excluding {
            if let e = try current(seq: seq, in: state), case .processRevised(let r) = e.payload { revisions.append((seq, r, e.effective)) }
        }
        return (planned, revisions.sorted { ($0.2, $0.0) < ($1.2, $1.0) })
    }

    /// The reached milestones of `process` that count now, with their effective dates, `excluding` one seq.
    static func reachedEvents(_ process: ProcessState, excluding: Int?, in state: some LedgerState) throws -> [(seq: Int, milestone: String, effective: LedgerDate)] {
        try process.reached.values.sorted().compactMap { seq in
            guard seq != excluding, let e = try current(seq: seq, in: state), case .milestoneReached(let m) = e.payload else { return nil }
            return (seq, m.milestone, e.effective)
        }
    }

    /// The first reached milestone that a timetable (`planned` with `revisions`) would not hold on its date.
    static func orphanedMilestone(
        planned: (ProcessPlanned, LedgerDate), revisions: [(seq: Int, revision: ProcessRevised, effective: LedgerDate)],
        reached: [(seq: Int, milestone: String, effective: LedgerDate)]
    ) -> (seq: Int, milestone: String)? {
        for r in reached {
            let ids = r.effective < planned.1 ? [] : Set(ProcessTimetable(planned.0, revisions: revisions.filter { $0.effective <= r.effective }.map(\.revision)).milestones.map(\.id))
            if !ids.contains(r.milestone) { return (r.seq, r.milestone) }
        }
        return nil
    }

    static func checkProcess(
        _ payload: Payload, effective: LedgerDate, replacing target: CurrentEvent?, dataPath: String, effectivePath: String,
        in state: some LedgerState
    ) throws -> [Problem] {
        var problems: [Problem] = []
        switch payload {
        case .processPlanned(let p):
            let existing = try state.process(p.process)
            if target == nil, let existing {
                problems.append(Problem(field: "\(dataPath).process", reason: "\"\(p.process)\" is already planned (seq \(existing.seq)); change its timetable with process.revised"))
            }
            if let target, let existing {
                let events = try timetableEvents(existing, excluding: target.seq, in: state)
                if let first = events.revisions.first, effective > first.effective {
                    problems.append(Problem(field: effectivePath, reason: "\(effective) is after the process's first revision (\(first.effective), seq \(first.seq)); a process is planned before it is revised"))
                } else if let orphan = orphanedMilestone(planned: (p, effective), revisions: events.revisions,
                                                         reached: try reachedEvents(existing, excluding: nil, in: state)) {
                    problems.append(Problem(field: dataPath, reason: "milestone \"\(orphan.milestone)\" was reached (seq \(orphan.seq)) and would no longer be in the timetable; retract that first"))
                }
            }

        case .processRevised(let r):
            guard let process = try state.process(r.process) else {
                problems.append(Problem.missing(field: "\(dataPath).process", reason: "no process \"\(r.process)\" in the ledger"))
                break
            }
            let events = try timetableEvents(process, excluding: target?.seq, in: state)
            guard let planned = events.planned else { break }
            if effective < planned.1 {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is before the process was planned (\(planned.1)); a timetable is revised after it is planned"))
                break
            }
            let before = events.revisions.filter { $0.effective <= effective }.map(\.revision)
            let phaseIDs = Set(ProcessTimetable(planned.0, revisions: before + [r]).phases.map(\.id))
            let phases = r.phases ?? [], milestones = r.milestones ?? []
            problems += Timetable.problems(
                phases: phases, milestones: milestones, year: process.year, dataPath: dataPath,
                phaseIndex: { p in phases.firstIndex(of: p)! }, milestoneIndex: { m in milestones.firstIndex(of: m)! }, phaseIDs: phaseIDs)
            // A corrected revision (a new date, or other milestones) must keep every reached milestone in the timetable
            // on the day it was reached, as a retraction must (found by a newcomer's trial: a correction moved the
            // revision that added a milestone past the day it was reached).
            if let target {
                let revised = (events.revisions + [(seq: target.seq, revision: r, effective: effective)])
                    .sorted { ($0.effective, $0.seq) < ($1.effective, $1.seq) }
                if let orphan = orphanedMilestone(planned: planned, revisions: revised, reached: try reachedEvents(process, excluding: nil, in: state)) {
                    problems.append(Problem(field: dataPath, reason: "milestone \"\(orphan.milestone)\" was reached (seq \(orphan.seq)) and would no longer be in the timetable on that day; correct or retract that first"))
                }
            }

        case .milestoneReached(let m):
            if let plan = m.plan, try state.plan(plan) == nil {
                problems.append(Problem.missing(field: "\(dataPath).plan", reason: "no plan \"\(plan)\" in the ledger"))
            }
            guard let process = try state.process(m.process) else {
                problems.append(Problem.missing(field: "\(dataPath).process", reason: "no process \"\(m.process)\" in the ledger"))
                break
            }
            if let seq = process.reached[m.milestone], seq != target?.seq {
                let when = try current(seq: seq, in: state)?.effective
                problems.append(Problem(field: "\(dataPath).milestone", reason: "\"\(m.milestone)\" of \"\(m.process)\" is already reached\(when.map { " on \($0)" } ?? "") (seq \(seq)); to change that, run planledger correct \(seq)"))
                break
            }
            let events = try timetableEvents(process, excluding: nil, in: state)
            guard let planned = events.planned else { break }
            if effective < planned.1 {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is before the process was planned (\(planned.1)); no milestone is in its timetable yet"))
                break
            }
            let timetable = ProcessTimetable(planned.0, revisions: events.revisions.filter { $0.effective <= effective }.map(\.revision))
            if !timetable.milestones.contains(where: { $0.id == m.milestone }) {
                let ids = timetable.milestones.map(\.id).joined(separator: ", ")
                problems.append(Problem.missing(field: "\(dataPath).milestone", reason: "no milestone \"\(m.milestone)\" in the timetable of \"\(m.process)\" in force on \(effective) (milestones: \(ids))"))
            }

        default:
            break
        }
        return problems
    }

    /// Why retracting `target` (a process event) is refused, or nil.
    static func processRetractionProblem(_ target: CurrentEvent, in state: some LedgerState) throws -> Problem? {
        let field = "data.target"
        switch target.payload {
        case .processPlanned(let p):
            if let s = try state.process(p.process), !s.revisions.isEmpty || !s.reached.isEmpty {
                return Problem(field: field, reason: "process \"\(p.process)\" has \(s.revisions.count) revision(s) and \(s.reached.count) reached milestone(s); retract those first")
            }
        case .processRevised(let r):
            if let s = try state.process(r.process) {
                let events = try timetableEvents(s, excluding: target.seq, in: state)
                if let planned = events.planned,
                    let orphan = orphanedMilestone(planned: planned, revisions: events.revisions, reached: try reachedEvents(s, excluding: nil, in: state))
                {
                    return Problem(field: field, reason: "milestone \"\(orphan.milestone)\" was reached (seq \(orphan.seq)) and is in the timetable only through this revision; retract that first")
                }
            }
        default:
            break
        }
        return nil
    }

    /// The state change of an accepted process event at `seq` (the target's seq when `correcting`).
    static func applyProcess(_ payload: Payload, effective: LedgerDate, seq: Int, correcting: Bool, to state: inout some LedgerState) throws {
        switch payload {
        case .processPlanned(let p):
            var s = try state.process(p.process) ?? ProcessState(key: p.process, seq: seq, planned: effective, year: p.year)
            s.planned = effective
            s.year = p.year
            state.put(process: s)
        case .processRevised(let r):
            if !correcting, var s = try state.process(r.process) {
                s.revisions.append(seq)
                state.put(process: s)
            }
        case .milestoneReached(let m):
            if !correcting, var s = try state.process(m.process) {
                s.reached[m.milestone] = seq
                state.put(process: s)
            }
        default:
            break
        }
    }

    /// Undoes a retracted process event.
    static func unapplyProcess(_ target: CurrentEvent, to state: inout some LedgerState) throws {
        switch target.payload {
        case .processPlanned(let p):
            state.removeProcess(p.process)
        case .processRevised(let r):
            if var s = try state.process(r.process) {
                s.revisions.removeAll { $0 == target.seq }
                state.put(process: s)
            }
        case .milestoneReached(let m):
            if var s = try state.process(m.process), s.reached[m.milestone] == target.seq {
                s.reached[m.milestone] = nil
                state.put(process: s)
            }
        default:
            break
        }
    }
}
