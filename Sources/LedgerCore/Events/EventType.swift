/// The v1 event types. Past tense: an event states what happened; it never asks.
public enum EventType: String, Sendable, CaseIterable, Codable {
    case planRegistered = "plan.registered"
    case planRevised = "plan.revised"
    case planRepealed = "plan.repealed"
    case decisionRecorded = "decision.recorded"
    case assignmentIssued = "assignment.issued"
    case assignmentReported = "assignment.reported"
    case followupRecorded = "followup.recorded"
    case diaryRegistered = "diary.registered"
    case diaryArchived = "diary.archived"
    case processPlanned = "process.planned"
    case processRevised = "process.revised"
    case milestoneReached = "milestone.reached"
    /// A requirement on plans decided in a governing document (SPEC, "The planning year", Perspective analyses).
    case policyAdopted = "policy.adopted"
    case eventCorrected = "event.corrected"
    case eventRetracted = "event.retracted"
    /// Progress on an activity of a plan's content (SPEC, "The planning year").
    case activityReported = "activity.reported"

    /// Whether the envelope must name a plan.
    public var requiresPlan: Bool {
        switch self {
        case .planRegistered, .planRevised, .planRepealed, .followupRecorded, .activityReported, .policyAdopted: true
        default: false
        }
    }

    /// `event.corrected` and `event.retracted` speak about other events rather than the world.
    public var isAmendment: Bool {
        self == .eventCorrected || self == .eventRetracted
    }
}
