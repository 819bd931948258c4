import Foundation
import GRDB
import LedgerCore

/// Reading and writing rows of the `event` table.
enum EventRow {
    static let columns = "seq, id, type, plan, effective, recorded, actor, data, prev, hash"

    /// Decodes a row. A row that cannot be decoded is damage, named by its seq.
    static func decode(_ row: Row) throws -> RecordedEvent {
        let seq: Int = row[0]
        func damaged(_ reason: String) -> StoreError { .damaged(seq: seq, reason: reason) }
        guard let typeText: String = row[2], let type = EventType(rawValue: typeText) else {
            throw damaged((row[2] as String?).map { "unknown type \"\($0)\"" } ?? "type is NULL")
        }
        guard let effectiveText: String = row[4], let effective = LedgerDate(iso: effectiveText) else {
            throw damaged("effective is not a date")
        }
        guard let recordedText: String = row[5], let recorded = Timestamp(rfc3339: recordedText) else {
            throw damaged("recorded is not a timestamp")
        }
        let dataText: String = row[7] ?? ""
        guard case .object(let data) = try? JSONParser.parse(dataText) else { throw damaged("data is not a JSON object") }
        let prev: Data = row[8] ?? Data()
        let hash: Data = row[9] ?? Data()
        return RecordedEvent(
            seq: seq, id: row[1] ?? "", type: type, plan: row[3], effective: effective, recorded: recorded,
            actor: row[6], data: data, prev: Array(prev), hash: Array(hash))
    }

    static func fetch(seq: Int, _ db: Database) throws -> RecordedEvent? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM event WHERE seq = ?")
        return try Row.fetchOne(statement, arguments: [seq]).map(decode)
    }

    static func head(_ db: Database) throws -> Head {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash, recorded FROM event ORDER BY seq DESC LIMIT 1")) else {
            return .empty
        }
        let hash: Data = row[1]
        return Head(seq: row[0], hash: Array(hash), recorded: (row[2] as String?).flatMap(Timestamp.init(rfc3339:)))
    }
}

/// Read access to the log for projections, inside their transaction.
public enum EventLog {
    /// The event at `seq` as recorded, or nil.
    public static func event(seq: Int, _ db: Database) throws -> RecordedEvent? {
        try EventRow.fetch(seq: seq, db)
    }

    /// The last seq whose `recorded` is at or before `instant` (0 if none): a binary search over seq, since
    /// `recorded` never decreases along it. O(log² n) page reads, no index needed.
    public static func lastSeq(recordedAtOrBefore instant: Timestamp, _ db: Database) throws -> Int {
        var low = 0, high = try EventRow.head(db).seq
        while low < high {
            let mid = (low + high + 1) / 2
            if let t = try recorded(seq: mid, db), t <= instant { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public static func head(_ db: Database) throws -> Head { try EventRow.head(db) }

    /// When the event at `seq` was recorded, without decoding the event.
    public static func recorded(seq: Int, _ db: Database) throws -> Timestamp? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT recorded FROM event WHERE seq = ?"), arguments: [seq]).flatMap(Timestamp.init(rfc3339:))
    }
}
