import GRDB
import LedgerCore
import LedgerStore

/// **diary** — the diarium: every registered document by dnr and date, with its archiving.
///
/// Tables: `diary_entry` (dnr, effective = the entry's date, title, direction, counterpart, handler, case_ref,
/// plan, secrecy_ground, personal_data) and `diary_archiving` (dnr, effective, retention, cull_after), each with seq,
/// known_seq, superseded_seq (see `VersionedRows`). Secret titles are stored (the registrar needs them);
/// `--public` output masks them. v2 (issue 14) added `personal_data` (`personalData: true`, SPEC); a v1 ledger
/// is rebuilt from its log on open, as every projection whose name changed. v3 (issue 15) added the partial indexes
/// of the public mask (`diary_entry_classified`, `diary_entry_personal`), so that masking a week's entries reads the
/// few classified and personal-data rows instead of the whole table.
public struct DiaryProjection: VersionedProjection {
    public let name = "diary.v3"
    public let tables = ["diary_entry", "diary_archiving"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS diary_entry (
                seq            INTEGER NOT NULL,  -- the diary.registered event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                dnr            TEXT NOT NULL,
                effective      TEXT NOT NULL,
                title          TEXT NOT NULL,
                direction      TEXT NOT NULL,
                counterpart    TEXT,
                handler        TEXT,
                case_ref       TEXT,
                plan           TEXT,
                secrecy_ground TEXT,
                recorded       TEXT NOT NULL,     -- when the entry was registered (the event's transaction time)
                personal_data  INTEGER NOT NULL CHECK (personal_data IN (0, 1)),  -- personalData: true (SPEC)
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS diary_entry_by_date ON diary_entry(effective, dnr);
            CREATE INDEX IF NOT EXISTS diary_entry_classified ON diary_entry(known_seq, seq, dnr, secrecy_ground)
                WHERE secrecy_ground IS NOT NULL;
            CREATE INDEX IF NOT EXISTS diary_entry_personal ON diary_entry(dnr, seq) WHERE personal_data = 1;
            CREATE TABLE IF NOT EXISTS diary_archiving (
                seq            INTEGER NOT NULL,
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                dnr            TEXT NOT NULL,
                effective      TEXT NOT NULL,
                retention      TEXT NOT NULL,
                cull_after     TEXT,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS diary_archiving_by_dnr ON diary_archiving(dnr, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        switch type {
        case .diaryRegistered: "diary_entry"
        case .diaryArchived: "diary_archiving"
        default: nil
        }
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        switch payload {
        case .diaryRegistered(let d):
            try db.cachedStatement(sql: """
                INSERT INTO diary_entry (seq, known_seq, dnr, effective, title, direction, counterpart, handler, case_ref, plan, secrecy_ground, recorded,
                                         personal_data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).insert(
                    origin.seq, knownSeq, d.dnr, effective.description, d.title, d.direction.rawValue, d.counterpart, d.handler,
                    d.case, origin.plan, d.secrecy?.ground, origin.recorded.description, d.personalData ? 1 : 0
                )
        case .diaryArchived(let a):
            try db.cachedStatement(sql: """
                INSERT INTO diary_archiving (seq, known_seq, dnr, effective, retention, cull_after) VALUES (?, ?, ?, ?, ?, ?)
                """).insert(origin.seq, knownSeq, a.dnr, effective.description, a.retention.rawValue, a.cullAfter?.description)
        default:
            break
        }
    }

    // MARK: - Queries

    /// Every dnr that is classified in any version the ledger holds, with its latest ground: public output masks
    /// these whatever point in time it shows, so that a classification recorded later also hides older answers.
    public static func classified(_ db: Database) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT dnr, secrecy_ground FROM diary_entry INDEXED BY diary_entry_classified WHERE secrecy_ground IS NOT NULL ORDER BY known_seq
            """)) {
            let row = ProjectionRow(row, in: "diary_entry")
            result[try row.required("dnr")] = try row.optional("secrecy_ground")
        }
        return result
    }

    /// Every dnr marked `personalData: true` in any version the ledger holds: public output shows its counterpart as
    /// "Enskild" whatever point in time it shows (the rule `classified` follows).
    public static func personalData(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT dnr FROM diary_entry INDEXED BY diary_entry_personal WHERE personal_data = 1")))
    }

    /// Diary entries registered on or before the as-of date (and within `from`…`to`), by date then dnr.
    public static func entries(at point: TimePoint, from: LedgerDate? = nil, to: LedgerDate? = nil, _ db: Database) throws -> [DiaryEntry] {
        let upper = min(point.asOf, to ?? point.asOf)
        let lower = from?.description ?? "0000-00-00"
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, dnr, effective, title, direction, counterpart, handler, case_ref, plan, secrecy_ground, recorded, personal_data FROM diary_entry
            WHERE effective >= ? AND effective <= ? AND \(VersionedRows.visible)
            """), arguments: [lower, upper.description, point.knownAt, point.knownAt])
        let archive = try db.cachedStatement(sql: """
            SELECT effective, retention, cull_after FROM diary_archiving
            WHERE dnr = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY effective DESC, seq DESC LIMIT 1
            """)
        return try rows.map { stored in
            let row = ProjectionRow(stored, in: "diary_entry")
            let dnr: String = try row.required("dnr")
            let archived = try Row.fetchOne(archive, arguments: [dnr, point.asOf.description, point.knownAt, point.knownAt]).map { stored in
                let a = ProjectionRow(stored, in: "diary_archiving")
                return ArchiveInfo(date: try a.date("effective"), retention: try a.choice("retention"), cullAfter: try a.optionalDate("cull_after"))
            }
            let ground: String? = try row.optional("secrecy_ground")
            return DiaryEntry(
                dnr: dnr, date: try row.date("effective"), title: try row.required("title"), direction: try row.choice("direction"),
                counterpart: try row.optional("counterpart"), handler: try row.optional("handler"), case: try row.optional("case_ref"),
                plan: try row.optional("plan"), secrecy: ground.map(Secrecy.init(ground:)), archived: archived, seq: try row.required("seq"),
                recorded: try row.timestamp("recorded"), personalData: try row.required("personal_data", as: Int.self) == 1)
        }.sorted(by: DiaryEntry.listOrder)
    }
}
