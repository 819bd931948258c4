import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    /// The full log, one canonical event a line.
    case jsonl
    /// An E-ARK CITS ERMS document for the archive (FGS Ärendehantering).
    case erms
}

extension Planledger {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the full log as JSON Lines, or the ledger as an ERMS document for the archive.",
            discussion: """
                jsonl (the default): each line is the RFC 8785 canonical JSON of one event, so anyone can recompute the \
                hash chain: hash = SHA-256(prev bytes ‖ JCS of {seq, id, type, plan, effective, recorded, actor, data}).

                erms: one E-ARK CITS ERMS document (schema v2.1.2, https://DILCIS.eu/XML/ERMS; Riksarkivet's FGS \
                Ärendehantering) as of --as-of, known at --known-at: a caseFile per case with a record per diary entry, \
                an aggregation per plan with a record per version, assignments as actions, and the log as the \
                maintenance history. --public masks classified entries as `diary --public` does.
                """)

        @Option(name: .long, help: "jsonl (the log) or erms (the archive document).")
        var format: ExportFormat = .jsonl
        @OptionGroup var time: TimeOptions
        @Flag(name: .long, help: "erms: mask classified diary entries as `diary --public` does.")
        var `public` = false
        @Option(name: .long, help: ArgumentHelp("erms: the delivering organisation (default $PLANLEDGER_ORGANISATION).", valueName: "name"))
        var organisation: String?
        @Option(name: .long, help: ArgumentHelp("Write to this file (complete or not at all) instead of standard output.", valueName: "file"))
        var out: String?
        @OptionGroup var ledger: LedgerOptions

        func validate() throws {
            try time.validate()
            if format == .jsonl {
                for (name, given) in [("--as-of", time.asOf != nil), ("--known-at", time.knownAt != nil), ("--public", `public`), ("--organisation", organisation != nil)] where given {
                    throw ValidationError("\(name) applies to --format erms; the JSON Lines export is always the full log")
                }
            }
        }

        func run() throws {
            try reportingFailures {
                let store = try ledger.open()
                let output = try OutputFile(path: out)
                do {
                    switch format {
                    case .jsonl: try writeLog(store, to: output)
                    case .erms: try writeERMS(store, to: output)
                    }
                    try output.commit()
                } catch {
                    output.discard()
                    throw error
                }
            }
        }

        private func writeLog(_ store: Ledger, to output: OutputFile) throws {
            var buffer: [UInt8] = []
            try store.forEachEvent { event in
                buffer += CanonicalJSON.encode(event.exported)
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= 1 << 16 {
                    try output.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try output.write(buffer)
        }

        private func writeERMS(_ store: Ledger, to output: OutputFile) throws {
            var warnings = 0
            let warn: (String) -> Void = { message in
                warnings += 1
                if warnings <= 100 { printError("planledger: \(message)") }
            }
            let organisation = organisation ?? ProcessInfo.processInfo.environment["PLANLEDGER_ORGANISATION"]
            do {
                try LedgerQueries(store).delivery(asOf: time.date, knownAt: time.known) { delivery, events in
                    let document = ERMSDocument(
                        delivery: delivery, asOf: time.date, isPublic: `public`, organisation: organisation,
                        created: LedgerEnvironment.fromProcess.now(), warn: warn)
                    var xml = XMLWriter { try output.write($0) }
                    try document.write(to: &xml, events: events)
                    try xml.finish()
                }
            } catch is ERMSDocument.Nothing {
                printError("planledger: nothing to deliver: the ledger holds no case, plan or assignment as of \(time.date) known at \(time.knownAt ?? "now")")
                throw Exit.missing
            }
            if warnings > 100 { printError("planledger: … \(warnings - 100) more values with characters XML 1.0 cannot carry") }
        }
    }
}
