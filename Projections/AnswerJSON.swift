import LedgerCore
import LedgerStore

// The SPEC's JSON shapes of the query answers, shared by the CLI's `--format json` and the service's response
// bodies (issue 14: "bodies identical to the CLI's JSON"), so that both print the same bytes from the same code.

extension JSONValue {
    /// A string, or null for nil.
    public init(_ text: String?) { self = text.map(JSONValue.string) ?? .null }
    /// A date as YYYY-MM-DD, or null for nil.
    public init(_ date: LedgerDate?) { self = date.map { .string($0.description) } ?? .null }
    /// An integer as a JSON number.
    public init(_ n: Int) { self = .number(Double(n)) }
}

extension PlanPeriod {
    /// `{"from","to"}`, dates as YYYY-MM-DD.
    public var json: JSONValue { ["from": .string(from.description), "to": .string(to.description)] }
}

extension PlanView {
    /// `plans` → `{"plan","kind","title","owner","period","parent","version","status","effective","approvedBy"}`.
    public var summaryJSON: [String: JSONValue] {
        [
            "plan": .string(plan), "kind": .string(kind), "title": .string(title), "owner": .string(owner),
            "period": period?.json ?? .null, "parent": JSONValue(parent), "version": JSONValue(version),
            "status": .string(status.rawValue), "effective": JSONValue(effective), "approvedBy": JSONValue(approvedBy),
        ]
    }

    /// `show` → the plans object plus `text`, `goals`, `analyses` (`[{"perspective","concerned","text"}]`, null when no
    /// version named any) and `changes`.
    public var detailJSON: JSONValue {
        var members = summaryJSON
        members["text"] = JSONValue(text)
        members["goals"] = goals.map { .array($0.map(\.json)) } ?? .null
        members["analyses"] = analyses.map { .array($0.map(\.json)) } ?? .null
        members["changes"] = .array(changes.map(\.json))
        members["supersededBy"] = supersededBy.map { ["version": JSONValue($0.version), "date": .string($0.date.description)] } ?? .null
        return .object(members)
    }

}

extension Goal {
    /// `{"id","perspective","text","successFactor","metrics"}`, plus `"activities"` (as in `content`, see `Activity.json`)
    /// on a goal that has any: absent rather than `[]` on every other goal, so that the shape of a plan without
    /// activities is unchanged (SPEC allows added fields).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "perspective": .string(perspective), "text": .string(text), "successFactor": JSONValue(successFactor),
            "metrics": .array(metrics.map(\.json)),
        ]
        if !activities.isEmpty { members["activities"] = .array(activities.map(\.json)) }
        return .object(members)
    }
}

extension Activity {
    /// `{"id","text","targetGroup","from","due","metrics","responsible","contact"}` (the `content` shape; `from` null when
    /// absent, `metrics` `[]` when none).
    public var json: JSONValue {
        [
            "id": .string(id), "text": .string(text), "targetGroup": .string(targetGroup), "from": JSONValue(from), "due": .string(due.description),
            "metrics": .array(metrics.map(JSONValue.string)), "responsible": .string(responsible), "contact": .string(contact),
        ]
    }
}

extension ActivityView {
    /// `activities` → as `assignments`: `{"activity","plan","due","responsible","status","overdue"}` plus `goal`, `text`,
    /// `targetGroup`, `from`, `metrics`, `contact`, `reported` (the latest report's date), `note` and `seq` (the latest
    /// report's seq); `status` is `open` (no report yet), `started`, `done` or `cancelled`.
    public var json: JSONValue {
        [
            "activity": .string(activity), "plan": .string(plan), "goal": .string(goal), "text": .string(text),
            "targetGroup": .string(targetGroup), "from": JSONValue(from), "due": .string(due.description),
            "metrics": .array(metrics.map(JSONValue.string)), "responsible": .string(responsible), "contact": .string(contact),
            "status": .string(status.rawValue), "reported": JSONValue(reported), "note": JSONValue(note), "overdue": .bool(overdue),
            "seq": seq.map { JSONValue($0) } ?? .null,
        ]
    }
}

extension PerspectiveAnalysis {
    /// `{"perspective","concerned","text"}`.
    public var json: JSONValue {
        ["perspective": .string(perspective.rawValue), "concerned": .bool(concerned), "text": .string(text)]
    }
}

extension PolicyVersion {
    /// `{"policy","requires","kinds","perspectives","dnr","approvedBy","plan","effective","seq"}`.
    public var json: JSONValue {
        [
            "policy": .string(policy), "requires": .string(requires.rawValue), "kinds": .array(kinds.map(JSONValue.string)),
            "perspectives": .array(perspectives.map { .string($0.rawValue) }), "dnr": JSONValue(dnr), "approvedBy": .string(approvedBy),
            "plan": .string(plan), "effective": .string(effective.description), "seq": JSONValue(seq),
        ]
    }
}

extension PolicyView {
    /// `policies` → the version in force (`PolicyVersion.json`) plus `history`, every version up to it by effective date.
    public var json: JSONValue {
        guard case .object(var members) = current.json else { return .null }
        members["history"] = .array(history.map(\.json))
        return .object(members)
    }
}

extension Metric {
    /// `{"id","name","target","baseline","unit","periods"}`.
    public var json: JSONValue {
        [
            "id": .string(id), "name": .string(name), "target": target, "baseline": baseline ?? .null, "unit": JSONValue(unit),
            "periods": .array(periods.map { .string($0.rawValue) }),
        ]
    }
}

