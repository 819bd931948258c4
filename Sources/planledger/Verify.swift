import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension Planledger {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
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
            let report = try reportingFailures {
                let store = try ledger.open()
                let progress = Progress(label: "verify")
                defer { progress.finish() }
                return try store.verify(checkpoint: signed) { done, total in progress.update(done, of: total) }
            }
            let json: JSONValue = [
                "ok": .bool(report.ok),
                "events": .number(Double(report.events)),
                "head": ["seq": .number(Double(report.head.seq)), "hash": .string(Hex.encode(report.head.hash))],
                "firstBad": report.firstBad.map { ["seq": .number(Double($0.seq)), "reason": .string($0.reason)] } ?? .null,
            ]
            switch output.resolved {
            case .json: print(PrettyJSON.string(json))
            case .csv:
                let columns = ["ok", "events", "head.seq", "head.hash", "firstBad.seq", "firstBad.reason"]
                print(CSV(columns: columns, rows: [json]).text, terminator: "")
            case .table:
                if let bad = report.firstBad {
                    print("FAILED at seq \(bad.seq): \(bad.reason)")
                } else {
                    print("ok: \(report.events) events, the chain holds; head seq \(report.head.seq) \(Hex.encode(report.head.hash))")
                }
            }
            if !report.ok { throw Exit.verificationFailed }
        }
    }
}
