/// The "rejected when" rules that need the ledger's state, and the state change an accepted event makes.
///
/// `check` reads, `apply` writes; an append calls `check` and, when it finds nothing, `apply`, event by event,
/// so that each event is judged against everything before it, including earlier lines of the same file.
public enum LedgerRules {
    /// An event as it counts now: the original, or its latest correction's replacement.
    public struct CurrentEvent: Sendable {
        public var seq: Int
        public var type: EventType
        public var plan: String?
        public var effective: LedgerDate
        /// The data as it counts now (the original's, or the latest replacement's), and its typed reading.
        public var data: [String: JSONValue]
        public var payload: Payload
        public var amendment: AmendmentState?
    }

    /// The event at `seq` with its latest correction applied, or nil when no such seq exists.
    public static func current(seq: Int, in state: some LedgerState) throws -> CurrentEvent? {
        guard let original = try state.event(seq: seq) else { return nil }
        let amendment = try state.amendment(of: seq)
        var effective = original.effective
        var data = original.data
        var payload = try original.payload()
        if let correctionSeq = amendment?.latestCorrection, let correction = try state.event(seq: correctionSeq),
            case .eventCorrected(let c) = try correction.payload()
        {
            // The latest correction's effective, or (when it named none) the one it kept from before it.
            effective = c.effective ?? amendment?.effective ?? original.effective
            data = c.data
            if case .success(let p) = Payload.read(original.type, data: c.data) { payload = p }
        }
        return CurrentEvent(seq: seq, type: original.type, plan: original.plan, effective: effective, data: data, payload: payload, amendment: amendment)
    }

    // MARK: - Checking

    /// Every state rule `event` breaks; empty when it may be appended. Changes nothing.
    public static func check(_ event: ProposedEvent, in state: some LedgerState) throws -> [Problem] {
        switch event.payload {
        case .eventCorrected(let c):
            return try checkCorrection(c, plan: event.plan, in: state)
        case .eventRetracted(let r):
            return try checkRetraction(r, plan: event.plan, in: state)
        default:
            return try checkDomain(event.type, plan: event.plan, effective: event.effective, payload: event.payload, replacing: nil, in: state)
        }
    }

    /// The target of a correction or retraction, or the problem with it.
    private static func amendable(_ target: Int, plan: String?, in state: some LedgerState) throws -> Result<CurrentEvent, Problem> {
        guard let current = try current(seq: target, in: state) else {
            return .failure(Problem.missing(field: "data.target", reason: "no event with seq \(target) (the ledger's head is \(state.head))"))
        }
        if current.type.isAmendment {
            return .failure(Problem(field: "data.target", reason: "seq \(target) is an \(current.type.rawValue); amend the original event instead"))
        }
        if let retractedBy = current.amendment?.retractedBy {
            return .failure(Problem(field: "data.target", reason: "seq \(target) was already retracted (seq \(retractedBy))"))
        }
        if let plan, plan != current.plan {
            return .failure(Problem(field: "plan", reason: "is \"\(plan)\" but seq \(target) concerns \(current.plan.map { "plan \"\($0)\"" } ?? "no plan")"))
        }
        return .success(current)
    }

    private static func checkCorrection(_ c: EventCorrected, plan: String?, in state: some LedgerState) throws -> [Problem] {
        let target: CurrentEvent
        switch try amendable(c.target, plan: plan, in: state) {
        case .success(let t): target = t
        case .failure(let p): return [p]
        }
        let replacement: Payload
        switch Payload.read(target.type, data: c.data, path: "data.replacement.data") {
        case .success(let p): replacement = p
        case .failure(let rejection): return rejection.problems
        }
        if let was = target.payload.identity, let now = replacement.identity, was.value != now.value {
            return [Problem(field: "data.replacement.data.\(now.field)", reason: "a correction cannot change \(now.field) (\"\(was.value)\" → \"\(now.value)\"); retract seq \(c.target) and record it anew")]
        }
        let effective = c.effective ?? target.effective
        let problems = try checkDomain(target.type, plan: target.plan, effective: effective, payload: replacement, replacing: target, in: state)
        guard problems.isEmpty, let key = target.plan, let plan = try state.plan(key),
            let after = planState(plan, key: key, applying: replacement, effective: effective, seq: c.target, correcting: true)
        else { return problems }
        // A corrected version (or repeal date, or period) must leave every follow-up recorded against it valid.
        let what = "seq \(c.target) (\(target.type.rawValue) of \"\(key)\")"
        return try dependantsProblem(field: "data.replacement", what: what, plan: plan, after: after, in: state).map { [$0] } ?? []
    }

