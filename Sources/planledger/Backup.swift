import ArgumentParser
import Foundation
import LedgerCore
import Projections
import LedgerStore

extension Planledger {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the ledger while others append, then verify the copy (never overwrites a file).",
            discussion: """
                The copy is one consistent snapshot (SQLite's online backup), written under a temporary name and \
                put in place only when complete. Exit 0 when the copy verifies, 1 when it does not (the ledger \
                itself is then damaged: run verify), 73 when FILE exists or cannot be created.
                """)

        @Option(help: ArgumentHelp("The new file to write; refused if it exists.", valueName: "file"))
        var to: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            // A backup only reads its source: an auditor's read-only copy can be backed up too.
            let store = try reportingFailures { try ledger.openForReading() }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: to, isDirectory: &isFolder), isFolder.boolValue {
                printError("planledger: \(to) is a folder; give the backup a file name in it (for example \(URL(fileURLWithPath: to).appendingPathComponent("ledger-backup.sqlite").path))")
                throw Exit.cannotCreate
            }
            let folder = URL(fileURLWithPath: to).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: to), access(folder, W_OK) != 0 {
                printError("planledger: cannot create the backup \(to): the folder \(folder) \(errno == ENOENT ? "does not exist" : "is not writable")")
                throw Exit.cannotCreate
            }
            let result: BackupReport = try reportingFailures { () throws -> BackupReport in
                do {
                    return try store.backup(to: to)
                } catch StoreError.exists {
                    printError("planledger: \(to) already exists; planledger backup never overwrites a file")
                    throw Exit.cannotCreate
                }
            }
            let report = result.verification
            let json: JSONValue = [
                "backup": .string(result.path),
                "events": .number(Double(report.events)),
                "head": ["seq": .number(Double(report.head.seq)), "hash": .string(Hex.encode(report.head.hash))],
                "verified": .bool(report.ok),
                "firstBad": report.firstBad.map { ["seq": .number(Double($0.seq)), "reason": .string($0.reason)] } ?? .null,
            ]
            switch output.resolved {
            case .json: print(PrettyJSON.string(json))
            case .csv:
                var csv = CSV(header: ["backup", "events", "headSeq", "headHash", "verified", "firstBadSeq", "firstBadReason"])
                let firstBadSeq: CSVCell = report.firstBad.map { .number($0.seq) } ?? .text("")
                csv.add([.text(result.path), .number(report.events), .number(report.head.seq), .text(Hex.encode(report.head.hash)),
                         .text(String(report.ok)), firstBadSeq, .optional(report.firstBad?.reason)])
                print(csv.text, terminator: "")
            case .table:
                if let bad = report.firstBad {
                    print("backed up \(report.events) events to \(result.path), but the copy does NOT verify: seq \(bad.seq): \(bad.reason)")
                } else {
                    print("backed up \(report.events) events to \(result.path); the copy verifies: head seq \(report.head.seq) \(Hex.encode(report.head.hash))")
                }
            }
            if !report.ok { throw Exit.verificationFailed }
        }
    }
}
