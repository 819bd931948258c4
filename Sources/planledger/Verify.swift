import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import Projections
import LedgerStore

extension Planledger {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the hash chain and check derived state; exit 1 naming the first bad seq.")

        @Option(help: ArgumentHelp("Also check that the ledger extends this signed checkpoint (needs --vkey).", valueName: "file"))
        var checkpoint: String?
        @Option(help: ArgumentHelp("The checkpoint's verifier key (name+id+key) or a file holding it.", valueName: "vkey"))
        var vkey: String?
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            if (checkpoint == nil) != (vkey == nil) { throw ValidationError("--checkpoint and --vkey go together") }
        }

        func run() throws {
            let signed = try checkpoint.map { path in try readCheckpoint(path, verifier: try readVerifierKey(vkey ?? "")).checkpoint }
            let report: VerifyReport = try reportingFailures {
                let progress = Progress(label: "verify", unit: .events, format: output.resolved)
                defer { progress.finish() }
                return try LedgerQueries.verify(opening: { try ledger.openForVerifying() }, checkpoint: signed,
                                                pass: progress.begin) { done, total in progress.update(done, of: total) }
            }
            // The account log is checked too (SPEC: hash-chained like the events); a break fails verify with exit 1.
            let accountLog = report.firstBad?.seq == 0 ? nil : accountLogProblem(ledger)
            if let accountLog { printError("planledger: verify: \(accountLog)") }
            let json = report.json(accountLog: accountLog)
            switch output.resolved {
            case .json: print(PrettyJSON.string(json))
            case .csv:
                let columns = ["ok", "events", "head.seq", "head.hash", "firstBad.seq", "firstBad.reason"]
                print(CSV(columns: columns, rows: [json]).text, terminator: "")
            case .table:
                if let bad = report.firstBad {
                    print(Message.verifyFailed(seq: bad.seq, reason: bad.reason).text(reading))
                } else if let accountLog {
                    print("FAILED: \(accountLog)")
                } else {
                    print(Message.verifyHolds(events: report.events, headSeq: report.head.seq, headHash: Hex.encode(report.head.hash)).text(reading))
                }
            }
            if !report.ok || accountLog != nil { throw Exit.verificationFailed }
        }
    }
}