extension ChangeEntry {
    /// `changes` → `{"version","date","change","approvedBy","dnr","seq","recorded","corrected"}` (+ correctedBy, decision).
    public var json: JSONValue {
        [
            "version": JSONValue(version), "date": .string(date.description), "change": .string(change), "approvedBy": JSONValue(approvedBy),
            "dnr": JSONValue(dnr), "seq": JSONValue(seq), "recorded": .string(recorded.description), "corrected": .bool(corrected),
            "correctedBy": correctedBy.map { JSONValue.number(Double($0)) } ?? .null,
            "decision": decision.map { ["body": .string($0.body), "paragraph": JSONValue($0.paragraph)] } ?? .null,
        ]
    }

}

extension DiaryEntry {
    /// `diary` → `{"dnr","date","title","direction","counterpart","handler","case","plan","secrecy","archived"}`, plus
    /// `"personalData": true` on an entry marked so (SPEC allows added fields; absent rather than `false` on every other
    /// entry, so that the shape of an entry without personal data is unchanged). Masked public entries carry it too:
    /// it says why the counterpart reads "Enskild".
    public var json: JSONValue {
        guard case .object(var members) = [
            "dnr": .string(dnr), "date": .string(date.description), "title": .string(title), "direction": .string(direction.rawValue),
            "counterpart": JSONValue(counterpart), "handler": JSONValue(handler), "case": JSONValue(self.case), "plan": JSONValue(plan),
            "secrecy": secrecy.map { ["ground": .string($0.ground)] } ?? .null,
            "seq": .number(Double(seq)), "recorded": .string(recorded.description),
            "archived": archived.map {
                ["date": .string($0.date.description), "retention": .string($0.retention.rawValue), "cullAfter": JSONValue($0.cullAfter)]
            } ?? .null,
        ] as JSONValue else { return .null }
        if personalData { members["personalData"] = .bool(true) }
        return .object(members)
    }

}

extension FollowupRow {
    /// `{"plan","goal","perspective","metric","name","target","baseline","unit","period","outcome","fulfilment","comment","effective"}`.
    public var json: JSONValue {
        [
            "plan": .string(plan), "goal": JSONValue(goal), "perspective": JSONValue(perspective), "metric": .string(metric),
            "name": JSONValue(name), "target": target ?? .null, "baseline": baseline ?? .null, "unit": JSONValue(unit),
            "period": .string(period.description), "outcome": outcome ?? .null, "fulfilment": JSONValue(fulfilment?.rawValue),
            "comment": JSONValue(comment), "effective": JSONValue(effective), "seq": seq.map { .number(Double($0)) } ?? .null,
        ]
    }

}

extension AssignmentView {
    /// `{"assignment","plan","title","assignee","issuedBy","issued","deadline","status","reported","note","overdue"}`.
    public var json: JSONValue {
        [
            "assignment": .string(assignment), "plan": JSONValue(plan), "title": .string(title), "assignee": .string(assignee),
            "issuedBy": .string(issuedBy), "issued": .string(issued.description), "deadline": .string(deadline.description),
            "status": .string(status.rawValue), "reported": JSONValue(reported), "note": JSONValue(note), "overdue": .bool(overdue),
        ]
    }

}

extension ChainNode {
    /// `{"plan","title","kind","version","children":[…]}`.
    public var json: JSONValue {
        ["plan": .string(plan), "title": .string(title), "kind": .string(kind), "version": .number(Double(version)),
         "children": .array(children.map(\.json))]
    }

}

extension AuditFinding {
    /// `{"finding","plan","dnr","seq","detail"}`.
    public var json: JSONValue {
        ["finding": .string(finding.rawValue), "plan": JSONValue(plan), "dnr": JSONValue(dnr),
         "seq": seq.map { .number(Double($0)) } ?? .null, "detail": .string(detail)]
    }
}

/// The JSON documents of answers made of several parts, as `planledger show` and `replay` print them.
public enum AnswerJSON {
    /// `show` → the plan in full (`PlanView.detailJSON`) plus `children`, the keys of the plans below it.
    public static func show(_ view: PlanView, children: [String]) -> JSONValue {
        guard case .object(var members) = view.detailJSON else { return view.detailJSON }
        members["children"] = .array(children.map(JSONValue.string))
        return .object(members)
    }

    /// `replay` → `{"asOf","knownAt":{"seq","recorded"},"plans":[…],"diary":[…],"policies":[…]}`; `diary` is given apart so that the
    /// caller decides whether it is masked (`LedgerQueries.masked`).
    public static func replay(_ snapshot: LedgerSnapshot, recorded: Timestamp?, diary: [DiaryEntry]) -> JSONValue {
        [
            "asOf": .string(snapshot.asOf.description),
            "knownAt": ["seq": JSONValue(snapshot.knownAt), "recorded": JSONValue(recorded?.description)],
            "plans": .array(snapshot.plans.map(\.detailJSON)),
            "diary": .array(diary.map(\.json)),
            "policies": .array(snapshot.policies.map(\.json)),
        ]
    }

    /// `append` → `{"appended": n, "skipped": n, "head": {"seq": n, "hash": "hex"}}` (SPEC, "JSON shapes"); also
    /// the body of the service's `POST /api/v1/events`.
    public static func append(_ result: AppendResult) -> JSONValue {
        ["appended": JSONValue(result.appended), "skipped": JSONValue(result.skipped), "head": head(result.head)]
    }

    /// A head as `{"seq": n, "hash": "hex"}` (lower-case hex of the SHA-256 chain hash).
    public static func head(_ head: Head) -> JSONValue {
        ["seq": JSONValue(head.seq), "hash": .string(Hex.encode(head.hash))]
    }

    /// A whole answer as the CLI's `--format json` prints it: `PrettyJSON` and a final newline.
    public static func document(_ value: JSONValue) -> String {
        PrettyJSON.string(value) + "\n"
    }
}
