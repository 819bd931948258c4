/// What the queries answer, shared by the projections (indexed lookups) and `Replay` (the plain fold), so
/// that the two can be compared value for value.

/// Where a plan stands on a date.
public enum PlanStatus: String, Sendable, Hashable, CaseIterable {
    /// Registered, no version adopted yet.
    case draft
    case inForce = "in-force"
    /// Its period has ended.
    case expired
    case repealed
    /// Only of a version asked for by number (`show --version N`): a later version took its place by the as-of
    /// date (SPEC, "Fidelity"); `PlanView.supersededBy` names it.
    case superseded
}

/// The version that replaced the one shown, and the date it took effect.
public struct Supersession: Sendable, Hashable {
    public var version: Int
    public var date: LedgerDate

    public init(version: Int, date: LedgerDate) {
        self.version = version
        self.date = date
    }
}

/// One row of the ändringsförteckning: a version as the change list shows it.
public struct ChangeEntry: Sendable, Hashable {
    public var version: Int
    /// The version's effective date (Datum).
    public var date: LedgerDate
    public var change: String
    public var approvedBy: String?
    public var dnr: String?
    public var decision: DecisionReference?
    /// The `plan.revised` event this row comes from, and when it was recorded.
    public var seq: Int
    public var recorded: Timestamp
    /// The correction whose replacement this row shows, when it was corrected.
    public var correctedBy: Int?

    public init(version: Int, date: LedgerDate, change: String, approvedBy: String?, dnr: String?, decision: DecisionReference?,
                seq: Int, recorded: Timestamp, correctedBy: Int?) {
        self.version = version
        self.date = date
        self.change = change
        self.approvedBy = approvedBy
        self.dnr = dnr
        self.decision = decision
        self.seq = seq
        self.recorded = recorded
        self.correctedBy = correctedBy
    }

    public var corrected: Bool { correctedBy != nil }
}

/// A plan as of a date: metadata, the version in force, its content and change list so far.
public struct PlanView: Sendable, Hashable {
    public var plan: String
    public var kind: String
    public var title: String
    public var owner: String
    public var period: PlanPeriod?
    public var parent: String?
    /// 0 when no version is in force yet.
    public var version: Int
    public var status: PlanStatus
    /// The effective date of the version in force.
    public var effective: LedgerDate?
    public var approvedBy: String?
    public var text: String?
    public var goals: [Goal]?
    /// The change list up to the version shown, by version.
    public var changes: [ChangeEntry]
    /// When the version shown is not the latest in force by the as-of date: the next version, which replaced
    /// it (status `superseded`). nil for the version in force.
    public var supersededBy: Supersession? = nil
    /// The budget (frames and economic action plan) of the latest version up to the one shown that named one
    /// (SPEC, "The planning year": a named `budget` replaces the previous); nil when none did.
    public var budget: Budget? = nil
    /// The perspective analyses in force with the version shown (`content.analyses`, kept from the last version that
    /// named them), in the order they were written; nil when no version named any.
    public var analyses: [PerspectiveAnalysis]? = nil

    public init(plan: String, kind: String, title: String, owner: String, period: PlanPeriod?, parent: String?, version: Int,
                status: PlanStatus, effective: LedgerDate?, approvedBy: String?, text: String?, goals: [Goal]?, changes: [ChangeEntry]) {
        self.plan = plan
        self.kind = kind
        self.title = title
        self.owner = owner
        self.period = period
        self.parent = parent
        self.version = version
        self.status = status
        self.effective = effective
        self.approvedBy = approvedBy
        self.text = text
        self.goals = goals
        self.changes = changes
    }
}

/// The archiving of a diary entry.
public struct ArchiveInfo: Sendable, Hashable {
    public var date: LedgerDate
    public var retention: Retention
    public var cullAfter: LedgerDate?

    public init(date: LedgerDate, retention: Retention, cullAfter: LedgerDate?) {
        self.date = date
        self.retention = retention
        self.cullAfter = cullAfter
    }
}

/// One entry of the diarium.
public struct DiaryEntry: Sendable, Hashable {
    public var dnr: String
    public var date: LedgerDate
    public var title: String
    public var direction: Direction
    public var counterpart: String?
    public var handler: String?
    public var `case`: String?
    public var plan: String?
    public var secrecy: Secrecy?
    public var archived: ArchiveInfo?
    /// The `diary.registered` event, and when it was recorded (the registration's transaction time).
    public var seq: Int
    public var recorded: Timestamp
    /// The counterpart is a private individual (`personalData: true`): public output shows it as "Enskild".
    public var personalData: Bool

