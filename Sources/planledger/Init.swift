import ArgumentParser
import Catalogue
import LedgerCore
import LedgerStore
import Projections

extension Planledger {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create an empty ledger (never overwrites anything).",
            discussion: "JSON: {\"created\": PATH}; CSV: one column, created.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                _ = try Ledger.create(at: ledger.path, busyTimeout: ledger.busyTimeout, logger: cliLogger, projections: StandardProjections.all)
                switch output.resolved {
                case .json: print(PrettyJSON.string(["created": .string(ledger.path)]))
                case .csv:
                    var csv = CSV(header: ["created"])
                    csv.add([.text(ledger.path)])
                    print(csv.text, terminator: "")
                case .table: print(Message.created(path: ledger.path).text(reading))
                }
            }
        }
    }
}
