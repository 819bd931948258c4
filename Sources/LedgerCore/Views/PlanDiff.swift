/// The difference between two versions of a plan's content (SPEC, "Web pages": "the difference between two
/// versions, goal by goal and metric by metric, text differences marked"): the title, period and plan text word by
/// word, and the goals matched by id, each with its metrics matched by id.
///
/// Pure: built from two `PlanView`s (each the content as resolved up to its version), so the page, the API or the
/// CLI can show the same answer. Goals keep the order of the newer version, removed goals follow in the older
/// version's order; the same for metrics within a goal.
public struct PlanDiff: Sendable, Hashable {
    /// How a goal or metric differs between the two versions.
    public enum Change: String, Sendable, Hashable {
        /// Only in the newer version.
        case added
        /// Only in the older version.
        case removed
        /// In both, with a field (or, for a goal, a metric) that differs.
        case changed
        case unchanged
    }

    /// One goal in either version or both.
    public struct GoalDiff: Sendable, Hashable {
        public var id: String
        public var change: Change
        public var old: Goal?
        public var new: Goal?
        /// The goal's fields that differ (`perspective`, `text`, `successFactor`), in that order; empty unless changed.
        public var fields: [String]
        /// The goal's text word by word (all `same` when unchanged; all inserted or deleted when added or removed).
        public var text: [WordDiff.Piece]
        public var successFactor: [WordDiff.Piece]
        public var metrics: [MetricDiff]

        /// The perspective the goal stands under in the newer version (the older one's when removed).
        public var perspective: String { new?.perspective ?? old?.perspective ?? "" }
        /// The perspective it left, when it moved between perspectives.
        public var movedFromPerspective: String? {
            guard let old, let new, old.perspective != new.perspective else { return nil }
            return old.perspective
        }
    }

    /// One metric of a goal in either version or both. Metric ids are unique within a version's content, so a
    /// metric that moved to another goal is matched across goals: it is `removed` under the old goal with
    /// `movedTo`, and `added` or `changed` under the new one with `movedFrom` (compared with its old self).
    public struct MetricDiff: Sendable, Hashable {
        public var id: String
        public var change: Change
        public var old: Metric?
        public var new: Metric?
        /// The fields that differ (`name`, `target`, `baseline`, `unit`, `periods`), in that order.
        public var fields: [String]
        /// The goal it came from, when it moved to this goal.
        public var movedFrom: String?
        /// The goal it went to, when it moved away from this goal.
        public var movedTo: String?
    }

    public var from: Int
    public var to: Int
    /// The title word by word.
    public var title: [WordDiff.Piece]
    /// The plan's period in the older and the newer version, when they differ.
    public struct PeriodChange: Sendable, Hashable {
        public var old: PlanPeriod?
        public var new: PlanPeriod?
    }

    /// The period, when it differs.
    public var period: PeriodChange?
    /// The plan text word by word (empty when neither version has a text).
    public var text: [WordDiff.Piece]
    public var goals: [GoalDiff]
    /// The budget's frames and measures (issue 16).
    public var budget: BudgetDiff

    /// One perspective analysed in either version or both (`content.analyses`), in `Perspective.allCases` order.
    public struct AnalysisDiff: Sendable, Hashable {
        public var perspective: Perspective
        public var change: Change
        public var old: PerspectiveAnalysis?
        public var new: PerspectiveAnalysis?
        /// The analysis text word by word (old to new; all inserted when added, all deleted when removed).
        public var text: [WordDiff.Piece]
        /// Whether `concerned` differs between two versions that both analyse the perspective.
        public var concernedChanged: Bool { old != nil && new != nil && old?.concerned != new?.concerned }
    }

    /// The perspective analyses of either version, changed or not.
    public var analyses: [AnalysisDiff] = []

    /// Whether the two versions' contents are the same in every part.
    public var isEmpty: Bool {
        period == nil && !title.contains { $0.kind != .same } && !text.contains { $0.kind != .same }
            && goals.allSatisfy { $0.change == .unchanged } && !budget.hasChanges && analyses.allSatisfy { $0.change == .unchanged }
    }

    /// The difference from `old` (the content up to one version) to `new` (the content up to another).
    public init(from old: PlanView, to new: PlanView) {
        self.from = old.version
        self.to = new.version
        title = WordDiff.pieces(from: old.title, to: new.title)
        period = old.period == new.period ? nil : PeriodChange(old: old.period, new: new.period)
        text = WordDiff.pieces(from: old.text ?? "", to: new.text ?? "")
        goals = Self.goals(from: old.goals ?? [], to: new.goals ?? [])
        budget = BudgetDiff(from: old.budget, to: new.budget)
        analyses = Self.analyses(from: old.analyses ?? [], to: new.analyses ?? [])
    }

