/// `decision.recorded`: a decision in the minutes (protokoll), possibly about a plan.
public struct DecisionRecorded: Sendable, Hashable {
    public var dnr: String
    public var body: String
    public var subject: String
    public var text: String
    public var paragraph: String?

    static func read(_ r: inout FieldReader) -> DecisionRecorded? {
        let dnr = r.string("dnr"), body = r.string("body"), subject = r.string("subject"), text = r.string("text")
        let paragraph = r.string("paragraph", required: false)
        guard let dnr, let body, let subject, let text else { return nil }
        return DecisionRecorded(dnr: dnr, body: body, subject: subject, text: text, paragraph: paragraph)
    }
}

/// `assignment.issued`: a task (uppdrag) with a deadline (klart senast).
public struct AssignmentIssued: Sendable, Hashable {
    public var assignment: String
    public var title: String
    public var assignee: String
    public var deadline: LedgerDate
    public var issuedBy: String

    public init(assignment: String, title: String, assignee: String, deadline: LedgerDate, issuedBy: String) {
        self.assignment = assignment
        self.title = title
        self.assignee = assignee
        self.deadline = deadline
        self.issuedBy = issuedBy
    }

    static func read(_ r: inout FieldReader) -> AssignmentIssued? {
        let assignment = r.key("assignment"), title = r.string("title"), assignee = r.string("assignee")
        let deadline = r.date("deadline"), issuedBy = r.string("issuedBy")
        guard let assignment, let title, let assignee, let deadline, let issuedBy else { return nil }
        return AssignmentIssued(assignment: assignment, title: title, assignee: assignee, deadline: deadline, issuedBy: issuedBy)
    }
}

public enum AssignmentStatus: String, Sendable, CaseIterable, Codable {
    case partial, done
}

/// `assignment.reported`: progress on an assignment.
public struct AssignmentReported: Sendable, Hashable {
    public var assignment: String
    public var status: AssignmentStatus
    public var note: String

    public init(assignment: String, status: AssignmentStatus, note: String) {
        self.assignment = assignment
        self.status = status
        self.note = note
    }

    static func read(_ r: inout FieldReader) -> AssignmentReported? {
        let assignment = r.key("assignment"), status = r.choice("status", as: AssignmentStatus.self)
        let note = r.string("note")
        guard let assignment, let status, let note else { return nil }
        return AssignmentReported(assignment: assignment, status: status, note: note)
    }
}

public enum Fulfilment: String, Sendable, CaseIterable, Codable {
    case met, partly
    case notMet = "not-met"
    case notAvailable = "not-available"
}

/// `followup.recorded`: the outcome of a metric for one period.
public struct FollowupRecorded: Sendable, Hashable {
    public var metric: String
    public var period: FollowupPeriod
    public var outcome: JSONValue
    public var unit: String?
    public var fulfilment: Fulfilment
    public var comment: String?

    static func read(_ r: inout FieldReader) -> FollowupRecorded? {
        let metric = r.key("metric")
        var period: FollowupPeriod?
        if let text = r.string("period") {
            period = FollowupPeriod(text)
            if period == nil { r.report("period", "expected YEAR-DÅ04, YEAR-DÅ08 or YEAR-ÅR (e.g. 2022-DÅ04), got \"\(text.prefix(40))\"") }
        }
        let outcome = r.numberOrText("outcome"), unit = r.string("unit", required: false)
        let fulfilment = r.choice("fulfilment", as: Fulfilment.self), comment = r.string("comment", required: false)
        guard let metric, let period, let outcome, let fulfilment else { return nil }
        return FollowupRecorded(metric: metric, period: period, outcome: outcome, unit: unit, fulfilment: fulfilment, comment: comment)
    }
}

public enum Direction: String, Sendable, CaseIterable, Codable {
    case incoming = "in"
    case outgoing = "out"
    case `internal`
}

/// Secrecy (sekretess) of a diary entry and its ground, an OSL reference ("OSL 31:16").
public struct Secrecy: Sendable, Hashable {
    public var ground: String

    public init(ground: String) { self.ground = ground }

    static func read(_ r: inout FieldReader) -> Secrecy? {
        r.string("ground").map(Secrecy.init(ground:))
    }
}

/// `diary.registered`: a document is diarised under a dnr.
public struct DiaryRegistered: Sendable, Hashable {
    public var dnr: String
    public var title: String
    public var direction: Direction
    public var counterpart: String?
    public var handler: String?
    public var `case`: String?
    public var secrecy: Secrecy?
    /// `personalData: true`: the counterpart is a private individual, shown to the public as "Enskild" (SPEC,
    /// "Personal data in the public view"). Absent, null and `false` all mean no.
    public var personalData: Bool

    public init(dnr: String, title: String, direction: Direction, counterpart: String?, handler: String?, case: String?,
                secrecy: Secrecy?, personalData: Bool = false) {
        self.dnr = dnr
        self.title = title
        self.direction = direction
        self.counterpart = counterpart
        self.handler = handler
        self.case = `case`
        self.secrecy = secrecy
        self.personalData = personalData
    }

    static func read(_ r: inout FieldReader) -> DiaryRegistered? {
        let dnr = r.key("dnr"), title = r.string("title"), direction = r.choice("direction", as: Direction.self)
        let counterpart = r.string("counterpart", required: false), handler = r.string("handler", required: false)
        let caseKey = r.string("case", required: false)
        let secrecy = r.object("secrecy", required: false, Secrecy.read)
        let personalData = r.bool("personalData", required: false) ?? false
        guard let dnr, let title, let direction else { return nil }
        return DiaryRegistered(dnr: dnr, title: title, direction: direction, counterpart: counterpart, handler: handler, case: caseKey,
                               secrecy: secrecy, personalData: personalData)
    }
}

public enum Retention: String, Sendable, CaseIterable, Codable {
    /// bevaras
    case keep
    /// gallras
    case cull
}

/// `diary.archived`: a diarised document goes to the archive, to be kept or culled.
public struct DiaryArchived: Sendable, Hashable {
    public var dnr: String
    public var retention: Retention
    public var cullAfter: LedgerDate?

    static func read(_ r: inout FieldReader) -> DiaryArchived? {
        let dnr = r.key("dnr"), retention = r.choice("retention", as: Retention.self)
        let cullAfter = r.date("cullAfter", required: false)
        if retention == .keep, cullAfter != nil { r.report("cullAfter", "only allowed with retention \"cull\"") }
        guard let dnr, let retention, retention == .cull || cullAfter == nil else { return nil }
        return DiaryArchived(dnr: dnr, retention: retention, cullAfter: cullAfter)
    }
}
