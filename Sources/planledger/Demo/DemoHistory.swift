/// The example history that ships with planledger, drawn from the five seed documents: the rutin for
/// övergripande handlingsplan (versions 1–4, Dnr RS/1321/2015), Anvisning planering 2017, the region's
/// planning process, the revised board plan 2023–2025 (Dnr 1043-2022) and a division's April 2022 follow-up.
///
/// Each batch is appended with the clock set to when it was recorded, so the demo ledger's transaction
/// times tell the same story as its valid times (one registration is late on purpose, for the audit).
/// Every event has an id, so the demo's hashes are the same on every machine.
enum DemoHistory {
    struct Batch {
        var recorded: String
        var lines: String
    }

    /// Every batch, in the order it was recorded: the history of each area (`core` below; the planning year's
    /// in `DemoHistory+*.swift`) merged by recording time, so that `recorded` never decreases along seq. A batch
    /// recorded before 2014-06-25 would move the seq that the rutin's correction (demo-007) targets.
    static let batches: [Batch] = (core + process + budget + activities + analyses).sorted { $0.recorded < $1.recorded }

    /// The history as the first five seed documents' tour told it.
    static let core: [Batch] = [
        Batch(recorded: "2013-03-12T14:05:00Z", lines: #"""
            {"id":"demo-001","type":"plan.registered","plan":"rutin-overgripande-handlingsplan","effective":"2013-03-12","actor":"registrator:sh","data":{"title":"Rutin för upprättande av övergripande handlingsplan","kind":"rutin","owner":"Samordningskansliet"}}
            {"id":"demo-002","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2013-03-12","actor":"registrator:sh","data":{"version":1,"change":"Nyutgåva"}}
            """#),
        // Version 2 was first recorded with the wrong date (2014-06-14); it is corrected in 2016.
        Batch(recorded: "2014-06-25T09:12:00Z", lines: #"""
            {"id":"demo-003","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2014-06-14","actor":"registrator:sh","data":{"version":2,"change":"Reviderad utifrån att rutinen anpassats efter den nya styrmodellen"}}
            """#),
        Batch(recorded: "2014-08-08T10:30:00Z", lines: #"""
            {"id":"demo-004","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2014-08-07","actor":"registrator:sh","data":{"version":3,"change":"Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet","approvedBy":"Tillförordnad landstingsdirektör"}}
            """#),
        Batch(recorded: "2015-08-17T08:45:00Z", lines: #"""
            {"id":"demo-005","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-14","actor":"registrator:sh","data":{"version":4,"change":"Reviderad utifrån regionbildning och reviderad styrmodell samt utifrån att regiondirektörens verksamhetsplan ska innehålla mål från samtliga handlingsplaner.","approvedBy":"Regiondirektör","dnr":"RS/1321/2015","decision":{"body":"Regiondirektör"}}}
            {"id":"demo-006","type":"diary.registered","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-14","actor":"registrator:sh","data":{"dnr":"RS/1321/2015","title":"Rutin för upprättande av övergripande handlingsplan, version 4","direction":"internal","handler":"Samordningskansliet","case":"RS/1321/2015"}}
            """#),
        Batch(recorded: "2016-02-10T13:00:00Z", lines: #"""
            {"id":"demo-007","type":"event.corrected","effective":"2016-02-10","actor":"registrator:sh","data":{"target":3,"reason":"Fel datum i ändringsförteckningen: version 2 beslutades 2014-06-24","replacement":{"effective":"2014-06-24","data":{"version":2,"change":"Reviderad utifrån att rutinen anpassats efter den nya styrmodellen"}}}}
            """#),
        // Anvisning planering 2017 (seed 000): the strategic plan, the board plan and the division plans below.
        Batch(recorded: "2016-09-15T09:00:00Z", lines: #"""
            {"id":"demo-010","type":"plan.registered","plan":"strategisk-plan-2017","effective":"2016-06-15","actor":"registrator:ab","data":{"title":"Strategisk plan 2017–2019","kind":"strategisk plan","owner":"Landstingsfullmäktige","period":{"from":2017,"to":2019}}}
            {"id":"demo-011","type":"plan.revised","plan":"strategisk-plan-2017","effective":"2016-06-15","actor":"registrator:ab","data":{"version":1,"change":"Strategisk plan 2017–2019 antagen","approvedBy":"Landstingsfullmäktige"}}
            {"id":"demo-012","type":"plan.registered","plan":"ls-plan-2017","effective":"2016-08-30","actor":"registrator:ab","data":{"title":"Landstingsstyrelsens plan 2017–2019","kind":"styrelsens plan","owner":"Landstingsstyrelsen","period":{"from":2017,"to":2019},"parent":"strategisk-plan-2017"}}
            {"id":"demo-013","type":"plan.revised","plan":"ls-plan-2017","effective":"2016-08-30","actor":"registrator:ab","data":{"version":1,"change":"Landstingsstyrelsens plan 2017–2019 antagen","approvedBy":"Landstingsstyrelsen"}}
            {"id":"demo-014","type":"plan.registered","plan":"anvisning-planering-2017","effective":"2016-09-15","actor":"registrator:ab","data":{"title":"Anvisning planering 2017","kind":"anvisning","owner":"Landstingsdirektören","parent":"ls-plan-2017"}}
            {"id":"demo-015","type":"plan.revised","plan":"anvisning-planering-2017","effective":"2016-09-15","actor":"registrator:ab","data":{"version":1,"change":"Anvisning för divisionernas planering 2017","approvedBy":"Landstingsdirektör","content":{"text":"Divisionsplaner lämnas in den 17 november 2016 och fastställs slutligt av landstingsdirektören innan 31 december 2016."}}}
            {"id":"demo-016","type":"assignment.issued","plan":"anvisning-planering-2017","effective":"2016-09-15","actor":"registrator:ab","data":{"assignment":"divisionsplaner-2017-in","title":"Lämna in divisionsplaner 2017","assignee":"Divisionerna","deadline":"2016-11-17","issuedBy":"Landstingsdirektören"}}
            {"id":"demo-017","type":"assignment.issued","plan":"anvisning-planering-2017","effective":"2016-09-15","actor":"registrator:ab","data":{"assignment":"jamstalldhet-2016","title":"Årsrapportering jämställdhetsintegrering 2016","assignee":"Divisionerna","deadline":"2016-11-30","issuedBy":"Landstingsdirektören"}}
            {"id":"demo-018","type":"assignment.issued","plan":"anvisning-planering-2017","effective":"2016-09-15","actor":"registrator:ab","data":{"assignment":"divisionsplaner-2017-faststall","title":"Fastställa divisionsplanerna 2017","assignee":"Landstingsdirektören","deadline":"2016-12-31","issuedBy":"Landstingsstyrelsen"}}
            """#),
        Batch(recorded: "2016-11-17T15:20:00Z", lines: #"""
            {"id":"demo-020","type":"assignment.reported","effective":"2016-11-17","actor":"registrator:ab","data":{"assignment":"divisionsplaner-2017-in","status":"done","note":"Samtliga divisionsplaner inlämnade"}}
            {"id":"demo-021","type":"plan.registered","plan":"divisionsplan-service-2017","effective":"2016-11-17","actor":"registrator:ab","data":{"title":"Divisionsplan Service 2017","kind":"divisionsplan","owner":"Division Service","period":{"from":2017,"to":2017},"parent":"ls-plan-2017"}}
            """#),
        Batch(recorded: "2016-12-21T10:00:00Z", lines: #"""
            {"id":"demo-022","type":"plan.revised","plan":"divisionsplan-service-2017","effective":"2016-12-20","actor":"registrator:ab","data":{"version":1,"change":"Divisionsplan fastställd","approvedBy":"Landstingsdirektör"}}
            {"id":"demo-023","type":"assignment.reported","effective":"2016-12-20","actor":"registrator:ab","data":{"assignment":"divisionsplaner-2017-faststall","status":"done","note":"Divisionsplanerna fastställda av landstingsdirektören"}}
            """#),
        // The division's plan 2022 and its April follow-up (seed 004).
        Batch(recorded: "2021-12-16T11:00:00Z", lines: #"""
            {"id":"demo-030","type":"plan.registered","plan":"divisionsplan-service-2022","effective":"2021-11-01","actor":"registrator:ab","data":{"title":"Divisionsplan Service 2022","kind":"divisionsplan","owner":"Division Service","period":{"from":2022,"to":2022}}}
            {"id":"demo-031","type":"plan.revised","plan":"divisionsplan-service-2022","effective":"2021-12-15","actor":"registrator:ab","data":{"version":1,"change":"Divisionsplan 2022 fastställd","approvedBy":"Regiondirektör","content":{"goals":[{"id":"kompetens","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","successFactor":"Hållbar arbetsmiljö","metrics":[{"id":"sjukfranvaro","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]},{"id":"ekonomi","perspective":"Ekonomi","text":"God ekonomisk hushållning","successFactor":"Kostnadseffektiv verksamhet","metrics":[{"id":"budgetavvikelse","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["DÅ04","DÅ08","ÅR"]}]},{"id":"verksamhet","perspective":"Verksamhet","text":"God nära och samordnad vård","successFactor":"Kvalitet/leveranssäkerhet","metrics":[{"id":"upphandling","name":"Andel upphandlingar enligt plan","target":100,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]}]}}}
            """#),
        Batch(recorded: "2022-05-20T14:00:00Z", lines: #"""
            {"id":"demo-032","type":"followup.recorded","plan":"divisionsplan-service-2022","effective":"2022-05-20","actor":"registrator:ab","data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.3,"unit":"%","fulfilment":"not-met"}}
            {"id":"demo-033","type":"followup.recorded","plan":"divisionsplan-service-2022","effective":"2022-05-20","actor":"registrator:ab","data":{"metric":"budgetavvikelse","period":"2022-DÅ04","outcome":-11.1,"unit":"mnkr","fulfilment":"not-met"}}
            {"id":"demo-034","type":"followup.recorded","plan":"divisionsplan-service-2022","effective":"2022-05-20","actor":"registrator:ab","data":{"metric":"upphandling","period":"2022-DÅ04","outcome":98,"unit":"%","fulfilment":"partly"}}
            """#),
        // The revised board plan 2023–2025 (seed 003) and the planning process's milestones (seed 002).
        Batch(recorded: "2022-12-14T08:30:00Z", lines: #"""
            {"id":"demo-040","type":"plan.registered","plan":"strategisk-plan-2023","effective":"2022-06-20","actor":"registrator:cd","data":{"title":"Strategisk plan 2023–2025","kind":"strategisk plan","owner":"Regionfullmäktige","period":{"from":2023,"to":2025}}}
            {"id":"demo-041","type":"plan.revised","plan":"strategisk-plan-2023","effective":"2022-11-22","actor":"registrator:cd","data":{"version":1,"change":"Reviderad strategisk plan 2023–2025","approvedBy":"Regionfullmäktige"}}
            {"id":"demo-042","type":"plan.registered","plan":"rs-plan-2023","effective":"2022-11-01","actor":"registrator:cd","data":{"title":"Regionstyrelsens plan 2023–2025","kind":"regionstyrelsens plan","owner":"Regionstyrelsen","period":{"from":2023,"to":2025},"parent":"strategisk-plan-2023"}}
            {"id":"demo-043","type":"plan.revised","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"version":1,"change":"Reviderad regionstyrelsens plan 2023–2025 antagen","approvedBy":"Regionstyrelsen","dnr":"1043-2022","decision":{"body":"Regionstyrelsen","paragraph":"§ 245"},"content":{"analyses":[{"perspective":"gender-equality","concerned":true,"text":"Regionstyrelsens plan innehåller regionstyrelsens inriktning och de uppdrag som fullmäktige fördelat. Ovanstående uppdrag medför konsekvenser som bör beaktas ur jämställdhetsperspektiv. Det är dock svårt att presentera en samlad bilda av uppdragens konsekvenser utan får hanteras i varje enskilt ärende. Vid framställningen av regionstyrelsens plan 2023-2025 har jämställdhetsperspektivet aktivt inarbetats i alla dess delar. Vid uppföljning av uppdragen ska jämställdhetsperspektivet alltid beaktas."},{"perspective":"child-rights","concerned":true,"text":"Åtgärden/beslutet är uppenbart för barnets bästa."}]}}}
            {"id":"demo-044","type":"decision.recorded","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"dnr":"1043-2022","body":"Regionstyrelsen","subject":"Reviderad Regionstyrelsens plan 2023-2025","text":"Regionstyrelsen beslutar att anta reviderad regionstyrelsens plan 2023-2025.","paragraph":"§ 245"}}
            {"id":"demo-045","type":"diary.registered","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"dnr":"1043-2022","title":"Reviderad Regionstyrelsens plan 2023-2025 - Styrelseärende","direction":"internal","handler":"Regionstyrelsens kansli","case":"1043-2022"}}
            {"id":"demo-046","type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"assignment":"rs-2023-tillganglighet","title":"Utreda förutsättningar för ökad tillgänglighet till sjukvård; delredovisas under våren","assignee":"Regionstyrelsen och hälso- och sjukvårdsnämnden","deadline":"2023-05-31","issuedBy":"Regionfullmäktige"}}
            {"id":"demo-047","type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"assignment":"rs-2023-vns","title":"Utreda funktioner liknande VNS, vårdnära service","assignee":"Regiondirektören","deadline":"2023-03-20","issuedBy":"Regionstyrelsen"}}
            {"id":"demo-048","type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","actor":"registrator:cd","data":{"assignment":"rs-2023-kompetens","title":"Utreda kompetensförsörjningen: VFU-platser, forskningstjänster, arbetstidsmodeller, lönestrategi","assignee":"Regiondirektören","deadline":"2023-06-30","issuedBy":"Regionstyrelsen"}}
            {"id":"demo-049","type":"assignment.issued","effective":"2022-12-13","actor":"registrator:cd","data":{"assignment":"planering-2024-pf","title":"Planeringsförutsättningar 2024 beslutas av regionstyrelsen","assignee":"Regiondirektören","deadline":"2023-02-28","issuedBy":"Regionstyrelsen"}}
            {"id":"demo-050","type":"assignment.issued","effective":"2022-12-13","actor":"registrator:cd","data":{"assignment":"planering-2024-regionplan","title":"Beslut om regionplan och budget 2024","assignee":"Regionfullmäktige","deadline":"2023-06-30","issuedBy":"Regionstyrelsen"}}
            """#),
        // A letter dated 10 January, registered three weeks later: the audit names it (OSL 5:1).
        Batch(recorded: "2023-02-01T09:15:00Z", lines: #"""
            {"id":"demo-060","type":"diary.registered","effective":"2023-01-10","actor":"registrator:cd","data":{"dnr":"RS/55/2023","title":"Skrivelse om vårdnära service i inlandet","direction":"in","counterpart":"Arjeplogs kommun","handler":"Regiondirektörens stab","case":"RS/55/2023"}}
            {"id":"demo-061","type":"assignment.reported","effective":"2023-02-27","actor":"registrator:cd","data":{"assignment":"planering-2024-pf","status":"done","note":"Planeringsförutsättningar beslutade i regionstyrelsen"}}
            """#),
        Batch(recorded: "2023-05-12T10:00:00Z", lines: #"""
            {"id":"demo-062","type":"diary.registered","effective":"2023-05-11","actor":"registrator:cd","data":{"dnr":"RS/412/2023","title":"Klagomål från Anna Svensson om väntetider","direction":"in","counterpart":"Anna Svensson","handler":"Patientnämndens kansli","secrecy":{"ground":"OSL 25:1"}}}
            {"id":"demo-063","type":"assignment.reported","effective":"2023-05-12","actor":"registrator:cd","data":{"assignment":"rs-2023-tillganglighet","status":"partial","note":"Delredovisning om patientavgifter och sjukresor"}}
            {"id":"demo-064","type":"assignment.reported","effective":"2023-05-12","actor":"registrator:cd","data":{"assignment":"rs-2023-kompetens","status":"partial","note":"VFU-platser och arbetstidsmodeller utredda; lönestrategi återstår"}}
            """#),
        Batch(recorded: "2023-06-20T16:00:00Z", lines: #"""
            {"id":"demo-065","type":"assignment.reported","effective":"2023-06-19","actor":"registrator:cd","data":{"assignment":"planering-2024-regionplan","status":"done","note":"Regionplan och budget 2024 beslutad"}}
            {"id":"demo-066","type":"diary.archived","effective":"2023-06-20","actor":"registrator:cd","data":{"dnr":"1043-2022","retention":"keep"}}
            """#),
    ]
}
