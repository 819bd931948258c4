extension WebTexts {
    /// Budget (`/plan/{plan}/budget`): the frames (seed 000 "Budget per verksamhetsområde", "Investeringar, beviljad
    /// ram"; seed 003 "Ramar till regionens divisioner") and the economic action plan ("Åtgärder per verksamhetsområde
    /// med helårseffekt").
    public static let planBudget: [String: String] = [
        "title": "Budget",
        "heading": "Budget",
        "shownAsOf": "Som det gällde den",
        "backToPlan": "Till planen",
        "asOfForm": "Visa budgeten den",
        "fromVersion": "Enligt version",
        "currencyNote": "Belopp i",
        "framesHeading": "Ramar",
        "framesCaption": "Ramar per enhet, år och slag",
        "unit": "Enhet",
        "year": "År",
        "kind": "Slag",
        "amount": "Belopp",
        "measuresHeading": "Ekonomisk handlingsplan: åtgärder med helårseffekt",
        "measuresCaption": "Åtgärdernas helårseffekt per år (positivt förbättrar resultatet, negativt försämrar det)",
        "measure": "Åtgärd",
        "noEffect": "ingen effekt angiven",
        "noBudget": "Ingen version som gäller vid tidpunkten anger någon budget.",
        "noFrames": "Budgeten anger inga ramar.",
        "noMeasures": "Budgeten anger inga åtgärder.",
    ]
}
