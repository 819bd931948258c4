import Catalogue
import Foundation
import LedgerCore

/// The language of every table, heading and message this run prints (never of JSON or CSV): Swedish under a
/// Swedish locale, else English (`Language.current`, from LC_ALL, LC_MESSAGES, LANG).
let reading = Language.current

/// The SPEC's JSON shapes for the query answers, and their table and CSV columns.

extension JSONValue {
    init(_ text: String?) { self = text.map(JSONValue.string) ?? .null }
    init(_ date: LedgerDate?) { self = date.map { .string($0.description) } ?? .null }
    init(_ n: Int) { self = .number(Double(n)) }
}

extension PlanPeriod {
    var json: JSONValue { ["from": .string(from.description), "to": .string(to.description)] }
    var text: String { "\(from) – \(to)" }
}

extension PlanView {
    /// `plans` → `{"plan","kind","title","owner","period","parent","version","status","effective","approvedBy"}`.
    var summaryJSON: [String: JSONValue] {
        [
            "plan": .string(plan), "kind": .string(kind), "title": .string(title), "owner": .string(owner),
            "period": period?.json ?? .null, "parent": JSONValue(parent), "version": JSONValue(version),
            "status": .string(status.rawValue), "effective": JSONValue(effective), "approvedBy": JSONValue(approvedBy),
        ]
    }

    /// `show` → the plans object plus `text`, `goals` and `changes`.
    var detailJSON: JSONValue {
        var members = summaryJSON
        members["text"] = JSONValue(text)
        members["goals"] = goals.map { .array($0.map(\.json)) } ?? .null
        members["changes"] = .array(changes.map(\.json))
        members["supersededBy"] = supersededBy.map { ["version": JSONValue($0.version), "date": .string($0.date.description)] } ?? .null
        return .object(members)
    }

    static var tableColumns: [String] { reading.texts([.plan, .kind, .version, .status, .effective, .approvedBy, .title]) }
    static let tableFlexible: Set<Int> = [1, 5, 6]
    /// The CSV columns of `summaryJSON`, as JSON paths.
    static let csvColumns = ["plan", "kind", "title", "owner", "period.from", "period.to", "parent", "version", "status", "effective", "approvedBy"]
    /// The CSV columns of `detailJSON` (`show`, `replay`): the summary's, then the text, the goals and the change list
    /// as canonical JSON (lists of objects have no flat form), and the version that superseded the one shown.
    static let detailCSVColumns = csvColumns + ["text", "goals", "changes", "supersededBy.version", "supersededBy.date"]

    var tableRow: [String] {
        [plan, kind, String(version), status.word(reading), effective?.description ?? absent, approvedBy ?? absent, title]
    }
}

extension Goal {
    var json: JSONValue {
        [
            "id": .string(id), "perspective": .string(perspective), "text": .string(text), "successFactor": JSONValue(successFactor),
            "metrics": .array(metrics.map(\.json)),
        ]
    }
}

extension Metric {
    var json: JSONValue {
        [
            "id": .string(id), "name": .string(name), "target": target, "baseline": baseline ?? .null, "unit": JSONValue(unit),
            "periods": .array(periods.map { .string($0.rawValue) }),
        ]
    }
}

extension ChangeEntry {
    /// `changes` → `{"version","date","change","approvedBy","dnr","seq","recorded","corrected"}` (+ correctedBy, decision).
    var json: JSONValue {
        [
            "version": JSONValue(version), "date": .string(date.description), "change": .string(change), "approvedBy": JSONValue(approvedBy),
            "dnr": JSONValue(dnr), "seq": JSONValue(seq), "recorded": .string(recorded.description), "corrected": .bool(corrected),
            "correctedBy": correctedBy.map { JSONValue.number(Double($0)) } ?? .null,
            "decision": decision.map { ["body": .string($0.body), "paragraph": JSONValue($0.paragraph)] } ?? .null,
        ]
    }

    static var tableColumns: [String] { reading.texts([.version, .date, .change, .approvedBy, .dnr, .seq, .corrected]) }
    static let tableFlexible: Set<Int> = [2, 3]
    static let csvColumns = ["version", "date", "change", "approvedBy", "dnr", "seq", "recorded", "corrected", "correctedBy",
                             "decision.body", "decision.paragraph"]

    var tableRow: [String] {
        [String(version), date.description, change, approvedBy ?? absent, dnr ?? absent, String(seq), correctedBy.map { Message.correctedBy(seq: $0).text(reading) } ?? absent]
    }
}

extension DiaryEntry {
    /// `diary` → `{"dnr","date","title","direction","counterpart","handler","case","plan","secrecy","archived"}`.
    var json: JSONValue {
        [
            "dnr": .string(dnr), "date": .string(date.description), "title": .string(title), "direction": .string(direction.rawValue),
            "counterpart": JSONValue(counterpart), "handler": JSONValue(handler), "case": JSONValue(self.case), "plan": JSONValue(plan),
            "secrecy": secrecy.map { ["ground": .string($0.ground)] } ?? .null,
            "seq": .number(Double(seq)), "recorded": .string(recorded.description),
            "archived": archived.map {
                ["date": .string($0.date.description), "retention": .string($0.retention.rawValue), "cullAfter": JSONValue($0.cullAfter)]
            } ?? .null,
        ]
    }

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
