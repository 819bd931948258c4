import GRDB
import LedgerCore
import LedgerStore

/// **search** — the texts search finds (SPEC "The planning year", **Search**), indexed by SQLite FTS5 with its
/// `trigram` tokenizer, so that a word finds any part of a word ("tandvård" finds "Folktandvården"), case-insensitively,
/// å ä ö being letters of their own.
///
/// Tables:
/// - `search_doc`: one row per searchable document of an event — doc (INTEGER PRIMARY KEY: `known_seq << 16 | n`, n the
///   document's number within the event, so that rows are added at the table's end and the ids are the same however
///   the rows were written: by appends, by a rebuild or by `verify`'s fold), kind (`SearchKind`), key, plan, version,
///   effective, its texts (title, body, detail, counterpart), plus seq, known_seq, superseded_seq (see
///   `VersionedRows`). Compared by `verify` as any table.
/// - `search_text`: the FTS5 index of those texts, contentless (the texts are stored once, in `search_doc`), its rowid
///   `SearchProjection.indexID`: the document's day in force above its doc, so that the index hands out documents
///   newest first and a search as of a date starts reading at that date. It is derived, never compared as rows:
///   `finish` indexes each write's new documents in one `INSERT … SELECT` after all its events (indexing row by row
///   while the events were applied cost half of an append's time: SQLite opens a statement savepoint on every virtual
///   table for each statement that may abort, the event insert with its triggers is one, and FTS5 flushes its pending
///   index at each, writing a segment per event); `verify` compares its vocabulary.
///
/// Documents per event: `plan.registered` → plan (title); `plan.revised` → change (change text; dnr, approvedBy), and
/// plan (title; text; goals' texts, success factors and metric names in `detail`; a part the
/// content leaves out copied from the plan's previous document, see `previous`) and one activity per
/// `content.goals[].activities[]` (text; targetGroup, responsible — read from the event's JSON); `decision.recorded`
/// → decision (subject; text, dnr); `assignment.issued` → assignment (title; assignee); `diary.registered` → diary
/// (title; dnr; counterpart in a column of its own, so that public mode can leave it out).
public struct SearchProjection: VersionedProjection {
    public let name = "search.v2"
    public let tables = ["search_doc"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS search_doc (
                doc            INTEGER PRIMARY KEY,  -- known_seq << 16 | n
                seq            INTEGER NOT NULL,     -- the event the document stems from
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                kind           TEXT NOT NULL CHECK (kind IN ('plan', 'change', 'decision', 'assignment', 'activity', 'diary')),
                key            TEXT NOT NULL,
                plan           TEXT,
                version        INTEGER,
                effective      TEXT NOT NULL,
                title          TEXT NOT NULL,
                body           TEXT NOT NULL,
                detail         TEXT,
                counterpart    TEXT
            );
            CREATE INDEX IF NOT EXISTS search_doc_by_seq ON search_doc(seq, superseded_seq);
            CREATE INDEX IF NOT EXISTS search_doc_plans ON search_doc(key, version) WHERE kind = 'plan';
            CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
                title, body, detail, counterpart, content = '', tokenize = 'trigram');
            """)
    }

    /// Indexes the documents of the events from `firstSeq` on (doc `firstSeq << 16` and up), in index-id order (FTS5
    /// writes a pending doclist out whenever a rowid comes below the one before).
    public func finish(appliedFrom firstSeq: Int, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO search_text (rowid, title, body, detail, counterpart)
            SELECT \(Self.indexIDSQL), title, body, detail, counterpart FROM search_doc WHERE doc >= ? ORDER BY 1
            """, arguments: [firstSeq << Self.numberBits])
    }

    /// The most seqs and documents per event an id has room for: 2³⁰ − 1 events (over a billion), and 2¹⁶ documents of
    /// one event (an event's line is at most 1 MiB, and each activity, the only thing an event has many of, takes more
    /// than 16 bytes of it); and the days the index orders by: 2¹⁷ from 1900-01-01 (to 2258-11-11).
    static let seqBits = 30, numberBits = 16, dayBits = 17

    /// A document's doc: `knownSeq << 16 | n`. Throws past the limits above instead of writing an id that would collide.
    static func doc(knownSeq: Int, n: Int) throws -> Int {
        guard knownSeq < 1 << seqBits, n < 1 << numberBits else {
            throw StoreError.database("the search index cannot number document \(n) of seq \(knownSeq): it holds up to \((1 << seqBits) - 1) events of up to \(1 << numberBits) documents each")
        }
        return knownSeq << numberBits | n
    }

    /// A document's id in the index: `day << 46 | doc`, day the days from 1900-01-01 to its date in force (a date
    /// outside 1900-01-01 … 2258-11-11 counts as the first or last of those days), so the index sorts by that date,
    /// then by the seq the document is known from, then by its number within that event; every id is below 2⁶³, and
    /// its low 46 bits are the doc. `indexIDSQL` computes the same in SQL from `effective` and `doc`.
    static func indexID(effective: LedgerDate, doc: Int) -> Int {
        day(effective) << (seqBits + numberBits) | doc
    }

    static let indexIDSQL = """
        (max(0, min(\((1 << dayBits) - 1), CAST(julianday(effective) - 2415020.5 AS INTEGER))) << \(seqBits + numberBits) | doc)
        """

    /// The doc of an index id (its low 46 bits).
    static let docMask = (1 << (seqBits + numberBits)) - 1

    /// The largest index id a document dated on or before `date` can have (one dated after it may be below it too,
    /// when the dates are outside 1900-01-01 … 2258-11-11; the query also compares the dates themselves).
    static func lastIndexID(on date: LedgerDate) -> Int {
        day(date) << (seqBits + numberBits) | docMask
    }

    /// Days from 1900-01-01 (25,567 days before 1970-01-01), kept within 0 ..< 2¹⁷.
    static func day(_ date: LedgerDate) -> Int {
        min(max(date.daysSinceEpoch + 25_567, 0), (1 << dayBits) - 1)
    }

    /// Empties the index with FTS5's `delete-all` (a contentless index cannot find what it indexed by reading rows),
    /// then the documents.
    public func empty(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO search_text (search_text) VALUES ('delete-all')")
        try db.execute(sql: "DELETE FROM search_doc")
    }

    /// The index compared by `verify`: every term (trigram) with the number of documents and of occurrences the index
    /// holds for it, through an `fts5vocab` table in `temp` (FTS5's own view of its index, read-only). A document the
    /// index lacks, or holds twice, changes some term's counts.
    public func derivedQueries(schema: String, _ db: Database) throws -> [(name: String, sql: String)] {
        let terms = "search_text_terms_\(schema)"
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.\(terms) USING fts5vocab(\(schema), search_text, row)")
        return [("search_text", "SELECT term, doc, cnt FROM temp.\(terms) ORDER BY term")]
    }

    /// Drops the index and the documents, and `search_fts`, the FTS5 table of `search.v1` that held the texts itself.
    public func drop(_ db: Database) throws {
        for table in ["search_text", "search_doc", "search_fts"] { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
    }

    func table(for type: EventType) -> String? {
        switch type {
        case .planRegistered, .planRevised, .decisionRecorded, .assignmentIssued, .diaryRegistered: "search_doc"
        default: nil
        }
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        var n = 0
        func document(_ kind: SearchKind, key: String, plan: String?, version: Int?, title: String, body: [String?], detail: String? = nil,
                      counterpart: String? = nil) throws {
            let doc = try SearchProjection.doc(knownSeq: knownSeq, n: n)
            n += 1
            try db.cachedStatement(sql: """
                INSERT INTO search_doc (doc, seq, known_seq, kind, key, plan, version, effective, title, body, detail, counterpart)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [doc, origin.seq, knownSeq, kind.rawValue, key, plan, version, effective.description,
                                         title, SearchProjection.joined(body), detail, counterpart])
        }
        switch payload {
        case .planRegistered(let p):
            guard let plan = origin.plan else { return }
            try document(.plan, key: plan, plan: plan, version: 0, title: p.title, body: [])
        case .planRevised(let r):
            guard let plan = origin.plan else { return }
            try document(.change, key: plan, plan: plan, version: r.version, title: r.change, body: [r.dnr, r.approvedBy])
            // Every version has a plan document, dated as the version, so that a plan is placed among the hits by the
            // date of its version in force, the date its hit shows. What the content leaves out (all of it, for a
            // version without content) stays as the previous version's document says it (see `previous`).
            let before = try SearchProjection.previous(plan: plan, before: r.version, db)
            if r.content != nil || before != nil {
                try document(.plan, key: plan, plan: plan, version: r.version, title: r.content?.title ?? before?.title ?? "",
                             body: [r.content?.text ?? before?.body],
                             detail: r.content?.goals.map { SearchProjection.joined(SearchProjection.texts(of: $0)) } ?? before?.detail)
            }
            for activity in SearchProjection.activities(in: data) {
                try document(.activity, key: activity.id, plan: plan, version: r.version, title: activity.text,
                             body: [activity.targetGroup, activity.responsible])
            }
        case .decisionRecorded(let d):
            try document(.decision, key: d.dnr, plan: origin.plan, version: nil, title: d.subject, body: [d.text, d.dnr])
        case .assignmentIssued(let a):
            try document(.assignment, key: a.assignment, plan: origin.plan, version: nil, title: a.title, body: [a.assignee])
        case .diaryRegistered(let d):
            try document(.diary, key: d.dnr, plan: origin.plan, version: nil, title: d.title, body: [d.dnr], counterpart: d.counterpart)
        default:
            break
        }
    }

    /// Texts joined by line breaks, absent and empty ones left out.
    static func joined(_ texts: [String?]) -> String {
        texts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The texts of the current plan document of `plan` with the highest version below `version` (the registration's
    /// is version 0), as this table holds them when the revision is applied: only rows of earlier events, so the answer
    /// is the same whether the rows are written by appends, a rebuild or `verify`'s fold.
    ///
    /// So a plan document holds the plan's title, text and goals as the version leaves them, and a query whose words
    /// lie in different versions' parts (a title from v1, a text from v2) still finds the plan's candidate document;
    /// whether it is a hit is decided on the plan in force (`SearchIndex.planHit`), never on this copy.
    static func previous(plan: String, before version: Int, _ db: Database) throws -> (title: String, body: String, detail: String?)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT title, body, detail FROM search_doc
            WHERE kind = 'plan' AND key = ? AND superseded_seq IS NULL AND version < ?
            ORDER BY version DESC, known_seq DESC LIMIT 1
            """), arguments: [plan, version]) else { return nil }
        return (row[0] ?? "", row[1] ?? "", row[2])
    }

    /// A plan's goals' searchable texts: each goal's text, success factor and metric names.
    static func texts(of goals: [Goal]) -> [String?] {
        var texts: [String?] = []
        for goal in goals {
            texts.append(goal.text)
            texts.append(goal.successFactor)
            texts += goal.metrics.map(\.name)
        }
        return texts
    }

    /// The activities of `data.content.goals[].activities[]` as far as search reads them (id, text, targetGroup,
    /// responsible), from the event's JSON: members of other types, or activities without a string id and text, are
    /// left out (the append rules decide what an activity must hold).
    static func activities(in data: [String: JSONValue]) -> [(id: String, text: String, targetGroup: String?, responsible: String?)] {
        guard case .object(let content)? = data["content"], case .array(let goals)? = content["goals"] else { return [] }
        var result: [(id: String, text: String, targetGroup: String?, responsible: String?)] = []
        for goal in goals {
            guard case .object(let g) = goal, case .array(let activities)? = g["activities"] else { continue }
            for activity in activities {
                guard case .object(let a) = activity, case .string(let id)? = a["id"], case .string(let text)? = a["text"] else { continue }
                result.append((id, text, a["targetGroup"]?.stringValue, a["responsible"]?.stringValue))
            }
        }
        return result
    }
}
