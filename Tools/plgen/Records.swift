/// What the generator remembers of an event it wrote: enough to write the same data again, changed, as
/// the replacement of an `event.corrected`, or to name it in an `event.retracted`.

struct RegistrationRecord {
    let seq: Int
    let plan: String
    let effective: Day
    var title: String
    let kind: String
    var owner: String
    /// The `period` object exactly as registered: a correction must not move the plan's period.
    let period: [UInt8]?
    let parent: String?
}

struct RevisionRecord {
    let seq: Int
    let plan: String
    let effective: Day
    let version: Int
    var change: String
    var approvedBy: String?
    let dnr: String?
    let decisionBody: String?
    let decisionParagraph: String?
    /// The `content` object exactly as written: a correction repeats it, or the version's metrics would change.
    let content: [UInt8]?
}

struct FollowupRecord {
    let seq: Int
    let plan: String
    let effective: Day
    let metric: String
    let period: String
    var outcome: Vocabulary.Value
    let unit: String?
    var fulfilment: StaticString
    var comment: String?
    let template: Int
}

struct DecisionRecord {
    var seq: Int
    var effective: Day
    let plan: String?
    let dnr: String
    let body: String
    var subject: String
    var text: String
    let paragraph: String?
}

struct DiaryRecord {
    let seq: Int
    let effective: Day
    let plan: String?
    let dnr: String
    var title: String
    let direction: StaticString
    let counterpart: String?
    var handler: String?
    let caseReference: String?
    let secrecy: String?
}

struct ArchiveRecord {
    let seq: Int
    let effective: Day
    let dnr: String
    var keep: Bool
    var cullAfter: Day?
}

struct AssignmentRecord {
    let seq: Int
    let effective: Day
    let plan: String?
    let key: String
    let title: String
    let assignee: String
    var deadline: Day
    let issuedBy: String
}

struct ReportRecord {
    let seq: Int
    let effective: Day
    let plan: String?
}

struct OpenAssignment {
    let key: String
    let plan: String?
    let issued: Day
    let deadline: Day
    var lastReport: Day
}

/// An event that a revision brings about in the register shortly after it.
enum Follower {
    case diary(dnr: String, day: Day, plan: String, title: String)
    case decision(DecisionRecord)
}
