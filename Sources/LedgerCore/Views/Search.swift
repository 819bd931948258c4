/// Search (SPEC "The planning year", **Search**: "what was approved when"): the query's rules, the kinds of hit, and
/// the matching and snippets shared by the search projection (which finds candidates through SQLite FTS5) and by
/// anything that checks it, so that what counts as a match is decided in one place.
///
/// The rules of a query (`SearchQuery.parse`):
/// - at most `SearchQuery.maxLength` (200) characters (Unicode scalars), and no control characters;
/// - words are separated by white space; every word must occur (AND): "tandvård budget" finds texts holding both;
/// - a word matches any part of a word, case-insensitively, and å, ä, ö are letters of their own ("tandvård" finds
///   "Folktandvården", "Tandvård" finds "tandvård", "vard" does not find "vård");
/// - everything else is text, never syntax: quotes, `*`, `^`, parentheses, `NEAR`, `AND`, `OR`, `NOT` are searched
///   for literally (as part of the word they are in);
/// - a word without any letter or digit (`-`, `&`, `"`) is dropped; a word shorter than 3 characters (`i`, `EU`) is
///   dropped too, because the index finds parts of words of 3 characters or more (SQLite's trigram tokenizer);
/// - a query left with no word is refused: `q` holds only punctuation, or only words shorter than 3 characters.
public struct SearchQuery: Sendable, Hashable {
    /// The words every hit holds, as given (not folded), in the order given, duplicates (by folded form) removed.
    public let words: [String]

    /// The longest query accepted, in characters: a longer one is refused, never scanned.
    public static let maxLength = 200
    /// The shortest word searched for; shorter words are dropped (see the type's rules).
    public static let minWordLength = 3

    /// The query's words, or the reason it is refused (a sentence naming no field: each surface names its own,
    /// `q` for the API, `QUERY` for the CLI).
    public static func parse(_ text: String) -> Result<SearchQuery, SearchQueryRefusal> {
        // Counted in Unicode scalars (code points), as JSON Schema's maxLength counts: never more lenient than the API's
        // document.
        let count = text.unicodeScalars.count
        if count > maxLength { return .failure(.tooLong(count)) }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !$0.properties.isWhitespace }) {
            return .failure(.controlCharacter)
        }
        let all = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if all.isEmpty { return .failure(.empty) }
        let meaningful = all.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        if meaningful.isEmpty { return .failure(.onlyPunctuation) }
        var seen: Set<String> = [], words: [String] = []
        for word in meaningful where word.count >= minWordLength {
            if seen.insert(SearchText.fold(word)).inserted { words.append(word) }
        }
        if words.isEmpty { return .failure(.tooShort) }
        return .success(SearchQuery(words: words))
    }

    public init(words: [String]) {
        self.words = words
    }

    /// The FTS5 MATCH expression: each word a quoted string (a `"` inside doubled), joined by AND, so that nothing the
    /// user types is read as FTS5 syntax.
    public var ftsExpression: String {
        words.map { "\"" + $0.replacingAll("\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    /// Whether every word occurs in one of `texts` (each word may occur in a different text).
    public func matchesAll(_ texts: [String]) -> Bool {
        let folded = texts.map(SearchText.init)
        return words.allSatisfy { word in
            let w = SearchText.foldedCharacters(word)
            return folded.contains { !$0.occurrences(of: w, first: true).isEmpty }
        }
    }
}

/// Why a search query is refused (exit 64 on the CLI, 400 naming `q` on the API).
public enum SearchQueryRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case onlyPunctuation
    case tooShort
    case tooLong(Int)
    case controlCharacter

    public var description: String {
        switch self {
        case .empty: "holds no words; give one or more words to search for"
        case .onlyPunctuation: "holds no letters or digits, only punctuation; give one or more words to search for"
        case .tooShort: "holds only words shorter than \(SearchQuery.minWordLength) characters; search finds words and parts of words of \(SearchQuery.minWordLength) characters or more"
        case .tooLong(let n): "is \(n) characters long; at most \(SearchQuery.maxLength) are searched"
        case .controlCharacter: "holds a control character"
        }
    }
}

/// What a search hit is (SPEC: `kind` one of these), and where its `key` comes from.
public enum SearchKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A plan as in force on the as-of date (title, text, goals, success factors, metric names); key: the plan.
    case plan
    /// A change-list entry (`plan.revised`: change text, dnr, approvedBy); key: the plan.
    case change
    /// A `decision.recorded` (subject, text, dnr); key: the dnr.
    case decision
    /// An `assignment.issued` (title, assignee); key: the assignment.
    case assignment
    /// An activity of a goal in the content in force (text, target group, responsible); key: the activity's id.
    case activity
    /// A diary entry (title, counterpart, dnr); key: the dnr.
    case diary
}

