/// Whether something with a deadline is overdue as of a date: the deadline is before that date (a thing due today is
/// not yet overdue) and it is not closed (done, or for an activity cancelled). The one rule behind `AssignmentView`
/// and `ActivityView`, so that uppdrag and aktiviteter are marked alike.
public func isOverdue(due: LedgerDate, asOf: LedgerDate, closed: Bool) -> Bool {
    due < asOf && !closed
}

/// One activity of a plan as of a date: the activity as the plan's content in force then declares it, and where it
/// stands by its latest report in effect by then.
///
/// An activity is listed while it is in the content in force on the as-of date of a plan that is not repealed by then.
/// A later version whose `goals` leave an activity out drops it: as of that version's date it is no longer listed,
/// and `activity.reported` refuses it; its reports stay in the log (and count again should a later version bring
/// the same id back).
public struct ActivityView: Sendable, Hashable {
    /// `open` until the first report; then the latest report's status.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case open, started, done, cancelled
    }

    public var activity: String
    public var plan: String
    /// The id of the goal that holds it.
    public var goal: String
    public var text: String
    public var targetGroup: String
    public var from: LedgerDate?
    public var due: LedgerDate
    public var metrics: [String]
    public var responsible: String
    public var contact: String
    public var status: Status
    /// The date of the latest report in effect by the as-of date, if any.
    public var reported: LedgerDate?
    public var note: String?
    /// `due` is before the as-of date and the activity is neither done nor cancelled (`isOverdue`).
    public var overdue: Bool
    /// The seq of the latest report, if any.
    public var seq: Int?

    public init(activity: String, plan: String, goal: String, text: String, targetGroup: String, from: LedgerDate?, due: LedgerDate,
                metrics: [String], responsible: String, contact: String, status: Status, reported: LedgerDate?, note: String?,
                overdue: Bool, seq: Int?) {
        self.activity = activity
        self.plan = plan
        self.goal = goal
        self.text = text
        self.targetGroup = targetGroup
        self.from = from
        self.due = due
        self.metrics = metrics
        self.responsible = responsible
        self.contact = contact
        self.status = status
        self.reported = reported
        self.note = note
        self.overdue = overdue
        self.seq = seq
    }

    /// The latest report of one activity: what it said, its date and seq.
    public typealias Report = (report: ActivityReported, effective: LedgerDate, seq: Int)

    /// The activities of `plan` as of `asOf`, by the content in force (`plan.goals`), each with its latest report
    /// (looked up by activity id); none for a repealed plan. In goal order, then activity order.
    public static func build(_ plan: PlanView, asOf: LedgerDate, latestReport: (String) throws -> Report?) rethrows -> [ActivityView] {
        guard plan.status != .repealed else { return [] }
        var result: [ActivityView] = []
        for goal in plan.goals ?? [] {
            for a in goal.activities {
                let latest = try latestReport(a.id)
                let status: Status = switch latest?.report.status {
                case .started: .started
                case .done: .done
                case .cancelled: .cancelled
                case nil: .open
                }
                result.append(ActivityView(
                    activity: a.id, plan: plan.plan, goal: goal.id, text: a.text, targetGroup: a.targetGroup, from: a.from, due: a.due,
                    metrics: a.metrics, responsible: a.responsible, contact: a.contact, status: status, reported: latest?.effective,
                    note: latest?.report.note, overdue: isOverdue(due: a.due, asOf: asOf, closed: status == .done || status == .cancelled),
                    seq: latest?.seq))
            }
        }
        return result
    }

    /// The listing order: by due date, then plan, then activity id (bytes).
    public static func listOrder(_ a: ActivityView, _ b: ActivityView) -> Bool {
        if a.due != b.due { return a.due < b.due }
        if a.plan != b.plan { return byteOrder(a.plan, b.plan) }
        return byteOrder(a.activity, b.activity)
    }
}
