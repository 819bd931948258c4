import LedgerCore

/// Where each assignment's `action` goes in the export: the case file of the decision that issued it, else
/// its plan's aggregation, else the aggregation for assignments without a plan.
///
/// The ledger does not link an assignment to a dnr. It does know the plan it was issued under, and a plan
/// version's decision carries a dnr: an assignment issued on the day a version of its plan was decided
/// belongs to the case that decision was diarised in.
struct AssignmentPlacement {
    var byCase: [String: [AssignmentView]] = [:]
    var byPlan: [String: [AssignmentView]] = [:]
    var withoutPlan: [AssignmentView] = []

    init(_ assignments: [AssignmentView], plans: [PlanView], cases: [CaseFile]) {
        var caseOfDnr: [String: String] = [:]
        for file in cases {
            caseOfDnr[file.key] = file.key
            for entry in file.entries { caseOfDnr[entry.dnr] = file.key }
        }
        let plansByKey = Dictionary(plans.map { ($0.plan, $0) }, uniquingKeysWith: { a, _ in a })
        for assignment in assignments {
            guard let key = assignment.plan, let plan = plansByKey[key] else {
                withoutPlan.append(assignment)
                continue
            }
            let decidedThatDay = plan.changes.last { $0.date == assignment.issued && $0.dnr.flatMap { caseOfDnr[$0] } != nil }
            if let dnr = decidedThatDay?.dnr, let file = caseOfDnr[dnr] {
                byCase[file, default: []].append(assignment)
            } else {
                byPlan[key, default: []].append(assignment)
            }
        }
    }
}
