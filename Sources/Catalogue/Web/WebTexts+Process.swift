extension WebTexts {
    /// The planning processes page (`/planeringsprocessen`, template `processes`): each process's plan year, current
    /// phase and next milestone as of a date (seed 002: "Tidplanen är inte känd").
    public static let processes: [String: String] = [
        "title": "Planeringsprocessen",
        "heading": "Planeringsprocessen",
        "intro": "Planerings- och budgetprocesserna med faser och milstolpar: var processen står, vad som är nått och vad som kommer.",
        "filter": "Välj datum",
        "asOf": "Som det gällde den",
        "caption": "Planeringsprocesser den",
        "process": "Process",
        "year": "Planår",
        "currentPhase": "Pågående fas",
        "nextMilestone": "Nästa milstolpe",
        "overdue": "Försenade milstolpar",
        "none": "ingen",
        "noProcesses": "Inga planeringsprocesser det datumet.",
    ]

    /// One process (`/planeringsprocessen/{process}`, template `process`): the year as a timeline (phases as bands,
    /// milestones as marks, the as-of date as a line), the same as tables for screen readers and print, and the
    /// timetable's change list. States are `PhaseState.word(.swedish)` and `MilestoneState.word(.swedish)`, each with
    /// a symbol, so that no state is told by colour alone (WCAG 2.1, 1.4.1).
    public static let process: [String: String] = [
        "year": "Planår",
        "owner": "Processägare",
        "asOf": "Som det gällde den",
        "knownAt": "Som registret visade den",
        "filter": "Välj datum",
        "standing": "Läget",
        "currentPhase": "Pågående fas",
        "nextMilestone": "Nästa milstolpe",
        "none": "ingen",
        "allReached": "alla milstolpar är nådda",
        "timeline": "Tidslinje",
        "timelineDescription": "Faserna som band, milstolparna som markeringar och dagens datum som ett streck. Samma uppgifter finns i tabellerna nedan.",
        "today": "Som det gällde",
        "phases": "Faser",
        "phase": "Fas",
        "from": "Från",
        "to": "Till",
        "state": "Läge",
        "milestones": "Milstolpar",
        "milestone": "Milstolpe",
        "date": "Datum",
        "reached": "Nådd",
        "lateness": "Försening",
        "onTime": "i tid",
        "daysLate": "dagar sen",
        "dayLate": "dag sen",
        "body": "Instans",
        "purpose": "Syfte",
        "note": "Anteckning",
        "changes": "Tidplanens ändringar",
        "change": "Ändring",
        "planned": "Tidplanen fastställd",
        "corrected": "rättad",
        "allProcesses": "Alla planeringsprocesser",
        "noSuchProcess": "Det finns ingen planeringsprocess som var planerad det datumet med nyckeln",
        "noSuchProcessReason": "ingen sådan process det datumet",
        "months": "jan feb mar apr maj jun jul aug sep okt nov dec",
    ]
}
