import Foundation
import Testing
import TestSupport

/// The screens people read, in Swedish (`LANG=sv_SE.UTF-8`) and English, on the demo ledger: exact tables of
/// `plans`, `changes`, `show`, `audit`, `diary`, `followups` and `assignments`; Swedish order of the rows;
/// JSON and CSV the same in every language; the locale's precedence.
@Suite(.serialized) struct SwedishScreenTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("demo.sqlite")
        let demo = try CommandRunner.run(["demo", "--ledger", ledger], environment: ["TZ": "Europe/Stockholm"])
        #expect(demo.status == 0, "\(demo.stderr)")
    }

    /// A table as a person reads it: no width limit (COLUMNS empty, a pipe), Swedish or English.
    func run(_ args: String..., swedish: Bool, ledger: String? = nil, format: String = "table") throws -> String {
        let r = try CommandRunner.run(args + ["--ledger", ledger ?? self.ledger, "--format", format], environment: [
            "PLANLEDGER_NOW": "2026-11-25T10:00:00Z", "COLUMNS": "", "LANG": swedish ? "sv_SE.UTF-8" : "en_GB.UTF-8",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func plansInSwedishAndEnglish() throws {
        #expect(try run("plans", "--as-of", "2023-07-01", swedish: true) == """
            plan                                       typ                         version  status    gäller från  beslutad av            titel
            ─────────────────────────────────────────  ──────────────────────────  ───────  ────────  ───────────  ─────────────────────  ──────────────────────────────────────────────────────────
            anvisning-planering-2017                   anvisning                         1  gällande  2016-09-15   Landstingsdirektör     Anvisning planering 2017
            divisionsplan-service-2017                 divisionsplan                     2  utgången  2016-12-20   Landstingsdirektör     Divisionsplan Service 2017
            divisionsplan-service-2022                 divisionsplan                     1  utgången  2021-12-15   Regiondirektör         Divisionsplan Service 2022
            handlingsplan-attraktiv-arbetsgivare-2016  övergripande handlingsplan        1  utgången  2015-10-30   Regiondirektör         Övergripande handlingsplan för attraktiv arbetsgivare 2016
            handlingsplan-tillit-2023                  övergripande handlingsplan        1  gällande  2023-06-28   Regiondirektör         Handlingsplan tillitsbaserad styrning och ledning
            ls-plan-2017                               styrelsens plan                   1  utgången  2016-08-30   Landstingsstyrelsen    Landstingsstyrelsens plan 2017–2019
            rs-plan-2023                               regionstyrelsens plan             1  gällande  2022-12-13   Regionstyrelsen        Regionstyrelsens plan 2023–2025
            rutin-overgripande-handlingsplan           rutin                             4  gällande  2015-08-14   Regiondirektör         Rutin för upprättande av övergripande handlingsplan
            strategisk-plan-2017                       strategisk plan                   1  utgången  2016-06-15   Landstingsfullmäktige  Strategisk plan 2017–2019
            strategisk-plan-2023                       strategisk plan                   1  gällande  2022-11-22   Regionfullmäktige      Strategisk plan 2023–2025

            """)
        #expect(try run("plans", "--as-of", "2023-07-01", swedish: false) == """
            plan                                       kind                        version  status    effective   approved by            title
            ─────────────────────────────────────────  ──────────────────────────  ───────  ────────  ──────────  ─────────────────────  ──────────────────────────────────────────────────────────
            anvisning-planering-2017                   anvisning                         1  in-force  2016-09-15  Landstingsdirektör     Anvisning planering 2017
            divisionsplan-service-2017                 divisionsplan                     2  expired   2016-12-20  Landstingsdirektör     Divisionsplan Service 2017
            divisionsplan-service-2022                 divisionsplan                     1  expired   2021-12-15  Regiondirektör         Divisionsplan Service 2022
            handlingsplan-attraktiv-arbetsgivare-2016  övergripande handlingsplan        1  expired   2015-10-30  Regiondirektör         Övergripande handlingsplan för attraktiv arbetsgivare 2016
            handlingsplan-tillit-2023                  övergripande handlingsplan        1  in-force  2023-06-28  Regiondirektör         Handlingsplan tillitsbaserad styrning och ledning
            ls-plan-2017                               styrelsens plan                   1  expired   2016-08-30  Landstingsstyrelsen    Landstingsstyrelsens plan 2017–2019
            rs-plan-2023                               regionstyrelsens plan             1  in-force  2022-12-13  Regionstyrelsen        Regionstyrelsens plan 2023–2025
            rutin-overgripande-handlingsplan           rutin                             4  in-force  2015-08-14  Regiondirektör         Rutin för upprättande av övergripande handlingsplan
            strategisk-plan-2017                       strategisk plan                   1  expired   2016-06-15  Landstingsfullmäktige  Strategisk plan 2017–2019
            strategisk-plan-2023                       strategisk plan                   1  in-force  2022-11-22  Regionfullmäktige      Strategisk plan 2023–2025

            """)
    }

    @Test func changesInSwedishAndEnglish() throws {
        #expect(try run("changes", "rutin-overgripande-handlingsplan", "--as-of", "2014-12-31", swedish: true) == """
            version  datum       ändring                                                                                  beslutad av                       dnr  seq  rättad
            ───────  ──────────  ───────────────────────────────────────────────────────────────────────────────────────  ────────────────────────────────  ───  ───  ───────────
                  1  2013-03-12  Nyutgåva                                                                                 —                                 —      2  —
                  2  2014-06-24  Reviderad utifrån att rutinen anpassats efter den nya styrmodellen                       —                                 —      3  ja (seq 11)
                  3  2014-08-07  Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet  Tillförordnad landstingsdirektör  —      4  —

            """)
        #expect(try run("changes", "rutin-overgripande-handlingsplan", "--as-of", "2014-12-31", swedish: false) == """
            version  date        change                                                                                   approved by                       dnr  seq  corrected
            ───────  ──────────  ───────────────────────────────────────────────────────────────────────────────────────  ────────────────────────────────  ───  ───  ────────────
                  1  2013-03-12  Nyutgåva                                                                                 —                                 —      2  —
                  2  2014-06-24  Reviderad utifrån att rutinen anpassats efter den nya styrmodellen                       —                                 —      3  yes (seq 11)
                  3  2014-08-07  Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet  Tillförordnad landstingsdirektör  —      4  —

            """)
    }

    @Test func showASupersededVersion() throws {
        #expect(try run("show", "rutin-overgripande-handlingsplan", "--version", "3", swedish: true) == """
            Rutin för upprättande av övergripande handlingsplan
              plan          rutin-overgripande-handlingsplan (rutin)
              ägare         Samordningskansliet
              status        ersatt av version 4 den 2015-08-14 per 2026-11-25
              version       3, gäller från 2014-08-07, beslutad av Tillförordnad landstingsdirektör

            Ändringsförteckning
            version  datum       ändring                                                                                  beslutad av                       dnr  seq  rättad
            ───────  ──────────  ───────────────────────────────────────────────────────────────────────────────────────  ────────────────────────────────  ───  ───  ───────────
                  1  2013-03-12  Nyutgåva                                                                                 —                                 —      2  —
                  2  2014-06-24  Reviderad utifrån att rutinen anpassats efter den nya styrmodellen                       —                                 —      3  ja (seq 11)
                  3  2014-08-07  Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet  Tillförordnad landstingsdirektör  —      4  —

            """)
        #expect(try run("show", "rutin-overgripande-handlingsplan", "--version", "3", swedish: false) == """
            Rutin för upprättande av övergripande handlingsplan
              plan        rutin-overgripande-handlingsplan (rutin)
              owner       Samordningskansliet
              status      superseded by version 4 on 2015-08-14 as of 2026-11-25
              version     3, effective 2014-08-07, approved by Tillförordnad landstingsdirektör

            Change list (ändringsförteckning)
            version  date        change                                                                                   approved by                       dnr  seq  corrected
            ───────  ──────────  ───────────────────────────────────────────────────────────────────────────────────────  ────────────────────────────────  ───  ───  ────────────
                  1  2013-03-12  Nyutgåva                                                                                 —                                 —      2  —
                  2  2014-06-24  Reviderad utifrån att rutinen anpassats efter den nya styrmodellen                       —                                 —      3  yes (seq 11)
                  3  2014-08-07  Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet  Tillförordnad landstingsdirektör  —      4  —

            """)
    }

    @Test func showWithGoalsAndDecimalsInWords() throws {
        #expect(try run("show", "divisionsplan-service-2022", "--as-of", "2022-06-01", swedish: true) == """
            Divisionsplan Service 2022
              plan          divisionsplan-service-2022 (divisionsplan)
              ägare         Division Service
              status        gällande per 2022-06-01
              version       1, gäller från 2021-12-15, beslutad av Regiondirektör
              period        2022-01-01 – 2022-12-31

              [Medarbetare] Hållbar kompetensförsörjning — Hållbar arbetsmiljö
                sjukfranvaro: Sjukfrånvaro, mål Minska, ingångsvärde 5,1 % (DÅ04, DÅ08, ÅR)

              [Ekonomi] God ekonomisk hushållning — Kostnadseffektiv verksamhet
                budgetavvikelse: Budgetavvikelse, mål 0 mnkr (DÅ04, DÅ08, ÅR)

              [Verksamhet] God nära och samordnad vård — Kvalitet/leveranssäkerhet
                upphandling: Andel upphandlingar enligt plan, mål 100 % (DÅ04, DÅ08, ÅR)

            Ändringsförteckning
            version  datum       ändring                        beslutad av     dnr  seq  rättad
            ───────  ──────────  ─────────────────────────────  ──────────────  ───  ───  ──────
                  1  2021-12-15  Divisionsplan 2022 fastställd  Regiondirektör  —     30  —

            """)
        #expect(try run("show", "divisionsplan-service-2022", "--as-of", "2022-06-01", swedish: false) == """
            Divisionsplan Service 2022
              plan        divisionsplan-service-2022 (divisionsplan)
              owner       Division Service
              status      in-force as of 2022-06-01
              version     1, effective 2021-12-15, approved by Regiondirektör
              period      2022-01-01 – 2022-12-31

              [Medarbetare] Hållbar kompetensförsörjning — Hållbar arbetsmiljö
                sjukfranvaro: Sjukfrånvaro, target Minska, baseline 5.1 % (DÅ04, DÅ08, ÅR)

              [Ekonomi] God ekonomisk hushållning — Kostnadseffektiv verksamhet
                budgetavvikelse: Budgetavvikelse, target 0 mnkr (DÅ04, DÅ08, ÅR)

              [Verksamhet] God nära och samordnad vård — Kvalitet/leveranssäkerhet
                upphandling: Andel upphandlingar enligt plan, target 100 % (DÅ04, DÅ08, ÅR)

            Change list (ändringsförteckning)
            version  date        change                         approved by     dnr  seq  corrected
            ───────  ──────────  ─────────────────────────────  ──────────────  ───  ───  ─────────
                  1  2021-12-15  Divisionsplan 2022 fastställd  Regiondirektör  —     30  —

            """)
    }

    @Test func auditInWords() throws {
        #expect(try run("audit", "--as-of", "2023-03-01", swedish: true) == """
            iakttagelse                  plan                                       dnr         seq  beskrivning
            ───────────────────────────  ─────────────────────────────────────────  ──────────  ───  ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
            version utan beslutsfattare  rutin-overgripande-handlingsplan           —             2  version 1 av rutin-overgripande-handlingsplan (2013-03-12, "Nyutgåva") saknar beslutsfattare (Beslutat av)
            version utan beslutsfattare  rutin-overgripande-handlingsplan           —             3  version 2 av rutin-overgripande-handlingsplan (2014-06-24, "Reviderad utifrån att rutinen anpassats efter den nya styrm…") saknar beslutsfattare (Beslutat av)
            sen registrering             —                                          RS/55/2023   46  RS/55/2023 daterad 2023-01-10 registrerades 2023-02-01, 22 dagar senare (mer än 7; OSL 5:1 kräver registrering utan dröjsmål)
            försenat uppdrag             anvisning-planering-2017                   —            19  uppdraget jamstalldhet-2016 ("Årsrapportering jämställdhetsintegrering 2016", till Divisionerna) skulle vara klart 2016-11-30, 2282 dagar före 2023-03-01, och har ingen redovisning
            uppföljning saknas           divisionsplan-service-2022                 —             —  inget utfall för måttet budgetavvikelse (Budgetavvikelse) för 2022-DÅ08, som slutade 2022-08-31, 182 dagar före 2023-03-01
            uppföljning saknas           divisionsplan-service-2022                 —             —  inget utfall för måttet sjukfranvaro (Sjukfrånvaro) för 2022-DÅ08, som slutade 2022-08-31, 182 dagar före 2023-03-01
            uppföljning saknas           divisionsplan-service-2022                 —             —  inget utfall för måttet upphandling (Andel upphandlingar enligt plan) för 2022-DÅ08, som slutade 2022-08-31, 182 dagar före 2023-03-01
            försenad milstolpe           —                                          —            21  milstolpen jamstalldhet ("Årsrapportering jämställdhetsintegrering 2016") i processen planering-2017 skulle vara nådd 2016-11-30, 2282 dagar före 2023-03-01, och är inte nådd
            perspektivanalys saknas      handlingsplan-attraktiv-arbetsgivare-2016  —            10  version 1 av handlingsplan-attraktiv-arbetsgivare-2016 (2015-10-30) saknar analys av barnens rätt, miljö, ekonomi, regional utveckling, som policyn perspektivanalys-handlingsplan (gällande sedan 2015-08-14) kräver av planer av typen "övergripande handlingsplan"

            """)
        #expect(try run("audit", "--as-of", "2023-03-01", swedish: false) == """
            finding                       plan                                       dnr         seq  detail
            ────────────────────────────  ─────────────────────────────────────────  ──────────  ───  ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
            version-without-approver      rutin-overgripande-handlingsplan           —             2  version 1 of rutin-overgripande-handlingsplan (2013-03-12, "Nyutgåva") has no approver (Beslutat av) recorded
            version-without-approver      rutin-overgripande-handlingsplan           —             3  version 2 of rutin-overgripande-handlingsplan (2014-06-24, "Reviderad utifrån att rutinen anpassats efter den nya styrm…") has no approver (Beslutat av) recorded
            late-registration             —                                          RS/55/2023   46  RS/55/2023 dated 2023-01-10 was registered on 2023-02-01, 22 days later (more than 7; OSL 5:1 asks for registration without delay)
            assignment-overdue            anvisning-planering-2017                   —            19  assignment jamstalldhet-2016 ("Årsrapportering jämställdhetsintegrering 2016", to Divisionerna) was due 2016-11-30, 2282 days before 2023-03-01, and has no report
            followup-missing              divisionsplan-service-2022                 —             —  no outcome for metric budgetavvikelse (Budgetavvikelse) for 2022-DÅ08, which ended 2022-08-31, 182 days before 2023-03-01
            followup-missing              divisionsplan-service-2022                 —             —  no outcome for metric sjukfranvaro (Sjukfrånvaro) for 2022-DÅ08, which ended 2022-08-31, 182 days before 2023-03-01
            followup-missing              divisionsplan-service-2022                 —             —  no outcome for metric upphandling (Andel upphandlingar enligt plan) for 2022-DÅ08, which ended 2022-08-31, 182 days before 2023-03-01
            milestone-overdue             —                                          —            21  milestone jamstalldhet ("Årsrapportering jämställdhetsintegrering 2016") of process planering-2017 was due 2016-11-30, 2282 days before 2023-03-01, and is not reached
            perspective-analysis-missing  handlingsplan-attraktiv-arbetsgivare-2016  —            10  version 1 of handlingsplan-attraktiv-arbetsgivare-2016 (2015-10-30) has no analysis of child-rights, environment, economy, regional-development, which policy perspektivanalys-handlingsplan (in force since 2015-08-14) requires of plans of kind "övergripande handlingsplan"

            """)
    }

    @Test func publicDiary() throws {
        #expect(try run("diary", "--public", "--from", "2023-01-01", swedish: true) == """
            datum       dnr          riktning    titel                                     motpart           handläggare             arkiverad
            ──────────  ───────────  ──────────  ────────────────────────────────────────  ────────────────  ──────────────────────  ─────────
            2023-01-10  RS/55/2023   inkommande  Skrivelse om vårdnära service i inlandet  Arjeplogs kommun  Regiondirektörens stab  —
            2023-05-11  RS/412/2023  inkommande  Sekretess enligt OSL 25:1                 —                 Patientnämndens kansli  —

            """)
        #expect(try run("diary", "--public", "--from", "2023-01-01", swedish: false) == """
            date        dnr          dir  title                                     counterpart       handler                 archived
            ──────────  ───────────  ───  ────────────────────────────────────────  ────────────────  ──────────────────────  ────────
            2023-01-10  RS/55/2023   in   Skrivelse om vårdnära service i inlandet  Arjeplogs kommun  Regiondirektörens stab  —
            2023-05-11  RS/412/2023  in   Sekretess enligt OSL 25:1                 —                 Patientnämndens kansli  —

            """)
    }

    @Test func followupsWithADecimalComma() throws {
        #expect(try run("followups", "divisionsplan-service-2022", "--as-of", "2022-06-01", swedish: true) == """
            plan                        period     perspektiv   mått                             målvärde  utfall      måluppfyllelse   rapporterad
            ──────────────────────────  ─────────  ───────────  ───────────────────────────────  ────────  ──────────  ───────────────  ───────────
            divisionsplan-service-2022  2022-DÅ04  Verksamhet   Andel upphandlingar enligt plan  100 %     98 %        delvis uppfyllt  2022-05-20
            divisionsplan-service-2022  2022-DÅ04  Ekonomi      Budgetavvikelse                  0 mnkr    -11,1 mnkr  ej uppfyllt      2022-05-20
            divisionsplan-service-2022  2022-DÅ04  Medarbetare  Sjukfrånvaro                     Minska    6,3 %       ej uppfyllt      2022-05-20

            """)
        #expect(try run("followups", "divisionsplan-service-2022", "--as-of", "2022-06-01", swedish: false) == """
            plan                        period     perspective  metric                           target  outcome     fulfilment  reported
            ──────────────────────────  ─────────  ───────────  ───────────────────────────────  ──────  ──────────  ──────────  ──────────
            divisionsplan-service-2022  2022-DÅ04  Ekonomi      Budgetavvikelse                  0 mnkr  -11.1 mnkr  not-met     2022-05-20
            divisionsplan-service-2022  2022-DÅ04  Medarbetare  Sjukfrånvaro                     Minska  6.3 %       not-met     2022-05-20
            divisionsplan-service-2022  2022-DÅ04  Verksamhet   Andel upphandlingar enligt plan  100 %   98 %        partly      2022-05-20

            """)
    }

    @Test func overdueAssignments() throws {
        #expect(try run("assignments", "--overdue", "--as-of", "2023-04-01", swedish: true) == """
            klart senast  uppdrag            status        försenad  uppdragstagare    titel
            ────────────  ─────────────────  ────────────  ────────  ────────────────  ────────────────────────────────────────────────
            2016-11-30    jamstalldhet-2016  ej redovisat  FÖRSENAD  Divisionerna      Årsrapportering jämställdhetsintegrering 2016
            2023-03-20    rs-2023-vns        ej redovisat  FÖRSENAD  Regiondirektören  Utreda funktioner liknande VNS, vårdnära service

            """)
        #expect(try run("assignments", "--overdue", "--as-of", "2023-04-01", swedish: false) == """
            deadline    assignment         status  overdue  assignee          title
            ──────────  ─────────────────  ──────  ───────  ────────────────  ────────────────────────────────────────────────
            2016-11-30  jamstalldhet-2016  open    OVERDUE  Divisionerna      Årsrapportering jämställdhetsintegrering 2016
            2023-03-20  rs-2023-vns        open    OVERDUE  Regiondirektören  Utreda funktioner liknande VNS, vårdnära service

            """)
    }

    /// Swedish order in a table (å, ä, ö after z, case ignored), English and JSON by UTF-8 bytes; `--sort title`
    /// is Swedish in both.
    @Test func rowsInSwedishOrder() throws {
        let sorting = dir.path("sorting.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", sorting]).status == 0)
        let plans = [("zeta", "Zeta"), ("ängelholm", "Ängelholm"), ("alfa", "alfa"), ("Åre", "Åre"), ("örebro", "Örebro"), ("borås", "Borås"),
                     ("Ystad", "ystad")]
        let lines = plans.map { #"{"type":"plan.registered","plan":"\#($0.0)","effective":"2020-01-01","data":{"title":"\#($0.1)","kind":"rutin","owner":"Kansliet"}}"# }
        let appended = try CommandRunner.run(["append", "--ledger", sorting], stdin: Data(lines.joined(separator: "\n").utf8))
        #expect(appended.status == 0, "\(appended.stderr)")
        func keys(_ text: String) -> [String] { text.split(separator: "\n").dropFirst(2).map { String($0.split(separator: " ")[0]) as String } }
        let swedishOrder = ["alfa", "borås", "Ystad", "zeta", "Åre", "ängelholm", "örebro"]
        #expect(keys(try run("plans", swedish: true, ledger: sorting)) == swedishOrder)
        #expect(keys(try run("plans", "--sort", "title", swedish: true, ledger: sorting)) == swedishOrder)
        #expect(keys(try run("plans", "--sort", "title", swedish: false, ledger: sorting)) == swedishOrder)
        let byteOrder = ["Ystad", "alfa", "borås", "zeta", "Åre", "ängelholm", "örebro"]
        #expect(keys(try run("plans", swedish: false, ledger: sorting)) == byteOrder)
        // JSON keeps the SPEC's order (by key, as bytes) in Swedish too.
        let json = try run("plans", swedish: true, ledger: sorting, format: "json")
        let jsonKeys = json.split(separator: "\n").filter { $0.contains(#""plan": "#) }.map { $0.split(separator: "\"")[3] }
        #expect(jsonKeys.map(String.init) == byteOrder)
        #expect(try run("plans", swedish: true, ledger: sorting).contains("utkast"))
    }

    /// Scripts read JSON and CSV: never translated, no decimal comma.
    @Test func jsonAndCSVAreTheSameInEveryLanguage() throws {
        for args in [["plans"], ["changes", "rutin-overgripande-handlingsplan"], ["show", "divisionsplan-service-2022"], ["audit"],
                     ["diary"], ["followups", "--as-of", "2023-03-01"], ["assignments"]] {
            for format in ["json", "csv"] {
                let swedish = try CommandRunner.run(args + ["--ledger", ledger, "--format", format], environment: ["LANG": "sv_SE.UTF-8"])
                let english = try CommandRunner.run(args + ["--ledger", ledger, "--format", format])
                #expect(swedish.stdout == english.stdout, "\(args) \(format)")
                #expect(!swedish.stdout.isEmpty)
            }
        }
        let csv = try CommandRunner.run(["followups", "--as-of", "2023-03-01", "--ledger", ledger, "--format", "csv"], environment: ["LANG": "sv_SE.UTF-8"])
        #expect(csv.stdout.contains(",6.3,"))
        #expect(csv.stdout.contains(",not-met,"))
    }

    /// LC_ALL over LC_MESSAGES over LANG, as POSIX has it; an empty variable does not count.
    @Test func theLocaleDecides() throws {
        func status(_ env: [String: String]) throws -> String {
            let r = try CommandRunner.run(["plans", "--as-of", "2014-07-01", "--ledger", ledger, "--format", "table"], environment: env)
            return String(r.stdout.split(separator: "\n")[2].split(separator: " ", omittingEmptySubsequences: true)[3])
        }
        #expect(try status(["LANG": "sv_SE.UTF-8"]) == "gällande")
        #expect(try status(["LANG": "en_US.UTF-8"]) == "in-force")
        #expect(try status([:]) == "in-force")
        #expect(try status(["LC_ALL": "C", "LANG": "sv_SE.UTF-8"]) == "in-force")
        #expect(try status(["LC_ALL": "sv_SE.UTF-8", "LANG": "C"]) == "gällande")
        #expect(try status(["LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"]) == "gällande")
        #expect(try status(["LC_ALL": "", "LC_MESSAGES": "C", "LANG": "sv_SE.UTF-8"]) == "in-force")
    }

    /// Messages follow the language too; the exit code does not.
    @Test func aMissingPlanInSwedish() throws {
        let r = try CommandRunner.run(["show", "rutin-overgripande-handlingsplen", "--ledger", ledger], environment: ["LANG": "sv_SE.UTF-8"])
        #expect(r.status == 66)
        #expect(r.stderr == "planledger: det finns ingen plan \"rutin-overgripande-handlingsplen\"; menade du \"rutin-overgripande-handlingsplan\"?\n")
        let none = try run("assignments", "--overdue", "--as-of", "2016-01-01", swedish: true)
        #expect(none == "inga försenade uppdrag per 2016-01-01\n")
    }
}
