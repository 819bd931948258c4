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
    static let csvColumns = ["plan", "kind", "title", "owner", "periodFrom", "periodTo", "parent", "version", "status", "effective", "approvedBy"]

    var tableRow: [String] {
        [plan, kind, String(version), status.word(reading), effective?.description ?? "", approvedBy ?? "", title]
    }

    var csvRow: [CSVCell] {
        [.text(plan), .text(kind), .text(title), .text(owner), .optional(period?.from.description), .optional(period?.to.description),
         .optional(parent), .number(version), .text(status.rawValue), .optional(effective?.description), .optional(approvedBy)]
    }
}

extension ChangeEntry {
    static var tableColumns: [String] { reading.texts([.version, .date, .change, .approvedBy, .dnr, .seq, .corrected]) }
    static let tableFlexible: Set<Int> = [2, 3]
    static let csvColumns = ["version", "date", "change", "approvedBy", "dnr", "seq", "recorded", "corrected"]

    var tableRow: [String] {
        [String(version), date.description, change, approvedBy ?? "—", dnr ?? "", String(seq), correctedBy.map { Message.correctedBy(seq: $0).text(reading) } ?? ""]
    }

    var csvRow: [CSVCell] {
        [.number(version), .text(date.description), .text(change), .optional(approvedBy), .optional(dnr), .number(seq),
         .text(recorded.description), .text(String(corrected))]
    }
}

extension DiaryEntry {
    static var tableColumns: [String] { reading.texts([.date, .dnr, .direction, .title, .counterpart, .handler, .archived]) }
    static let tableFlexible: Set<Int> = [3, 4, 5]
    static let csvColumns = ["dnr", "date", "title", "direction", "counterpart", "handler", "case", "plan", "secrecyGround",
                             "archivedDate", "retention", "cullAfter"]

    var tableRow: [String] {
        [date.description, dnr, direction.word(reading), title, counterpart ?? "", handler ?? "",
         archived.map { Message.archivedCell(date: $0.date, retention: $0.retention, cullAfter: $0.cullAfter).text(reading) } ?? ""]
    }

    var csvRow: [CSVCell] {
        [.text(dnr), .text(date.description), .text(title), .text(direction.rawValue), .optional(counterpart), .optional(handler),
         .optional(self.case), .optional(plan), .optional(secrecy?.ground), .optional(archived?.date.description),
         .optional(archived?.retention.rawValue), .optional(archived?.cullAfter?.description)]
    }
}

/// `items` as a person reading this run's language lists them: in Swedish by `keys` in Swedish order (å, ä, ö
/// after z, case ignored; stable); in English as the answer has them, which is the JSON's order.
func inReadingOrder<T>(_ items: [T], by keys: (T) -> [String]) -> [T] {
    reading == .english ? items : reading.sorted(items, by: keys)
}

/// Prints a list in the chosen format. A table, which a person reads, lists the items in the order of the
/// reader's language by `readingOrder` when given (Swedish: å, ä, ö after z, case ignored); JSON and CSV keep
/// the order of the answer (SPEC).
func printList<T>(_ items: [T], format: OutputFormat, json: (T) -> JSONValue, tableColumns: [String], tableRow: (T) -> [String],
                  csvColumns: [String], csvRow: (T) -> [CSVCell], rightAligned: Set<Int> = [], flexible: Set<Int> = [], empty: String,
                  readingOrder: ((T) -> [String])? = nil) {
    switch format {
    case .json: print(PrettyJSON.string(.array(items.map(json))))
    case .csv:
        var csv = CSV(header: csvColumns)
        for item in items { csv.add(csvRow(item)) }
        print(csv.text, terminator: "")
    case .table:
        let items = readingOrder.map { inReadingOrder(items, by: $0) } ?? items
        if items.isEmpty { print(empty) } else { print(Table(columns: tableColumns, rows: items.map(tableRow), rightAligned: rightAligned, flexible: flexible, colour: Terminal.status).render()) }
    }
}
