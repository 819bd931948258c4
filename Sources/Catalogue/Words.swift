import LedgerCore

/// The words for the ledger's enum values in a table (SPEC, "Language"). JSON and CSV write the raw values.
public protocol Worded {
    /// The word a person reads for this value in `language`.
    func word(_ language: Language) -> String
}

extension PlanStatus: Worded {
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.draft, .swedish): "utkast"
        case (.inForce, .swedish): "gällande"
        case (.expired, .swedish): "utgången"
        case (.repealed, .swedish): "upphävd"
        case (.superseded, .swedish): "ersatt"
        case (_, .english): rawValue
        }
    }
}

extension Fulfilment: Worded {
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.met, .swedish): "uppfyllt"
        case (.partly, .swedish): "delvis uppfyllt"
        case (.notMet, .swedish): "ej uppfyllt"
        case (.notAvailable, .swedish): "ej tillgängligt"
        case (_, .english): rawValue
        }
    }
}

extension Direction: Worded {
    /// In Swedish the diary's words: inkommande, utgående, upprättad (a document drawn up by the authority).
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.incoming, .swedish): "inkommande"
        case (.outgoing, .swedish): "utgående"
        case (.internal, .swedish): "upprättad"
        case (_, .english): rawValue
        }
    }
}

extension Retention: Worded {
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.keep, .swedish): "bevaras"
        case (.cull, .swedish): "gallras"
        case (_, .english): rawValue
        }
    }
}

extension AssignmentView.Status: Worded {
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.open, .swedish): "ej redovisat"
        case (.partial, .swedish): "delredovisat"
        case (.done, .swedish): "klart"
        case (_, .english): rawValue
        }
    }
}

extension AuditFinding.Kind: Worded {
    /// The finding in Swedish words; in English its name as JSON writes it, which English tables have always shown.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.versionWithoutApprover, .swedish): "version utan beslutsfattare"
        case (.lateRegistration, .swedish): "sen registrering"
        case (.assignmentOverdue, .swedish): "försenat uppdrag"
        case (.followupMissing, .swedish): "uppföljning saknas"
        case (.budgetExceedsFrame, .swedish): "budget över ram"
        case (.activityOverdue, .swedish): "försenad aktivitet"
        case (.milestoneOverdue, .swedish): "försenad milstolpe"
        case (.perspectiveAnalysisMissing, .swedish): "perspektivanalys saknas"
        case (_, .english): rawValue
        }
    }
}

extension Perspective: Worded {
    /// The perspective as seed 001 §3.4 names it (jämställdhet och jämlikhet, barnens rätt, miljö, ekonomi, regional
    /// utveckling); in English its JSON value.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.genderEquality, .swedish): "jämställdhet och jämlikhet"
        case (.childRights, .swedish): "barnens rätt"
        case (.environment, .swedish): "miljö"
        case (.economy, .swedish): "ekonomi"
        case (.regionalDevelopment, .swedish): "regional utveckling"
        case (_, .english): rawValue
        }
    }
}
