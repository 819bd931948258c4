extension DemoHistory {
    /// Perspective analyses and the policy that requires them (issue 16, seed 001 §3.4 and seed 003).
    ///
    /// - The rutin states the requirement: "För övergripande handlingsplaner gäller att det i avsnitt 4 ska finnas en
    ///   analys av hur målen och aktiviteterna i handlingsplanen avser att leva upp till kraven i de olika perspektiven"
    ///   — jämställdhet och jämlikhet, barns rättigheter, miljö, regional utveckling och ekonomi (§3.4). The policy has
    ///   two versions, as the rutin's change list supports: version 3 (2014-08-07, "Tillägg … gällande text om
    ///   jämställdhets- och jämlikhetsperspektivet") states the gender-equality perspective; version 4 (2015-08-14,
    ///   RS/1321/2015), the text the seed holds, states all five.
    /// - The board plan 2023–2025 carries seed 003's two perspective paragraphs (Jämställdhetsperspektiv,
    ///   Barnrättsperspektiv) as its analyses: see demo-043 in `core`, whose content holds them word for word.
    /// - No seed holds an adopted övergripande handlingsplan, so the demo's plan of the required kind is the rutin's own
    ///   example (§4, "Tabell: Målkedja - exempel": Övergripande handlingsplan Attraktiv arbetsgivare, its goal, its 2016
    ///   measures and its example activity), adopted in October 2015 as §2.2 says handlingsplaner are ("i samband med att
    ///   regiondirektörens verksamhetsplan fastställs i oktober"). The example speaks only of a gender perspective
    ///   ("analys med genusperspektiv"), so it has that analysis and lacks the four others: the audit's
    ///   perspective-analysis-missing finding.
    static let analyses: [Batch] = [
        Batch(recorded: "2014-08-08T10:35:00Z", lines: #"""
            {"id":"demo-301","type":"policy.adopted","plan":"rutin-overgripande-handlingsplan","effective":"2014-08-07","actor":"registrator:sh","data":{"policy":"perspektivanalys-handlingsplan","requires":"perspective-analyses","kinds":["övergripande handlingsplan"],"perspectives":["gender-equality"],"approvedBy":"Tillförordnad landstingsdirektör"}}
            """#),
        Batch(recorded: "2015-08-17T08:50:00Z", lines: #"""
            {"id":"demo-302","type":"policy.adopted","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-14","actor":"registrator:sh","data":{"policy":"perspektivanalys-handlingsplan","requires":"perspective-analyses","kinds":["övergripande handlingsplan"],"perspectives":["gender-equality","child-rights","environment","economy","regional-development"],"dnr":"RS/1321/2015","approvedBy":"Regiondirektör"}}
            """#),
        Batch(recorded: "2015-11-02T09:00:00Z", lines: #"""
            {"id":"demo-303","type":"plan.registered","plan":"handlingsplan-attraktiv-arbetsgivare-2016","effective":"2015-10-30","actor":"registrator:sh","data":{"title":"Övergripande handlingsplan för attraktiv arbetsgivare 2016","kind":"övergripande handlingsplan","owner":"Regiondirektör","period":{"from":2016,"to":2016}}}
            {"id":"demo-304","type":"plan.revised","plan":"handlingsplan-attraktiv-arbetsgivare-2016","effective":"2015-10-30","actor":"registrator:sh","data":{"version":1,"change":"Handlingsplanen fastställd","approvedBy":"Regiondirektör","content":{"text":"Mål: Sänka sjukfrånvaron för medarbetare. Mått för 2016 totalt: 5,7 % Kvinnor: 6,5 % Män: ≤ 4,7 %. Exempel på aktivitet: Utbilda chefer och föra dialog kring arbetslivsinriktad rehabilitering samt genomgång och analys med genusperspektiv.","analyses":[{"perspective":"gender-equality","concerned":true,"text":"Sjukfrånvaron mäts för kvinnor och män var för sig (Kvinnor: 6,5 %, Män: ≤ 4,7 %), och aktiviteten omfattar genomgång och analys med genusperspektiv."}]}}}
            """#),
    ]
}
