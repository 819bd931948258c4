/// The Swedish words the workload is made of, drawn from the seed documents' world: plan kinds and their
/// place in the goal chain (målkedja), bodies that decide, perspectives, goals and metrics (styrmått).
enum Vocabulary {
    // MARK: Plan kinds

    /// A kind of governing document and how it behaves: where it sits in the goal chain, whether it has a
    /// plan period and how long, who owns and approves it, and how many metrics its content carries.
    struct Kind {
        let name: String
        let slug: String
        /// 0 at the top of the goal chain (regionplan), 4 at the bottom (rutin, riktlinje).
        let level: Int
        /// Years a plan period lasts; nil: no period (valid until repealed).
        let periodYears: ClosedRange<Int>?
        let owners: [String]
        let metrics: ClosedRange<Int>
        /// Relative frequency among registrations.
        let weight: Int
    }

    static let kinds: [Kind] = [
        Kind(name: "regionplan", slug: "regionplan", level: 0, periodYears: 3...3,
             owners: ["Regionfullmäktige"], metrics: 5...8, weight: 3),
        Kind(name: "strategisk plan", slug: "strategisk-plan", level: 1, periodYears: 3...4,
             owners: ["Regionfullmäktige", "Regionstyrelsen"], metrics: 4...8, weight: 5),
        Kind(name: "regionstyrelsens plan", slug: "rs-plan", level: 1, periodYears: 3...3,
             owners: ["Regionstyrelsen"], metrics: 4...8, weight: 4),
        Kind(name: "verksamhetsplan", slug: "verksamhetsplan", level: 2, periodYears: 1...1,
             owners: ["Hälso- och sjukvårdsnämnden", "Regiondirektör", "Division Primärvård", "Division Länssjukvård",
                      "Folktandvården", "Regionala utvecklingsnämnden"], metrics: 3...7, weight: 10),
        Kind(name: "divisionsplan", slug: "divisionsplan", level: 2, periodYears: 1...3,
             owners: ["Division Primärvård", "Division Länssjukvård", "Division Psykiatri", "Division Kultur och utbildning"],
             metrics: 3...6, weight: 8),
        Kind(name: "övergripande handlingsplan", slug: "overgripande-handlingsplan", level: 3, periodYears: 2...4,
             owners: ["Regionstyrelsen", "Regiondirektör"], metrics: 1...4, weight: 6),
        Kind(name: "handlingsplan", slug: "handlingsplan", level: 3, periodYears: 1...3,
             owners: ["Regiondirektör", "Hälso- och sjukvårdsdirektör", "HR-direktör", "Ekonomidirektör"], metrics: 1...4, weight: 8),
        Kind(name: "aktivitetsplan", slug: "aktivitetsplan", level: 3, periodYears: 1...2,
             owners: ["Division Primärvård", "Division Länssjukvård", "Regionledningsförvaltningen"], metrics: 1...3, weight: 4),
        Kind(name: "rutin", slug: "rutin", level: 4, periodYears: nil,
             owners: ["Regiondirektör", "Regionledningsförvaltningen", "Chefläkare", "Arkivmyndigheten"], metrics: 0...2, weight: 9),
        Kind(name: "riktlinje", slug: "riktlinje", level: 4, periodYears: nil,
             owners: ["Regiondirektör", "Hälso- och sjukvårdsdirektör", "Chefläkare", "Regionstyrelsen"], metrics: 0...2, weight: 7),
    ]

    static let kindWeights = kinds.map(\.weight)

