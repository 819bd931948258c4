extension WebTexts {
    /// The words the auditors' pages (Granskning) share: the menu of the section and the head and checkpoint facts.
    /// Texts with values carry `{name}` placeholders that the page fills (`WebTexts.fill`).
    public static let auditShared: [String: String] = [
        "sectionNav": "Granskningens sidor",
        "linkOverview": "Översikt",
        "linkVerify": "Kontroll av registret",
        "linkProofs": "Bevis för händelser",
        "linkHistory": "Historik för en plan",
        "linkAccounts": "Kontologgen",
        "seq": "Seq",
        "hash": "Hash",
        "recorded": "Registrerad",
        "effective": "Gäller från",
        "type": "Typ",
        "actor": "Registrerad av",
        "plan": "Plan",
        "headHeading": "Registrets senaste händelse",
        "checkpointHeading": "Senaste signerade kontrollpunkt",
        "checkpointOrigin": "Logg",
        "checkpointSize": "Antal händelser",
        "checkpointRoot": "Rothash (base64)",
        "checkpointWhen": "Gjord",
        "noCheckpoint": "Ingen kontrollpunkt ännu. En registrator gör en med planledger checkpoint --key NYCKELFIL; först därefter kan bevis ges.",
        "emptyLedger": "Registret har inga händelser ännu.",
        "errorSummary": "Det finns fel",
    ]

    /// `/granskning`: audit findings, the head and the latest checkpoint.
    public static let audit: [String: String] = auditShared.merging([
        "title": "Granskning",
        "heading": "Granskning",
        "intro": "Iakttagelser ur registret, dess senaste händelse och senaste kontrollpunkt. Ingenting på de här sidorna ändrar registret.",
        "filter": "Tidpunkt och gränser",
        "asOf": "Per datum",
        "knownAt": "Som registret visade vid (seq, datum eller tidpunkt)",
        "grace": "Dagar efter en period innan utfall saknas",
        "lateAfter": "Dagar innan en registrering är sen",
        "findingsHeading": "Iakttagelser",
        "findingsCaption": "Iakttagelser per",
        "knownAtCaption": "som registret visade vid",
        "finding": "Iakttagelse",
        "dnr": "Dnr",
        "detail": "Beskrivning",
        "noFindings": "Inga iakttagelser per",
        "proveLink": "bevis",
    ]) { $1 }

    /// `/granskning/verifiering`: the whole ledger checked, as `planledger verify` and `GET /api/v1/verify` check it.
    public static let auditVerify: [String: String] = auditShared.merging([
        "title": "Kontroll av registret",
        "heading": "Kontroll av registret",
        "what": "Kontrollen läser hela registret varje gång sidan visas, samma kontroll som planledger verify: varje händelses hash och kedjan till föregående, Merkleträdets delträd, reglerna för varje händelse och att tabellerna stämmer med händelserna, samt kontologgens kedja. Svaret sparas inte; i ett stort register tar det lika lång tid som planledger verify.",
        "result": "Resultat",
        "holds": "Kedjan håller",
        "holdsSymbol": "✓",
        "broken": "Fel hittat",
        "brokenSymbol": "✗",
        "events": "Kontrollerade händelser",
        "firstBad": "Första felaktiga seq",
        "reason": "Orsak (som lagret anger den)",
        "wholeFile": "Filen som helhet (seq 0)",
        "accountLog": "Kontologgen",
        "accountLogHolds": "Kontologgen håller",
        "accountLogEntries": "poster",
        "accountLogBroken": "Kontologgen håller inte",
        "accountLogUnchecked": "Kontologgen kunde inte kontrolleras (den saknas eller kan inte öppnas).",
        "again": "Kontrollera igen",
    ]) { $1 }

    /// `/granskning/bevis`: an event's inclusion proof and the consistency proof between two checkpoints.
    public static let auditProof: [String: String] = auditShared.merging([
        "title": "Bevis",
        "heading": "Bevis",
        "intro": "Ett bevis visar att en händelse ingår i registret så som den senaste signerade kontrollpunkten beskriver det (RFC 9162), eller att registret vid en senare kontrollpunkt bygger vidare på en tidigare utan att något har ändrats.",
        "formHeading": "Bevis för händelse",
        "seqLabel": "Händelsens seq",
        "seqHint": "Ett heltal, 1 eller mer.",
        "prove": "Visa bevis",
        "proofHeading": "Bevis för händelse",
        "leafIndex": "Lövets index",
        "treeSize": "Trädets storlek",
        "path": "Bevisets hashar (base64), från lövet mot roten",
        "pathCaption": "Bevisets hashar",
        "step": "Steg",
        "noPath": "Beviset har inga hashar: trädet har bara den här händelsen.",
        "download": "Ladda ned beviset (JSON)",
        "checkHeading": "Så kontrollerar du ett nedladdat bevis",
        "checkText": "Beviset går att kontrollera utan registret, med bara filen och den verifieringsnyckel som organisationen har publicerat. Kommandot räknar om händelsens hash ur dess fält, vägen till kontrollpunktens rot och signaturen, och avslutar med kod 1 om beviset inte håller:",
        "checkCommand": "planledger verify-proof planledger-bevis-{seq}.json --vkey <namn+id+nyckel>",
        "seqNotNumber": "Ange händelsens seq som ett heltal, 1 eller mer; ”{given}” är inget sådant.",
        "seqMissing": "Ange händelsens seq.",
        "seqPastHead": "Det finns ingen händelse med seq {seq}: registrets senaste händelse är seq {head}.",
        "seqPastCheckpoint": "Händelse {seq} registrerades efter den senaste kontrollpunkten (storlek {size}) och kan bevisas först när en ny kontrollpunkt har gjorts.",
        "consistencyHeading": "Bevis för att registret byggt vidare",
        "consistencyIntro": "Välj två av registrets sparade kontrollpunkter: beviset visar att trädet vid den senare bygger vidare på trädet vid den tidigare.",
        "fromLabel": "Tidigare kontrollpunkt (storlek)",
        "toLabel": "Senare kontrollpunkt (storlek)",
        "proveConsistency": "Visa bevis",
        "oldSize": "Tidigare storlek",
        "newSize": "Senare storlek",
        "fromMissing": "Välj den tidigare kontrollpunkten.",
        "fromOrder": "Den tidigare kontrollpunkten får inte vara större än den senare.",
        "noSuchCheckpoint": "Registret har ingen sparad kontrollpunkt med storlek {given}.",
        "onlyOneCheckpoint": "Registret har bara en kontrollpunkt; ett sådant bevis behöver två.",
        "checkpointsCaption": "Sparade kontrollpunkter",
        "downloadConsistency": "Ladda ned beviset (JSON)",
    ]) { $1 }

    /// `/granskning/historik`: a plan's events, as `planledger history` lists them.
    public static let auditHistory: [String: String] = auditShared.merging([
        "title": "Historik för en plan",
        "heading": "Historik för en plan",
        "intro": "Varje händelse som nämner planen, rättelser och återkallelser med, i den ordning de registrerades.",
        "planLabel": "Planens nyckel",
        "asOf": "Gällande senast (datum, valfritt)",
        "knownAt": "Som registret visade vid (seq, datum eller tidpunkt, valfritt)",
        "show": "Visa historik",
        "caption": "Händelser för",
        "noSuchPlan": "Ingen händelse i registret nämner planen ”{given}”.",
        "noEvents": "Planen ”{given}” har inga händelser vid den tidpunkten.",
        "badKey": "En plans nyckel består av bokstäver, siffror och -_./: (högst 200 tecken).",
        "planPage": "Planens sida",
        "proof": "Bevis",
    ]) { $1 }

    /// `/granskning/konton`: the account log, who held which role.
    public static let auditAccounts: [String: String] = auditShared.merging([
        "title": "Kontologgen",
        "heading": "Kontologgen",
        "intro": "Varje ändring av konton och roller, i ordning: vem som gav eller tog bort vilken roll, och när.",
        "caption": "Kontologgens poster",
        "action": "Åtgärd",
        "account": "Konto",
        "role": "Roll",
        "noEntries": "Kontologgen har inga poster.",
        "unavailable": "Kontologgen kan inte läsas.",
    ]) { $1 }

    /// `text` with each `{name}` replaced by its value (the pages' texts that carry values).
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
