import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    /// `planledger budget PLAN` (SPEC, "The planning year"): the frames and measures of a plan's budget.
    struct BudgetCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "budget",
            abstract: "A plan's budget as of a date: frames per unit, year and kind, and the measures of its economic action plan with their full-year effect per year.")

        @Argument(help: "The plan's key.") var plan: String
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws { try time.validate() }

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                guard let answer = try queries.budget(plan, asOf: time.date, knownAt: time.known) else {
                    throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries)
                }
                switch output.resolved {
                case .json: print(PrettyJSON.string(answer.json))
                case .csv: print(Self.csv(answer), terminator: "")
                case .table: print(Self.table(answer, language: reading))
                }
            }
        }

        /// One row per frame and per measure effect: `section` (frame or measure), unit, year, amount, kind (frames),
        /// id and text (measures), currency. Amounts are numbers, as in JSON.
        static func csv(_ answer: BudgetAnswer) -> String {
            let columns = ["plan", "section", "unit", "year", "amount", "currency", "kind", "measure", "text"]
            var rows: [JSONValue] = []
            let currency = JSONValue(answer.budget?.currency.rawValue)
            for frame in answer.budget?.sortedFrames ?? [] {
                rows.append(["plan": .string(answer.plan), "section": "frame", "unit": .string(frame.unit), "year": JSONValue(frame.year),
                             "amount": .number(frame.amount), "currency": currency, "kind": .string(frame.kind.rawValue)])
            }
            for measure in answer.budget?.measures ?? [] {
                for effect in measure.effects {
                    rows.append(["plan": .string(answer.plan), "section": "measure", "unit": .string(measure.unit), "year": JSONValue(effect.year),
                                 "amount": .number(effect.amount), "currency": currency, "measure": .string(measure.id), "text": .string(measure.text)])
                }
            }
            return CSV(columns: columns, rows: rows).text
        }

        /// The frames as a table (unit, year, kind, amount right-aligned, with the currency in the heading), and the
        /// measures with one right-aligned column per year they give an effect for.
        static func table(_ answer: BudgetAnswer, language: Language) -> String {
            var lines = ["\(answer.title) (\(answer.plan), version \(answer.version))"]
            guard let budget = answer.budget else {
                lines.append("  " + Phrase.noBudget.text(language))
                return lines.joined(separator: "\n")
            }
            let currency = budget.currency.rawValue
            let amount = { (d: Double) in AmountText.format(d, language) }
            if !budget.frames.isEmpty {
                lines += ["", Phrase.frames.text(language)]
                let columns = language.texts([.budgetUnit, .year, .kind]) + ["\(Phrase.amount.text(language)) (\(currency))"]
                let rows = budget.sortedFrames.map { [$0.unit, String($0.year), $0.kind.word(language), amount($0.amount)] }
                lines.append(Table(columns: columns, rows: rows, rightAligned: [1, 3], flexible: [0], wrapsLast: false).render())
            }
            if !budget.measures.isEmpty {
                let years = budget.effectYears
                lines += ["", Phrase.measures.text(language) + ", \(currency)"]
                let columns = language.texts([.measure, .budgetUnit]) + years.map(String.init) + [Phrase.detail.text(language)]
                let rows = budget.measures.map { m in
                    [m.id, m.unit] + years.map { y in m.effects.first { $0.year == y }.map { amount($0.amount) } ?? "–" } + [m.text]
                }
                lines.append(Table(columns: columns, rows: rows, rightAligned: Set(2..<(2 + years.count)), flexible: [2 + years.count]).render())
            }
            return lines.joined(separator: "\n")
        }
    }
}
