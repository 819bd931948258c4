extension WebTexts {
    /// The search page `/sok` and the search box of the start page (issue 16).
    public static let search: [String: String] = [
        "title": "Sök",
        "heading": "Sök i registret",
        "intro": "Sök bland styrdokument, ändringar, beslut, uppdrag, aktiviteter och diariet. Alla ord ska finnas; ett ord hittar även delar av ord, så ”tandvård” hittar ”Folktandvården”.",
        "label": "Sökord",
        "hint": "Minst ett ord med tre tecken eller fler, högst 200 tecken.",
        "submit": "Sök",
        "page": "Sida",
        "results": "Träffar",
        "showing": "Visar träff",
        "through": "till",
        "noHits": "Inga träffar.",
        "kind": "Typ",
        "date": "Datum",
        "match": "Utdrag",
        "previous": "Föregående sida",
        "next": "Nästa sida",
        "onlyPunctuation": "Skriv minst ett ord med bokstäver eller siffror.",
        "tooShort": "Skriv minst ett ord med tre tecken eller fler.",
        "tooLong": "Sökningen är {n} tecken lång; högst 200 tecken.",
        "controlCharacter": "Sökningen innehåller ett otillåtet tecken.",
        "pageInvalid": "Sidan finns inte; ange ett sidnummer från 1 till 50.",
    ]
}
