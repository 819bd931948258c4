// The planning process (SPEC "The planning year", **The process**; seed 002 "Planeringsprocess": "Tidplanen är
// inte känd", "Insynen i processens progression är för låg"). A process prepares one plan year; its timetable
// is a list of phases (date ranges) and milestones (dates); `process.revised` changes the timetable and
// `milestone.reached` records that a milestone was reached, dated by the event's `effective`.

/// The dates a process for plan year `year` may use: 1 January of `year − 2` through 31 December of `year`.
///
/// Source: seed 002 prepares plan year 2021 ("Budget och plan för 2021-2023", "Uppföljningsplan 2021") from
/// Förberedelser in October 2019 to Aktivitetsplaner in December 2020; seed 000 ("Anvisning planering 2017")
/// sets deadlines for plan year 2017 in November and December 2016. Both fit inside Y−2 … Y with room for a
/// process that starts earlier in Y−2 or follows up into the plan year itself.
public struct ProcessWindow: Sendable, Hashable {
    public var from: LedgerDate
    public var to: LedgerDate

    public init(year: Int) {
        from = LedgerDate(year: year - 2, month: 1, day: 1)!
        to = LedgerDate(year: year, month: 12, day: 31)!
    }

    public func contains(_ date: LedgerDate) -> Bool { from <= date && date <= to }

    /// The reason a date lies outside, for a problem: `"2018-12-31 is outside plan year 2021's window 2019-01-01 … 2021-12-31"`.
    func outside(_ date: LedgerDate, year: Int) -> String {
        "\(date) is outside plan year \(year)'s window \(from) … \(to) (a process runs from 1 January two years before its plan year to the end of that year)"
    }
}

/// One phase of a process (Förberedelser okt–jan): a date range, both ends inclusive.
public struct ProcessPhase: Sendable, Hashable {
    public var id: String
    public var name: String
    public var from: LedgerDate
    public var to: LedgerDate

    public init(id: String, name: String, from: LedgerDate, to: LedgerDate) {
        self.id = id
        self.name = name
        self.from = from
        self.to = to
    }

    static func read(_ r: inout FieldReader) -> ProcessPhase? {
        let id = r.key("id"), name = r.string("name"), from = r.date("from"), to = r.date("to")
        guard let id, let name, let from, let to else { return nil }
        guard from <= to else {
            r.report("to", "ends (\(to)) before the phase starts (\(from))")
            return nil
        }
        return ProcessPhase(id: id, name: name, from: from, to: to)
    }
}

/// One milestone of a process (Kickoff 10 februari): a date, optionally in a phase, with the body that meets,
/// why, and what it delivers (a plan kind or a plan key).
public struct ProcessMilestone: Sendable, Hashable {
    public var id: String
    public var name: String
    public var date: LedgerDate
    /// The id of a phase of the same timetable.
    public var phase: String?
    public var body: String?
    public var purpose: String?
    public var deliverable: String?

    public init(id: String, name: String, date: LedgerDate, phase: String? = nil, body: String? = nil, purpose: String? = nil,
                deliverable: String? = nil) {
        self.id = id
        self.name = name
        self.date = date
        self.phase = phase
        self.body = body
        self.purpose = purpose
        self.deliverable = deliverable
    }

    static func read(_ r: inout FieldReader) -> ProcessMilestone? {
        let id = r.key("id"), name = r.string("name"), date = r.date("date"), phase = r.key("phase", required: false)
        let body = r.string("body", required: false), purpose = r.string("purpose", required: false)
        let deliverable = r.string("deliverable", required: false)
        guard let id, let name, let date else { return nil }
        return ProcessMilestone(id: id, name: name, date: date, phase: phase, body: body, purpose: purpose, deliverable: deliverable)
    }
}

/// Reads an array of objects with `read`, each element's problems named `key[i].field`.
private func readObjects<T>(_ r: inout FieldReader, _ key: String, required: Bool, _ read: @escaping (inout FieldReader) -> T?) -> [T]? {
    r.array(key, required: required) { r, v, path in
        guard case .object(let members) = v else {
            r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
            return nil
        }
        var nested = FieldReader(members, path: path)
        let value = read(&nested)
        nested.finish()
        r.absorb(nested.problems)
        return nested.problems.isEmpty ? value : nil
    }
}

/// Reports an id used twice in `items` (field `key`); true when all are distinct.
private func distinctIDs(_ r: inout FieldReader, _ key: String, _ ids: [String], what: String) -> Bool {
    var seen: Set<String> = []
    var ok = true
    for id in ids where !seen.insert(id).inserted {
        r.report(key, "\(what) id \"\(id)\" is used twice")
        ok = false
    }
    return ok
}

/// Problems of a timetable against its year's window and its own phase ids, named under `dataPath`; the
/// checks a `process.planned` makes on itself and the rules make on a revision's result.
public enum Timetable {
    public static func problems(phases: [ProcessPhase], milestones: [ProcessMilestone], year: Int, dataPath: String,
                                phaseIndex: (ProcessPhase) -> Int, milestoneIndex: (ProcessMilestone) -> Int,
                                phaseIDs: Set<String>) -> [Problem] {
        let window = ProcessWindow(year: year)
        var problems: [Problem] = []
        for phase in phases {
            let i = phaseIndex(phase)
            if !window.contains(phase.from) { problems.append(Problem(field: "\(dataPath).phases[\(i)].from", reason: window.outside(phase.from, year: year))) }
            if !window.contains(phase.to) { problems.append(Problem(field: "\(dataPath).phases[\(i)].to", reason: window.outside(phase.to, year: year))) }
        }
        for milestone in milestones {
            let i = milestoneIndex(milestone)
            if !window.contains(milestone.date) {
                problems.append(Problem(field: "\(dataPath).milestones[\(i)].date", reason: window.outside(milestone.date, year: year)))
            }
            if let phase = milestone.phase, !phaseIDs.contains(phase) {
                problems.append(Problem(field: "\(dataPath).milestones[\(i)].phase", reason: "\"\(phase)\" is not a phase of the timetable (phases: \(phaseIDs.sorted(by: byteOrder).joined(separator: ", ")))"))
            }
        }
        return problems
    }
}

