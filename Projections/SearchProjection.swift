import GRDB
import LedgerCore
import LedgerStore

/// **search** — the texts search finds (SPEC "The planning year", **Search**), indexed by SQLite FTS5 with its
/// `trigram` tokenizer, so that a word finds any part of a word ("tandvård" finds "Folktandvården"), case-insensitively,
/// å ä ö being letters of their own.
///
/// Tables:
/// - `search_doc`: one row per searchable document of an event — doc (INTEGER PRIMARY KEY: `known_seq << 20 | n`, n the
///   document's number within the event, so the ids are the same however the rows were written: by appends, by a
///   rebuild or by `verify`'s fold), kind (`SearchKind`), key, plan, version, effective, plus seq, known_seq,
///   superseded_seq (see `VersionedRows`).
/// - `search_fts`: the FTS5 table of the documents' texts (doc, title, body, detail, counterpart), rowid = `search_doc.doc`.
///   An ordinary FTS5 table (it holds its texts), so that emptying it, dropping it and `verify`'s digest
///   (`SELECT * … ORDER BY 1`: doc first, unique) treat it as any table. Its shadow tables are FTS5's own.
///
/// Documents per event: `plan.registered` → plan (title); `plan.revised` → change (change text; dnr, approvedBy), and,
/// when it has content, plan (title; text; goals' texts, success factors and metric names in `detail`; a part the
/// content leaves out copied from the plan's previous document, see `previous`) and one activity per
/// `content.goals[].activities[]` (text; targetGroup, responsible — read from the event's JSON); `decision.recorded`
/// → decision (subject; text, dnr); `assignment.issued` → assignment (title; assignee); `diary.registered` → diary
/// (title; dnr; counterpart in a column of its own, so that public mode can leave it out).
public struct SearchProjection: VersionedProjection {
    public let name = "search.v1"
    public let tables = ["search_doc", "search_fts"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS search_doc (
                doc            INTEGER PRIMARY KEY,  -- known_seq << 20 | n (see the type's documentation)
                seq            INTEGER NOT NULL,     -- the event the document stems from
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                kind           TEXT NOT NULL CHECK (kind IN ('plan', 'change', 'decision', 'assignment', 'activity', 'diary')),
                key            TEXT NOT NULL,
                plan           TEXT,
                version        INTEGER,
                effective      TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS search_doc_by_seq ON search_doc(seq, superseded_seq);
            CREATE INDEX IF NOT EXISTS search_doc_plans ON search_doc(key, version) WHERE kind = 'plan';
            CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(doc UNINDEXED, title, body, detail, counterpart, tokenize = 'trigram');
            """)
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
            let doc = knownSeq << 20 | n
            n += 1
            try db.cachedStatement(sql: """
                INSERT INTO search_doc (doc, seq, known_seq, kind, key, plan, version, effective) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [doc, origin.seq, knownSeq, kind.rawValue, key, plan, version, effective.description])
            try db.cachedStatement(sql: "INSERT INTO search_fts (rowid, doc, title, body, detail, counterpart) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [doc, doc, title, SearchProjection.joined(body), detail, counterpart])
        }
        switch payload {
        case .planRegistered(let p):
            guard let plan = origin.plan else { return }
            try document(.plan, key: plan, plan: plan, version: 0, title: p.title, body: [])
        case .planRevised(let r):
            guard let plan = origin.plan else { return }
            try document(.change, key: plan, plan: plan, version: r.version, title: r.change, body: [r.dnr, r.approvedBy])
            if let content = r.content {
                // What the content leaves out stays as the previous version's document says it (see `previous`).
                let before = try SearchProjection.previous(plan: plan, before: r.version, db)
                try document(.plan, key: plan, plan: plan, version: r.version, title: content.title ?? before?.title ?? "",
                             body: [content.text ?? before?.body],
                             detail: content.goals.map { SearchProjection.joined(SearchProjection.texts(of: $0)) } ?? before?.detail)
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
            SELECT f.title, f.body, f.detail FROM search_doc d JOIN search_fts f ON f.rowid = d.doc
            WHERE d.kind = 'plan' AND d.key = ? AND d.superseded_seq IS NULL AND d.version < ?
            ORDER BY d.version DESC, d.known_seq DESC LIMIT 1
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
