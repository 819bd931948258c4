import LedgerCore

/// The texts people read that carry values: empty answers, lines of `show` and `replay`, cells built from
/// several values, the command-line's messages about a missing plan, and the audit's details.
///
/// Each case says itself in both languages in one `switch`, so a message cannot exist in one language only.
public enum Message: Sendable, Hashable {
    /// No plans at the date; `status` when the list was filtered by one (`plans --status`).
    case noPlansAsOf(LedgerDate, status: PlanStatus? = nil)
    case noVersionsAsOf(plan: String, LedgerDate)
    case noAssignmentsAsOf(LedgerDate)
    case noPoliciesAsOf(LedgerDate)
    /// A perspective a policy requires that the plan's content does not analyse.
    case analysisMissing(policy: String, since: LedgerDate)
    case noOverdueAssignmentsAsOf(LedgerDate)
    case noActivitiesAsOf(LedgerDate)
    case noOverdueActivitiesAsOf(LedgerDate)
    case noFindingsAsOf(LedgerDate)
    /// `replay`'s first line.
    case replayHeading(asOf: LedgerDate, knownAt: Int, recorded: String?)
    /// `show`'s status line: the word, the version that replaced it and when, and the as-of date.
    case statusAsOf(status: PlanStatus, supersededBy: Int?, on: LedgerDate?, asOf: LedgerDate)
    /// `show`'s version line.
    case versionLine(version: Int, effective: LedgerDate?, approvedBy: String?)
    /// A metric under its goal in `show`: id, name, target and unit, periods.
    case metricLine(id: String, name: String, target: JSONValue, baseline: JSONValue? = nil, unit: String?, periods: [String])
    /// The `corrected` cell of a change list.
    case correctedBy(seq: Int)
    /// The `archived` cell of the diary.
    case archivedCell(date: LedgerDate, retention: Retention, cullAfter: LedgerDate?)
    /// A node of `chain`: kind and version.
    case chainNode(plan: String, title: String, kind: String, version: Int)
    /// A plan the ledger holds that did not exist at the time point asked (`as of D`, `as known at K`, each only when given).
    case planDidNotExist(plan: String, asOf: LedgerDate?, knownAt: String?)
    case noSuchPlan(String)
    case didYouMean(String)
    case noSuchVersion(plan: String, version: Int, asOf: LedgerDate, latest: Int)
    /// `verify`'s table: the chain holds, with the count and head; or the first bad seq and why (the reason
    /// comes from the store, in English).
    case verifyHolds(events: Int, headSeq: Int, headHash: String)
    case verifyFailed(seq: Int, reason: String)
    /// `history`'s "what" cell of the events whose words are the program's.
    case revisedSummary(version: Int, change: String, approvedBy: String?)
    case repealedSummary(reason: String, approvedBy: String)
    case issuedSummary(assignment: String, title: String, deadline: LedgerDate)
    case reportedSummary(assignment: String, status: AssignmentStatus, note: String)
    case correctsSummary(seq: Int, reason: String)
    case retractsSummary(seq: Int, reason: String)
    /// `history` of a key with no events.
    case noPlanInLedger(plan: String, path: String)
    /// `init` and `rebuild` say what they did.
    case created(path: String)
    case rebuilt(projections: [String], events: Int)
    /// An audit finding's detail.
    case auditDetail(AuditFinding.Facts)

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        let sv = language == .swedish
        switch self {
        case .noPlansAsOf(let d, let status):
            let which = status.map { " " + $0.word(language) } ?? ""
            return sv ? "inga\(which) planer per \(d)" : "no\(which) plans as of \(d)"
        case .noVersionsAsOf(let plan, let d): return sv ? "inga versioner av \(plan) per \(d)" : "no versions of \(plan) as of \(d)"
        case .noAssignmentsAsOf(let d): return sv ? "inga uppdrag per \(d)" : "no assignments as of \(d)"
        case .noPoliciesAsOf(let d): return sv ? "inga policyer per \(d)" : "no policies as of \(d)"
        case .analysisMissing(let policy, let since):
            return sv ? "Analys saknas (krävs av policyn \(policy) sedan \(since))" : "Analysis missing (required by policy \(policy) since \(since))"
        case .noOverdueAssignmentsAsOf(let d): return sv ? "inga försenade uppdrag per \(d)" : "no overdue assignments as of \(d)"
        case .noActivitiesAsOf(let d): return sv ? "inga aktiviteter per \(d)" : "no activities as of \(d)"
        case .noOverdueActivitiesAsOf(let d): return sv ? "inga försenade aktiviteter per \(d)" : "no overdue activities as of \(d)"
        case .noFindingsAsOf(let d): return sv ? "inga iakttagelser per \(d)" : "no findings as of \(d)"
        case .replayHeading(let asOf, let seq, let recorded):
            return sv ? "Per \(asOf), känt vid seq \(seq)" + (recorded.map { " (registrerat \($0))" } ?? "")
                : "As of \(asOf), known at seq \(seq)" + (recorded.map { " (recorded \($0))" } ?? "")
        case .statusAsOf(let status, let version, let on, let asOf):
            let by = version.map { v in sv ? " av version \(v)" + (on.map { " den \($0)" } ?? "") : " by version \(v)" + (on.map { " on \($0)" } ?? "") } ?? ""
            return status.word(language) + by + (sv ? " per \(asOf)" : " as of \(asOf)")
        case .versionLine(let version, let effective, let approver):
            return "\(version)" + (effective.map { sv ? ", gäller från \($0)" : ", effective \($0)" } ?? "")
                + (approver.map { sv ? ", beslutad av \($0)" : ", approved by \($0)" } ?? "")
        case .metricLine(let id, let name, let target, let baseline, let unit, let periods):
            // A unit belongs to a number ("0 mnkr"), not to a word such as "Minska".
            func measure(_ value: JSONValue) -> String {
                let unitText = if case .number = value, let unit { " \(unit)" } else { "" }
                return language.value(value) + unitText
            }
            let baselineText = baseline.map { ", \(sv ? "ingångsvärde" : "baseline") \(measure($0))" } ?? ""
            return "\(id): \(name), \(sv ? "mål" : "target") \(measure(target))\(baselineText) (\(periods.joined(separator: ", ")))"
        case .correctedBy(let seq): return sv ? "ja (seq \(seq))" : "yes (seq \(seq))"
        case .archivedCell(let date, let retention, let after):
            return "\(date) \(retention.word(language))" + (after.map { sv ? " efter \($0)" : " after \($0)" } ?? "")
        case .chainNode(let plan, let title, let kind, let version): return "\(plan)  \(title) (\(kind), version \(version))"
        case .planDidNotExist(let plan, let asOf, let knownAt):
            let when = sv
                ? [asOf.map { "per \($0)" }, knownAt.map { "som registret visade vid \($0)" }].compactMap { $0 }
                : [asOf.map { "as of \($0)" }, knownAt.map { "as known at \($0)" }].compactMap { $0 }
            let tail = when.isEmpty ? "" : " " + when.joined(separator: ", ")
            return sv ? "planledger: planen \"\(plan)\" \(knownAt == nil ? "finns" : "fanns") inte\(tail)"
                : "planledger: plan \"\(plan)\" \(knownAt == nil ? "does" : "did") not exist\(tail)"
        case .noSuchPlan(let plan): return sv ? "planledger: det finns ingen plan \"\(plan)\"" : "planledger: no such plan \"\(plan)\""
        case .didYouMean(let guess): return sv ? "; menade du \"\(guess)\"?" : "; did you mean \"\(guess)\"?"
        case .noSuchVersion(let plan, let version, let asOf, let latest):
            return sv ? "planledger: \(plan) har ingen version \(version) som gäller per \(asOf) (den senaste då är \(latest))"
                : "planledger: \(plan) has no version \(version) in force as of \(asOf) (its latest then is \(latest))"
        case .verifyHolds(let events, let seq, let hash):
            return sv ? "ok: \(events) händelser, kedjan håller; senaste seq \(seq) \(hash)"
                : "ok: \(events) events, the chain holds; head seq \(seq) \(hash)"
        case .verifyFailed(let seq, let reason): return sv ? "FEL vid seq \(seq): \(reason)" : "FAILED at seq \(seq): \(reason)"
        case .revisedSummary(let version, let change, let approver): return "version \(version): \(change)" + (approver.map { " (\($0))" } ?? "")
        case .repealedSummary(let reason, let approver): return (sv ? "upphävd: " : "repealed: ") + "\(reason) (\(approver))"
        case .issuedSummary(let assignment, let title, let deadline):
            return "\(assignment): \(title), " + (sv ? "klart senast \(deadline)" : "due \(deadline)")
        case .reportedSummary(let assignment, let status, let note):
            let word = sv ? (status == .done ? "klart" : "delredovisat") : status.rawValue
            return "\(assignment): \(word), \(note)"
        case .correctsSummary(let seq, let reason): return (sv ? "rättar seq \(seq): " : "corrects seq \(seq): ") + reason
        case .retractsSummary(let seq, let reason): return (sv ? "återkallar seq \(seq): " : "retracts seq \(seq): ") + reason
        case .noPlanInLedger(let plan, let path):
            return sv ? "planledger: ingen plan \"\(plan)\" i \(path)" : "planledger: no plan \"\(plan)\" in \(path)"
        case .created(let path): return sv ? "skapade en tom liggare i \(path)" : "created an empty ledger at \(path)"
        case .rebuilt(let names, let events):
            let list = names.joined(separator: ", ")
            return sv ? "byggde om \(list) ur \(events) händelser" : "rebuilt \(list) from \(events) events"
        case .auditDetail(let facts): return Message.detail(facts, language)
        }
    }

    private static func detail(_ facts: AuditFinding.Facts, _ language: Language) -> String {
        let sv = language == .swedish
        switch facts {
        case .versionWithoutApprover(let version, let plan, let date, let change):
            return sv ? "version \(version) av \(plan) (\(date), \"\(change)\") saknar beslutsfattare (Beslutat av)"
                : "version \(version) of \(plan) (\(date), \"\(change)\") has no approver (Beslutat av) recorded"
        case .lateRegistration(let dnr, let dated, let registered, let days, let limit):
            return sv ? "\(dnr) daterad \(dated) registrerades \(registered), \(days) dagar senare (mer än \(limit); OSL 5:1 kräver registrering utan dröjsmål)"
                : "\(dnr) dated \(dated) was registered on \(registered), \(days) days later (more than \(limit); OSL 5:1 asks for registration without delay)"
        case .assignmentOverdue(let assignment, let title, let assignee, let deadline, let days, let asOf, let partial):
            if sv {
                let state = partial.map { "bara en delredovisning (\($0))" } ?? "ingen redovisning"
                return "uppdraget \(assignment) (\"\(title)\", till \(assignee)) skulle vara klart \(deadline), \(days) dagar före \(asOf), och har \(state)"
            }
            let state = partial.map { "only a partial report (\($0))" } ?? "no report"
            return "assignment \(assignment) (\"\(title)\", to \(assignee)) was due \(deadline), \(days) days before \(asOf), and has \(state)"
        case .activityOverdue(let activity, let plan, let text, let responsible, let due, let days, let asOf, let started):
            if sv {
                let state = started.map { "bara en rapport om att den påbörjats (\($0))" } ?? "ingen rapport"
                return "aktiviteten \(activity) i \(plan) (\"\(text)\", ansvarig \(responsible)) skulle vara klar \(due), \(days) dagar före \(asOf), och har \(state)"
            }
            let state = started.map { "only a report that it started (\($0))" } ?? "no report"
            return "activity \(activity) of \(plan) (\"\(text)\", responsible \(responsible)) was due \(due), \(days) days before \(asOf), and has \(state)"
        case .followupMissing(let metric, let name, let period, let ended, let days, let asOf):
            return sv ? "inget utfall för måttet \(metric)\(name.map { " (\($0))" } ?? "") för \(period), som slutade \(ended), \(days) dagar före \(asOf)"
                : "no outcome for metric \(metric)\(name.map { " (\($0))" } ?? "") for \(period), which ended \(ended), \(days) days before \(asOf)"
        case .budgetExceedsFrame(let parent, let unit, let year, let kind, let frame, let sum, let currency, let children):
            if sv {
                // Amounts the Swedish way (1 500,001), as the budget table writes them.
                let amount = { (text: String) in AmountText.format(text, .swedish) + " " + currency.rawValue }
                let list = children.map { "\($0.plan) \(amount($0.amount))" }.joined(separator: ", ")
                let kindText = kind == .operating ? "driftramarna" : "investeringsramarna"
                return "\(kindText) för \(unit) \(year) i planerna under \(parent) blir sammanlagt \(amount(sum)) (\(list)), mer än ramen \(amount(frame)) som \(parent) ger"
            }
            let list = children.map { "\($0.plan) \($0.amount) \(currency.rawValue)" }.joined(separator: ", ")
            return "the \(kind.rawValue) frames for \(unit) in \(year) in the plans under \(parent) add up to \(sum) \(currency.rawValue) (\(list)), more than the frame of \(frame) \(currency.rawValue) that \(parent) gives"
        case .milestoneOverdue(let process, let milestone, let name, let date, let days, let asOf):
            return sv ? "milstolpen \(milestone) (\"\(name)\") i processen \(process) skulle vara nådd \(date), \(days) dagar före \(asOf), och är inte nådd"
                : "milestone \(milestone) (\"\(name)\") of process \(process) was due \(date), \(days) days before \(asOf), and is not reached"
        case .perspectiveAnalysisMissing(let plan, let kind, let version, let date, let policy, let policyDate, let missing):
            let names = missing.map { $0.word(language) }.joined(separator: ", ")
            return sv ? "version \(version) av \(plan) (\(date)) saknar analys av \(names), som policyn \(policy) (gällande sedan \(policyDate)) kräver av planer av typen \"\(kind)\""
                : "version \(version) of \(plan) (\(date)) has no analysis of \(names), which policy \(policy) (in force since \(policyDate)) requires of plans of kind \"\(kind)\""
        }
    }
}
