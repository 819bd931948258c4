/// The demo's story in both languages: its opening, each step's title and explanation, and its close.
///
/// The commands and their arguments are not text to translate: they are what a person types.
public enum DemoStory: String, Sendable, Hashable, CaseIterable {
    case plansToday, changeList, replay2014, replay2016, replay2023, overdue, planningProcess, overdueActivities
    case knownBefore, knownNow, dependsOnKnowledge, publicDiary, followups, budget, policies, analyses, audit, search, verify

    /// The opening: what the ledger holds, how many appends, and where it is.
    public static func opening(_ language: Language, appends: Int, path: String) -> String {
        switch language {
        case .swedish:
            """
            planledger demo: en liggare byggd ur exempelhistoriken (källdokumenten: en rutin med sin
            ändringsförteckning, Anvisning planering 2017, planeringsprocessen, regionstyrelsens plan 2023–2025
            med sina uppdrag och en divisions uppföljning i april 2022), registrerad i \(appends) omgångar 2013–2023.
            Liggare: \(path)
            """
        case .english:
            """
            planledger demo: a ledger built from the example history (the seed documents: a rutin with its
            change list, Anvisning planering 2017, the planning process, the board plan 2023–2025 with its
            assignments, and a division's April 2022 follow-up), \(appends) appends recorded 2013–2023.
            Ledger: \(path)
            """
        }
    }

    /// The step's heading.
    public func title(_ language: Language) -> String {
        let sv = language == .swedish
        switch self {
        case .plansToday: return sv ? "1. Planerna som gäller i dag" : "1. The plans in force today"
        case .changeList: return sv ? "2. En ändringsförteckning" : "2. A change list (ändringsförteckning)"
        case .replay2014: return sv ? "3a. Återblick: vad gällde 2014-07-01?" : "3a. Replay: what was in force on 2014-07-01?"
        case .replay2016: return sv ? "3b. Återblick: 2016-12-31" : "3b. Replay: 2016-12-31"
        case .replay2023: return sv ? "3c. Återblick: 2023-07-01" : "3c. Replay: 2023-07-01"
        case .overdue: return sv ? "4. Försenade uppdrag 2023-07-01" : "4. Overdue assignments on 2023-07-01"
        case .planningProcess:
            return sv ? "4b. Planeringsprocessen för 2024, läget 2023-05-15" : "4b. The planning process for 2024, as of 2023-05-15"
        case .overdueActivities: return sv ? "4c. Försenade aktiviteter 2024-01-15" : "4c. Overdue activities on 2024-01-15"
        case .knownBefore: return sv ? "5a. En rättelse, med kunskapen från före den" : "5a. A correction, with knowledge from before it"
        case .knownNow: return sv ? "5b. … och nu" : "5b. … and now"
        case .dependsOnKnowledge:
            return sv ? "5c. Vad som gällde 2014-06-20 beror alltså på vad man visste" : "5c. So what was in force on 2014-06-20 depends on what was known"
        case .publicDiary: return sv ? "6. Diariet i offentligt läge" : "6. The diary in public mode"
        case .followups: return sv ? "7. Uppföljning av divisionsplanen 2022" : "7. Follow-ups of the division's plan 2022"
        case .budget: return sv ? "7b. Budget och ekonomisk handlingsplan i divisionsplanen 2017" : "7b. Budget and economic action plan of the division's plan 2017"
        case .policies: return sv ? "7c. Krav på perspektivanalyser" : "7c. The requirement of perspective analyses"
        case .analyses: return sv ? "7d. En handlingsplan och dess perspektivanalyser" : "7d. An action plan and its perspective analyses"
        case .audit: return sv ? "8. Iakttagelser 2023-07-15" : "8. Audit findings on 2023-07-15"
        case .verify: return sv ? "9. Kontroll" : "9. Verify"
        case .search: return sv ? "8b. Vad beslutades när? Sök" : "8b. What was decided when? Search"
        }
    }