    static func analyses(from old: [PerspectiveAnalysis], to new: [PerspectiveAnalysis]) -> [AnalysisDiff] {
        Perspective.allCases.compactMap { p in
            let a = old.first { $0.perspective == p }, b = new.first { $0.perspective == p }
            guard a != nil || b != nil else { return nil }
            let change: Change = a == nil ? .added : b == nil ? .removed : a == b ? .unchanged : .changed
            return AnalysisDiff(perspective: p, change: change, old: a, new: b, text: WordDiff.pieces(from: a?.text ?? "", to: b?.text ?? ""))
        }
    }

    static func goals(from old: [Goal], to new: [Goal]) -> [GoalDiff] {
        let oldByID = Dictionary(old.map { ($0.id, $0) }) { first, _ in first }
        let newIDs = Set(new.map(\.id))
        var oldMetricGoal: [String: (goal: String, metric: Metric)] = [:]
        for goal in old { for metric in goal.metrics where oldMetricGoal[metric.id] == nil { oldMetricGoal[metric.id] = (goal.id, metric) } }
        var newMetricGoal: [String: String] = [:]
        for goal in new { for metric in goal.metrics where newMetricGoal[metric.id] == nil { newMetricGoal[metric.id] = goal.id } }

        var result: [GoalDiff] = []
        for goal in new {
            let before = oldByID[goal.id]
            let metrics = Self.metrics(goal: goal.id, from: before?.metrics ?? [], to: goal.metrics, oldMetricGoal: oldMetricGoal, newMetricGoal: newMetricGoal)
            guard let before else {
                result.append(GoalDiff(id: goal.id, change: .added, old: nil, new: goal, fields: [],
                                       text: WordDiff.pieces(from: "", to: goal.text),
                                       successFactor: WordDiff.pieces(from: "", to: goal.successFactor ?? ""), metrics: metrics))
                continue
            }
            var fields: [String] = []
            if before.perspective != goal.perspective { fields.append("perspective") }
            if before.text != goal.text { fields.append("text") }
            if before.successFactor != goal.successFactor { fields.append("successFactor") }
            let changed = !fields.isEmpty || metrics.contains { $0.change != .unchanged }
            result.append(GoalDiff(id: goal.id, change: changed ? .changed : .unchanged, old: before, new: goal, fields: fields,
                                   text: WordDiff.pieces(from: before.text, to: goal.text),
                                   successFactor: WordDiff.pieces(from: before.successFactor ?? "", to: goal.successFactor ?? ""),
                                   metrics: metrics))
        }
        for goal in old where !newIDs.contains(goal.id) {
            let metrics = Self.metrics(goal: goal.id, from: goal.metrics, to: [], oldMetricGoal: oldMetricGoal, newMetricGoal: newMetricGoal)
            result.append(GoalDiff(id: goal.id, change: .removed, old: goal, new: nil, fields: [],
                                   text: WordDiff.pieces(from: goal.text, to: ""),
                                   successFactor: WordDiff.pieces(from: goal.successFactor ?? "", to: ""), metrics: metrics))
        }
        return result
    }

    static func metrics(goal: String, from old: [Metric], to new: [Metric], oldMetricGoal: [String: (goal: String, metric: Metric)],
                        newMetricGoal: [String: String]) -> [MetricDiff] {
        var result: [MetricDiff] = []
        for metric in new {
            guard let found = oldMetricGoal[metric.id] else {
                result.append(MetricDiff(id: metric.id, change: .added, old: nil, new: metric, fields: []))
                continue
            }
            let (oldGoal, before) = (found.goal, found.metric)
            let fields = Self.fields(before, metric)
            let moved = oldGoal != goal ? oldGoal : nil
            result.append(MetricDiff(id: metric.id, change: fields.isEmpty && moved == nil ? .unchanged : .changed, old: before, new: metric,
                                     fields: fields, movedFrom: moved))
        }
        let kept = Set(new.map(\.id))
        for metric in old where !kept.contains(metric.id) {
            let movedTo = newMetricGoal[metric.id]
            result.append(MetricDiff(id: metric.id, change: .removed, old: metric, new: nil, fields: [], movedTo: movedTo))
        }
        return result
    }

    static func fields(_ a: Metric, _ b: Metric) -> [String] {
        var fields: [String] = []
        if a.name != b.name { fields.append("name") }
        if a.target != b.target { fields.append("target") }
        if a.baseline != b.baseline { fields.append("baseline") }
        if a.unit != b.unit { fields.append("unit") }
        if a.periods != b.periods { fields.append("periods") }
        return fields
    }
}