/// One hit: SPEC shape `{"kind", "key", "seq", "date", "title", "snippet"}`, plus `plan` (the plan a plan, change or
/// activity hit belongs to, else the plan the entry names; null when none) and `version` (of a change hit).
public struct SearchHit: Sendable, Hashable {
    public var kind: SearchKind
    public var key: String
    /// The event the hit shows: the version in force (plan), the revision (change, activity), the decision,
    /// assignment or diary entry.
    public var seq: Int
    /// Its effective date (a plan with no version yet: its registration date).
    public var date: LedgerDate
    public var title: String
    /// The snippet, see `SearchSnippet`.
    public var snippet: SearchSnippet
    public var plan: String?
    public var version: Int?

    public init(kind: SearchKind, key: String, seq: Int, date: LedgerDate, title: String, snippet: SearchSnippet, plan: String?, version: Int?) {
        self.kind = kind
        self.key = key
        self.seq = seq
        self.date = date
        self.title = title
        self.snippet = snippet
        self.plan = plan
        self.version = version
    }
}

/// A piece of text around the first match, in parts: plain text and matched text alternately, so that a web page
/// escapes each part and marks the matches (`<mark>`) without parsing markers. `marked` is the JSON form: each match
/// between « and » (a « or » in the text itself is shown as ‹ or ›, so the markers stay unambiguous); a cut at
/// either end is shown by "…".
public struct SearchSnippet: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        public var text: String
        public var matched: Bool
        public init(text: String, matched: Bool) {
            self.text = text
            self.matched = matched
        }
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The snippet with the matches between « and ».
    public var marked: String {
        parts.map { part in
            let text = part.text.replacingAll("«", with: "‹").replacingAll("»", with: "›")
            return part.matched ? "«" + text + "»" : text
        }.joined()
    }

    /// The characters shown on each side of the first match, at most.
    public static let context = 60

    /// A snippet of the first of `texts` where a word matches (`texts` in order of preference), every word's
    /// occurrences inside it marked; the first text, unmarked and cut, when no word occurs in any (never for a hit).
    public static func make(_ texts: [String], words: [String]) -> SearchSnippet {
        let folded = words.map(SearchText.foldedCharacters)
        for text in texts where !text.isEmpty {
            let searchable = SearchText(text)
            var ranges: [Range<Int>] = []
            for word in folded { ranges += searchable.occurrences(of: word, first: false) }
            guard let first = ranges.map(\.lowerBound).min() else { continue }
            let characters = searchable.characters
            var start = max(0, first - context)
            var end = min(characters.count, first + context * 2)
            // Cut at white space where there is some near, not inside a word.
            if start > 0, let space = (start..<first).first(where: { characters[$0].isWhitespace }), space - start < 20 { start = space + 1 }
            if end < characters.count, let space = (first..<end).reversed().first(where: { characters[$0].isWhitespace }), end - space < 20 { end = space }
            // Merge overlapping matches, keep those inside the window.
            let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
            var merged: [Range<Int>] = []
            for r in sorted {
                if let last = merged.last, r.lowerBound <= last.upperBound { merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound) } else { merged.append(r) }
            }
            var parts: [Part] = []
            if start > 0 { parts.append(Part(text: "…", matched: false)) }
            var position = start
            for r in merged where r.upperBound > start && r.lowerBound < end {
                let lower = max(r.lowerBound, start), upper = min(r.upperBound, end)
                if lower > position { parts.append(Part(text: String(characters[position..<lower]), matched: false)) }
                parts.append(Part(text: String(characters[lower..<upper]), matched: true))
                position = upper
            }
            if position < end { parts.append(Part(text: String(characters[position..<end]), matched: false)) }
            if end < characters.count { parts.append(Part(text: "…", matched: false)) }
            return SearchSnippet(parts: parts.map { Part(text: $0.text.replacingAll("\n", with: " "), matched: $0.matched) })
        }
        let first = texts.first { !$0.isEmpty } ?? ""
        let cut = first.count > context * 3 ? String(first.prefix(context * 3)) + "…" : first
        return SearchSnippet(parts: [Part(text: cut, matched: false)])
    }
}

/// A text as search compares it: character by character, each folded to lower case (å stays å).
public struct SearchText: Sendable {
    public let characters: [Character]
    let folded: [String]

    public init(_ text: String) {
        characters = Array(text)
        folded = characters.map { String($0).lowercased() }
    }

    /// A word folded to lower case, as one string (for comparing words).
    public static func fold(_ word: String) -> String { word.lowercased() }

    /// A word folded character by character.
    public static func foldedCharacters(_ word: String) -> [String] { word.map { String($0).lowercased() } }

    /// Where `word` (folded characters) occurs, as character offsets; only the first when `first`.
    func occurrences(of word: [String], first: Bool) -> [Range<Int>] {
        guard !word.isEmpty, word.count <= folded.count else { return [] }
        var result: [Range<Int>] = []
        var i = 0
        while i + word.count <= folded.count {
            var j = 0
            while j < word.count && folded[i + j] == word[j] { j += 1 }
            if j == word.count {
                result.append(i..<(i + word.count))
                if first { return result }
                i += word.count
            } else {
                i += 1
            }
        }
        return result
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