    private static func checkRetraction(_ r: EventRetracted, plan: String?, in state: some LedgerState) throws -> [Problem] {
        let target: CurrentEvent
        switch try amendable(r.target, plan: plan, in: state) {
        case .success(let t): target = t
        case .failure(let p): return [p]
        }
        let field = "data.target"
        switch target.payload {
        case .planRegistered:
            if let p = try state.plan(target.plan ?? ""), !p.versions.isEmpty || p.repealedSeq != nil {
                return [Problem(field: field, reason: "plan \"\(p.key)\" has \(p.versions.count) version(s)\(p.repealedSeq != nil ? " and a repeal" : ""); retract those first")]
            }
        case .planRevised(let v):
            if let p = try state.plan(target.plan ?? "") {
                if p.versions.count != v.version {
                    return [Problem(field: field, reason: "version \(v.version) of \"\(p.key)\" is not its latest (version \(p.versions.count) is); retract later versions first")]
                }
                if let after = planState(p, removing: target),
                    let problem = try dependantsProblem(field: field, what: "version \(v.version) of \"\(p.key)\"", plan: p, after: after, in: state)
                {
                    return [problem]
                }
            }
        case .diaryRegistered(let d):
            if let entry = try state.diary(d.dnr), let archived = entry.archivedSeq {
                return [Problem(field: field, reason: "\(d.dnr) is archived (seq \(archived)); retract the archiving first")]
            }
        case .processPlanned, .processRevised:
            if let problem = try processRetractionProblem(target, in: state) { return [problem] }
        case .assignmentIssued(let a):
            if let s = try state.assignment(a.assignment), !s.reports.isEmpty {
                return [Problem(field: field, reason: "assignment \"\(a.assignment)\" has reports (seq \(s.reports.map(String.init).joined(separator: ", "))); retract them first")]
            }
        default:
            break
        }
        return []
    }

