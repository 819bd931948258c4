/// The typed `data` of an event, one case per v1 event type.
public enum Payload: Sendable, Hashable {
    case planRegistered(PlanRegistered)
    case planRevised(PlanRevised)
    case planRepealed(PlanRepealed)
    case decisionRecorded(DecisionRecorded)
    case assignmentIssued(AssignmentIssued)
    case assignmentReported(AssignmentReported)
    case followupRecorded(FollowupRecorded)
    case diaryRegistered(DiaryRegistered)
    case diaryArchived(DiaryArchived)
    case processPlanned(ProcessPlanned)
    case processRevised(ProcessRevised)
    case milestoneReached(MilestoneReached)
    case policyAdopted(PolicyAdopted)
    case eventCorrected(EventCorrected)
    case eventRetracted(EventRetracted)
    case activityReported(ActivityReported)

    /// Reads `data` as the payload of `type`; problems name fields under `path` (`data`, `data.replacement.data`).
    public static func read(_ type: EventType, data: [String: JSONValue], path: String = "data") -> Result<Payload, Rejection> {
        var r = FieldReader(data, path: path)
        let payload: Payload? =
            switch type {
            case .planRegistered: PlanRegistered.read(&r).map(Payload.planRegistered)
            case .planRevised: PlanRevised.read(&r).map(Payload.planRevised)
            case .planRepealed: PlanRepealed.read(&r).map(Payload.planRepealed)
            case .decisionRecorded: DecisionRecorded.read(&r).map(Payload.decisionRecorded)
            case .assignmentIssued: AssignmentIssued.read(&r).map(Payload.assignmentIssued)
            case .assignmentReported: AssignmentReported.read(&r).map(Payload.assignmentReported)
            case .followupRecorded: FollowupRecorded.read(&r).map(Payload.followupRecorded)
            case .diaryRegistered: DiaryRegistered.read(&r).map(Payload.diaryRegistered)
            case .diaryArchived: DiaryArchived.read(&r).map(Payload.diaryArchived)
            case .processPlanned: ProcessPlanned.read(&r).map(Payload.processPlanned)
            case .processRevised: ProcessRevised.read(&r).map(Payload.processRevised)
            case .milestoneReached: MilestoneReached.read(&r).map(Payload.milestoneReached)
            case .policyAdopted: PolicyAdopted.read(&r).map(Payload.policyAdopted)
            case .eventCorrected: EventCorrected.read(&r).map(Payload.eventCorrected)
            case .eventRetracted: EventRetracted.read(&r).map(Payload.eventRetracted)
            case .activityReported: ActivityReported.read(&r).map(Payload.activityReported)
            }
        r.finish()
        if let payload, r.problems.isEmpty { return .success(payload) }
        return .failure(Rejection(problems: r.problems.isEmpty ? [Problem(field: path, reason: "is not a valid \(type.rawValue)")] : r.problems))
    }

    /// The key that names what the event is about, which a correction may not change (a plan's
    /// version, a dnr, an assignment key): to change what a thing is, retract it and record it anew.
    public var identity: (field: String, value: String)? {
        switch self {
        case .planRevised(let p): ("version", String(p.version))
        case .assignmentIssued(let p): ("assignment", p.assignment)
        case .assignmentReported(let p): ("assignment", p.assignment)
        case .diaryRegistered(let p): ("dnr", p.dnr)
        case .diaryArchived(let p): ("dnr", p.dnr)
        case .followupRecorded(let p): ("metric", p.metric)
        case .processPlanned(let p): ("process", p.process)
        case .processRevised(let p): ("process", p.process)
        // A correction may change the note, plan and dnr of a reached milestone, never which one it was.
        case .milestoneReached(let p): ("milestone", "\(p.process)/\(p.milestone)")
        case .activityReported(let p): ("activity", p.activity)
        case .policyAdopted(let p): ("policy", p.policy)
        default: nil
        }
    }
}