/// `process.planned`: a planning process and its timetable (seed 002 "Processens olika faser", "Tidplan").
public struct ProcessPlanned: Sendable, Hashable {
    public var process: String
    public var title: String
    /// The plan year the process prepares.
    public var year: Int
    public var owner: String
    public var phases: [ProcessPhase]
    public var milestones: [ProcessMilestone]

    public init(process: String, title: String, year: Int, owner: String, phases: [ProcessPhase], milestones: [ProcessMilestone]) {
        self.process = process
        self.title = title
        self.year = year
        self.owner = owner
        self.phases = phases
        self.milestones = milestones
    }

    static func read(_ r: inout FieldReader) -> ProcessPlanned? {
        let process = r.key("process"), title = r.string("title"), year = r.integer("year", range: 1902...9997)
        let owner = r.string("owner")
        let phases = readObjects(&r, "phases", required: true, ProcessPhase.read)
        let milestones = readObjects(&r, "milestones", required: true, ProcessMilestone.read)
        if let process, !Envelope.isValidKey(process) { r.report("process", Envelope.keyRule) }
        guard let process, let title, let year, let owner, let phases, let milestones, Envelope.isValidKey(process) else { return nil }
        guard distinctIDs(&r, "phases", phases.map(\.id), what: "phase"), distinctIDs(&r, "milestones", milestones.map(\.id), what: "milestone")
        else { return nil }
        let problems = Timetable.problems(
            phases: phases, milestones: milestones, year: year, dataPath: r.path,
            phaseIndex: { p in phases.firstIndex(of: p)! }, milestoneIndex: { m in milestones.firstIndex(of: m)! },
            phaseIDs: Set(phases.map(\.id)))
        guard problems.isEmpty else {
            r.absorb(problems)
            return nil
        }
        return ProcessPlanned(process: process, title: title, year: year, owner: owner, phases: phases, milestones: milestones)
    }
}

/// `process.revised`: a change of the timetable. Each phase or milestone given replaces the one with the same
/// id, or joins the timetable when its id is new; a revision never removes one (a milestone that no longer
/// applies is revised to say so, so that what was announced stays readable). At least one of `phases` and
/// `milestones` must be given; the timetable it leaves must pass the same checks as a `process.planned`.
public struct ProcessRevised: Sendable, Hashable {
    public var process: String
    /// Why the timetable changed, as a change list entry says it.
    public var change: String
    public var phases: [ProcessPhase]?
    public var milestones: [ProcessMilestone]?

    public init(process: String, change: String, phases: [ProcessPhase]?, milestones: [ProcessMilestone]?) {
        self.process = process
        self.change = change
        self.phases = phases
        self.milestones = milestones
    }

    static func read(_ r: inout FieldReader) -> ProcessRevised? {
        let process = r.key("process"), change = r.string("change")
        let phases = readObjects(&r, "phases", required: false, ProcessPhase.read)
        let milestones = readObjects(&r, "milestones", required: false, ProcessMilestone.read)
        guard let process, let change else { return nil }
        if phases == nil, milestones == nil, r.problems.isEmpty {
            r.report(nil, "a revision names at least one of phases and milestones")
            return nil
        }
        if let phases, phases.isEmpty { r.report("phases", "must name at least one phase (leave it out to keep the phases)") }
        if let milestones, milestones.isEmpty { r.report("milestones", "must name at least one milestone (leave it out to keep the milestones)") }
        guard distinctIDs(&r, "phases", (phases ?? []).map(\.id), what: "phase"),
            distinctIDs(&r, "milestones", (milestones ?? []).map(\.id), what: "milestone"), phases?.isEmpty != true, milestones?.isEmpty != true
        else { return nil }
        return ProcessRevised(process: process, change: change, phases: phases, milestones: milestones)
    }
}

/// `milestone.reached`: a milestone of a process was reached on the event's `effective` date, with a note,
/// the plan it delivered and the decision's dnr when there is one.
public struct MilestoneReached: Sendable, Hashable {
    public var process: String
    public var milestone: String
    public var note: String?
    /// The key of the plan the milestone delivered (a PF, a verksamhetsplan).
    public var plan: String?
    public var dnr: String?

    public init(process: String, milestone: String, note: String? = nil, plan: String? = nil, dnr: String? = nil) {
        self.process = process
        self.milestone = milestone
        self.note = note
        self.plan = plan
        self.dnr = dnr
    }

    static func read(_ r: inout FieldReader) -> MilestoneReached? {
        let process = r.key("process"), milestone = r.key("milestone"), note = r.string("note", required: false)
        let plan = r.key("plan", required: false), dnr = r.key("dnr", required: false)
        guard let process, let milestone else { return nil }
        return MilestoneReached(process: process, milestone: milestone, note: note, plan: plan, dnr: dnr)
    }
}