    /// The rules of a domain event, for a new event or (with `replacing`) for the replacement of an earlier one.
    private static func checkDomain(
        _ type: EventType, plan key: String?, effective: LedgerDate, payload: Payload, replacing target: CurrentEvent?,
        in state: some LedgerState
    ) throws -> [Problem] {
        var problems: [Problem] = []
        let plan = try key.flatMap { try state.plan($0) }
        let dataPath = target == nil ? "data" : "data.replacement.data"
        let effectivePath = target == nil ? "effective" : "data.replacement.effective"

        func requirePlan() -> PlanState? {
            guard let key else { return nil }
            if plan == nil { problems.append(Problem.missing(field: "plan", reason: "no plan \"\(key)\" in the ledger")) }
            return plan
        }

        switch payload {
        case .planRegistered(let p):
            if target == nil, let plan {
                problems.append(Problem(field: "plan", reason: "\"\(plan.key)\" is already registered (seq \(plan.registeredSeq))"))
            }
            if let parent = p.parent {
                if parent == key {
                    problems.append(Problem(field: "\(dataPath).parent", reason: "a plan cannot be its own parent"))
                } else if let parentState = try state.plan(parent) {
                    if try isAncestor(key ?? "", of: parentState, in: state) {
                        problems.append(Problem(field: "\(dataPath).parent", reason: "\"\(parent)\" lies below \"\(key ?? "")\" in the goal chain; a chain cannot loop"))
                    }
                } else {
                    problems.append(Problem.missing(field: "\(dataPath).parent", reason: "no plan \"\(parent)\" in the ledger"))
                }
            }
            if target != nil, let first = plan?.versions.first, effective > first.effective {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is after version 1 (\(first.effective)); a plan is registered before it is adopted"))
            }

        case .planRevised(let r):
            guard let plan = requirePlan() else { break }
            if target == nil, let repealed = plan.repealed {
                problems.append(Problem(field: "plan", reason: "\"\(plan.key)\" was repealed on \(repealed) (seq \(plan.repealedSeq ?? 0)); register a new plan instead"))
                break
            }
            let expected = target == nil ? plan.versions.count + 1 : r.version
            if r.version != expected {
                let previous = plan.versions.isEmpty ? "the plan has no version yet" : "the previous version is \(plan.versions.count)"
                problems.append(Problem(field: "\(dataPath).version", reason: "expected \(expected) (\(previous)), got \(r.version)"))
                break
            }
            let previous = r.version >= 2 ? plan.versions[r.version - 2] : nil
            let floor = previous?.effective ?? plan.registered
            if effective < floor {
                let what = previous.map { "version \($0.version) (\($0.effective))" } ?? "the plan's registration (\(plan.registered))"
                problems.append(Problem(field: effectivePath, reason: "\(effective) is before \(what); a version cannot predate the one before it"))
            }
            if target != nil, r.version < plan.versions.count {
                let next = plan.versions[r.version]
                if effective > next.effective {
                    problems.append(Problem(field: effectivePath, reason: "\(effective) is after version \(next.version) (\(next.effective)); a corrected version cannot move past the next one"))
                }
            }
            if let repealed = plan.repealed, effective > repealed {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is after the plan's repeal (\(repealed))"))
            }

        case .planRepealed:
            guard let plan = requirePlan() else { break }
            if target == nil, let repealedSeq = plan.repealedSeq {
                problems.append(Problem(field: "plan", reason: "\"\(plan.key)\" is already repealed (seq \(repealedSeq))"))
                break
            }
            let floor = plan.versions.last?.effective ?? plan.registered
            if effective < floor {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is before the plan's latest version or registration (\(floor))"))
            }

        case .decisionRecorded:
            _ = requirePlan()

        case .assignmentIssued(let a):
            _ = requirePlan()
            if target == nil, let existing = try state.assignment(a.assignment) {
                problems.append(Problem(field: "\(dataPath).assignment", reason: "\"\(a.assignment)\" is already issued (seq \(existing.seq))"))
            }
            if target != nil, let s = try state.assignment(a.assignment),
                let earliest = try s.reports.compactMap({ try current(seq: $0, in: state)?.effective }).min(), effective > earliest
            {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is after the assignment's earliest report (\(earliest))"))
            }

        case .diaryRegistered(let d):
            _ = requirePlan()
            if target == nil, let existing = try state.diary(d.dnr) {
                problems.append(Problem(field: "\(dataPath).dnr", reason: "\(d.dnr) is already registered (seq \(existing.seq))"))
            }
            if target != nil, let archived = try state.diary(d.dnr)?.archived, effective > archived {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is after the entry was archived (\(archived))"))
            }

        case .assignmentReported(let a):
            _ = requirePlan()
            if let s = try state.assignment(a.assignment) {
                if effective < s.issued {
                    problems.append(Problem(field: effectivePath, reason: "\(effective) is before the assignment was issued (\(s.issued))"))
                }
            } else {
                problems.append(Problem.missing(field: "\(dataPath).assignment", reason: "no assignment \"\(a.assignment)\" in the ledger"))
            }

        case .diaryArchived(let a):
            _ = requirePlan()
            if let entry = try state.diary(a.dnr) {
                if target == nil, let archived = entry.archivedSeq {
                    problems.append(Problem(field: "\(dataPath).dnr", reason: "\(a.dnr) is already archived (seq \(archived)); correct that event instead"))
                } else if effective < entry.registered {
                    problems.append(Problem(field: effectivePath, reason: "\(effective) is before the entry's date (\(entry.registered)); a document is archived after it is registered"))
                }
            } else {
                problems.append(Problem.missing(field: "\(dataPath).dnr", reason: "no diary entry \(a.dnr) in the ledger"))
            }

        case .processPlanned, .processRevised, .milestoneReached:
            _ = requirePlan()
            problems += try checkProcess(payload, effective: effective, replacing: target, dataPath: dataPath, effectivePath: effectivePath, in: state)

        case .followupRecorded(let f):
            guard let plan = requirePlan() else { break }
            problems += followupProblems(f, effective: effective, plan: plan, dataPath: dataPath, effectivePath: effectivePath)
            if let first = try liveFollowup(of: plan.key, metric: f.metric, period: f.period, other: target?.seq, in: state) {
                problems.append(Problem(field: "\(dataPath).period", reason: "plan \"\(plan.key)\" already has a follow-up of \"\(f.metric)\" for \(f.period) (seq \(first)); one outcome per metric and period: to change it, run planledger correct \(first)"))
            }

        case .activityReported(let a):
            guard let plan = requirePlan() else { break }
            problems += activityReportProblems(a, effective: effective, plan: plan, dataPath: dataPath, effectivePath: effectivePath)
        case .policyAdopted:
            // The governing document that states the policy must be in the ledger, registered by the policy's date.
            // A key already adopted is a new version of that policy (see `PolicyAdopted`): no state rule refuses it.
            guard let plan = requirePlan() else { break }
            if effective < plan.registered {
                problems.append(Problem(field: effectivePath, reason: "\(effective) is before plan \"\(plan.key)\", which states the policy, was registered (\(plan.registered))"))
            }

        case .eventCorrected, .eventRetracted:
            break
        }
        return problems
    }

