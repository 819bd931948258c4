extension DemoHistory {
    /// Budget frames and the economic action plan (issue 16) in the division plan 2017, as Anvisning planering 2017
    /// (seed 000) asks a division plan to hold them: "Budget 2017 per verksamhetsområde", "Investeringar, beviljad
    /// ram per typ av investering" and "Ekonomisk handlingsplan … Åtgärder per verksamhetsområde med helårseffekt med
    /// redovisning av effekt 2017, 2018, 2019".
    ///
    /// No seed gives an amount (nor names the division's verksamhetsområden or investment types), so the structure is
    /// the seeds' and every amount is 0 tkr: a structural example, said so in the change text, never an invented
    /// figure. For the same reason the demo has no budget-exceeds-frame finding.
    static let budget: [Batch] = [
        Batch(recorded: "2016-12-21T10:05:00Z", lines: #"""
            {"id":"demo-401","type":"plan.revised","plan":"divisionsplan-service-2017","effective":"2016-12-20","actor":"registrator:ab","data":{"version":2,"change":"Ekonomi enligt anvisningen: budget 2017, beviljad investeringsram och ekonomisk handlingsplan med helårseffekt 2017, 2018 och 2019 (underlaget anger inga belopp; strukturexempel med 0 tkr)","approvedBy":"Landstingsdirektör","content":{"budget":{"currency":"tkr","frames":[{"unit":"Division Service","year":2017,"amount":0,"kind":"operating"},{"unit":"Division Service","year":2017,"amount":0,"kind":"investment"}],"measures":[{"id":"atgard-1","unit":"Division Service","text":"Strategisk åtgärd för att nå resultatmålet: rubrik, beskrivning och förväntad effekt","effects":[{"year":2017,"amount":0},{"year":2018,"amount":0},{"year":2019,"amount":0}]}]}}}}
            """#),
    ]
}
