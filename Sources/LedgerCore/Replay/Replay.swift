/// The whole state at (as of D, known at K), by a plain fold of the log. It is the reference the projections
/// are checked against: it reads nothing but the events, and follows the SPEC's words step by step.
public struct LedgerSnapshot: Sendable, Hashable {
    public var asOf: LedgerDate
    /// The last seq counted.
    public var knownAt: Int
    /// Plans that exist on `asOf`, by key.
    public var plans: [PlanView]
    /// Diary entries registered on or before `asOf`, by date then dnr.
    public var diary: [DiaryEntry]
    /// Assignments issued on or before `asOf`, by deadline then key.
    public var assignments: [AssignmentView]
    /// Follow-ups of every plan, by plan, period and metric.
    public var followups: [FollowupRow]
    /// Planning processes planned on or before `asOf`, by plan year then key (`ProcessView.listOrder`).
    public var processes: [ProcessView]
    /// The activities in the content in force on `asOf` of every plan not repealed by then, by due date, plan and id.
    public var activities: [ActivityView]
    /// Policies with a version effective on or before `asOf`, by key, each with its history.
    public var policies: [PolicyView] = []
    /// Every version of every plan in force by `asOf`, with the perspectives analysed in its content: what the audit's
    /// `perspective-analysis-missing` reads. By plan, then version.
    public var analysed: [AnalysedVersion] = []

    public init(asOf: LedgerDate, knownAt: Int, plans: [PlanView], diary: [DiaryEntry], assignments: [AssignmentView], followups: [FollowupRow],
                processes: [ProcessView] = [], activities: [ActivityView] = [], policies: [PolicyView] = [], analysed: [AnalysedVersion] = []) {
        self.activities = activities
        self.policies = policies
        self.analysed = analysed
        self.asOf = asOf
        self.knownAt = knownAt
        self.plans = plans
        self.diary = diary
        self.assignments = assignments
        self.followups = followups
        self.processes = processes
    }
}

public enum Replay {
    /// An event as it counts with knowledge up to K: its latest replacement, or nothing if retracted.
    struct Current {
        var seq: Int
        var type: EventType
        var plan: String?
        var effective: LedgerDate
        var payload: Payload
        var recorded: Timestamp
        var correctedBy: Int?
    }

