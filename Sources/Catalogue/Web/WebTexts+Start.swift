extension WebTexts {
    /// The start page.
    public static let start: [String: String] = [
        "title": "Start",
        "heading": "Styrande dokument",
        "inForce": "Gällande styrdokument",
        "inForceCaption": "Gällande styrdokument den",
        "noPlans": "Inga styrdokument gäller den dagen.",
        "recent": "Senaste beslut",
        "noDecisions": "Inga beslut ännu.",
        "plan": "Dokument",
        "kind": "Typ",
        "owner": "Ägare",
        "version": "Version",
        "effective": "Gäller från",
        "approvedBy": "Beslutat av",
        "date": "Datum",
        "change": "Ändring",
        "searchHeading": "Sök",
        "searchLabel": "Sök bland styrdokument, beslut, uppdrag och diariet",
        "searchSubmit": "Sök",
    ]
}
