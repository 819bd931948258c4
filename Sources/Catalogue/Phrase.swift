/// The fixed texts people read: table headings, labels and short words, each in Swedish and English.
///
/// A phrase is a typed key, never a free string; `text(_:)` looks it up in `Phrase.texts`, which a test
/// checks holds both languages for every key.
public enum Phrase: String, Sendable, Hashable, CaseIterable {
    // Table headings.
    case plan, kind, version, status, effective, approvedBy, title
    case date, change, dnr, seq, corrected
    case direction, counterpart, handler, archived
    case period, perspective, metric, target, outcome, fulfilment, reported
    case deadline, assignment, overdue, assignee
    case activity, due, responsible
    case finding, detail
    case parentPlan, depth
    case recorded, actor, type, what
    case appended, skipped, headSeq, headHash
    // Labels of `show`.
    case owner, parent, children, changeList, noVersionYet
    // Cells and words.
    case overdueFlag, yes, noPlans, noDiaryEntries, noFollowups
    // `budget` (issue 16).
    case budgetUnit, year, amount, measure, frames, measures, noBudget
    // Policies (`planledger policies`).
    case policy, inForce, perspectives, kinds
    // Perspective analyses in `show`.
    case perspectiveAnalyses, notConcerned
    // Search (issue 16).
    case key, snippet, noSearchHits

    /// The phrase in `language`.
    public func text(_ language: Language) -> String {
        Phrase.texts[self]?[language] ?? Phrase.texts[self]?[.english] ?? rawValue
    }

    /// Every phrase in every language: [key: [language: text]].
    public static let texts: [Phrase: [Language: String]] = [
        .plan: [.swedish: "plan", .english: "plan"],
        .kind: [.swedish: "typ", .english: "kind"],
        .version: [.swedish: "version", .english: "version"],
        .status: [.swedish: "status", .english: "status"],
        .effective: [.swedish: "gäller från", .english: "effective"],
        .approvedBy: [.swedish: "beslutad av", .english: "approved by"],
        .title: [.swedish: "titel", .english: "title"],
        .date: [.swedish: "datum", .english: "date"],
        .change: [.swedish: "ändring", .english: "change"],
        .dnr: [.swedish: "dnr", .english: "dnr"],
        .seq: [.swedish: "seq", .english: "seq"],
        .corrected: [.swedish: "rättad", .english: "corrected"],
        .direction: [.swedish: "riktning", .english: "dir"],
        .counterpart: [.swedish: "motpart", .english: "counterpart"],
        .handler: [.swedish: "handläggare", .english: "handler"],
        .archived: [.swedish: "arkiverad", .english: "archived"],
        .period: [.swedish: "period", .english: "period"],
        .perspective: [.swedish: "perspektiv", .english: "perspective"],
        .metric: [.swedish: "mått", .english: "metric"],
        .target: [.swedish: "målvärde", .english: "target"],
        .outcome: [.swedish: "utfall", .english: "outcome"],
        .fulfilment: [.swedish: "måluppfyllelse", .english: "fulfilment"],
        .reported: [.swedish: "rapporterad", .english: "reported"],
        .deadline: [.swedish: "klart senast", .english: "deadline"],
        .assignment: [.swedish: "uppdrag", .english: "assignment"],
        .overdue: [.swedish: "försenad", .english: "overdue"],
        .assignee: [.swedish: "uppdragstagare", .english: "assignee"],
        .activity: [.swedish: "aktivitet", .english: "activity"],
        .due: [.swedish: "tidsplan", .english: "due"],
        .responsible: [.swedish: "ansvarig", .english: "responsible"],
        .finding: [.swedish: "iakttagelse", .english: "finding"],
        .detail: [.swedish: "beskrivning", .english: "detail"],
        .parentPlan: [.swedish: "överordnad", .english: "parent"],
        .depth: [.swedish: "nivå", .english: "depth"],
        .recorded: [.swedish: "registrerad", .english: "recorded"],
        .actor: [.swedish: "utförd av", .english: "actor"],
        .type: [.swedish: "händelse", .english: "type"],
        .what: [.swedish: "vad", .english: "what"],
        .appended: [.swedish: "tillagda", .english: "appended"],
        .skipped: [.swedish: "hoppade över", .english: "skipped"],
        .headSeq: [.swedish: "senaste seq", .english: "head seq"],
        .headHash: [.swedish: "senaste hash", .english: "head hash"],
        .owner: [.swedish: "ägare", .english: "owner"],
        .parent: [.swedish: "överordnad", .english: "parent"],
        .children: [.swedish: "underordnade", .english: "children"],
        .changeList: [.swedish: "Ändringsförteckning", .english: "Change list (ändringsförteckning)"],
        .noVersionYet: [.swedish: "(ingen version ännu)", .english: "(no version yet)"],
        .overdueFlag: [.swedish: "FÖRSENAD", .english: "OVERDUE"],
        .yes: [.swedish: "ja", .english: "yes"],
        .noPlans: [.swedish: "inga planer", .english: "no plans"],
        .noDiaryEntries: [.swedish: "inga diarieposter", .english: "no diary entries"],
        .noFollowups: [.swedish: "inga uppföljningar", .english: "no follow-ups"],
        .budgetUnit: [.swedish: "enhet", .english: "unit"],
        .year: [.swedish: "år", .english: "year"],
        .amount: [.swedish: "belopp", .english: "amount"],
        .measure: [.swedish: "åtgärd", .english: "measure"],
        .frames: [.swedish: "Ramar", .english: "Frames (ramar)"],
        .measures: [.swedish: "Åtgärder med helårseffekt (ekonomisk handlingsplan)", .english: "Measures with full-year effect (ekonomisk handlingsplan)"],
        .noBudget: [.swedish: "(ingen budget i versionen som gäller)", .english: "(no budget in the version in force)"],
        .policy: [.swedish: "policy", .english: "policy"],
        .inForce: [.swedish: "gällande", .english: "in force"],
        .perspectives: [.swedish: "perspektiv", .english: "perspectives"],
        .kinds: [.swedish: "plantyper", .english: "plan kinds"],
        .perspectiveAnalyses: [.swedish: "Perspektivanalyser", .english: "Perspective analyses"],
        .notConcerned: [.swedish: "berörs inte", .english: "not concerned"],
        .key: [.swedish: "nyckel", .english: "key"],
        .snippet: [.swedish: "utdrag", .english: "snippet"],
        .noSearchHits: [.swedish: "inga träffar", .english: "no hits"],
    ]
}

public extension Language {
    /// The phrases in this language, in order: a table's headings.
    func texts(_ phrases: [Phrase]) -> [String] { phrases.map { $0.text(self) } }
}