    /// The activity rule (SPEC, "The planning year"): `activity.reported` names an activity of the plan's content
    /// in force on the report's `effective` date, of a plan not repealed by then. Empty when `a` passes.
    static func activityReportProblems(
        _ a: ActivityReported, effective: LedgerDate, plan: PlanState, dataPath: String, effectivePath: String
    ) -> [Problem] {
        if let repealed = plan.repealed, repealed <= effective {
            return [Problem(field: effectivePath, reason: "plan \"\(plan.key)\" was repealed on \(repealed); it has no activities in force on \(effective)")]
        }
        guard let version = plan.version(inForceOn: effective) else {
            return [Problem(field: effectivePath, reason: "no version of plan \"\(plan.key)\" is in force on \(effective)")]
        }
        let activities = plan.activities(asOfVersion: version.version)
        guard activities.contains(a.activity) else {
            let known = activities.prefix(10).joined(separator: ", ")
            return [Problem(field: "\(dataPath).activity", reason: "\"\(a.activity.prefix(60))\" is not an activity of plan \"\(plan.key)\" in force on \(effective) (version \(version.version)\(known.isEmpty ? ", which has no activities" : "; its activities: \(known)"))")]
        }
        return []
    }

    /// The day a follow-up is judged on: the earlier of its own date and the last day of its period (SPEC, event
    /// table, `followup.recorded`), so that the annual report made in February for a plan repealed on 1 January is
    /// judged against the plan as it stood on 31 December.
    public static func judgingDay(of period: FollowupPeriod, reportedOn effective: LedgerDate) -> LedgerDate {
        min(effective, period.end)
    }

