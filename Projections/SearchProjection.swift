import GRDB
import LedgerCore
import LedgerStore

/// **search** — the texts search finds (SPEC "The planning year", **Search**), indexed by SQLite FTS5 with its
/// `trigram` tokenizer, so that a word finds any part of a word ("tandvård" finds "Folktandvården"), case-insensitively,
/// å ä ö being letters of their own.
///
/// Tables:
/// - `search_doc`: one row per searchable document of an event — id (INTEGER PRIMARY KEY, `SearchProjection.nextID`:
///   the document's day in force, then its number among that day's documents in the order they were written, so that
///   the ids are the same however the rows were written — by appends, a rebuild or `verify`'s fold, all in seq order),
///   kind (`SearchKind`), key, plan, version, effective, its texts (title, body, detail, counterpart), plus seq,
///   known_seq, superseded_seq (see `VersionedRows`). Compared by `verify` as any table.
/// - `search_text`: the FTS5 index of those texts, contentless (the texts are stored once, in `search_doc`). Its rowid
///   is the document's id, so the index hands out documents newest first and a search as of a date starts reading at
///   that date; the ids are dense within a day, so a term's doclist stores small gaps (ids of day, seq and number
///   within the event, `search.v2`, cost seven bytes a gap across days). It keeps each trigram's positions
///   (`detail=full`), so a word is found as a phrase of trigrams and every row the index hands out is a match: without
///   them (`detail=none`, measured: an index 0.4 times the size, built in half the time) every document holding a
///   word's trigrams anywhere became a candidate to check, and a word made of common trigrams that occurs nowhere
///   read 50,000 rows at 1M events (0.2–0.6 s). It is derived, never compared as rows: `finish` indexes each write's
///   new documents in one `INSERT … SELECT` after all its events (indexing row by row while the events were applied
///   cost half of an append's time: SQLite opens a statement savepoint on every virtual table for each statement that
///   may abort, the event insert with its triggers is one, and FTS5 flushes its pending index at each, writing a
///   segment per event); `verify` compares its vocabulary and the ids it holds.
///
/// Documents per event: `plan.registered` → plan (title); `plan.revised` → change (change text; dnr, approvedBy), and
/// plan (title; text; goals' texts, success factors and metric names in `detail`; a part the
/// content leaves out copied from the plan's previous document, see `previous`) and one activity per
/// `content.goals[].activities[]` (text; targetGroup, responsible — read from the event's JSON); `decision.recorded`
/// → decision (subject; text, dnr); `assignment.issued` → assignment (title; assignee); `diary.registered` → diary
/// (title; dnr; counterpart in a column of its own, so that public mode can leave it out).
public struct SearchProjection: VersionedProjection {
    public let name = "search.v4"
    public let tables = ["search_doc"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
        // A plan's document carries over what its version leaves out from the version before: when an amendment changes
        // or retracts a registration or a revision, the later versions' documents are read again.
        let target: Int? = switch payload {
        case .eventCorrected(let c): c.target
        case .eventRetracted(let r): r.target
        default: nil
        }
        guard let target, let original = try EventLog.event(seq: target, db), let plan = original.plan else { return }
        switch try original.payload() {
        case .planRegistered:
            try SearchProjection.rereadPlanDocuments(of: plan, after: 0, knownSeq: event.seq, db)
        case .planRevised(let r):
            try SearchProjection.rereadPlanDocuments(of: plan, after: r.version, knownSeq: event.seq, db)
        default:
            break
        }
    }