    public init(dnr: String, date: LedgerDate, title: String, direction: Direction, counterpart: String?, handler: String?,
                case: String?, plan: String?, secrecy: Secrecy?, archived: ArchiveInfo?, seq: Int, recorded: Timestamp,
                personalData: Bool = false) {
        self.personalData = personalData
        self.seq = seq
        self.recorded = recorded
        self.dnr = dnr
        self.date = date
        self.title = title
        self.direction = direction
        self.counterpart = counterpart
        self.handler = handler
        self.case = `case`
        self.plan = plan
        self.secrecy = secrecy
        self.archived = archived
    }

    /// What public output shows in place of a private individual's name (SPEC, "Personal data in the public view"):
    /// the word Swedish web diaries (postlistor) use, the same in every language, as "Sekretess enligt" is.
    public static let privateIndividual = "Enskild"

    /// The entry as public output may show it: a classified entry's title and counterpart are replaced by
    /// "Sekretess enligt <ground>" and nothing; a personal-data entry's counterpart by "Enskild".
    public var masked: DiaryEntry { masked(classifiedLater: nil) }

    /// Masked as `masked` is, and also when the entry is classified (`classifiedLater`, its ground) or marked as
    /// personal data (`personalDataLater`) in a version other than this one: what is secret or personal in any
    /// version never reaches public output, whichever version the answer shows.
    public func masked(classifiedLater ground: String?, personalDataLater: Bool = false) -> DiaryEntry {
        var copy = self
        if personalData || personalDataLater {
            copy.personalData = true
            if copy.counterpart != nil { copy.counterpart = Self.privateIndividual }
        }
        if let secrecy = secrecy ?? ground.map(Secrecy.init(ground:)) {
            copy.title = "Sekretess enligt \(secrecy.ground)"
            copy.counterpart = nil
        }
        return copy
    }
}

extension PlanStatus {
    /// A plan's status as of `asOf` (SPEC, `plans`: draft, in-force, expired, repealed): repealed by then; else a draft while no version is in
    /// force; else expired when its period (as resolved from registration and content) ended before `asOf`; else in
    /// force. Shared by `PlanView.build` and the listings that resolve the period without the content.
    public static func of(repealed: Bool, hasVersion: Bool, period: PlanPeriod?, asOf: LedgerDate) -> PlanStatus {
        if repealed { return .repealed }
        if !hasVersion { return .draft }
        if let period, period.to < asOf { return .expired }
        return .inForce
    }
}

extension PlanView {
    /// Folds the parts a plan's content can name, version by version: a part named replaces the previous.
    /// `versions` are the versions up to the one in force, in version order, each with its content.
    static func resolve(registration: PlanRegistered, contents: [PlanContent?])
        -> (title: String, period: PlanPeriod?, text: String?, goals: [Goal]?, analyses: [PerspectiveAnalysis]?)
    {
        var title = registration.title, period = registration.period
        var text: String?, goals: [Goal]?, analyses: [PerspectiveAnalysis]?
        for content in contents {
            guard let content else { continue }
            if let t = content.title { title = t }
            if let p = content.period { period = p }
            if let t = content.text { text = t }
            if let g = content.goals { goals = g }
            if let a = content.analyses { analyses = a }
        }
        return (title, period, text, goals, analyses)
    }

    /// Builds the view of a plan as of `asOf` from its registration, its versions in force by then (in version
    /// order, with content), and its repeal date if repealed by then.
    public static func build(
        plan: String, registration: PlanRegistered, versions: [(entry: ChangeEntry, content: PlanContent?)],
        repealed: Bool, asOf: LedgerDate
    ) -> PlanView {
        let resolved = resolve(registration: registration, contents: versions.map(\.content))
        let current = versions.last?.entry
        let status = PlanStatus.of(repealed: repealed, hasVersion: current != nil, period: resolved.period, asOf: asOf)
        var view = PlanView(
            plan: plan, kind: registration.kind, title: resolved.title, owner: registration.owner, period: resolved.period,
            parent: registration.parent, version: current?.version ?? 0, status: status, effective: current?.date,
            approvedBy: current?.approvedBy, text: resolved.text, goals: resolved.goals, changes: versions.map(\.entry))
        view.budget = resolveBudget(versions.map(\.content))
        view.analyses = resolved.analyses
        return view
    }

    /// The budget of the last content in `contents` (in version order) that names one: a named budget replaces the
    /// previous one as a whole.
    static func resolveBudget(_ contents: [PlanContent?]) -> Budget? {
        contents.last { $0?.budget != nil }??.budget
    }
}
