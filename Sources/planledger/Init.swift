import ArgumentParser
import Catalogue
import LedgerStore
import Projections

extension Planledger {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an empty ledger (never overwrites anything).")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            try reportingFailures {
                _ = try Ledger.create(at: ledger.path, busyTimeout: ledger.busyTimeout, logger: cliLogger, projections: StandardProjections.all)
                print(Message.created(path: ledger.path).text(reading))
            }
        }
    }
}