/// A word-level difference of two texts: the words (and the white space between them) that both share, and those
/// only the older (`deleted`) or only the newer (`inserted`) holds, in reading order, deletions before insertions
/// where both fall at one place. Built on the standard library's `CollectionDifference` (Myers' O(ND) algorithm).
public enum WordDiff {
    public struct Piece: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case same, inserted, deleted }
        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// `text` as alternating runs of white space and of everything else (the runs join back to `text`).
    public static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let space = text[index].isWhitespace
            var end = index
            while end < text.endIndex, text[end].isWhitespace == space { end = text.index(after: end) }
            tokens.append(text[start..<end])
            start = end
            index = end
        }
        return tokens
    }

    /// The pieces that turn `old` into `new`; adjacent pieces of one kind are joined, and white space alone between
    /// two changed words of one kind joins them ("a b" deleted, not "a", " ", "b").
    public static func pieces(from old: String, to new: String) -> [Piece] {
        let a = tokens(old), b = tokens(new)
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var raw: [Piece] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                raw.append(Piece(.deleted, String(a[i]))); i += 1
            } else if j < b.count, inserted.contains(j) {
                raw.append(Piece(.inserted, String(b[j]))); j += 1
            } else {
                raw.append(Piece(.same, String(b[j]))); i += 1; j += 1
            }
        }
        return joined(raw)
    }

    /// Joins runs of one kind, and absorbs white space shared between two changes of one kind into them.
    static func joined(_ raw: [Piece]) -> [Piece] {
        var pieces = raw
        // A white-space "same" piece between two changes: make it part of both sides, so that a change of several
        // words reads as one deleted and one inserted phrase.
        var index = 1
        while index + 1 < pieces.count {
            let piece = pieces[index]
            if piece.kind == .same, piece.text.allSatisfy(\.isWhitespace), pieces[index - 1].kind != .same, pieces[index + 1].kind != .same {
                pieces[index] = Piece(.deleted, piece.text)
                pieces.insert(Piece(.inserted, piece.text), at: index + 1)
                index += 2
            } else {
                index += 1
            }
        }
        // Group the changes between two "same" pieces: all deletions first, then all insertions.
        var grouped: [Piece] = []
        var deleted = "", insertedText = ""
        func flush() {
            if !deleted.isEmpty { grouped.append(Piece(.deleted, deleted)) }
            if !insertedText.isEmpty { grouped.append(Piece(.inserted, insertedText)) }
            deleted = ""; insertedText = ""
        }
        for piece in pieces {
            switch piece.kind {
            case .deleted: deleted += piece.text
            case .inserted: insertedText += piece.text
            case .same:
                flush()
                if let last = grouped.last, last.kind == .same { grouped[grouped.count - 1].text += piece.text }
                else { grouped.append(piece) }
            }
        }
        flush()
        // A lone insertion or deletion between two unchanged pieces that starts with the white space the next piece
        // also starts with reads better shifted by that space: "ska" +" kraftigt" " minska" → "ska " +"kraftigt " "minska".
        var index2 = 1
        while index2 + 1 < grouped.count {
            let change = grouped[index2]
            if change.kind != .same, grouped[index2 - 1].kind == .same, grouped[index2 + 1].kind == .same {
                let space = String(change.text.prefix { $0.isWhitespace })
                if !space.isEmpty, space.count < change.text.count, grouped[index2 + 1].text.hasPrefix(space) {
                    grouped[index2 - 1].text += space
                    grouped[index2].text = String(change.text.dropFirst(space.count)) + space
                    grouped[index2 + 1].text = String(grouped[index2 + 1].text.dropFirst(space.count))
                    if grouped[index2 + 1].text.isEmpty { grouped.remove(at: index2 + 1) }
                }
            }
            index2 += 1
        }
        return grouped
    }
}

/// The five perspectives of balanced governance (balanserad styrning) in the order the seed documents print
/// them (seed 004: Samhälle, Medborgare, Verksamhet, Medarbetare, Ekonomi).
public enum Perspectives {
    public static let standard = ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]

    /// `items` grouped by perspective: the five in their order (matched without regard to case), then any other
    /// perspective in the order it first appears; items keep their order within a group; empty groups are left out.
    public static func grouped<T>(_ items: [T], by perspective: (T) -> String) -> [(perspective: String, items: [T])] {
        var order: [String] = []
        var groups: [String: (name: String, items: [T])] = [:]
        for item in items {
            let name = perspective(item)
            let key = name.lowercased()
            if groups[key] == nil { order.append(key); groups[key] = (name, []) }
            groups[key]!.items.append(item)
        }
        let standardKeys = standard.map { $0.lowercased() }
        let keys = standardKeys.filter { groups[$0] != nil } + order.filter { !standardKeys.contains($0) }
        return keys.map { (groups[$0]!.name, groups[$0]!.items) }
    }
}
