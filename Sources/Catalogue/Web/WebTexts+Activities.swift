extension WebTexts {
    /// The activities page (`/aktiviteter`, template `activities`): the activities of the plans' activity plans as of a
    /// date, overdue ones marked by word and symbol as on `/uppdrag`. Statuses are `ActivityView.Status.word(.swedish)`,
    /// as the CLI prints them.
    public static let activities: [String: String] = [
        "title": "Aktiviteter",
        "heading": "Aktiviteter",
        "intro": "Aktiviteterna i de gällande planernas aktivitetsplaner, med tidsplan, ansvarig och hur de har rapporterats.",
        "filter": "Välj aktiviteter",
        "asOf": "Som det gällde den",
        "overdueOnly": "Bara försenade aktiviteter",
        "plan": "Plan",
        "allPlans": "Alla planer",
        "caption": "Aktiviteter den",
        "entries": "aktiviteter",
        "due": "Klart senast",
        "activity": "Aktivitet",
        "targetGroup": "Målgrupp",
        "from": "Start",
        "status": "Status",
        "reported": "rapporterad",
        "responsible": "Ansvarig",
        "contact": "Kontaktperson",
        "note": "Senaste rapport",
        "overdue": "försenad",
        "overdueSymbol": "⚠",
        "noActivities": "Inga aktiviteter.",
        "dateInvalid": "Ange ett datum som finns, skrivet som 2024-06-30.",
        "overdueInvalid": "Ange 1 för bara försenade aktiviteter, eller lämna tomt.",
        "planUnknown": "Det finns ingen plan med den nyckeln.",
    ]
}
