import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import Projections
import LedgerStore

extension Planledger {
    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "append",
            abstract: "Validate and append JSON Lines events in one transaction: all or nothing.",
            discussion: "Reads FILE, or standard input when FILE is - or absent. Problems go to standard error, one per line, naming the line, the field and the reason; nothing is appended if there is any.")

        @Argument(help: "A JSON Lines file, or - for standard input.")
        var file: String = "-"

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let fd: Int32
                if file == "-" {
                    fd = STDIN_FILENO
                } else {
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                        printError("planledger: no input file \(file)")
                        throw Exit.missing
                    }
                    fd = Foundation.open(file, O_RDONLY)
                    guard fd >= 0 else {
                        printError("planledger: cannot read \(file): \(String(cString: strerror(errno)))")
                        throw Exit.missing
                    }
                }
                defer { if fd != STDIN_FILENO { close(fd) } }
                let store = try ledger.open()
                let size = file == "-" ? 0 : ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
                let progress = Progress(label: "append", unit: .bytes, format: output.resolved)
                defer { progress.finish() }
                // Lines are read and decoded on a second thread while the ledger writes (see Prefetched).
                let lines = Prefetched(ReportingProgress(reader: JSONLinesReader(fileDescriptor: fd)) { bytes in progress.update(bytes, of: size) })
                let result = try store.append(lines, actor: try defaultActor())
                progress.finish()
                AppendReport(result: result).write(output.resolved)
            }
        }
    }
}

/// `{"appended": n, "skipped": n, "head": {"seq": n, "hash": "hex"}}`.
struct AppendReport {
    var result: AppendResult

    var json: JSONValue { AnswerJSON.append(result) }

    func write(_ format: OutputFormat) {
        switch format {
        case .json: print(PrettyJSON.string(json))
        case .csv:
            print(CSV(columns: ["appended", "skipped", "head.seq", "head.hash"], rows: [json]).text, terminator: "")
        case .table:
            print(Table(columns: reading.texts([.appended, .skipped, .headSeq, .headHash]),
                        rows: [[String(result.appended), String(result.skipped), String(result.head.seq), Hex.encode(result.head.hash)]]).render())
        }
    }
}

/// Passes lines through, telling `report` how many bytes were read every 10,000 lines.
struct ReportingProgress: Sequence, IteratorProtocol {
    var reader: JSONLinesReader
    let report: (Int) -> Void
    private var count = 0

    init(reader: JSONLinesReader, report: @escaping (Int) -> Void) {
        self.reader = reader
        self.report = report
    }

    mutating func next() -> InputLine? {
        count += 1
        if count % 10_000 == 0 { report(reader.bytesRead) }
        return reader.next()
    }
}
