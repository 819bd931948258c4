import GRDB
import LedgerCore
import LedgerStore

/// **processes** — planning processes (SPEC "The planning year", **The process**): each timetable's planning and
/// revisions, and the reached milestones, so that where a process stands can be answered for any (as of, known at).
///
/// Tables `process_timetable` (process, type `process.planned` or `process.revised`, effective, recorded,
/// corrected_by, data = the event's data as it counts, canonical JSON) and `process_reached` (process, milestone,
/// effective, recorded, corrected_by, data), each with seq, known_seq, superseded_seq (see `VersionedRows`). A
/// process holds a few dozen rows at most, so one answer reads them by the `(process, effective)` index and builds
/// `ProcessView` from them exactly as `Replay.fold` does: no scan of the log or of other processes.
public struct ProcessesProjection: VersionedProjection {
    public let name = "processes.v1"
    public let tables = ["process_timetable", "process_reached"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS process_timetable (
                seq            INTEGER NOT NULL,  -- the process.planned or process.revised event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                process        TEXT NOT NULL,
                type           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                recorded       TEXT NOT NULL,
                corrected_by   INTEGER,
                data           TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS process_timetable_by_process ON process_timetable(process, effective);
            CREATE INDEX IF NOT EXISTS process_timetable_planned ON process_timetable(effective, process) WHERE type = 'process.planned';
            CREATE TABLE IF NOT EXISTS process_reached (
                seq            INTEGER NOT NULL,  -- the milestone.reached event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                process        TEXT NOT NULL,
                milestone      TEXT NOT NULL,
                effective      TEXT NOT NULL,
                recorded       TEXT NOT NULL,
                corrected_by   INTEGER,
                data           TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS process_reached_by_process ON process_reached(process, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        switch type {
        case .processPlanned, .processRevised: "process_timetable"
        case .milestoneReached: "process_reached"
        default: nil
        }
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        let json = CanonicalJSON.string(.object(data))
        switch payload {
        case .processPlanned(let p):
            try insertTimetable(origin, process: p.process, effective, knownSeq, correctedBy, json, db)
        case .processRevised(let r):
            try insertTimetable(origin, process: r.process, effective, knownSeq, correctedBy, json, db)
        case .milestoneReached(let m):
            try db.cachedStatement(sql: """
                INSERT INTO process_reached (seq, known_seq, process, milestone, effective, recorded, corrected_by, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).insert(origin.seq, knownSeq, m.process, m.milestone, effective.description, origin.recorded.description, correctedBy, json)
        default:
            break
        }
    }

    private func insertTimetable(_ origin: RecordedEvent, process: String, _ effective: LedgerDate, _ knownSeq: Int, _ correctedBy: Int?,
                                 _ json: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO process_timetable (seq, known_seq, process, type, effective, recorded, corrected_by, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(origin.seq, knownSeq, process, origin.type.rawValue, effective.description, origin.recorded.description, correctedBy, json)
    }

    // MARK: - Queries

    /// A row's event as it counts: its payload read back from `data`, or `damagedRow` naming the row.
    private static func entry(_ row: ProjectionRow, type: EventType) throws -> (Payload, LedgerDate, Int, Timestamp, Int?) {
        guard case .object(let members) = try row.json("data"), case .success(let payload) = Payload.read(type, data: members) else {
            throw row.damaged("data", "does not hold a valid \(type.rawValue)")
        }
        return (payload, try row.date("effective"), try row.required("seq"), try row.timestamp("recorded"), try row.optional("corrected_by"))
    }

    /// One process at `point`; nil when it is not planned by the as-of date (or not known at K).
    public static func process(_ key: String, at point: TimePoint, _ db: Database) throws -> ProcessView? {
        let arguments: StatementArguments = [key, point.asOf.description, point.knownAt, point.knownAt]
        let timetable = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, type, effective, recorded, corrected_by, data FROM process_timetable
            WHERE process = ? AND effective <= ? AND \(VersionedRows.visible)
            """), arguments: arguments)
        var planned: ProcessHistory.Entry<ProcessPlanned>?
        var revisions: [ProcessHistory.Entry<ProcessRevised>] = []
        for raw in timetable {
            let row = ProjectionRow(raw, in: "process_timetable")
            let type: EventType = try row.choice("type")
            let (payload, effective, seq, recorded, correctedBy) = try entry(row, type: type)
            switch payload {
            case .processPlanned(let p): planned = .init(payload: p, effective: effective, seq: seq, recorded: recorded, correctedBy: correctedBy)
            case .processRevised(let r): revisions.append(.init(payload: r, effective: effective, seq: seq, recorded: recorded, correctedBy: correctedBy))
            default: throw row.damaged("type", "holds \(type.rawValue), not a timetable event")
            }
        }
        guard let planned else { return nil }
        let reached = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, effective, recorded, corrected_by, data FROM process_reached
            WHERE process = ? AND effective <= ? AND \(VersionedRows.visible)
            """), arguments: arguments).map { raw in
            let row = ProjectionRow(raw, in: "process_reached")
            let (payload, effective, seq, recorded, correctedBy) = try entry(row, type: .milestoneReached)
            guard case .milestoneReached(let m) = payload else { throw row.damaged("data", "is not a milestone.reached") }
            return ProcessHistory.Entry(payload: m, effective: effective, seq: seq, recorded: recorded, correctedBy: correctedBy)
        }
        return ProcessView(ProcessHistory(planned: planned, revisions: revisions, reached: reached), asOf: point.asOf)
    }

    /// The keys of processes planned by the as-of date, through the partial index of plannings.
    public static func keys(at point: TimePoint, _ db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT process FROM process_timetable
            WHERE type = 'process.planned' AND effective <= ? AND \(VersionedRows.visible)
            """), arguments: [point.asOf.description, point.knownAt, point.knownAt])
    }

    /// Every process planned by the as-of date, by plan year then key.
    public static func processes(at point: TimePoint, _ db: Database) throws -> [ProcessView] {
        try keys(at: point, db).compactMap { try process($0, at: point, db) }.sorted(by: ProcessView.listOrder)
    }
}