    /// What a plan is about: the title's words and the key's slug (a few slugs keep their å ä ö: keys may).
    static let topics: [(name: String, slug: String)] = [
        ("jämställdhet och jämlikhet", "jamstalldhet"),
        ("hållbar utveckling", "hallbar-utveckling"),
        ("läkemedelshantering", "lakemedel"),
        ("informationssäkerhet", "informationssakerhet"),
        ("hälso- och sjukvård", "halso-och-sjukvard"),
        ("nära vård och primärvård", "nara-vard"),
        ("folkhälsa", "folkhalsa"),
        ("kompetensförsörjning", "kompetensforsorjning"),
        ("digitalisering", "digitalisering"),
        ("krisberedskap och civilt försvar", "krisberedskap"),
        ("arkiv och diarieföring", "arkiv-och-diarieforing"),
        ("tandvård", "tandvård"),
        ("kollektivtrafik", "kollektivtrafik"),
        ("miljö och klimat", "miljö-och-klimat"),
        ("patientsäkerhet", "patientsakerhet"),
        ("barnens rätt", "barnens-ratt"),
        ("upphandling", "upphandling"),
        ("internkontroll", "internkontroll"),
        ("psykisk hälsa", "psykisk-halsa"),
        ("regional utveckling", "regional-utveckling"),
    ]

    static let divisions = [
        "Division Primärvård", "Division Länssjukvård", "Division Psykiatri", "Division Kultur och utbildning",
        "Folktandvården", "Regionledningsförvaltningen", "Hälsoval Jämtland Härjedalen",
    ]

    // MARK: Bodies

    /// Deciding bodies and officials, in the region's era (2015 on) and, for earlier years, the county
    /// council's (landstinget) names for the same roles.
    static let bodies = ["Regionfullmäktige", "Regionstyrelsen", "RSAU", "Regiondirektör", "Hälso- och sjukvårdsnämnden",
                         "Hälso- och sjukvårdsdirektör", "Regionala utvecklingsnämnden"]
    static let countyCouncilBodies = ["Landstingsfullmäktige", "Landstingsstyrelsen", "LSAU", "Landstingsdirektör",
                                      "Hälso- och sjukvårdsnämnden", "Hälso- och sjukvårdsdirektör", "Tillförordnad landstingsdirektör"]

    /// The body at `index` of `bodies`, named as it was in `year`.
    static func body(_ index: Int, year: Int) -> String {
        year < 2015 ? countyCouncilBodies[index] : bodies[index]
    }

    /// A region-era name as the county council (landstinget) called it before 2015.
    static func eraName(_ name: String, year: Int) -> String {
        guard year < 2015 else { return name }
        switch name {
        case "Regionfullmäktige": return "Landstingsfullmäktige"
        case "Regionstyrelsen": return "Landstingsstyrelsen"
        case "Regiondirektör": return "Landstingsdirektör"
        case "Regionledningsförvaltningen": return "Landstingsdirektörens stab"
        case "Regionstyrelsens ordförande": return "Landstingsstyrelsens ordförande"
        default: return name
        }
    }

    /// Diary series prefix of a body (RS/1321/2015), the county council's (LS) before 2015.
    static func diaryPrefix(_ index: Int, year: Int) -> String {
        let region = ["RF", "RS", "RS", "RS", "HSN", "RS", "RUN"]
        let county = ["LF", "LS", "LS", "LS", "HSN", "LS", "LS"]
        return year < 2015 ? county[index] : region[index]
    }

    static let actors = ["registrator:sh", "registrator:ak", "registrator:mö", "registrator:jå", "nämndsekreterare:ke",
                         "handläggare:ln", "planeringsstrateg:eö"]

    static let people = ["Anna Berglund", "Åsa Öberg", "Jörgen Håkansson", "Mikael Sjöström", "Karin Ek",
                         "Ellinor Nybom", "Sara Engström", "Per-Åke Lind", "Märta Nilsson", "Göran Åkesson",
                         "Lena Strömbäck", "Björn Älvsjö"]

    // MARK: Goals and metrics

