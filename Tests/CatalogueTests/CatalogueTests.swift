import Catalogue
import LedgerCore
import Testing

/// The catalogue: every key in both languages, the locale's precedence, numbers and Swedish order.
struct CatalogueTests {
    @Test func everyPhraseHasBothLanguages() {
        for phrase in Phrase.allCases {
            for language in Language.allCases {
                let text = Phrase.texts[phrase]?[language]
                #expect(text != nil && text != "", "\(phrase) has no \(language) text")
            }
        }
        #expect(Phrase.texts.count == Phrase.allCases.count)
    }

    @Test func everyDemoStepHasBothLanguages() {
        for step in DemoStory.allCases {
            #expect(step.title(.swedish) != step.title(.english), "\(step)")
            #expect(step.explanation(.swedish, correctionSeq: 7) != step.explanation(.english, correctionSeq: 7), "\(step)")
        }
    }

    @Test func statusesInSwedish() {
        #expect(PlanStatus.allCases.map { $0.word(.swedish) } == ["utkast", "gällande", "utgången", "upphävd", "ersatt"])
        #expect(PlanStatus.allCases.map { $0.word(.english) } == ["draft", "in-force", "expired", "repealed", "superseded"])
        #expect(Fulfilment.allCases.map { $0.word(.swedish) } == ["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "ej tillgängligt"])
        #expect(Direction.allCases.map { $0.word(.swedish) } == ["inkommande", "utgående", "upprättad"])
        #expect(Retention.allCases.map { $0.word(.swedish) } == ["bevaras", "gallras"])
        #expect(Phrase.overdueFlag.text(.swedish) == "FÖRSENAD")
        #expect(AuditFinding.Kind.lateRegistration.word(.swedish) == "sen registrering")
        #expect(AuditFinding.Kind.lateRegistration.word(.english) == "late-registration")
    }

    @Test func localePrecedence() {
        #expect(Language(environment: ["LANG": "sv_SE.UTF-8"]) == .swedish)
        #expect(Language(environment: ["LANG": "sv"]) == .swedish)
        #expect(Language(environment: ["LANG": "sv_FI.UTF-8"]) == .swedish)
        #expect(Language(environment: ["LANG": "en_GB.UTF-8"]) == .english)
        #expect(Language(environment: [:]) == .english)
        #expect(Language(environment: ["LANG": "C"]) == .english)
        // A locale whose name only starts with the letters "sv" is not Swedish.
        #expect(Language(environment: ["LANG": "svx_XX"]) == .english)
        // LC_ALL over LC_MESSAGES over LANG, both ways round; an empty one does not count.
        #expect(Language(environment: ["LC_ALL": "C", "LANG": "sv_SE.UTF-8"]) == .english)
        #expect(Language(environment: ["LC_ALL": "sv_SE.UTF-8", "LANG": "C"]) == .swedish)
        #expect(Language(environment: ["LC_MESSAGES": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"]) == .english)
        #expect(Language(environment: ["LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"]) == .swedish)
        #expect(Language(environment: ["LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"]) == .english)
        #expect(Language(environment: ["LC_ALL": "", "LANG": "sv_SE.UTF-8"]) == .swedish)
    }

    @Test func decimalComma() {
        #expect(Language.swedish.number(6.3) == "6,3")
        #expect(Language.swedish.number(-11.1) == "-11,1")
        #expect(Language.swedish.number(98) == "98")
        #expect(Language.english.number(6.3) == "6.3")
        #expect(Language.swedish.value(.string("Minska")) == "Minska")
        #expect(Language.swedish.value(.number(5.1)) == "5,1")
        #expect(Language.swedish.value(nil) == "")
    }

    @Test func swedishOrder() {
        let words = ["Örebro", "Zeta", "ängelholm", "Ängelholm", "alfa", "Åsele", "zulu", "Bräcke", "Borlänge", "Ystad"]
        let sorted = Language.swedish.sorted(words) { [$0] }
        #expect(sorted == ["alfa", "Borlänge", "Bräcke", "Ystad", "Zeta", "zulu", "Åsele", "ängelholm", "Ängelholm", "Örebro"])
        #expect(Collation.swedish("Zeta", "Ängelholm"))
        #expect(!Collation.swedish("Ängelholm", "Zeta"))
        #expect(Collation.swedish("åsele", "Ängelholm"))
        // English keeps the byte order of the JSON answers.
        #expect(Language.english.sorted(["b", "Z", "a"]) { [$0] } == ["Z", "a", "b"])
        // Equal keys keep their order; the second key decides when the first is equal.
        #expect(Language.swedish.sorted([("b", 1), ("a", 2), ("b", 0)]) { [$0.0] }.map(\.1) == [2, 1, 0])
        #expect(Language.swedish.sorted([("x", "ö"), ("x", "a")]) { [$0.0, $0.1] }.map(\.1) == ["a", "ö"])
    }

    @Test func messagesSayTheirValues() {
        let date = LedgerDate(year: 2023, month: 7, day: 1)!
        #expect(Message.noPlansAsOf(date).text(.swedish) == "inga planer per 2023-07-01")
        #expect(Message.noPlansAsOf(date).text(.english) == "no plans as of 2023-07-01")
        #expect(Message.metricLine(id: "s", name: "Sjukfrånvaro", target: .string("Minska"), unit: "%", periods: ["DÅ04"]).text(.swedish)
                == "s: Sjukfrånvaro, mål Minska (DÅ04)")
        #expect(Message.metricLine(id: "b", name: "Budget", target: .number(0.5), unit: "mnkr", periods: []).text(.swedish)
                == "b: Budget, mål 0,5 mnkr ()")
        #expect(Message.archivedCell(date: date, retention: .cull, cullAfter: date).text(.swedish) == "2023-07-01 gallras efter 2023-07-01")
    }
}
