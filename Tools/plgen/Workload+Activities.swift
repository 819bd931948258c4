/// Activities (aktiviteter, seed 001 §3.3) in the content of mid-level plans (verksamhetsplaner, divisionsplaner,
/// handlingsplaner, aktivitetsplaner) and `activity.reported` on them.
///
/// An activity hangs under the goal of one perspective and is written only while that goal is (the perspective has a
/// metric), so the content never names an activity without its goal. Reports fall inside the window of the latest
/// version (on or after it, strictly before the next version or the repeal): the content in force on the report's
/// date is the one `plan.activities` describes, so each report passes the activity rule. Each activity is reported
/// at most twice: started, then done or cancelled (or closed at once).
struct ActivityInstance {
    let id: String
    let perspective: Int
    /// Indexes into `Vocabulary.activityTexts[perspective]` and `Vocabulary.targetGroups`.
    let text: Int
    let targetGroup: Int
    let from: Day?
    let due: Day
    /// Whether it names the first metric of its goal (`metrics`).
    let namesMetric: Bool
    let responsible: String
    let contact: String
    /// 0 not reported, 1 started, 2 closed (done or cancelled).
    var state = 0
}

extension Workload {
    /// Whether plans of `plan`'s kind carry activities: the levels between the board's plans and the rutiner.
    static func hasActivities(_ plan: PlanLife) -> Bool { (2...3).contains(plan.kindInfo.level) }

    /// Whether the goal of perspective `p` is written in the plan's content (it has a metric).
    static func writesGoal(_ plan: PlanLife, perspective p: Int) -> Bool {
        plan.metrics.contains { Vocabulary.metrics[$0.template].perspective == p } || plan.kindInfo.level <= 1
    }

    /// Changes the plan's activities as a revision dated `date` that names goals does: drops those whose goal is gone
    /// and some closed ones, adds new ones due within the next year and a half.
    mutating func reviseActivities(_ plan: PlanLife, on date: Day, first: Bool) {
        guard Self.hasActivities(plan) else { return }
        var kept: [ActivityInstance] = []
        for a in plan.activities where Self.writesGoal(plan, perspective: a.perspective) {
            if a.state == 2, rng.chance(0.5) { continue }
            kept.append(a)
        }
        plan.activities = kept
        let perspectives = (0..<5).filter { Self.writesGoal(plan, perspective: $0) }
        guard !perspectives.isEmpty else { return }
        for _ in 0..<rng.int(first ? 1...4 : 0...2) {
            plan.activitiesAdded += 1
            let p = rng.pick(perspectives)
            let starts = rng.chance(0.6) ? date + rng.int(0...60) : nil
            plan.activities.append(ActivityInstance(
                id: "akt-\(plan.activitiesAdded)", perspective: p, text: rng.below(Vocabulary.activityTexts[p].count),
                targetGroup: rng.below(Vocabulary.targetGroups.count), from: starts, due: (starts ?? date) + rng.int(60...540),
                namesMetric: rng.chance(0.5), responsible: rng.pick(plan.kindInfo.owners), contact: rng.pick(Vocabulary.people)))
        }
    }

    /// `activities` of the goal of perspective `p`, when it has any.
    static func writeActivities(_ plan: PlanLife, perspective p: Int, into w: inout JSONWriter) {
        let mine = plan.activities.filter { $0.perspective == p }
        guard !mine.isEmpty else { return }
        let metric = plan.metrics.first { Vocabulary.metrics[$0.template].perspective == p }.map { Vocabulary.metrics[$0.template].id }
        w.key("activities")
        w.beginArray()
        for a in mine {
            w.beginObject()
            w.field("id", a.id)
            w.field("text", Vocabulary.activityTexts[p][a.text])
            w.field("targetGroup", Vocabulary.targetGroups[a.targetGroup])
            if let from = a.from { w.field("from", date: from) }
            w.field("due", date: a.due)
            if a.namesMetric, let metric {
                w.key("metrics")
                w.beginArray()
                w.string(metric)
                w.endArray()
            }
            w.field("responsible", a.responsible)
            w.field("contact", a.contact)
            w.endObject()
        }
        w.endArray()
    }

    /// Reports on one of the plan's open activities, dated inside the latest version's window; false when there is no
    /// open activity or no day to date it on.
    mutating func emitActivityReport(_ plan: PlanLife) -> Bool {
        let open = plan.activities.indices.filter { plan.activities[$0].state < 2 }
        let start = plan.windowStart, end = min(plan.windowEnd, Self.horizon + 1)
        guard !open.isEmpty, end - start > 0 else { return false }
        let i = rng.pick(open)
        let date = start + rng.int(0...min(end - start - 1, 400))
        let status = plan.activities[i].state == 0 && rng.chance(0.7) ? "started" : (rng.chance(0.85) ? "done" : "cancelled")
        plan.activities[i].state = status == "started" ? 1 : 2
        beginEvent("activity.reported", plan: plan.key, effective: date)
        out.beginObject()
        out.field("activity", plan.activities[i].id)
        out.field("status", status)
        out.field("note", rng.pick(Vocabulary.activityNotes))
        out.endObject()
        endEvent()
        return true
    }
}

extension Vocabulary {
    /// What an activity does, per perspective (Samhälle, Medborgare, Verksamhet, Medarbetare, Ekonomi).
    static let activityTexts: [[String]] = [
        ["Samverka med kommunerna om gemensamma insatser", "Genomföra klimatkartläggning av verksamheten"],
        ["Införa digitala vårdbesök", "Genomföra patientenkät och återkoppla resultatet", "Förbättra information till invånarna"],
        ["Ta fram rutin för avvikelsehantering", "Införa standardiserade vårdförlopp", "Genomföra egenkontroll enligt plan"],
        ["Utbilda chefer i arbetsmiljö", "Genomföra medarbetarsamtal med samtliga medarbetare", "Ta fram kompetensförsörjningsplan"],
        ["Genomföra åtgärder enligt ekonomisk handlingsplan", "Se över avtal och inköp", "Följa upp bemanningskostnader månadsvis"],
    ]

    /// Målgrupp: whom an activity is for.
    static let targetGroups = ["Chefer", "Samtliga medarbetare", "Invånare", "Patienter", "Förtroendevalda", "Verksamheternas ledningsgrupper"]

    static let activityNotes = [
        "Arbetet har påbörjats", "Genomfört enligt tidsplanen", "Pågår, försenat på grund av resursbrist",
        "Avbrutet efter beslut i ledningsgruppen", "Klart, redovisat i delårsrapporten",
    ]
}