    /// The follow-up rule: the metric must be in the plan's content in force on the judging day (and the plan
    /// not repealed by then), declare the period's code, and the period's year must lie in the plan's period (a
    /// plan without one: from the year of the version that introduced the metric). Empty when `f` passes.
    static func followupProblems(
        _ f: FollowupRecorded, effective: LedgerDate, plan: PlanState, dataPath: String, effectivePath: String
    ) -> [Problem] {
        let judged = judgingDay(of: f.period, reportedOn: effective)
        let day = judged == effective ? "\(judged)" : "\(judged) (the end of \(f.period), before the report's date \(effective))"
        if let repealed = plan.repealed, repealed <= judged {
            return [Problem(field: effectivePath, reason: "plan \"\(plan.key)\" was repealed on \(repealed); it has no content in force on \(day)")]
        }
        guard let version = plan.version(inForceOn: judged) else {
            return [Problem(field: effectivePath, reason: "no version of plan \"\(plan.key)\" is in force on \(day)")]
        }
        let metrics = plan.metrics(asOfVersion: version.version)
        guard let periods = metrics[f.metric] else {
            let known = metrics.keys.sorted().prefix(10).joined(separator: ", ")
            return [Problem(field: "\(dataPath).metric", reason: "\"\(f.metric)\" is not a metric of plan \"\(plan.key)\" in force on \(day) (version \(version.version)\(known.isEmpty ? ", which has no metrics" : "; its metrics: \(known)"))")]
        }
        var problems: [Problem] = []
        if !periods.contains(f.period.code) {
            problems.append(Problem(field: "\(dataPath).period", reason: "metric \"\(f.metric)\" is followed up in \(periods.map(\.rawValue).joined(separator: ", ")), not \(f.period.code.rawValue)"))
        }
        if let period = plan.period(asOfVersion: version.version) {
            if !period.years.contains(f.period.year) {
                problems.append(Problem(field: "\(dataPath).period", reason: "\(f.period.year) is outside the plan's period (\(period.from) – \(period.to))"))
            }
        } else if let introduced = (1...version.version).first(where: { plan.metrics(asOfVersion: $0)[f.metric] != nil }),
            f.period.year < plan.versions[introduced - 1].effective.year
        {
            // Without a period, a metric recurs every year from the version that introduced it.
            problems.append(Problem(field: "\(dataPath).period", reason: "metric \"\(f.metric)\" was introduced by version \(introduced) in \(plan.versions[introduced - 1].effective.year); it has no \(f.period.year) periods"))
        }
        return problems
    }

    /// The seq of the follow-up that counts now for `metric` and `period` of `plan` (not retracted, its period as
    /// corrected), other than `other` (the event a correction replaces); nil when there is none. A plan has one
    /// outcome per metric and period: a second report of the same is a mistake or a change of the first, and a
    /// change is a correction of the first (`planledger correct SEQ`), so that the change list keeps both.
    static func liveFollowup(of plan: String, metric: String, period: FollowupPeriod, other: Int?, in state: some LedgerState) throws -> Int? {
        for seq in try state.followups(of: plan, metric: metric, period: period) where seq != other {
            guard let followup = try current(seq: seq, in: state), followup.amendment?.retractedBy == nil,
                case .followupRecorded(let f) = followup.payload, f.metric == metric, f.period == period
            else { continue }
            return seq
        }
        return nil
    }

    /// The follow-ups that an amendment of a plan's event would orphan: every live `followup.recorded` of the
    /// plan that passes the follow-up rule now but would not against `after`, the plan as the amendment leaves
    /// it. Each with its seq and the first problem it would then have.
    private static func orphanedFollowups(of plan: PlanState, after: PlanState, in state: some LedgerState) throws -> [(seq: Int, problem: Problem)] {
        try orphaned(try state.followups(of: plan.key), of: plan, after: after, in: state) { event, plan in
            guard case .followupRecorded(let f) = event.payload else { return nil }
            return followupProblems(f, effective: event.effective, plan: plan, dataPath: "data", effectivePath: "effective")
        }
    }

    /// The activity reports of `plan` that pass the activity rule now and would not once the plan is `after`.
    private static func orphanedActivityReports(of plan: PlanState, after: PlanState, in state: some LedgerState) throws -> [(seq: Int, problem: Problem)] {
        try orphaned(try state.activityReports(of: plan.key), of: plan, after: after, in: state) { event, plan in
            guard case .activityReported(let a) = event.payload else { return nil }
            return activityReportProblems(a, effective: event.effective, plan: plan, dataPath: "data", effectivePath: "effective")
        }
    }

