import GRDB
import LedgerCore
import LedgerStore

/// The bitemporal row scheme every projection table follows.
///
/// A row shows what one event (`seq`) says, as known from `known_seq` (the event itself, or the correction
/// whose replacement it holds) until `superseded_seq` (a later correction or a retraction; NULL while
/// current). `effective` is the valid-time date. So a row counts for a question asked with knowledge K when
/// `known_seq <= K AND (superseded_seq IS NULL OR superseded_seq > K)`, and for as-of D when `effective <= D`.
/// Corrections and retractions only close rows and add rows; nothing is lost, and asking with old knowledge
/// gives the old answer.
enum VersionedRows {
    /// The knowledge filter; bind K twice.
    static let visible = "known_seq <= ? AND (superseded_seq IS NULL OR superseded_seq > ?)"

    /// Closes the current row of event `origin` in `table`, returning it (nil if there is none).
    static func supersede(_ table: String, origin: Int, by seq: Int, _ db: Database) throws -> Row? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM \(table) WHERE seq = ? AND superseded_seq IS NULL"), arguments: [origin])
        if row != nil {
            try db.cachedStatement(sql: "UPDATE \(table) SET superseded_seq = ? WHERE seq = ? AND superseded_seq IS NULL")
                .execute(arguments: [seq, origin])
        }
        return row
    }
}

/// A projection whose rows follow `VersionedRows`: it says which table holds each event type it concerns
/// and how to write a row; corrections and retractions are handled here once for all.
protocol VersionedProjection: Projection {
    /// The table holding rows of events of `type`, or nil if this projection ignores the type.
    func table(for type: EventType) -> String?
    /// Writes the row for `origin` saying `payload` (read from `data`: the origin's, or its replacement's)
    /// at `effective`, known from `knownSeq`.
    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws
}

extension VersionedProjection {
    /// `Projection.apply` for versioned rows: domain events add a row, corrections close one and add its
    /// replacement, retractions close one.
    func applyVersioned(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        switch payload {
        case .eventCorrected(let c):
            guard let target = try EventLog.event(seq: c.target, db), let table = table(for: target.type),
                case .success(let replacement) = Payload.read(target.type, data: c.data)
            else { return }
            let previous = try VersionedRows.supersede(table, origin: c.target, by: event.seq, db)
            let effective = c.effective ?? (previous?["effective"] as String?).flatMap(LedgerDate.init(iso:)) ?? target.effective
            try insert(origin: target, payload: replacement, data: c.data, effective: effective, knownSeq: event.seq, correctedBy: event.seq, db)
        case .eventRetracted(let r):
            guard let target = try EventLog.event(seq: r.target, db), let table = table(for: target.type) else { return }
            _ = try VersionedRows.supersede(table, origin: r.target, by: event.seq, db)
        default:
            guard table(for: event.type) != nil else { return }
            try insert(origin: event, payload: payload, data: event.data, effective: event.effective, knownSeq: event.seq, correctedBy: nil, db)
        }
    }
}

/// A point on both time axes: as of a date (valid time), known at a seq (transaction time).
public struct TimePoint: Sendable, Hashable {
    public var asOf: LedgerDate
    public var knownAt: Int

    public init(asOf: LedgerDate, knownAt: Int) {
        self.asOf = asOf
        self.knownAt = knownAt
    }
}