    /// Folds `events` (in seq order) into the state as of `asOf`, counting only events with seq ≤ `knownAt`.
    ///
    /// 1. Corrections and retractions with seq ≤ K are applied to their targets, in seq order: a correction
    ///    replaces its target's data (and effective, when given); a retraction removes it.
    /// 2. The remaining events with effective ≤ D are applied in (effective, seq) order.
    public static func fold(_ events: some Sequence<RecordedEvent>, asOf: LedgerDate, knownAt: Int) -> LedgerSnapshot {
        var current: [Int: Current] = [:]
        var order: [Int] = []
        for event in events {
            guard event.seq <= knownAt, let payload = try? event.payload() else { continue }
            switch payload {
            case .eventCorrected(let c):
                guard var target = current[c.target], case .success(let replacement) = Payload.read(target.type, data: c.data) else { continue }
                target.payload = replacement
                target.effective = c.effective ?? target.effective
                target.correctedBy = event.seq
                current[c.target] = target
            case .eventRetracted(let r):
                current[r.target] = nil
            default:
                current[event.seq] = Current(seq: event.seq, type: event.type, plan: event.plan, effective: event.effective,
                                             payload: payload, recorded: event.recorded, correctedBy: nil)
                order.append(event.seq)
            }
        }
        let live = order.compactMap { current[$0] }.filter { $0.effective <= asOf }
            .sorted { ($0.effective, $0.seq) < ($1.effective, $1.seq) }

        var registrations: [String: (PlanRegistered, LedgerDate)] = [:]
        var versions: [String: [Int: (entry: ChangeEntry, content: PlanContent?)]] = [:]
        var repealed: [String: LedgerDate] = [:]
        var diary: [String: DiaryEntry] = [:]
        var archives: [String: ArchiveInfo] = [:]
        var issues: [String: (AssignmentIssued, String?, LedgerDate, Int)] = [:]
        var reports: [String: (report: AssignmentReported, effective: LedgerDate)] = [:]
        var observations: [String: [FollowupObservation]] = [:]
        var planned: [String: ProcessHistory.Entry<ProcessPlanned>] = [:]
        var revisions: [String: [ProcessHistory.Entry<ProcessRevised>]] = [:]
        var reached: [String: [ProcessHistory.Entry<MilestoneReached>]] = [:]
        var activityReports: [String: [String: ActivityView.Report]] = [:]
        var policyVersions: [PolicyVersion] = []
        for e in live {
            switch e.payload {
            case .planRegistered(let p):
                if let key = e.plan { registrations[key] = (p, e.effective) }
            case .planRevised(let r):
                guard let key = e.plan else { continue }
                let entry = ChangeEntry(version: r.version, date: e.effective, change: r.change, approvedBy: r.approvedBy, dnr: r.dnr,
                                        decision: r.decision, seq: e.seq, recorded: e.recorded, correctedBy: e.correctedBy)
                versions[key, default: [:]][r.version] = (entry, r.content)
            case .planRepealed:
                if let key = e.plan { repealed[key] = e.effective }
            case .diaryRegistered(let d):
                diary[d.dnr] = DiaryEntry(dnr: d.dnr, date: e.effective, title: d.title, direction: d.direction, counterpart: d.counterpart,
                                          handler: d.handler, case: d.case, plan: e.plan, secrecy: d.secrecy, archived: nil,
                                          seq: e.seq, recorded: e.recorded, personalData: d.personalData)
            case .diaryArchived(let a):
                archives[a.dnr] = ArchiveInfo(date: e.effective, retention: a.retention, cullAfter: a.cullAfter)
            case .assignmentIssued(let a):
                issues[a.assignment] = (a, e.plan, e.effective, e.seq)
            case .assignmentReported(let r):
                reports[r.assignment] = (r, e.effective)
            case .followupRecorded(let f):
                guard let key = e.plan else { continue }
                observations[key, default: []].append(FollowupObservation(
                    metric: f.metric, period: f.period, outcome: f.outcome, unit: f.unit, fulfilment: f.fulfilment, comment: f.comment,
                    effective: e.effective, seq: e.seq))
            case .processPlanned(let p):
                planned[p.process] = .init(payload: p, effective: e.effective, seq: e.seq, recorded: e.recorded, correctedBy: e.correctedBy)
            case .processRevised(let r):
                revisions[r.process, default: []].append(.init(payload: r, effective: e.effective, seq: e.seq, recorded: e.recorded, correctedBy: e.correctedBy))
            case .milestoneReached(let m):
                reached[m.process, default: []].append(.init(payload: m, effective: e.effective, seq: e.seq, recorded: e.recorded, correctedBy: e.correctedBy))
            case .activityReported(let a):
                // Applied in (effective, seq) order, so the last one written here is the latest.
                guard let key = e.plan else { continue }
                activityReports[key, default: [:]][a.activity] = (a, e.effective, e.seq)
            case .policyAdopted(let p):
                if let key = e.plan { policyVersions.append(PolicyVersion(p, plan: key, effective: e.effective, seq: e.seq)) }
            default:
                break
            }
        }
        let timelines = registrations.keys.sorted(by: byteOrder).map { key in
            PlanTimeline(plan: key, registration: registrations[key]!.0, registered: registrations[key]!.1,
                         versions: (versions[key] ?? [:]).sorted { $0.key < $1.key }.map(\.value), repealed: repealed[key])
        }
        let plans = timelines.map { PlanView(timeline: $0, asOf: asOf) }
        let followups = timelines.flatMap { FollowupRow.build($0, observations: observations[$0.plan] ?? [], asOf: asOf) }
        let assignments = issues.values.map { issue in
            AssignmentView.build(issue.0, plan: issue.1, issued: issue.2, seq: issue.3, latestReport: reports[issue.0.assignment], asOf: asOf)
        }.sorted(by: AssignmentView.listOrder)
        let entries = diary.values.map { entry in
            var e = entry
            e.archived = archives[e.dnr]
            return e
        }.sorted(by: DiaryEntry.listOrder)
        let processes = planned.values.map { p in
            ProcessView(ProcessHistory(planned: p, revisions: revisions[p.payload.process] ?? [], reached: reached[p.payload.process] ?? []), asOf: asOf)
        }.sorted(by: ProcessView.listOrder)
        let activities = plans.flatMap { plan in
            ActivityView.build(plan, asOf: asOf) { activityReports[plan.plan]?[$0] }
        }.sorted(by: ActivityView.listOrder)
        return LedgerSnapshot(asOf: asOf, knownAt: knownAt, plans: plans, diary: entries, assignments: assignments, followups: followups,
                              processes: processes, activities: activities,
                              policies: PolicyView.build(policyVersions), analysed: timelines.flatMap(AnalysedVersion.build))
    }
}

/// Orders strings by their UTF-8 bytes, as SQLite's BINARY collation does, so that every listing sorts the
/// same whether it came from SQL or from a fold (Swift's `<` compares canonically equivalent forms as equal).
public func byteOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension DiaryEntry {
    /// The diary's order: by date, then dnr.
    public static func listOrder(_ a: DiaryEntry, _ b: DiaryEntry) -> Bool {
        a.date != b.date ? a.date < b.date : byteOrder(a.dnr, b.dnr)
    }
}

extension AssignmentView {
    /// By deadline, then key.
    public static func listOrder(_ a: AssignmentView, _ b: AssignmentView) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : byteOrder(a.assignment, b.assignment)
    }
}

extension PlanView {
    /// The plan as of `asOf` from its timeline.
    public init(timeline t: PlanTimeline, asOf: LedgerDate) {
        self = PlanView.build(plan: t.plan, registration: t.registration, versions: t.versions, repealed: t.repealed != nil, asOf: asOf)
    }

    /// The plan as of `asOf` as version `number` left it: content and change list up to that version. When a
    /// later version is in force by `asOf`, the status is `superseded` and `supersededBy` names the next version
    /// and its date (SPEC, "Fidelity": never `in-force`); a later version dated after `asOf` does not count yet.
    /// `t.versions` must be the versions in force by `asOf`.
    public init(timeline t: PlanTimeline, asOf: LedgerDate, version number: Int) {
        self = PlanView.build(plan: t.plan, registration: t.registration, versions: t.versions.filter { $0.entry.version <= number },
                              repealed: t.repealed != nil, asOf: asOf)
        if let next = t.versions.first(where: { $0.entry.version > number && $0.entry.date <= asOf }), version == number {
            status = .superseded
            supersededBy = Supersession(version: next.entry.version, date: next.entry.date)
        }
    }
}
