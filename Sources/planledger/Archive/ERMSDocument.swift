import LedgerCore
import Projections

/// One E-ARK CITS ERMS document (schema v2.1.2, namespace `https://DILCIS.eu/XML/ERMS`; Riksarkivet's FGS
/// Ärendehantering) describing the ledger at a point (as of, known at), written as it goes.
///
/// - `control`: the delivering organisation and system, the point, and a `maintenanceHistory` with one
///   event per logged event: who recorded what, when (the ledger's audit trail, streamed from the log).
/// - one `caseFile` aggregation per case (diary entries grouped by `case`, else by dnr), a `record` per entry;
/// - one aggregation per plan (its `kind` as the producer's own aggregation type) with a `record` per version:
///   the change list as the archive sees it;
/// - assignments as `action`s, placed as `AssignmentPlacement` says.
///
/// In public mode the diary is masked exactly as `diary --public` masks it. Characters XML 1.0 cannot carry
/// are written as U+FFFD and reported through `warn` (the log cannot be edited, and some fields, such as a
/// dnr or an actor, cannot even be corrected, so refusing would make a ledger undeliverable).
struct ERMSDocument {
    static let namespace = "https://DILCIS.eu/XML/ERMS"
    /// The namespace of the one extension element (`event`, in a maintenance event's agent), which ERMS
    /// processes laxly: it names the logged event a maintenance event stands for.
    static let ledgerNamespace = "urn:planledger:erms:1"

    var delivery: Delivery
    var asOf: LedgerDate
    var isPublic: Bool
    /// The delivering organisation; nil when not given.
    var organisation: String?
    /// When the document is made.
    var created: Timestamp
    /// Receives a line for each value whose characters had to be replaced.
    var warn: (String) -> Void

    /// Writes the document to `xml`, streaming the maintenance history from `events`, and returns the seqs of
    /// the events its records stand for (see `provable`). Throws `Nothing` before writing anything when the
    /// point holds no case, plan or assignment.
    @discardableResult
    func write(to xml: inout XMLWriter, events: ((RecordedEvent) throws -> Void) throws -> Void) throws -> [Int] {
        let snapshot = delivery.snapshot
        let diary = snapshot.diary.map { entry in
            isPublic ? delivery.mask.apply(entry) : entry
        }
        let cases = CaseFile.group(diary)
        let placement = AssignmentPlacement(snapshot.assignments, plans: snapshot.plans, cases: cases)
        guard let last = delivery.last, !cases.isEmpty || !snapshot.plans.isEmpty || !placement.withoutPlan.isEmpty else {
            throw Nothing()
        }
        var w = ArchiveXML(xml: xml, warn: warn)
        try w.xml.start("erms", [
            "xmlns": Self.namespace,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": "\(Self.namespace) https://raw.githubusercontent.com/DILCISBoard/CITS-ERMS/master/schema/ERMS.xsd",
        ])
        var corrections: [Int: [Int]] = [:]
        try writeControl(&w, last: last, events: events, corrections: &corrections)
        try w.xml.start("aggregations")
        let versionsByDnr = Self.versionsByDnr(snapshot.plans)
        for file in cases {
            try writeCaseFile(&w, file, decisions: file.dnrs.flatMap { versionsByDnr[$0] ?? [] }, actions: placement.byCase[file.key] ?? [])
        }
        for plan in snapshot.plans {
            try writePlan(&w, plan, actions: placement.byPlan[plan.plan] ?? [],
                          activities: snapshot.activities.filter { $0.plan == plan.plan })
        }
        if !placement.withoutPlan.isEmpty {
            try writeAssignmentsWithoutPlan(&w, placement.withoutPlan)
        }
        try w.xml.end()  // aggregations
        try w.xml.end()  // erms
        xml = w.xml
        return provable(diary, corrections: corrections)
    }

    /// The events behind the records: each diary entry's and plan version's own event, and the corrections
    /// that changed what the record shows, in seq order. In public mode a classified or personal-data entry's are
    /// left out: an event carries the title and counterpart that the record masks.
    func provable(_ diary: [DiaryEntry], corrections: [Int: [Int]]) -> [Int] {
        var seqs: [Int] = []
        for entry in diary where !(isPublic && (secrecyGround(entry) != nil || entry.personalData)) {
            seqs.append(entry.seq)
            seqs += corrections[entry.seq] ?? []
        }
        for version in delivery.snapshot.plans.flatMap(\.changes) {
            seqs.append(version.seq)
            seqs += corrections[version.seq] ?? []
        }
        return Array(Set(seqs)).sorted()
    }

    /// The point holds nothing an archive could receive (ERMS requires at least one aggregation).
    struct Nothing: Error {}

    // MARK: - control

