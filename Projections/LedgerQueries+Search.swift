import GRDB
import LedgerCore
import LedgerStore

/// The limits of one page of search hits.
public enum SearchPaging {
    /// Hits per page when none is asked for.
    public static let defaultLimit = 20
    /// The most hits one page holds.
    public static let maxLimit = 100
    /// The most hits skipped (`offset`): deeper pages are refused rather than scanned.
    public static let maxOffset = 1000
}

extension LedgerQueries {
    /// Search (SPEC "The planning year", **Search**): the hits of `query` as of `asOf`, known at `knownAt`, skipping
    /// the first `offset`, at most `limit` (1…100).
    ///
    /// - Matching: `SearchQuery` (every word, any part of a word, case-insensitive, å ä ö letters of their own).
    /// - What is found: a plan as in force on the date (its title, text, goals, success factors and metric names, as
    ///   `show` would show them: a word only an older version held finds nothing), every change-list entry, decision,
    ///   assignment and diary entry dated on or before the date, and the activities of the goals in force. Retracted
    ///   events are never found; a correction replaces what its event says from the seq it was recorded at.
    /// - Order: newest first — by the date in force, then the most recently recorded (by the seq the document is known
    ///   from; a plan by its document in force), a documented order rather than relevance, so that the answer streams
    ///   from the index in its own order (`SearchProjection.nextID`) and stops after the page: the index is read from the
    ///   as-of date down, whatever the number of matches after it.
    /// - `publicMode` (`--public`, the service's public and staff roles): a diary entry classified in ANY version
    ///   (`PublicMask`) is never found, and a private individual's counterpart (`personalData`, any version) is never
    ///   searched nor shown. Actors are never part of a hit.
    /// - Errors: `StoreError.invalidQuery` for a known-at past the head; the query and paging are checked by the caller
    ///   (`SearchQuery.parse`, `SearchPaging`).
    public func search(_ query: SearchQuery, asOf: LedgerDate, knownAt: KnownAt, publicMode: Bool,
                       limit: Int = SearchPaging.defaultLimit, offset: Int = 0) throws -> [SearchHit] {
        try ledger.read { db in
            let point = try resolvePoint(asOf, knownAt, db)
            return try SearchIndex.search(query, at: point, publicMode: publicMode, limit: limit, offset: offset, db)
        }
    }
}

