import LedgerCore

// The SPEC's JSON shape of `process` (SPEC "The planning year", "JSON shapes"), shared by the CLI's
// `--format json` and the API's bodies.

extension ProcessView {
    /// `process` → `{"process","title","year","owner","asOf","currentPhase","nextMilestone","phases":[…],
    /// "milestones":[…],"changes":[…]}`; `currentPhase` and `nextMilestone` are ids or null.
    public var json: JSONValue {
        [
            "process": .string(process), "title": .string(title), "year": JSONValue(year), "owner": .string(owner),
            "asOf": .string(asOf.description), "currentPhase": JSONValue(currentPhase), "nextMilestone": JSONValue(nextMilestone),
            "phases": .array(phases.map(\.json)), "milestones": .array(milestones.map(\.json)), "changes": .array(changes.map(\.json)),
        ]
    }

    /// `processes` → one object per process: `process`'s answer without phases, milestones and changes, plus
    /// the name and date of the next milestone and how many milestones are overdue.
    public var summaryJSON: JSONValue {
        let next = milestones.first { $0.id == nextMilestone }
        return [
            "process": .string(process), "title": .string(title), "year": JSONValue(year), "owner": .string(owner),
            "asOf": .string(asOf.description), "currentPhase": JSONValue(currentPhase), "nextMilestone": JSONValue(nextMilestone),
            "nextMilestoneDate": JSONValue(next?.date), "overdue": JSONValue(milestones.filter { $0.state == .overdue }.count),
        ]
    }
}

extension PhaseView {
    /// `{"id","name","from","to","state"}`, state `done` / `current` / `upcoming`.
    public var json: JSONValue {
        ["id": .string(id), "name": .string(name), "from": .string(from.description), "to": .string(to.description), "state": .string(state.rawValue)]
    }
}

extension MilestoneView {
    /// `{"id","name","date","phase","body","purpose","deliverable","state","reached","daysLate","note","plan","dnr","seq"}`:
    /// state `reached` / `due` / `overdue` / `upcoming`; `reached` the date it was reached and `daysLate` the days
    /// after `date` (0 when on time or early), both null unless reached; `seq` the `milestone.reached` event.
    public var json: JSONValue {
        [
            "id": .string(id), "name": .string(name), "date": .string(date.description), "phase": JSONValue(phase), "body": JSONValue(body),
            "purpose": JSONValue(purpose), "deliverable": JSONValue(deliverable), "state": .string(state.rawValue), "reached": JSONValue(reached),
            "daysLate": daysLate.map { .number(Double($0)) } ?? .null, "note": JSONValue(note), "plan": JSONValue(plan), "dnr": JSONValue(dnr),
            "seq": reachedSeq.map { .number(Double($0)) } ?? .null,
        ]
    }
}

extension ProcessChange {
    /// `{"kind","date","change","seq","recorded","corrected"}`: kind `planned` (change null) or `revised`.
    public var json: JSONValue {
        [
            "kind": .string(kind), "date": .string(date.description), "change": JSONValue(change), "seq": JSONValue(seq),
            "recorded": .string(recorded.description), "corrected": .bool(corrected),
        ]
    }
}