    /// The control section; `corrections` collects, from the log as it streams by, the corrections of each event.
    private func writeControl(_ w: inout ArchiveXML, last: RecordedEvent, events: ((RecordedEvent) throws -> Void) throws -> Void,
                              corrections: inout [Int: [Int]]) throws {
        try w.xml.start("control")
        try w.xml.element("identification", ["identificationType": "system"], text: "planledger")
        try w.element("identification", ["identificationType": "organisation"], organisation, seq: nil, field: "--organisation")
        try w.xml.element("identification", ["identificationType": "knownAtSeq"], text: String(last.seq))
        try w.xml.element("identification", ["identificationType": "knownAtHash"], text: Hex.encode(last.hash))
        try w.xml.start("dates")
        try w.xml.element("date", ["dateType": "created"], text: created.description)
        try w.xml.element("date", ["dateType": "other", "otherDateType": "asOf"], text: Self.dateTime(asOf))
        try w.xml.element("date", ["dateType": "other", "otherDateType": "knownAt"], text: last.recorded.description)
        try w.xml.end()
        try w.xml.start("maintenanceInformation")
        try w.xml.element("maintenanceStatus", ["value": "new"], text: nil)
        try w.xml.start("maintenanceAgency")
        try w.element("agencyName", organisation ?? "ej angiven", seq: nil, field: "--organisation")
        try w.xml.end()
        try w.xml.start("maintenanceHistory")
        try events { event in
            try writeMaintenanceEvent(&w, event)
            if event.type == .eventCorrected, case .number(let target)? = event.data["target"] {
                corrections[Int(target), default: []].append(event.seq)
            }
        }
        try w.xml.end()  // maintenanceHistory
        try w.xml.end()  // maintenanceInformation
        try w.xml.end()  // control
    }

    /// One logged event as the archive's maintenance history sees it: a new event `created` its record, a
    /// correction `revised` one, a retraction `cancelled` one; its actor is the agent.
    private func writeMaintenanceEvent(_ w: inout ArchiveXML, _ event: RecordedEvent) throws {
        let (eventType, agentType) = switch event.type {
        case .eventCorrected: ("revised", "editor")
        case .eventRetracted: ("cancelled", "editor")
        default: ("created", "creator")
        }
        try w.xml.start("maintenanceEvent")
        try w.xml.element("eventType", ["value": eventType], text: nil)
        try w.xml.element("eventDateTime", text: event.recorded.description)
        try w.xml.start("agent", ["agentType": agentType])
        try w.element("name", event.actor ?? "okänd", seq: event.seq, field: "actor")
        try w.xml.start("agentExtendingInformation")
        try w.xml.start("agentExtendingXMLInformation")
        var target: String?
        if case .number(let seq)? = event.data["target"], event.type.isAmendment { target = String(Int(seq)) }
        try w.xml.element("event", [
            "xmlns": Self.ledgerNamespace, "seq": String(event.seq), "type": event.type.rawValue,
            "effective": event.effective.description, "target": target,
        ], text: nil)
        try w.xml.end()
        try w.xml.end()
        try w.xml.end()  // agent
        try w.xml.end()  // maintenanceEvent
    }

    // MARK: - Shared pieces

    /// An `xs:dateTime` for a date: its midnight, without a time zone (the ledger's dates have none).
    static func dateTime(_ date: LedgerDate) -> String { "\(date)T00:00:00" }

    /// Plan versions by the dnr of their decision.
    static func versionsByDnr(_ plans: [PlanView]) -> [String: [(plan: String, entry: ChangeEntry)]] {
        var result: [String: [(plan: String, entry: ChangeEntry)]] = [:]
        for plan in plans {
            for entry in plan.changes {
                if let dnr = entry.dnr { result[dnr, default: []].append((plan.plan, entry)) }
            }
        }
        return result
    }

    /// `<agents>` with one `<agent>` per (type, name) pair, in order, duplicates left out; nothing if empty.
    func writeAgents(_ w: inout ArchiveXML, _ agents: [(type: String, name: String?, seq: Int?)]) throws {
        var seen: Set<[String]> = []
        let present = agents.filter { agent in agent.name.map { !$0.isEmpty && seen.insert([agent.type, $0]).inserted } ?? false }
        guard !present.isEmpty else { return }
        try w.xml.start("agents")
        for agent in present {
            try w.xml.start("agent", ["agentType": agent.type])
            try w.element("name", agent.name, seq: agent.seq, field: agent.type)
            try w.xml.end()
        }
        try w.xml.end()
    }

    /// `<dates>` with one `<date>` per (type, value), in order; nothing if empty.
    func writeDates(_ w: inout ArchiveXML, _ dates: [(type: String, value: String)]) throws {
        guard !dates.isEmpty else { return }
        try w.xml.start("dates")
        for date in dates { try w.xml.element("date", ["dateType": date.type], text: date.value) }
        try w.xml.end()
    }

    /// A secrecy restriction: the OSL ground as the regulation.
    func writeRestriction(_ w: inout ArchiveXML, ground: String, seq: Int?) throws {
        try w.xml.start("restriction", ["restrictionType": "confidential"])
        try w.element("explanatoryText", "Sekretess enligt \(ground)", seq: seq, field: "secrecy")
        try w.element("regulation", ground, seq: seq, field: "secrecy")
        try w.xml.end()
    }
}
