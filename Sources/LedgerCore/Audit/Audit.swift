import Foundation

/// What an auditor should look at: each finding names its kind, where it is (plan, dnr, seq) and, in plain
/// words, what is missing and since when.
public struct AuditFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case versionWithoutApprover = "version-without-approver"
        case lateRegistration = "late-registration"
        case assignmentOverdue = "assignment-overdue"
        case followupMissing = "followup-missing"
        case budgetExceedsFrame = "budget-exceeds-frame"
        /// An activity of a plan's content in force whose due date has passed, neither done nor cancelled (SPEC, "The
        /// planning year": overdue activities, like assignments).
        case activityOverdue = "activity-overdue"
        /// A milestone of a planning process whose date has passed without a `milestone.reached` (SPEC "The planning
        /// year"; seed 002: "Insynen i processens progression är för låg").
        case milestoneOverdue = "milestone-overdue"
        /// A plan version of a kind a policy covers, effective on or after the policy, whose content in force lacks an
        /// analysis of one or more of the policy's perspectives (SPEC, "The planning year"; seed 001 §3.4).
        case perspectiveAnalysisMissing = "perspective-analysis-missing"
    }

    public var finding: Kind
    public var plan: String?
    public var dnr: String?
    public var seq: Int?
    public var detail: String
    /// What `detail` says, as values, so that a reader in another language can say it in words of its own
    /// (the `Catalogue`'s Swedish); `detail` stays the English of the JSON answer. nil when made without them.
    public var facts: Facts?

    /// The values behind a finding's detail; texts are clipped as the detail clips them.
    public enum Facts: Sendable, Hashable {
        case versionWithoutApprover(version: Int, plan: String, date: LedgerDate, change: String)
        case lateRegistration(dnr: String, dated: LedgerDate, registered: LedgerDate, days: Int, limit: Int)
        /// `partialReport` is the date of a partial report, nil when there is none.
        case assignmentOverdue(assignment: String, title: String, assignee: String, deadline: LedgerDate, days: Int, asOf: LedgerDate,
                               partialReport: LedgerDate?)
        case followupMissing(metric: String, name: String?, period: FollowupPeriod, ended: LedgerDate, days: Int, asOf: LedgerDate)
        /// Amounts are texts in `currency` (the parent's), as the detail writes them (`BudgetAmount.text`).
        case budgetExceedsFrame(parent: String, unit: String, year: Int, kind: FrameKind, frame: String, sum: String,
                                currency: BudgetCurrency, children: [BudgetShare])
        /// `started` is the date of a `started` report, nil when there is none.
        case activityOverdue(activity: String, plan: String, text: String, responsible: String, due: LedgerDate, days: Int, asOf: LedgerDate,
                             started: LedgerDate?)
        case milestoneOverdue(process: String, milestone: String, name: String, date: LedgerDate, days: Int, asOf: LedgerDate)
        /// `missing` in `Perspective.allCases` order; `policyDate` is the effective date of the policy version that applied.
        case perspectiveAnalysisMissing(plan: String, kind: String, version: Int, date: LedgerDate, policy: String, policyDate: LedgerDate, missing: [Perspective])
    }

    public init(finding: Kind, plan: String?, dnr: String?, seq: Int?, detail: String, facts: Facts? = nil) {
        self.finding = finding
        self.plan = plan
        self.dnr = dnr
        self.seq = seq
        self.detail = detail
        self.facts = facts
    }
}

public enum Audit {
    /// Thresholds of the audit.
    public struct Rules: Sendable, Hashable {
        /// Days after a period's end before a missing outcome is a finding.
        public var grace: Int
        /// Days between a document's date and its registration before the registration is late (OSL 5:1).
        public var lateAfter: Int
        /// The organisation's time zone: the registration day is the day the entry was recorded there (SPEC,
        /// "Fidelity"), not the UTC day.
        public var timeZone: TimeZone

        public init(grace: Int = 60, lateAfter: Int = 7, timeZone: TimeZone = .organisationDefault) {
            self.grace = grace
            self.lateAfter = lateAfter
            self.timeZone = timeZone
        }
    }

