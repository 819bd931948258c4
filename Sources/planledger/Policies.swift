import ArgumentParser
import Catalogue
import LedgerCore
import Projections

extension Planledger {
    /// `planledger policies` — the requirements on plans (`policy.adopted`) in force as of a date, each with its history.
    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policies",
            abstract: "Policies (requirements on plans, such as perspective analyses) in force as of a date, with their history.")

        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                let policies = try queries.policies(asOf: time.date, knownAt: time.known)
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string(.array(policies.map(\.json))))
                case .csv:
                    // One row per version (the history flattened), the in-force version last of its policy.
                    print(CSV(columns: PolicyView.csvColumns, rows: policies.flatMap { $0.history.map(\.json) }).text, terminator: "")
                case .table:
                    if policies.isEmpty {
                        print(Message.noPoliciesAsOf(time.date).text(reading))
                    } else {
                        let rows = policies.flatMap { p in p.history.map { $0.tableRow(inForce: $0 == p.current) } }
                        print(Table(columns: PolicyView.tableColumns, rows: rows, flexible: [4, 5], colour: Terminal.status).render())
                    }
                }
            }
        }
    }
}

extension PolicyView {
    static var tableColumns: [String] { reading.texts([.policy, .effective, .inForce, .plan, .perspectives, .kinds]) }
    static let csvColumns = ["policy", "requires", "kinds", "perspectives", "dnr", "approvedBy", "plan", "effective", "seq"]
}

extension PolicyVersion {
    func tableRow(inForce: Bool) -> [String] {
        [policy, effective.description, inForce ? Phrase.yes.text(reading) : absent, plan,
         perspectives.map { $0.word(reading) }.joined(separator: ", "), kinds.joined(separator: ", ")]
    }
}
