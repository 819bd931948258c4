extension WebTexts {
    /// The assignments page (`/uppdrag`, template `assignments`): Uppdrag as of a date, overdue ones marked by word and
    /// symbol. Statuses are `AssignmentView.Status.word(.swedish)`, as the CLI prints them.
    public static let assignments: [String: String] = [
        "title": "Uppdrag",
        "heading": "Uppdrag",
        "intro": "Uppdrag som getts i planerna, med sista dag och hur de har redovisats.",
        "filter": "Välj uppdrag",
        "asOf": "Som det gällde den",
        "overdueOnly": "Bara försenade uppdrag",
        "plan": "Plan",
        "allPlans": "Alla planer",
        "caption": "Uppdrag den",
        "entries": "uppdrag",
        "deadline": "Klart senast",
        "assignment": "Uppdrag",
        "subject": "Vad",
        "status": "Status",
        "reported": "redovisat",
        "assignee": "Uppdragstagare",
        "issuedBy": "Givet av",
        "note": "Senaste redovisning",
        "overdue": "försenad",
        "overdueSymbol": "⚠",
        "noAssignments": "Inga uppdrag.",
        "dateInvalid": "Ange ett datum som finns, skrivet som 2024-06-30.",
        "overdueInvalid": "Ange 1 för bara försenade uppdrag, eller lämna tomt.",
        "planUnknown": "Det finns ingen plan med den nyckeln.",
    ]
}
