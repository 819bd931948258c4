import Catalogue
import Foundation
import LedgerCore
import Projections

/// The language of every table, heading and message this run prints (never of JSON or CSV): Swedish under a
/// Swedish locale, else English (`Language.current`, from LC_ALL, LC_MESSAGES, LANG).
let reading = Language.current

/// The SPEC's JSON shapes for the query answers, and their table and CSV columns.

extension PlanPeriod {
    var text: String { "\(from) – \(to)" }
}

extension PlanView {
    static var tableColumns: [String] { reading.texts([.plan, .kind, .version, .status, .effective, .approvedBy, .title]) }
    static let tableFlexible: Set<Int> = [1, 5, 6]
    /// The CSV columns of `summaryJSON`, as JSON paths.
    static let csvColumns = ["plan", "kind", "title", "owner", "period.from", "period.to", "parent", "version", "status", "effective", "approvedBy"]
    /// The CSV columns of `detailJSON` (`show`, `replay`): the summary's, then the text, the goals and the change list
    /// as canonical JSON (lists of objects have no flat form), and the version that superseded the one shown.
    static let detailCSVColumns = csvColumns + ["text", "goals", "analyses", "changes", "supersededBy.version", "supersededBy.date"]

    var tableRow: [String] {
        [plan, kind, String(version), status.word(reading), effective?.description ?? absent, approvedBy ?? absent, title]
    }
}

extension ChangeEntry {
    static var tableColumns: [String] { reading.texts([.version, .date, .change, .approvedBy, .dnr, .seq, .corrected]) }
    static let tableFlexible: Set<Int> = [2, 3]
    static let csvColumns = ["version", "date", "change", "approvedBy", "dnr", "seq", "recorded", "corrected", "correctedBy",
                             "decision.body", "decision.paragraph"]

    var tableRow: [String] {
        [String(version), date.description, change, approvedBy ?? absent, dnr ?? absent, String(seq), correctedBy.map { Message.correctedBy(seq: $0).text(reading) } ?? absent]
    }
}

extension DiaryEntry {
    static var tableColumns: [String] { reading.texts([.date, .dnr, .direction, .title, .counterpart, .handler, .archived]) }
    static let tableFlexible: Set<Int> = [3, 4, 5]
    static let csvColumns = ["dnr", "date", "title", "direction", "counterpart", "handler", "case", "plan", "secrecy.ground",
                             "archived.date", "archived.retention", "archived.cullAfter", "seq", "recorded"]

    var tableRow: [String] {
        [date.description, dnr, direction.word(reading), title, counterpart ?? absent, handler ?? absent,
         archived.map { Message.archivedCell(date: $0.date, retention: $0.retention, cullAfter: $0.cullAfter).text(reading) } ?? absent]
    }
}

/// How every table shows an absent value (no approver, no dnr, no outcome): one dash, never an empty cell,
/// so that "nothing recorded" is told apart from a column that was cut. JSON says null and CSV leaves the cell empty.
let absent = "—"

/// `items` as a person reading this run's language lists them: in Swedish by `keys` in Swedish order (å, ä, ö
/// after z, case ignored; stable); in English as the answer has them, which is the JSON's order.
func inReadingOrder<T>(_ items: [T], by keys: (T) -> [String]) -> [T] {
    reading == .english ? items : reading.sorted(items, by: keys)
}

/// Prints a list in the chosen format. A table, which a person reads, lists the items in the order of the
/// reader's language by `readingOrder` when given (Swedish: å, ä, ö after z, case ignored); JSON and CSV keep
/// the order of the answer (SPEC). The CSV is the JSON flattened: one row per item, one column per JSON path
/// in `csvColumns` (see `CSV.init(columns:rows:)`), so that CSV never carries less than JSON.
func printList<T>(_ items: [T], format: OutputFormat, json: (T) -> JSONValue, tableColumns: [String], tableRow: (T) -> [String],
                  csvColumns: [String], rightAligned: Set<Int> = [], flexible: Set<Int> = [], empty: String,
                  readingOrder: ((T) -> [String])? = nil) {
    switch format {
    case .json: print(PrettyJSON.string(.array(items.map(json))))
    case .csv:
        print(CSV(columns: csvColumns, rows: items.map(json)).text, terminator: "")
    case .table:
        let items = readingOrder.map { inReadingOrder(items, by: $0) } ?? items
        if items.isEmpty { print(empty) } else { print(Table(columns: tableColumns, rows: items.map(tableRow), rightAligned: rightAligned, flexible: flexible, colour: Terminal.status).render()) }
    }
}
