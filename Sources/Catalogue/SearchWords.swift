import LedgerCore

extension SearchKind {
    /// The kind of a search hit as people read it (the CLI's table, the web page `/sok`); JSON keeps the raw value.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.plan, .swedish): "styrdokument"
        case (.plan, _): "plan"
        case (.change, .swedish): "ändring"
        case (.change, _): "change"
        case (.decision, .swedish): "beslut"
        case (.decision, _): "decision"
        case (.assignment, .swedish): "uppdrag"
        case (.assignment, _): "assignment"
        case (.activity, .swedish): "aktivitet"
        case (.activity, _): "activity"
        case (.diary, .swedish): "diariepost"
        case (.diary, _): "diary entry"
        }
    }
}