    /// What the step shows and why; `correctionSeq` is the seq of the demo's correction.
    public func explanation(_ language: Language, correctionSeq: Int) -> String {
        let sv = language == .swedish
        switch self {
        case .plansToday:
            return sv ? "Var och en med den version som gäller och vem som beslutade den; `plans` utan --status visar även de utgångna."
                : "Each with the version in force and who approved it; `plans` without --status lists the expired too."
        case .changeList:
            return sv ? "Rutinens fyra versioner; version 1 och 2 saknar beslutsfattare (Beslutat av), precis som i originaldokumentet."
                : "The rutin's four versions; versions 1 and 2 have no approver (Beslutat av), as in the original document."
        case .replay2014: return sv ? "Version 2 av rutinen, beslutad 2014-06-24." : "Version 2 of the rutin, adopted 2014-06-24."
        case .replay2016:
            return sv ? "Strategisk plan 2017–2019 och planerna under den, antagna hösten 2016."
                : "The strategic plan 2017–2019 and the plans below it, adopted in the autumn of 2016."
        case .replay2023:
            return sv ? "Den reviderade regionstyrelsens plan 2023–2025 (Dnr 1043-2022) gäller; 2017 års planer har gått ut."
                : "The revised board plan 2023–2025 (Dnr 1043-2022) is in force; the 2017 plans have expired."
        case .overdue:
            return sv ? "Uppdrag där klart senast-datumet har passerat utan att de redovisats som klara."
                : "Deadline passed and not done (uppdrag, klart senast)."
        case .planningProcess:
            return sv ? "Tidplanen ur källdokument 002 med faser och milstolpar. Nämndernas återkoppling flyttades från 18 mars till 16 april (en ändring av tidplanen) och kom ändå nio dagar sent; PF beslutades före sitt datum, vilket räknas som i tid."
                : "The timetable from seed 002, phases and milestones. The boards' feedback was moved from 18 March to 16 April (a change of the timetable) and still came nine days late; the PF was decided before its date, which counts as on time."
        case .overdueActivities:
            return sv ? "Aktiviteterna i handlingsplanen för tillitsbaserad styrning (seed 003) skulle vara genomförda 2023-12-31; två är rapporterade som genomförda, en påbörjades men blev inte klar och en har aldrig rapporterats."
                : "The activities of the action plan for trust-based governance (seed 003) were due 2023-12-31; two were reported done, one was started but not finished, and one was never reported."
        case .knownBefore:
            return sv ? "Version 2 registrerades först med datumet 2014-06-14. Så som registret såg ut före rättelsen (seq \(correctionSeq - 1)):"
                : "Version 2 was first recorded as of 2014-06-14. Asked as the register stood before the correction (seq \(correctionSeq - 1)):"
        case .knownNow:
            return sv ? "Rättelsen (seq \(correctionSeq)) flyttade den till 2014-06-24; raden visar att den är rättad. Själva loggen ändrades inte."
                : "The correction (seq \(correctionSeq)) moved it to 2014-06-24; the row says it was corrected. The log itself was not edited."
        case .dependsOnKnowledge:
            return sv ? "Med den gamla kunskapen version 2; med dagens version 1." : "With the old knowledge version 2; with today's, version 1."
        case .publicDiary:
            return sv ? "En post med sekretess visar bara sitt dnr, datum och grunden i OSL (Sekretess enligt …)."
                : "A classified entry shows only its dnr, date and the OSL ground (Sekretess enligt …)."
        case .followups:
            return sv ? "Utfallen i april (källdokument 004); augusti och helåret rapporterades aldrig."
                : "April's outcomes (seed 004); August and the year were never reported."
        case .budget:
            return sv ? "Ramar per enhet, år och slag och åtgärder med helårseffekt per år, som anvisningen 2017 (källdokument 000) kräver. Underlaget anger inga belopp, så beloppen är 0 tkr: ett strukturexempel."
                : "Frames per unit, year and kind, and measures with their full-year effect per year, as the 2017 instruction (seed 000) asks. The seed gives no amounts, so they are 0 tkr: a structural example."
        case .policies:
            return sv ? "Rutinen (källdokument 001, avsnitt 3.4) kräver en analys ur fem perspektiv i varje övergripande handlingsplan; version 3 av rutinen (2014-08-07) införde jämställdhetsperspektivet, version 4 (2015-08-14) alla fem."
                : "The rutin (seed 001, §3.4) requires an analysis from five perspectives in every övergripande handlingsplan; its version 3 (2014-08-07) added the gender-equality perspective, version 4 (2015-08-14) all five."
        case .analyses:
            return sv ? "Rutinens eget exempel på handlingsplan (Attraktiv arbetsgivare) analyserar bara jämställdhet (\"analys med genusperspektiv\"); de fyra andra perspektiven saknas."
                : "The rutin's own example action plan (Attraktiv arbetsgivare) analyses only gender equality (\"analys med genusperspektiv\"); the four other perspectives are missing."
        case .audit:
            return sv ? "Det som en revisor bör titta på, bland annat handlingsplanen som saknar perspektivanalyser."
                : "What an auditor should look at, among it the action plan that lacks perspective analyses."
        case .search:
            return sv ? "Alla ord ska finnas, och ett ord hittar delar av ord: ”vård” hittar ”sjukvård” och ”vårdnära”. Senast registrerat först."
                : "Every word must occur, and a word finds parts of words: \"vård\" finds \"sjukvård\" and \"vårdnära\". Most recently recorded first."
        case .verify:
            return sv ? "Räkna om hashkedjan och bygg om varje projektion ur loggen för att jämföra."
                : "Recompute the hash chain and rebuild every projection from the log to compare."
        }
    }

    /// The heading of the closing list of commands to try.
    /// Said after the opening when the tour's ledger is removed at its end (no `--ledger`).
    public static func temporaryLedger(_ language: Language) -> String {
        language == .swedish ? " (tillfällig: tas bort när visningen är slut)" : " (temporary: removed when the tour ends)"
    }

    /// The comment before the install lines of "Try it yourself": `planledger` is not on the PATH after `swift run`.
    public static func installHint(_ language: Language) -> String {
        language == .swedish
            ? "# Om planledger inte finns i din PATH (efter `swift run` gör den inte det): bygg och installera den en gång, eller kör .build/release/planledger:"
            : "# If planledger is not on your PATH (after `swift run` it is not), build it once and install it, or call .build/release/planledger:"
    }

    /// The comment after the install line: where else the binary may go.
    public static func installElsewhere(_ language: Language) -> String {
        language == .swedish ? "# eller ~/.local/bin/" : "# or ~/.local/bin/"
    }

    /// The comment after `planledger demo --ledger demo.sqlite` when the tour's ledger was temporary.
    public static func keepOne(_ language: Language) -> String {
        language == .swedish ? "# den här visningens liggare var tillfällig och är borta; behåll en" : "# this tour's ledger was temporary and is gone; keep one"
    }

    public static func tryItYourself(_ language: Language) -> String {
        language == .swedish ? "Prova själv" : "Try it yourself"
    }

    /// The line printed in place of a step's output when its command failed.
    public static func commandFailed(_ language: Language, _ error: String) -> String {
        language == .swedish ? "(kommandot misslyckades: \(error))" : "(the command failed: \(error))"
    }
}
