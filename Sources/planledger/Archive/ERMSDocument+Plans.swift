import Foundation
import LedgerCore

extension ERMSDocument {
    /// A plan (styrande dokument) as an aggregation of the producer's own type, its `kind` (rutin,
    /// regionstyrelsens plan …); its parent in the goal chain as the parent aggregation; its versions as
    /// records (the change list: version, change, decision date, approvedBy, dnr); its assignments and the activities
    /// of its content in force as actions.
    func writePlan(_ w: inout ArchiveXML, _ plan: PlanView, actions: [AssignmentView], activities: [ActivityView] = []) throws {
        let seq = plan.changes.first?.seq
        let kind = plan.kind.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "plan" : plan.kind
        try w.xml.start("aggregation", [
            "systemIdentifier": w.clean("plan:\(plan.plan)", seq: seq, field: "plan"),
            "aggregationType": "own_aggregation_definition",
            "otherAggregationType": w.clean(kind, seq: seq, field: "kind"),
        ])
        try w.element("objectId", plan.plan, seq: seq, field: "plan")
        try w.element("parentAggregationId", plan.parent, seq: seq, field: "parent")
        try w.element("title", plan.title, seq: seq, field: "title")
        let status = switch plan.status {
        case .draft: "prepared"
        case .inForce: "open"
        case .expired, .repealed, .superseded: "closed"
        }
        try w.xml.element("status", ["value": status], text: nil)
        try writeAgents(&w, [("owner", plan.owner, seq), ("authorising_person", plan.approvedBy, plan.changes.last?.seq)])
        // ERMS's status cannot tell an expired plan from a repealed one; the description can.
        let described = switch plan.status {
        case .draft: "Utkast: ingen version antagen"
        case .inForce: "Gällande version \(plan.version)"
        case .expired: "Utgången: planperioden har löpt ut (version \(plan.version))"
        case .repealed: "Upphävd"
        case .superseded: "Ersatt av version \(plan.supersededBy?.version ?? plan.version + 1)"
        }
        try w.xml.element("description", text: described)
        var dates: [(type: String, value: String)] = []
        if let period = plan.period {
            dates.append(("start", Self.dateTime(period.from)))
            dates.append(("expiration", Self.dateTime(period.to)))
        }
        if let effective = plan.effective { dates.append(("decision", Self.dateTime(effective))) }
        try writeDates(&w, dates)
        for assignment in actions { try writeAction(&w, assignment) }
        for activity in activities { try writeAction(&w, activity) }
        for version in plan.changes { try writeVersion(&w, plan: plan.plan, version) }
        try w.xml.end()
    }

    /// One row of the change list as a record: the version as its running number, the change as its title,
    /// the dnr as an extra id, approvedBy as the authorising person, the decision date; a correction noted.
    private func writeVersion(_ w: inout ArchiveXML, plan: String, _ v: ChangeEntry) throws {
        try w.xml.start("record", ["systemIdentifier": "seq:\(v.seq)", "recordType": "version"])
        try w.element("objectId", "\(plan)/v\(v.version)", seq: v.seq, field: "plan")
        try w.element("extraId", ["extraIdType": "dnr"], v.dnr, seq: v.seq, field: "dnr")
        try w.element("title", v.change, seq: v.seq, field: "change")
        try w.xml.element("runningNumber", text: String(v.version))
        try writeAgents(&w, [("authorising_person", v.approvedBy, v.seq)])
        if let decision = v.decision {
            try w.element("description", "Beslut: " + [decision.body, decision.paragraph].compactMap { $0 }.joined(separator: " "), seq: v.seq, field: "decision")
        }
        try writeDates(&w, [("decision", Self.dateTime(v.date)), ("captured", v.recorded.description)])
        if let correctedBy = v.correctedBy {
            try w.xml.start("notes")
            try w.xml.element("note", ["noteType": "correction"], text: "Rättad genom seq \(correctedBy)")
            try w.xml.end()
        }
        try w.xml.end()
    }

    /// Assignments whose plan is not in the export (none, or not yet registered as of the date) in an
    /// aggregation of their own, so that every assignment reaches the archive.
    func writeAssignmentsWithoutPlan(_ w: inout ArchiveXML, _ assignments: [AssignmentView]) throws {
        try w.xml.start("aggregation", [
            "systemIdentifier": "assignments", "aggregationType": "own_aggregation_definition", "otherAggregationType": "uppdrag",
        ])
        try w.xml.element("objectId", text: "uppdrag-utan-plan")
        try w.xml.element("title", text: "Uppdrag utan plan i leveransen")
        for assignment in assignments { try writeAction(&w, assignment) }
        try w.xml.end()
    }
}