/// The search projection's query (see `LedgerQueries.search`).
public enum SearchIndex {
    public static func search(_ query: SearchQuery, at point: TimePoint, publicMode: Bool, limit: Int, offset: Int, _ db: Database) throws -> [SearchHit] {
        guard limit > 0 else { return [] }
        let mask = publicMode ? try PublicMask.read(db) : PublicMask()
        let asOf = point.asOf.description
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT d.id, d.seq, d.kind, d.key, d.plan, d.version, d.effective, d.title, d.body, d.counterpart
            FROM search_text f JOIN search_doc d ON d.id = f.rowid
            WHERE search_text MATCH ? AND f.rowid <= ? AND d.effective <= ?
              AND d.known_seq <= ? AND (d.superseded_seq IS NULL OR d.superseded_seq > ?)
            ORDER BY f.rowid DESC
            """), arguments: [query.ftsExpression, SearchProjection.lastID(on: point.asOf), asOf, point.knownAt, point.knownAt])
        var hits: [SearchHit] = []
        var skipped = 0
        var plansSeen: Set<String> = []
        var goalsSource: [String: Int?] = [:]
        func add(_ hit: SearchHit) -> Bool {
            if skipped < offset { skipped += 1 } else { hits.append(hit) }
            return hits.count >= limit
        }
        while let stored = try rows.next() {
            let row = ProjectionRow(stored, in: "search_doc")
            let kind: SearchKind = try row.choice("kind")
            let key: String = try row.required("key")
            let seq: Int = try row.required("seq")
            let plan: String? = try row.optional("plan")
            let version: Int? = try row.optional("version")
            let title: String = try row.required("title")
            let body: String = try row.optional("body") ?? ""
            let counterpart: String? = try row.optional("counterpart")
            switch kind {
            case .plan:
                // The plan as in force at the point: one hit per plan, if its view holds every word.
                guard plansSeen.insert(key).inserted, let hit = try planHit(key, query, at: point, db) else { continue }
                if add(hit) { return hits }
            case .activity:
                // Only an activity of the goals in force: those of the latest version in force that sets goals.
                guard let plan else { continue }
                if goalsSource[plan] == nil { goalsSource[plan] = .some(try goalsVersion(of: plan, at: point, db)) }
                guard case .some(.some(let source)) = goalsSource[plan], source == seq else { continue }
                let hit = SearchHit(kind: .activity, key: key, seq: seq, date: try row.date("effective"), title: title,
                                    snippet: .make([title, body], words: query.words), plan: plan, version: version)
                if add(hit) { return hits }
            case .diary:
                var texts = [title, body]
                if publicMode {
                    if mask.classified[key] != nil || mask.classifiedEvents[seq] != nil { continue }
                    if mask.personalData.contains(key) || mask.personalDataEvents.contains(seq) {
                        // The counterpart is a private individual: not searched, not shown.
                        guard query.matchesAll(texts) else { continue }
                    } else if let counterpart {
                        texts.append(counterpart)
                    }
                } else if let counterpart {
                    texts.append(counterpart)
                }
                let hit = SearchHit(kind: .diary, key: key, seq: seq, date: try row.date("effective"), title: title,
                                    snippet: .make(texts, words: query.words), plan: plan, version: nil)
                if add(hit) { return hits }
            case .change, .decision, .assignment:
                let texts = kind == .decision ? [body, title] : [title, body]
                let hit = SearchHit(kind: kind, key: key, seq: seq, date: try row.date("effective"), title: title,
                                    snippet: .make(texts, words: query.words), plan: plan, version: version)
                if add(hit) { return hits }
            }
        }
        return hits
    }

    /// The hit of plan `key` at `point`, if the plan exists then and its view (the content in force) holds every word.
    static func planHit(_ key: String, _ query: SearchQuery, at point: TimePoint, _ db: Database) throws -> SearchHit? {
        guard let view = try PlansProjection.plan(key, at: point, db) else { return nil }
        var texts: [String] = []
        if let text = view.text { texts.append(text) }
        for goal in view.goals ?? [] {
            texts.append(goal.text)
            if let factor = goal.successFactor { texts.append(factor) }
            texts += goal.metrics.map(\.name)
        }
        guard query.matchesAll(texts + [view.title]) else { return nil }
        let seq: Int, date: LedgerDate
        if let current = view.changes.last(where: { $0.version == view.version }), view.version > 0 {
            (seq, date) = (current.seq, current.date)
        } else {
            guard let stored = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT seq, effective FROM plan_registration WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY seq DESC LIMIT 1
                """), arguments: [key, point.asOf.description, point.knownAt, point.knownAt]) else { return nil }
            let row = ProjectionRow(stored, in: "plan_registration")
            (seq, date) = (try row.required("seq"), try row.date("effective"))
        }
        return SearchHit(kind: .plan, key: key, seq: seq, date: date, title: view.title,
                         snippet: .make([texts.joined(separator: " · "), view.title], words: query.words), plan: key,
                         version: view.version > 0 ? view.version : nil)
    }

    /// The seq of the version of `plan` whose goals are in force at `point` (the latest version in force that sets
    /// goals, as `PlanView` resolves them), nil when none does.
    static func goalsVersion(of plan: String, at point: TimePoint, _ db: Database) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT seq FROM plan_version
            WHERE plan = ? AND effective <= ? AND \(VersionedRows.visible)
              AND has_goals = 1
            ORDER BY version DESC LIMIT 1
            """), arguments: [plan, point.asOf.description, point.knownAt, point.knownAt])
    }
}

extension SearchHit {
    /// The SPEC's JSON shape: `{"kind", "key", "seq", "date", "title", "snippet", "plan", "version"}`; the snippet
    /// with each match between « and » (`SearchSnippet.marked`); absent `plan` and `version` are null.
    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "key": .string(key), "seq": JSONValue(seq), "date": .string(date.description),
            "title": .string(title), "snippet": .string(snippet.marked),
            "plan": plan.map { .string($0) } ?? .null, "version": version.map { JSONValue($0) } ?? .null,
        ]
    }
}