    /// Of the events at `seqs`, as corrected and not retracted, those that `problems` passes against `plan` and fails
    /// against `after`, each with its first problem then. `problems` is nil for an event of another type.
    private static func orphaned(
        _ seqs: [Int], of plan: PlanState, after: PlanState, in state: some LedgerState,
        problems: (CurrentEvent, PlanState) -> [Problem]?
    ) throws -> [(seq: Int, problem: Problem)] {
        var orphaned: [(Int, Problem)] = []
        for seq in seqs {
            guard let event = try current(seq: seq, in: state), event.amendment?.retractedBy == nil,
                let now = problems(event, plan), now.isEmpty
            else { continue }
            if let first = problems(event, after)?.first { orphaned.append((seq, first)) }
        }
        return orphaned
    }

    /// The problem of an amendment that would orphan follow-ups or activity reports (a report of an activity that would
    /// no longer be in the content in force on its date), naming them; nil when none depends on it.
    private static func dependantsProblem(
        field: String, what: String, plan: PlanState, after: PlanState, in state: some LedgerState
    ) throws -> Problem? {
        let orphaned = try orphanedFollowups(of: plan, after: after, in: state)
        if let first = orphaned.first {
            let seqs = orphaned.map { String($0.seq) }.joined(separator: ", ")
            return Problem(field: field, reason: "follow-ups depend on \(what): seq \(seqs) would no longer pass the follow-up rule (seq \(first.seq): \(first.problem.field.map { "\($0): " } ?? "")\(first.problem.reason)); correct or retract them first")
        }
        let reports = try orphanedActivityReports(of: plan, after: after, in: state)
        guard let first = reports.first else { return nil }
        let seqs = reports.map { String($0.seq) }.joined(separator: ", ")
        return Problem(field: field, reason: "activity reports depend on \(what): seq \(seqs) would no longer pass the activity rule (seq \(first.seq): \(first.problem.field.map { "\($0): " } ?? "")\(first.problem.reason)); correct or retract them first")
    }

    /// Whether `key` is `plan` or one of its ancestors through `parent`.
    private static func isAncestor(_ key: String, of plan: PlanState, in state: some LedgerState) throws -> Bool {
        var current: PlanState? = plan
        var steps = 0
        while let p = current, steps < 10_000 {
            if p.key == key { return true }
            current = try p.parent.flatMap { try state.plan($0) }
            steps += 1
        }
        return false
    }

    // MARK: - Applying

    /// Records the state change of an accepted event (checked by `check`), appended at `seq`.
    public static func apply(_ event: ProposedEvent, seq: Int, to state: inout some LedgerState) throws {
        switch event.payload {
        case .eventCorrected(let c):
            guard let target = try current(seq: c.target, in: state),
                case .success(let replacement) = Payload.read(target.type, data: c.data)
            else { return }
            var amendment = target.amendment ?? AmendmentState(target: c.target)
            amendment.latestCorrection = seq
            amendment.effective = c.effective ?? target.effective
            state.put(amendment: amendment)
            try applyDomain(replacement, plan: target.plan, effective: c.effective ?? target.effective, seq: c.target, correcting: true, to: &state)
        case .eventRetracted(let r):
            guard let target = try current(seq: r.target, in: state) else { return }
            var amendment = target.amendment ?? AmendmentState(target: r.target)
            amendment.retractedBy = seq
            state.put(amendment: amendment)
            try unapply(target, to: &state)
        default:
            try applyDomain(event.payload, plan: event.plan, effective: event.effective, seq: seq, correcting: false, to: &state)
        }
    }