    /// The findings in `snapshot` (as of its date, as known at its seq), ordered by kind, plan, dnr, seq.
    public static func findings(_ snapshot: LedgerSnapshot, rules: Rules = Rules()) -> [AuditFinding] {
        let asOf = snapshot.asOf
        var result: [AuditFinding] = []
        for plan in snapshot.plans {
            for change in plan.changes where change.approvedBy == nil {
                result.append(AuditFinding(
                    finding: .versionWithoutApprover, plan: plan.plan, dnr: change.dnr, seq: change.seq,
                    detail: "version \(change.version) of \(plan.plan) (\(change.date), \"\(clip(change.change))\") has no approver (Beslutat av) recorded",
                    facts: .versionWithoutApprover(version: change.version, plan: plan.plan, date: change.date, change: clip(change.change))))
            }
        }
        for entry in snapshot.diary {
            let recordedOn = LedgerDate(entry.recorded, in: rules.timeZone)
            let days = recordedOn.daysSinceEpoch - entry.date.daysSinceEpoch
            if days > rules.lateAfter {
                result.append(AuditFinding(
                    finding: .lateRegistration, plan: entry.plan, dnr: entry.dnr, seq: entry.seq,
                    detail: "\(entry.dnr) dated \(entry.date) was registered on \(recordedOn), \(days) days later (more than \(rules.lateAfter); OSL 5:1 asks for registration without delay)",
                    facts: .lateRegistration(dnr: entry.dnr, dated: entry.date, registered: recordedOn, days: days, limit: rules.lateAfter)))
            }
        }
        for a in snapshot.assignments where a.overdue {
            let days = asOf.daysSinceEpoch - a.deadline.daysSinceEpoch
            let state = a.status == .open ? "no report" : "only a partial report (\(a.reported.map(\.description) ?? "?"))"
            result.append(AuditFinding(
                finding: .assignmentOverdue, plan: a.plan, dnr: nil, seq: a.seq,
                detail: "assignment \(a.assignment) (\"\(clip(a.title))\", to \(a.assignee)) was due \(a.deadline), \(days) days before \(asOf), and has \(state)",
                facts: .assignmentOverdue(assignment: a.assignment, title: clip(a.title), assignee: a.assignee, deadline: a.deadline, days: days,
                                          asOf: asOf, partialReport: a.status == .open ? nil : a.reported)))
        }
        for a in snapshot.activities where a.overdue {
            let days = asOf.daysSinceEpoch - a.due.daysSinceEpoch
            let state = a.status == .open ? "no report" : "only a report that it started (\(a.reported.map(\.description) ?? "?"))"
            result.append(AuditFinding(
                finding: .activityOverdue, plan: a.plan, dnr: nil, seq: a.seq,
                detail: "activity \(a.activity) of \(a.plan) (\"\(clip(a.text))\", responsible \(a.responsible)) was due \(a.due), \(days) days before \(asOf), and has \(state)",
                facts: .activityOverdue(activity: a.activity, plan: a.plan, text: clip(a.text), responsible: a.responsible, due: a.due, days: days,
                                        asOf: asOf, started: a.status == .open ? nil : a.reported)))
        }
        for row in snapshot.followups where row.outcome == nil {
            let end = row.period.end
            let days = asOf.daysSinceEpoch - end.daysSinceEpoch
            if days > rules.grace {
                result.append(AuditFinding(
                    finding: .followupMissing, plan: row.plan, dnr: nil, seq: nil,
                    detail: "no outcome for metric \(row.metric)\(row.name.map { " (\($0))" } ?? "") for \(row.period), which ended \(end), \(days) days before \(asOf)",
                    facts: .followupMissing(metric: row.metric, name: row.name, period: row.period, ended: end, days: days, asOf: asOf)))
            }
        }
        result += budgetFindings(snapshot.plans)
        for process in snapshot.processes {
            for m in process.milestones where m.state == .overdue {
                let days = asOf.daysSinceEpoch - m.date.daysSinceEpoch
                result.append(AuditFinding(
                    finding: .milestoneOverdue, plan: nil, dnr: nil, seq: process.seq,
                    detail: "milestone \(m.id) (\"\(clip(m.name))\") of process \(process.process) was due \(m.date), \(days) days before \(asOf), and is not reached",
                    facts: .milestoneOverdue(process: process.process, milestone: m.id, name: clip(m.name), date: m.date, days: days, asOf: asOf)))
            }
        }
        // One finding per plan version and policy, listing every perspective missing: a version is judged by the policy
        // version in force on the version's own date, so versions before the policy are never findings, and a later
        // version that adds the analysis is judged on its own.
        for version in snapshot.analysed {
            for policy in snapshot.policies {
                guard let rule = policy.version(on: version.date), rule.requires == .perspectiveAnalyses, rule.kinds.contains(version.kind)
                else { continue }
                let missing = Perspective.allCases.filter { rule.perspectives.contains($0) && !version.perspectives.contains($0) }
                guard !missing.isEmpty else { continue }
                let names = missing.map(\.rawValue).joined(separator: ", ")
                result.append(AuditFinding(
                    finding: .perspectiveAnalysisMissing, plan: version.plan, dnr: nil, seq: version.seq,
                    detail: "version \(version.version) of \(version.plan) (\(version.date)) has no analysis of \(names), which policy \(rule.policy) (in force since \(rule.effective)) requires of plans of kind \"\(version.kind)\"",
                    facts: .perspectiveAnalysisMissing(plan: version.plan, kind: version.kind, version: version.version, date: version.date, policy: rule.policy,
                                                       policyDate: rule.effective, missing: missing)))
            }
        }
        let kindOrder = Dictionary(uniqueKeysWithValues: AuditFinding.Kind.allCases.enumerated().map { ($1, $0) })
        return result.sorted { a, b in
            if a.finding != b.finding { return kindOrder[a.finding]! < kindOrder[b.finding]! }
            if a.plan != b.plan { return byteOrder(a.plan ?? "", b.plan ?? "") }
            if a.dnr != b.dnr { return byteOrder(a.dnr ?? "", b.dnr ?? "") }
            if a.seq != b.seq { return (a.seq ?? 0) < (b.seq ?? 0) }
            return byteOrder(a.detail, b.detail)
        }
    }
}

/// At most `limit` characters of `text`, with … where it was cut.
func clip(_ text: String, _ limit: Int = 60) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}

