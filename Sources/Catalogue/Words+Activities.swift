import LedgerCore

extension ActivityStatus: Worded {
    /// A report's status in Swedish: påbörjad, genomförd, avbruten (SPEC `activity.reported`: started, done, cancelled).
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.started, .swedish): "påbörjad"
        case (.done, .swedish): "genomförd"
        case (.cancelled, .swedish): "avbruten"
        case (_, .english): rawValue
        }
    }
}

extension ActivityView.Status: Worded {
    /// An activity's status as of a date: "ej rapporterad" until its first report, then the report's word.
    public func word(_ language: Language) -> String {
        switch (self, language) {
        case (.open, .swedish): "ej rapporterad"
        case (.started, .swedish): ActivityStatus.started.word(language)
        case (.done, .swedish): ActivityStatus.done.word(language)
        case (.cancelled, .swedish): ActivityStatus.cancelled.word(language)
        case (_, .english): rawValue
        }
    }
}