    private static func applyDomain(
        _ payload: Payload, plan key: String?, effective: LedgerDate, seq: Int, correcting: Bool, to state: inout some LedgerState
    ) throws {
        switch payload {
        case .planRegistered, .planRevised, .planRepealed:
            guard let key, let plan = planState(try state.plan(key), key: key, applying: payload, effective: effective, seq: seq, correcting: correcting)
            else { return }
            state.put(plan: plan, key: key)
        case .assignmentIssued(let a):
            var s = try state.assignment(a.assignment) ?? AssignmentState(key: a.assignment, seq: seq, issued: effective, reports: [])
            s.issued = effective
            state.put(assignment: s)
        case .assignmentReported(let a):
            if !correcting, var s = try state.assignment(a.assignment) {
                s.reports.append(seq)
                state.put(assignment: s)
            }
        case .diaryRegistered(let d):
            var entry = try state.diary(d.dnr) ?? DiaryState(dnr: d.dnr, seq: seq, registered: effective)
            entry.registered = effective
            state.put(diary: entry)
        case .diaryArchived(let a):
            if var entry = try state.diary(a.dnr) {
                entry.archivedSeq = seq
                entry.archived = effective
                state.put(diary: entry)
            }
        case .processPlanned, .processRevised, .milestoneReached:
            try applyProcess(payload, effective: effective, seq: seq, correcting: correcting, to: &state)
        case .decisionRecorded, .followupRecorded, .activityReported, .policyAdopted, .eventCorrected, .eventRetracted:
            break
        }
    }

    /// A plan's state after a plan event (`plan.registered`, `plan.revised`, `plan.repealed`) at `seq` (the target's
    /// seq when `correcting`); nil when the event does not apply (no such plan, or not a plan event). Pure, so
    /// that an amendment can be judged by the state it would leave before it is applied.
    static func planState(
        _ existing: PlanState?, key: String, applying payload: Payload, effective: LedgerDate, seq: Int, correcting: Bool
    ) -> PlanState? {
        switch payload {
        case .planRegistered(let p):
            var plan = existing ?? PlanState(key: key, registeredSeq: seq, registered: effective, versions: [])
            plan.registered = effective
            plan.period = p.period
            plan.parent = p.parent
            return plan
        case .planRevised(let r):
            guard var plan = existing else { return nil }
            let version = VersionState(version: r.version, seq: seq, effective: effective, metrics: r.content?.metricPeriods, period: r.content?.period,
                                       activities: r.content?.activityIDs)
            if correcting, r.version <= plan.versions.count {
                plan.versions[r.version - 1] = version
            } else {
                plan.versions.append(version)
            }
            return plan
        case .planRepealed:
            guard var plan = existing else { return nil }
            plan.repealedSeq = seq
            plan.repealed = effective
            return plan
        default:
            return nil
        }
    }

    /// A plan's state without a retracted `plan.revised` (its latest version) or `plan.repealed`; nil when the
    /// retraction changes nothing of the plan.
    static func planState(_ plan: PlanState, removing target: CurrentEvent) -> PlanState? {
        var plan = plan
        switch target.payload {
        case .planRevised(let r):
            guard plan.versions.count == r.version else { return nil }
            plan.versions.removeLast()
        case .planRepealed:
            plan.repealedSeq = nil
            plan.repealed = nil
        default:
            return nil
        }
        return plan
    }

    /// Undoes what a retracted event had done to the state, as if it had never happened.
    private static func unapply(_ target: CurrentEvent, to state: inout some LedgerState) throws {
        switch target.payload {
        case .planRegistered:
            if let key = target.plan { state.removePlan(key) }
        case .planRevised, .planRepealed:
            if let key = target.plan, let plan = try state.plan(key), let after = planState(plan, removing: target) {
                state.put(plan: after, key: key)
            }
        case .assignmentIssued(let a):
            state.removeAssignment(a.assignment)
        case .assignmentReported(let a):
            if var s = try state.assignment(a.assignment) {
                s.reports.removeAll { $0 == target.seq }
                state.put(assignment: s)
            }
        case .diaryRegistered(let d):
            state.removeDiary(d.dnr)
        case .diaryArchived(let a):
            if var entry = try state.diary(a.dnr) {
                entry.archivedSeq = nil
                entry.archived = nil
                state.put(diary: entry)
            }
        case .processPlanned, .processRevised, .milestoneReached:
            try unapplyProcess(target, to: &state)
        case .decisionRecorded, .followupRecorded, .activityReported, .policyAdopted, .eventCorrected, .eventRetracted:
            break
        }
    }
}

extension AmendmentState {
    public init(target: Int) {
        self.init(target: target, latestCorrection: nil, retractedBy: nil, effective: nil)
    }
}
