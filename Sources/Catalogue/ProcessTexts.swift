import LedgerCore

// The words and texts of the planning process (SPEC "The planning year", **The process**), in Swedish and
// English, for the CLI's tables and the web page. JSON writes the raw values.

extension PhaseState: Worded {
    /// klar / pågår / kommande.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.done, .swedish): "klar"
        case (.current, .swedish): "pågår"
        case (.upcoming, .swedish): "kommande"
        case (_, .english): rawValue
        }
    }
}

extension MilestoneState: Worded {
    /// nådd / i dag / försenad / kommande.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.reached, .swedish): "nådd"
        case (.due, .swedish): "i dag"
        case (.overdue, .swedish): "försenad"
        case (.upcoming, .swedish): "kommande"
        case (.due, .english): "due today"
        case (_, .english): rawValue
        }
    }
}

/// The fixed and value-carrying texts of `process` and `processes`, each case in both languages.
public enum ProcessText: Sendable, Hashable {
    case phase, milestone, from, to, state, date, reached, daysLate, note, year, process, title, currentPhase, nextMilestone
    case overdueCount, owner, timetableChanges, planned, change, seq, corrected, none
    /// The heading line: "Planeringsprocess PROCESS: TITLE (planår YEAR)".
    case heading(process: String, title: String, year: Int)
    /// Where the process stands: "Per D: pågående fas X; nästa milstolpe Y (date)".
    case standing(asOf: LedgerDate, phase: String?, next: String?, nextDate: LedgerDate?)
    /// A reached milestone's lateness cell: "i tid" or "N dagar sen".
    case lateness(Int)
    case noProcesses(LedgerDate)
    case noSuchProcess(String, LedgerDate)

    public func text(_ language: Language) -> String {
        let sv = language == .swedish
        switch self {
        case .phase: return sv ? "fas" : "phase"
        case .milestone: return sv ? "milstolpe" : "milestone"
        case .from: return sv ? "från" : "from"
        case .to: return sv ? "till" : "to"
        case .state: return sv ? "läge" : "state"
        case .date: return sv ? "datum" : "date"
        case .reached: return sv ? "nådd" : "reached"
        case .daysLate: return sv ? "försening" : "late"
        case .note: return sv ? "anteckning" : "note"
        case .year: return sv ? "planår" : "year"
        case .process: return sv ? "process" : "process"
        case .title: return sv ? "titel" : "title"
        case .currentPhase: return sv ? "pågående fas" : "current phase"
        case .nextMilestone: return sv ? "nästa milstolpe" : "next milestone"
        case .overdueCount: return sv ? "försenade" : "overdue"
        case .owner: return sv ? "processägare" : "owner"
        case .timetableChanges: return sv ? "Tidplanens ändringar" : "Changes to the timetable"
        case .planned: return sv ? "tidplan fastställd" : "timetable planned"
        case .change: return sv ? "ändring" : "change"
        case .seq: return "seq"
        case .corrected: return sv ? "rättad" : "corrected"
        case .none: return "—"
        case .heading(let process, let title, let year):
            return sv ? "Planeringsprocess \(process): \(title) (planår \(year))" : "Planning process \(process): \(title) (plan year \(year))"
        case .standing(let asOf, let phase, let next, let nextDate):
            let p = phase ?? (sv ? "ingen" : "none")
            let n = next.map { "\($0)\(nextDate.map { " (\($0))" } ?? "")" } ?? (sv ? "inga kvar" : "none left")
            return sv ? "Per \(asOf): pågående fas \(p); nästa milstolpe \(n)" : "As of \(asOf): current phase \(p); next milestone \(n)"
        case .lateness(let days):
            if days == 0 { return sv ? "i tid" : "on time" }
            return sv ? "\(days) \(days == 1 ? "dag" : "dagar") sen" : "\(days) \(days == 1 ? "day" : "days") late"
        case .noProcesses(let date):
            return sv ? "inga planeringsprocesser per \(date)" : "no planning processes as of \(date)"
        case .noSuchProcess(let process, let date):
            return sv ? "ingen planeringsprocess \"\(process)\" per \(date)" : "no planning process \"\(process)\" as of \(date)"
        }
    }
}
