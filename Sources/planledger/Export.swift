import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension Planledger {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the full log as JSON Lines with seq, recorded, prev and hash.",
            discussion: "Each line is the RFC 8785 canonical JSON of one event, so anyone can recompute the hash chain: hash = SHA-256(prev bytes ‖ JCS of {seq, id, type, plan, effective, recorded, actor, data}).")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            try reportingFailures {
                let store = try ledger.open()
                var out = BufferedOutput()
                try store.forEachEvent { event in
                    out.write(CanonicalJSON.encode(event.exported))
                    out.write([UInt8(ascii: "\n")])
                }
                out.flush()
            }
        }
    }
}
