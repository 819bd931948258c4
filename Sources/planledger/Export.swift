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
    /// The full log as one JSON array of the same objects as `jsonl`.
    case json
    /// The full log as CSV, one event a row (the columns of `history --format csv`).
    case csv
    /// Refused: the full log has no table a person could read; `history PLAN` is one plan's trail as a table.
    case table
}

extension Planledger {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the full log as JSON Lines, or the ledger as an ERMS document for the archive.",
            discussion: """
                jsonl (the default): each line is the RFC 8785 canonical JSON of one event, so anyone can recompute the \
                hash chain: hash = SHA-256(prev bytes ‖ JCS of {seq, id, type, plan, effective, recorded, actor, data}).

                erms: one E-ARK CITS ERMS document (schema v2.1.2, https://DILCIS.eu/XML/ERMS; Riksarkivet's FGS \
                Ärendehantering) as of --as-of, known at --known-at: a caseFile per case with a record per diary entry, \
                an aggregation per plan with a record per version, assignments as actions, and the log as the \
                maintenance history. --public masks classified entries as `diary --public` does. --package DIR writes \
                a directory the archive can check without the ledger: erms.xml, the latest signed checkpoint, and \
                proofs/SEQ.json, the inclusion proof of each record's event (checked with `verify-proof`).
                """)

        @Option(name: .long, help: "jsonl (the log, one event a line), json (the log as one array), csv (one event a row) or erms (the archive document); table is refused: use history PLAN for a table.")
        var format: ExportFormat = .jsonl
        @OptionGroup var time: TimeOptions
        @Flag(name: .long, help: "erms: mask classified diary entries as `diary --public` does.")
        var `public` = false
        @Option(name: .long, help: ArgumentHelp("erms: the delivering organisation (default $PLANLEDGER_ORGANISATION).", valueName: "name"))
        var organisation: String?
        @Option(name: .long, help: ArgumentHelp("Write to this file (complete or not at all) instead of standard output.", valueName: "file"))
        var out: String?
        @Option(name: .long, help: ArgumentHelp(
            "erms: write a new directory the archive can verify without the ledger: erms.xml, the latest signed checkpoint, and each record's event with its inclusion proof.",
            valueName: "dir"))
        var package: String?
        @OptionGroup var ledger: LedgerOptions

        func validate() throws {
            try time.validate()
            if format == .table {
                throw ValidationError("--format table: the full log has no table a person could read; use `history PLAN` for one plan's events as a table, or --format csv")
            }
            if format != .erms {
                for (name, given) in [("--as-of", time.asOf != nil), ("--known-at", time.knownAt != nil), ("--public", `public`),
                                      ("--organisation", organisation != nil), ("--package", package != nil)] where given {
                    throw ValidationError("\(name) applies to --format erms; the \(format.rawValue) export is always the full log")
                }
            }
            if package != nil, out != nil {
                throw ValidationError("--out and --package exclude each other: a package holds its document as erms.xml")
            }
        }

        func run() throws {
            try reportingFailures {
                let store = try ledger.openForReading()
                if let package { return try writePackage(store, to: package) }
                let output = try OutputFile(path: out)
                do {
                    switch format {
                    case .jsonl: try writeLog(store, to: output)
                    case .json: try writeLogArray(store, to: output)
                    case .csv: try writeLogCSV(store, to: output)
                    case .table: break
                    case .erms: try writeERMS(store, to: output)
                    }
                    try output.commit()
                } catch {
                    output.discard()
                    throw error
                }
            }
        }

        /// The log as JSON Lines, a piece at a time up to the head read first (`LedgerQueries.exportChunk`, which the
        /// service's `GET /export` streams too).
        private func writeLog(_ store: Ledger, to output: OutputFile) throws {
            let queries = LedgerQueries(store)
            let head = try store.head().seq
            var next = 1
            while next <= head {
                let chunk = try queries.exportChunk(from: next, through: head)
                try output.write(chunk.bytes)
                next = chunk.next
            }
        }

        /// The log as one JSON array, an event's canonical JSON a line: `[`, `{…},`, …, `]`.
        private func writeLogArray(_ store: Ledger, to output: OutputFile) throws {
            var buffer: [UInt8] = Array("[".utf8)
            var first = true
            try store.forEachEvent { event in
                buffer += Array((first ? "\n" : ",\n").utf8)
                first = false
                buffer += CanonicalJSON.encode(event.exported)
                if buffer.count >= 1 << 16 {
                    try output.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer += Array((first ? "]\n" : "\n]\n").utf8)
            try output.write(buffer)
        }

        /// The log as CSV, one event a row, in the columns of `history --format csv`.
        private func writeLogCSV(_ store: Ledger, to output: OutputFile) throws {
            var csv = CSV(header: RecordedEvent.csvColumns)
            try store.forEachEvent { event in
                csv.add(event.csvRow)
                if csv.text.utf8.count >= 1 << 16 { try output.write(Array(csv.drain().utf8)) }
            }
            try output.write(Array(csv.drain().utf8))
        }

        /// The document into a new package directory, then the checkpoint and the proofs of its records' events.
        private func writePackage(_ store: Ledger, to path: String) throws {
            let checkpoint = try storedCheckpoint(store, path: ledger.path)
            try checkExtends(store, checkpoint.checkpoint, "its own latest checkpoint")
            let package = try ArchivePackage(path: path)
            do {
                let output = try OutputFile(path: package.documentPath)
                let seqs = try writeERMS(store, to: output)
                try output.commit()
                try package.complete(store: store, checkpoint: checkpoint, seqs: seqs, isPublic: `public`)
            } catch {
                package.discard()
                throw error
            }
        }

        /// Writes the document; returns the seqs of the events behind its records.
        @discardableResult
        private func writeERMS(_ store: Ledger, to output: OutputFile) throws -> [Int] {
            var warnings = 0
            let warn: (String) -> Void = { message in
                warnings += 1
                if warnings <= 100 { printError("planledger: \(message)") }
            }
            // The organisation is text of the archive document: checked as any command-line or environment text.
            let given = organisation
            let organisation = try CommandLineText.refusing { () throws(Rejection) -> String? in
                if let organisation = given {
                    if let problem = TextCheck.problem(in: organisation, field: "--organisation") { throw Rejection(problems: [problem]) }
                    return organisation
                }
                return try CommandLineText.environmentText("PLANLEDGER_ORGANISATION")
            }
            let seqs: [Int]
            do {
                seqs = try LedgerQueries(store).delivery(asOf: time.date, knownAt: time.known) { delivery, events in
                    let document = ERMSDocument(
                        delivery: delivery, asOf: time.date, isPublic: `public`, organisation: organisation,
                        created: LedgerEnvironment.fromProcess.now(), warn: warn)
                    var xml = XMLWriter { try output.write($0) }
                    let seqs = try document.write(to: &xml, events: events)
                    try xml.finish()
                    return seqs
                }
            } catch is ERMSDocument.Nothing {
                printError("planledger: nothing to deliver: the ledger holds no case, plan or assignment as of \(time.date) known at \(time.knownAt ?? "now")")
                throw Exit.missing
            }
            if warnings > 100 { printError("planledger: … \(warnings - 100) more values with characters XML 1.0 cannot carry") }
            return seqs
        }
    }
}