    /// Reads again, as known from `knownSeq` (an amendment of the plan's registration or of its revision `version`), the
    /// current plan documents of `plan`'s versions after `version`, in version order: each with the parts its content
    /// (as its latest correction up to `knownSeq` says) names, and the rest from the version before as now current. A
    /// document whose texts change is superseded at `knownSeq` and written again with a new id on its date; at the first
    /// that stays the same the reading stops, since every later one is read from it and its own content. (Without this,
    /// a plan whose title was corrected in v1 and whose text was revised in v2 had no document holding both, and a search
    /// for a word of each missed it.) A correction that changes what every later version carries over rewrites them all:
    /// a plan of n versions that leave the title out, corrected k times in its registration, holds n × k documents.
    static func rereadPlanDocuments(of plan: String, after version: Int, knownSeq: Int, _ db: Database) throws {
        let later = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, seq, version, effective, title, body, detail FROM search_doc
            WHERE kind = 'plan' AND key = ? AND superseded_seq IS NULL AND version > ? ORDER BY version, known_seq
            """), arguments: [plan, version])
        guard !later.isEmpty else { return }
        // The latest replacement of each of the plan's events up to `knownSeq` (the ledger records an amendment under its
        // target's plan).
        var replacements: [Int: [String: JSONValue]] = [:]
        for seq in try Int.fetchAll(db.cachedStatement(sql: """
            SELECT seq FROM event WHERE plan = ? AND type = 'event.corrected' AND seq <= ? ORDER BY seq
            """), arguments: [plan, knownSeq]) {
            if let correction = try EventLog.event(seq: seq, db), case .eventCorrected(let c) = try correction.payload() {
                replacements[c.target] = c.data
            }
        }
        for row in later {
            let seq: Int = row["seq"], number: Int = row["version"], effectiveText: String = row["effective"]
            guard let effective = LedgerDate(iso: effectiveText) else {
                throw StoreError.database("search_doc \(row["id"] as Int) has no date in effective: \(effectiveText)")
            }
            let data: [String: JSONValue]
            if let replacement = replacements[seq] {
                data = replacement
            } else if let origin = try EventLog.event(seq: seq, db) {
                data = origin.data
            } else {
                continue
            }
            guard case .success(.planRevised(let revision)) = Payload.read(.planRevised, data: data) else { continue }
            let texts = try planTexts(revision.content, plan: plan, version: number, db)
            // Unchanged: so is every later document, each read from its own content and this one.
            if let texts, texts.title == row["title"], texts.body == row["body"], texts.detail == row["detail"] { break }
            try db.cachedStatement(sql: "UPDATE search_doc SET superseded_seq = ? WHERE id = ?").execute(arguments: [knownSeq, row["id"] as Int])
            guard let texts else { continue }
            try write(.plan, seq: seq, knownSeq: knownSeq, key: plan, plan: plan, version: number, effective: effective,
                      title: texts.title, body: texts.body, detail: texts.detail, counterpart: nil, db)
        }
    }

    /// Writes one document of event `seq`, known from `knownSeq`, with the next id of its date (`nextID`).
    static func write(_ kind: SearchKind, seq: Int, knownSeq: Int, key: String, plan: String?, version: Int?, effective: LedgerDate,
                      title: String, body: String, detail: String?, counterpart: String?, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO search_doc (id, seq, known_seq, kind, key, plan, version, effective, title, body, detail, counterpart)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(try nextID(effective: effective, db), seq, knownSeq, kind.rawValue, key, plan, version, effective.description,
                        title, body, detail, counterpart)
    }

    /// The texts of the plan document of `version` whose content is `content`: each part the content names, the others
    /// as the plan's current document of the version before says them (`previous`, read only when a part is left out);
    /// nil when there is neither (no content and no earlier document).
    static func planTexts(_ content: PlanContent?, plan: String, version: Int, _ db: Database) throws -> (title: String, body: String, detail: String?)? {
        let complete = content.map { $0.title != nil && $0.text != nil && $0.goals != nil } ?? false
        let before = complete ? nil : try previous(plan: plan, before: version, db)
        guard content != nil || before != nil else { return nil }
        return (content?.title ?? before?.title ?? "", joined([content?.text ?? before?.body]),
                content?.goals.map { joined(texts(of: $0)) } ?? before?.detail)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS search_doc (
                id             INTEGER PRIMARY KEY,  -- day << 30 | number within the day
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
            CREATE INDEX IF NOT EXISTS search_doc_by_known_seq ON search_doc(known_seq);
            CREATE INDEX IF NOT EXISTS search_doc_plans ON search_doc(key, version) WHERE kind = 'plan';
            CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
                title, body, detail, counterpart, content = '', tokenize = 'trigram');
            """)
    }

    /// Indexes the documents known from seq `firstSeq` on (those of its events and of the corrections among them), in
    /// id order: FTS5 writes its pending doclists out as a segment whenever an id comes below the one before. Only the
    /// ids are sorted (SQLite reads the `IN` list from `search_doc_by_known_seq` into a sorted list and looks each
    /// document up by id, so the `ORDER BY` needs no sort of the texts).
    public func finish(appliedFrom firstSeq: Int, _ db: Database) throws {
        try SearchProjection.keepPendingDoclists(db)
        try db.execute(sql: """
            INSERT INTO search_text (rowid, title, body, detail, counterpart)
            SELECT id, title, body, detail, counterpart FROM search_doc
            WHERE id IN (SELECT id FROM search_doc WHERE known_seq >= ?) ORDER BY id
            """, arguments: [firstSeq])
    }

    /// The bytes of new doclists FTS5 keeps in memory before it writes them out as a segment of the index: 32 MiB
    /// instead of its default of 1 MiB (FTS5's `hashsize` option). Each segment written is merged into larger ones
    /// later, so with small ones a bulk append wrote the index several times over. Building the index of a 200k-event
    /// ledger's 104,000 documents in one `INSERT … SELECT`, in the sqlite3 shell: 5.3–6.0 s with 1 MiB, 3.7–4.6 s with
    /// 16 MiB, 2.7–2.9 s with 32 MiB, 2.9–3.1 s with 64 MiB; the shell's peak RSS 75, 101, 119 and 152 MB; the index
    /// the same size (84 MB).
    static let pendingDoclistBytes = 32 << 20

    /// Sets FTS5's `hashsize` to `pendingDoclistBytes` unless the index holds exactly that already: a ledger's index
    /// keeps the setting in its `search_text_config` table, so this writes when the row is missing or holds anything
    /// else, and otherwise only reads. FTS5 takes an integer only and ignores any other value (33554432.0 included),
    /// so the type is compared too.
    static func keepPendingDoclists(_ db: Database) throws {
        let set = try db.cachedStatement(sql: "SELECT v FROM search_text_config WHERE k = 'hashsize' AND typeof(v) = 'integer'").firstInt()
        if set != pendingDoclistBytes {
            try db.execute(sql: "INSERT INTO search_text (search_text, rank) VALUES ('hashsize', ?)", arguments: [pendingDoclistBytes])
        }
    }

    /// The days an id has room for: 2¹⁷ from 1900-01-01 (to 2258-11-11); and the documents of one day: 2³⁰ (over a
    /// billion).
    static let dayBits = 17, numberBits = 30

    /// The id of the next document dated `effective`: `day << 30 | n`, n the number of documents of that day written
    /// before it (a date outside 1900-01-01 … 2258-11-11 counts as the first or last of those days). Every id is below
    /// 2⁴⁷. Throws when the day is full instead of writing an id of the next day.
    static func nextID(effective: LedgerDate, _ db: Database) throws -> Int {
        let first = firstID(on: effective), last = lastID(on: effective)
        let latest = try db.cachedStatement(sql: "SELECT max(id) FROM search_doc WHERE id BETWEEN ? AND ?").firstInt(first, last)
        guard let latest else { return first }
        guard latest < last else {
            throw StoreError.database("the search index cannot number another document dated \(effective): it holds up to \(1 << numberBits) documents of one day")
        }
        return latest + 1
    }

    /// The first id a document dated `date` can have.
    static func firstID(on date: LedgerDate) -> Int {
        day(date) << numberBits
    }

    /// The last id a document dated `date` can have; every document dated on or before it has an id at most this (one
    /// dated after it may too, when the dates are outside 1900-01-01 … 2258-11-11: the query also compares the dates).
    static func lastID(on date: LedgerDate) -> Int {
        day(date) << numberBits | ((1 << numberBits) - 1)
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
    /// holds for it, through an `fts5vocab` table in `temp` (FTS5's own view of its index, read-only), and every rowid
    /// the index holds with its number of trigrams per column (FTS5's `search_text_docsize`). A document the index
    /// lacks, or holds twice, changes some term's counts; one indexed under another id changes the ids. (Two documents
    /// of the same sizes swapped between their ids change neither: comparing which ids hold each term would read every
    /// trigram occurrence, about 300 rows a document.)
    public func derivedQueries(schema: String, _ db: Database) throws -> [(name: String, sql: String)] {
        let terms = "search_text_terms_\(schema)"
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.\(terms) USING fts5vocab(\(schema), search_text, row)")
        return [("search_text", "SELECT term, doc, cnt FROM temp.\(terms) ORDER BY term"),
                ("search_text_docsize", "SELECT id, sz FROM \(schema).search_text_docsize ORDER BY id")]
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
        func document(_ kind: SearchKind, key: String, plan: String?, version: Int?, title: String, body: [String?], detail: String? = nil,
                      counterpart: String? = nil) throws {
            try SearchProjection.write(kind, seq: origin.seq, knownSeq: knownSeq, key: key, plan: plan, version: version, effective: effective,
                                       title: title, body: SearchProjection.joined(body), detail: detail, counterpart: counterpart, db)
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
            // version without content) stays as the previous version's document says it (`planTexts`).
            if let texts = try SearchProjection.planTexts(r.content, plan: plan, version: r.version, db) {
                try document(.plan, key: plan, plan: plan, version: r.version, title: texts.title, body: [texts.body], detail: texts.detail)
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