    static let perspectives = ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]
    static let perspectiveSlugs = ["samhalle", "medborgare", "verksamhet", "medarbetare", "ekonomi"]

    static let goalTexts: [[String]] = [
        ["Regionen bidrar till en hållbar samhällsutveckling", "Länet är en attraktiv plats att leva och verka i",
         "Minskad klimatpåverkan från regionens verksamheter"],
        ["Invånarna har förtroende för regionens verksamhet", "Vården är tillgänglig och jämlik för alla invånare",
         "Patienterna är delaktiga i sin vård"],
        ["Vården är kunskapsbaserad, säker och effektiv", "Verksamheten arbetar med ständiga förbättringar",
         "Processerna är standardiserade och jämförbara"],
        ["Regionen är en attraktiv arbetsgivare", "Medarbetarna har en god och hälsosam arbetsmiljö",
         "Kompetensförsörjningen är säkrad på kort och lång sikt"],
        ["Ekonomin är i balans", "Resurserna används effektivt", "Kostnadsutvecklingen är under kontroll"],
    ]

    static let successFactors: [[String]] = [
        ["Samverkan med länets kommuner", "Hållbara transporter och resfria möten"],
        ["God tillgänglighet", "Jämlik vård oavsett kön, ålder och bostadsort"],
        ["Standardiserade vårdförlopp", "Säker läkemedelsanvändning"],
        ["Hållbart medarbetarskap", "Tydligt och närvarande ledarskap"],
        ["Kostnadskontroll", "Följsamhet till budget och ekonomisk handlingsplan"],
    ]

    /// A target or an outcome: a number (in tenths, 63 = 6.3) or a text.
    enum Value {
        case tenths(Int)
        case text(String)
    }

    struct MetricTemplate {
        let id: String
        let name: String
        let perspective: Int
        let unit: String?
        let targets: [Value]
        /// The range outcomes fall in, in tenths.
        let outcomes: ClosedRange<Int>
    }

    static let metrics: [MetricTemplate] = [
        MetricTemplate(id: "co2-tjansteresor", name: "Koldioxidutsläpp från tjänsteresor", perspective: 0, unit: "ton",
                       targets: [.text("Minska"), .tenths(12_000), .tenths(9_500)], outcomes: 7_000...15_000),
        MetricTemplate(id: "fornybar-energi", name: "Andel förnybar energi", perspective: 0, unit: "%",
                       targets: [.tenths(950), .tenths(1000), .text("Öka")], outcomes: 800...1000),
        MetricTemplate(id: "rokare", name: "Andel dagligrökare i befolkningen", perspective: 0, unit: "%",
                       targets: [.text("Minska"), .tenths(70)], outcomes: 50...140),
        MetricTemplate(id: "miljokrav-upphandling", name: "Andel upphandlingar med miljökrav", perspective: 0, unit: "%",
                       targets: [.tenths(800), .tenths(900)], outcomes: 500...1000),
        MetricTemplate(id: "vardgaranti-90", name: "Andel patienter som får besök inom 90 dagar", perspective: 1, unit: "%",
                       targets: [.tenths(900), .tenths(1000), .text("Öka")], outcomes: 600...990),
        MetricTemplate(id: "1177-svarstid", name: "Andel besvarade samtal inom 3 minuter, 1177 Vårdguiden", perspective: 1, unit: "%",
                       targets: [.tenths(800), .tenths(850)], outcomes: 550...950),
        MetricTemplate(id: "npe-helhetsintryck", name: "Nationell patientenkät, helhetsintryck", perspective: 1, unit: "index",
                       targets: [.tenths(850), .text("Bibehålla")], outcomes: 750...920),
        MetricTemplate(id: "fortroende", name: "Förtroende för hälso- och sjukvården", perspective: 1, unit: "%",
                       targets: [.text("Öka"), .tenths(700)], outcomes: 500...800),
        MetricTemplate(id: "vardskador", name: "Andel vårdtillfällen med vårdskada", perspective: 2, unit: "%",
                       targets: [.text("Minska"), .tenths(50)], outcomes: 30...120),
        MetricTemplate(id: "overbelaggningar", name: "Överbeläggningar per 100 disponibla vårdplatser", perspective: 2, unit: "antal",
                       targets: [.tenths(0), .text("Minska")], outcomes: 0...60),
        MetricTemplate(id: "lakemedelsgenomgangar", name: "Andel genomförda läkemedelsgenomgångar", perspective: 2, unit: "%",
                       targets: [.tenths(750), .tenths(900)], outcomes: 400...950),
        MetricTemplate(id: "vantetid-operation", name: "Väntetid till operation, median", perspective: 2, unit: "dagar",
                       targets: [.tenths(600), .tenths(900), .text("Minska")], outcomes: 300...1800),
        MetricTemplate(id: "sjukfranvaro", name: "Sjukfrånvaro", perspective: 3, unit: "%",
                       targets: [.tenths(63), .tenths(60), .text("Minska")], outcomes: 45...95),
        MetricTemplate(id: "hme", name: "Hållbart medarbetarengagemang (HME)", perspective: 3, unit: "index",
                       targets: [.tenths(800), .text("Öka")], outcomes: 700...850),
        MetricTemplate(id: "inhyrd-personal", name: "Kostnad för inhyrd personal", perspective: 3, unit: "mnkr",
                       targets: [.text("Minska"), .tenths(1_500)], outcomes: 800...3_200),
        MetricTemplate(id: "personalomsattning", name: "Personalomsättning", perspective: 3, unit: "%",
                       targets: [.tenths(100), .text("Minska")], outcomes: 60...160),
        MetricTemplate(id: "resultat", name: "Ekonomiskt resultat", perspective: 4, unit: "mnkr",
                       targets: [.tenths(0), .text("Ekonomi i balans"), .tenths(500)], outcomes: -2_500...1_200),
        MetricTemplate(id: "budgetavvikelse", name: "Avvikelse mot budget", perspective: 4, unit: "%",
                       targets: [.tenths(0), .text("Ingen avvikelse")], outcomes: -45...30),
        MetricTemplate(id: "kostnad-per-invanare", name: "Nettokostnad per invånare", perspective: 4, unit: "kr",
                       targets: [.text("Oförändrat"), .text("Minska")], outcomes: 280_000...360_000),
        MetricTemplate(id: "soliditet", name: "Soliditet", perspective: 4, unit: "%",
                       targets: [.tenths(200), .text("Öka")], outcomes: -150...250),
    ]

    /// Follow-up periods a metric declares, as masks (1 DÅ04, 2 DÅ08, 4 ÅR), in proportion to how often
    /// plans use them: yearly only is the most common.
    static let periodMasks: [UInt8] = [4, 4, 4, 6, 6, 7, 7, 5, 2]
    static let periodCodes = ["DÅ04", "DÅ08", "ÅR"]

    static let textOutcomes = ["Uppgift saknas", "Ej mätt under perioden", "Minskat jämfört med föregående år",
                               "Ökat något", "Oförändrat", "Mätning pågår, redovisas i årsrapporten"]
    static let followupComments = ["Redovisas i delårsrapporten", "Källa: Vårdbarometern", "Avser hela regionen",
                                   "Exklusive inhyrd personal", "Preliminärt utfall", "Jämförelse med riket: bättre",
                                   "Åtgärder enligt ekonomisk handlingsplan pågår"]

    // MARK: Change list and decisions

    static let changeTexts = [
        "Revidering av mål och styrmått", "Redaktionella ändringar", "Uppdaterade målvärden",
        "Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet",
        "Reviderad utifrån regionbildning och reviderad styrmodell",
        "Reviderad utifrån att rutinen anpassats efter den nya styrmodellen",
        "Anpassning till ny lagstiftning", "Förtydligande av ansvarsfördelning",
        "Uppdaterad efter synpunkter från revisionen", "Ny mall för dokumentstyrning",
    ]

    static let repealReasons = ["Ersatt av ny plan", "Planperioden har löpt ut och planen ersätts inte",
                                "Upphävd i samband med ny organisation", "Innehållet har arbetats in i regionplanen",
                                "Rutinen ersätts av riktlinje"]

    static let decisionSubjects = [
        "Delårsrapport per april", "Delårsrapport per augusti", "Årsredovisning", "Budget och verksamhetsplan",
        "Internkontrollplan", "Yttrande över remiss", "Val av ersättare", "Investeringsram",
        "Ekonomisk handlingsplan", "Uppföljning av avtal", "Revisionsrapport", "Motion om ökad tillgänglighet",
        "Medborgarförslag om kollektivtrafik", "Taxor och avgifter",
    ]

    static let decisionTexts = [
        "beslutar att godkänna rapporten och lägga den till handlingarna.",
        "beslutar att fastställa dokumentet enligt förslaget.",
        "beslutar att återremittera ärendet för ytterligare beredning.",
        "beslutar att avslå motionen med hänvisning till pågående arbete.",
        "beslutar att uppdra åt regiondirektören att återkomma med en åtgärdsplan.",
        "beslutar att anta yttrandet som sitt eget och översända det till departementet.",
    ]

    // MARK: Diary and assignments

    static let diaryTitles = [
        "Remiss: ", "Skrivelse om ", "Överenskommelse om ", "Yttrande över utredning om ", "Protokollsutdrag om ",
        "Begäran om utlämnande av allmän handling rörande ", "Avtal om ", "Rapport om ", "Inbjudan till samråd om ",
    ]

    static let counterparts = [
        "Socialstyrelsen", "Sveriges Kommuner och Regioner", "Inspektionen för vård och omsorg", "Länsstyrelsen i Jämtlands län",
        "Försäkringskassan", "Arbetsmiljöverket", "Östersunds kommun", "Åre kommun", "Härjedalens kommun",
        "Socialdepartementet", "Privatperson", "Riksarkivet",
    ]

    static let secrecyGrounds = ["OSL 31:16", "OSL 21:1", "OSL 25:1", "OSL 39:3", "OSL 18:8"]

    static let assignmentTitles = [
        "Utreda förutsättningarna för ", "Ta fram en handlingsplan för ", "Redovisa kostnaderna för ",
        "Genomföra en översyn av ", "Återrapportera arbetet med ", "Utveckla uppföljningen av ",
    ]

    static let reportNotes = [
        "Arbetet pågår enligt tidplan", "Delrapport lämnad till regionstyrelsen", "Försenat på grund av resursbrist",
        "Uppdraget är slutfört och redovisat", "Återrapporterat i samband med delårsrapporten",
        "Klart, se bilaga till protokollet",
    ]

    /// Why a correction was made, per kind of target, in the order `emitCorrection` numbers them:
    /// decision, revision, follow-up, diary entry, assignment, archiving, registration.
    static let correctionReasons: [[String]] = [
        ["Felaktigt beslutsdatum angivet vid registreringen", "Beslutstexten justerad enligt justerat protokoll",
         "Stavfel i ursprunglig registrering"],
        ["Beslutat av saknades i ändringsförteckningen", "Fel beslutsinstans angiven", "Rättelse efter påpekande från revisionen"],
        ["Rättat utfall efter avstämning med ekonomienheten", "Felaktigt utfall inrapporterat", "Utfallet avsåg fel period"],
        ["Stavfel i ursprunglig registrering", "Fel handläggare angiven", "Rubriken kompletterad"],
        ["Förlängd tidsfrist enligt beslut", "Felaktigt slutdatum angivet"],
        ["Felaktig gallringsfrist", "Handlingen ska bevaras enligt dokumenthanteringsplanen", "Fel bevarandebeslut angivet"],
        ["Stavfel i dokumentets titel", "Fel ägare angiven vid registreringen"],
    ]

    static let retractionReasons = [
        "Registrerad av misstag", "Dubbelregistrering", "Avsåg ett annat ärende", "Utfallet rapporterades på fel styrmått",
        "Arkiveringen gjordes i fel serie",
    ]
}
