/// An activity (aktivitet) of a goal: a measure in an activity plan (aktivitetsplan, seed 001 §3.3) with its
/// target group (målgrupp), timetable (tidsplan: `from`, `due`), the metrics it serves (styrmått), who answers for
/// it (ansvarig) and whom to ask (kontaktperson).
///
/// JSON, in `content.goals[].activities`: `{"id", "text", "targetGroup", "from"?, "due", "metrics"?, "responsible",
/// "contact"}`; `from` and `due` are dates YYYY-MM-DD and `due` may not be before `from` (SPEC, "The planning year",
/// Activities). `id` is unique across the whole content, and every id in `metrics` must be a metric declared in the
/// same content (checked by `PlanContent.read`, which sees all goals).
public struct Activity: Sendable, Hashable {
    public var id: String
    public var text: String
    /// Målgrupp: whom the activity is for.
    public var targetGroup: String
    /// When work starts, if the plan says.
    public var from: LedgerDate?
    /// Tidsplan: the day it is to be done by. Overdue once a later day has begun and it is neither done nor cancelled.
    public var due: LedgerDate
    /// Ids of metrics of the same content that the activity serves; empty when none are named.
    public var metrics: [String]
    /// Ansvarig.
    public var responsible: String
    /// Kontaktperson.
    public var contact: String

    public init(id: String, text: String, targetGroup: String, from: LedgerDate?, due: LedgerDate, metrics: [String],
                responsible: String, contact: String) {
        self.id = id
        self.text = text
        self.targetGroup = targetGroup
        self.from = from
        self.due = due
        self.metrics = metrics
        self.responsible = responsible
        self.contact = contact
    }

    static func read(_ r: inout FieldReader) -> Activity? {
        let id = r.key("id"), text = r.string("text"), targetGroup = r.string("targetGroup")
        // A report names the activity by this id, so it is a key like a plan's (no spaces, no bidi controls to spoof it).
        if let id, !Envelope.isValidKey(id) { r.report("id", Envelope.keyRule) }
        let from = r.date("from", required: false), due = r.date("due")
        let metrics: [String]? = r.array("metrics", required: false) { r, v, path in
            guard case .string(let s) = v, !s.allSatisfy(\.isWhitespace) else {
                r.absorb([Problem(field: path, reason: "expected a metric id (a non-empty string), got \(v.kindDescription)")])
                return nil
            }
            return s
        }
        let responsible = r.string("responsible"), contact = r.string("contact")
        if let from, let due, due < from {
            r.report("due", "\(due) is before the activity starts (from \(from))")
            return nil
        }
        if let metrics, Set(metrics).count != metrics.count { r.report("metrics", "names a metric twice") }
        guard let id, let text, let targetGroup, let due, let responsible, let contact else { return nil }
        return Activity(id: id, text: text, targetGroup: targetGroup, from: from, due: due, metrics: metrics ?? [],
                        responsible: responsible, contact: contact)
    }

    /// Reads `goal.activities`: each element an object read strictly (unknown fields refused at every depth).
    static func readList(_ r: inout FieldReader) -> [Activity]? {
        r.array("activities", required: false) { r, v, path in
            guard case .object(let members) = v else {
                r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
                return nil
            }
            var nested = FieldReader(members, path: path)
            let activity = Activity.read(&nested)
            nested.finish()
            r.absorb(nested.problems)
            return nested.problems.isEmpty ? activity : nil
        }
    }
}

/// Where an activity stands by a report: `started`, `done` or `cancelled` (SPEC, `activity.reported`).
public enum ActivityStatus: String, Sendable, CaseIterable, Codable {
    case started, done, cancelled
}

/// `activity.reported` {`activity`, `status`, `note`}, with the envelope's `plan` set: progress on an activity of
/// that plan. Rejected when the plan is unknown or the activity is not in the plan's content in force on the
/// report's `effective` date (`LedgerRules`).
public struct ActivityReported: Sendable, Hashable {
    public var activity: String
    public var status: ActivityStatus
    public var note: String

    public init(activity: String, status: ActivityStatus, note: String) {
        self.activity = activity
        self.status = status
        self.note = note
    }

    static func read(_ r: inout FieldReader) -> ActivityReported? {
        let activity = r.key("activity"), status = r.choice("status", as: ActivityStatus.self), note = r.string("note")
        if let activity, !Envelope.isValidKey(activity) { r.report("activity", Envelope.keyRule) }
        guard let activity, let status, let note else { return nil }
        return ActivityReported(activity: activity, status: status, note: note)
    }
}

extension PlanContent {
    /// The content-wide rules of activities: an activity id is used once in the whole content (not only within a
    /// goal, since `activity.reported` names it without its goal), and every metric an activity names is declared by
    /// some goal of the same content.
    static func checkActivities(_ goals: [Goal], _ r: inout FieldReader) {
        let declared = Set(goals.flatMap { $0.metrics.map(\.id) })
        var seen: Set<String> = []
        for (g, goal) in goals.enumerated() {
            for (a, activity) in goal.activities.enumerated() {
                if !seen.insert(activity.id).inserted {
                    r.report("goals[\(g)].activities[\(a)].id", "activity id \"\(activity.id)\" is used twice in the content")
                }
                for metric in activity.metrics where !declared.contains(metric) {
                    let known = declared.sorted(by: byteOrder).prefix(10).joined(separator: ", ")
                    r.report("goals[\(g)].activities[\(a)].metrics",
                             "\"\(metric.prefix(40))\" is not a metric of this content (\(known.isEmpty ? "it declares none" : "its metrics: \(known)"))")
                }
            }
        }
    }

    /// The ids of the activities this content declares, when it names `goals` (what `activity.reported` may name
    /// while this content is in force); nil when it leaves the goals as they were.
    public var activityIDs: [String]? {
        goals.map { $0.flatMap { $0.activities.map(\.id) } }
    }
}
