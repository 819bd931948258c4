import Foundation
import LedgerCore

/// Random Unicode text of the kinds that break text handling: astral characters, combining marks (NFD), RTL
/// script and marks, TAB and LF, quotes, backslashes, markup, and random scalars from every plane.
///
/// Never produces what the ledger refuses (controls other than TAB and LF) or what XML 1.0 cannot hold
/// (U+FFFE, U+FFFF: the ERMS export replaces those and reports them).
public enum RandomText {
    static let pieces: [String] = [
        "a", "Plan", "z", " ", "  ", "å", "ä", "ö", "Å", "Ä", "Ö", "é", "e\u{301}", "a\u{30A}", "\u{301}", "\u{1F600}", String(Unicode.Scalar(0x10FFFF)!), String(Unicode.Scalar(0xFDD0)!), String(Unicode.Scalar(0x1FFFE)!),
        "\u{1D11E}", "👩‍👩‍👧", "🇸🇪", "שלום", "مرحبا", "\u{200F}", "\u{202E}", "\u{200B}", "\u{FEFF}", "\u{A0}", "\t", "\n", "\n\n",
        "\"", "'", "\\", "\\u0000", "<", "&", ">", "]]>", "&amp;", "<b>fet</b>", "=1+1", "-", "@", "+", "%s", "'; DROP TABLE event; --",
        "\u{FFFD}", "\u{E000}", "ß", "İ", "ﬁ", "Ω", "\u{2126}", "\u{1E9B}\u{323}",
    ]

    /// A scalar from anywhere in Unicode that the ledger accepts and XML 1.0 can hold.
    static func scalar(using rng: inout SeededRandom) -> Unicode.Scalar {
        while true {
            let plane = UInt32.random(in: 0...16, using: &rng)
            let value = plane == 0 ? UInt32.random(in: 0x20...0xFFFD, using: &rng) : (plane << 16) | UInt32.random(in: 0...0xFFFF, using: &rng)
            guard let s = Unicode.Scalar(value), !TextCheck.isForbidden(value), value != 0xFFFE, value != 0xFFFF else { continue }
            return s
        }
    }

    /// One text, non-blank, ending in `#tag` so that each placed text is unique.
    public static func text(tag: String, using rng: inout SeededRandom) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...10, using: &rng) {
            if Bool.random(using: &rng) {
                text += pieces.randomElement(using: &rng)!
            } else {
                text.unicodeScalars.append(scalar(using: &rng))
            }
        }
        return text + "#" + tag
    }
}

/// A small history whose every free text is random (`RandomText`), with the outputs each text must appear in
/// exactly, byte for byte.
public struct FidelityHistory: Sendable {
    /// Where a text shows.
    public enum Output: String, Sendable, CaseIterable {
        case plans, show, changes, diary, history, replay, followups, assignments, export, erms
    }

    /// One text as given and where it must come back.
    public struct Placed: Sendable {
        /// The field's path in its event, as a rejection names it (`data.content.goals[0].text`).
        public var field: String
        /// The 1-based line of its event in `lines`.
        public var line: Int
        public var text: String
        public var outputs: Set<Output>
    }

    /// A control character put into one text by `init(seed:poisoned:)`, and where.
    public struct Poison: Sendable {
        public var line: Int
        public var field: String
        public var scalar: Unicode.Scalar
        /// 1-based, in Unicode scalars.
        public var position: Int
    }

    /// The characters the ledger refuses, from both ends of each range.
    public static let forbidden: [UInt32] = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x96, 0x9B, 0x9F]

    public let plan: String
    /// The JSON Lines input, one event a line.
    public let lines: [String]
    public let texts: [Placed]
    /// The control character in one of the texts, when made with `poisoned: true`.
    public let poison: Poison?
    /// The date to ask as of: everything in force.
    public static let asOf = "2024-06-01"

    /// With `poisoned`, one text (chosen by the seed) holds a control character the ledger must refuse.
    public init(seed: UInt64, poisoned: Bool = false) {
        var rng = SeededRandom(seed: seed)
        var texts: [Placed] = []
        var n = 0
        var events: [[String: JSONValue]] = []
        let poisonAt = poisoned ? Int.random(in: 1...30, using: &rng) : 0
        var poison: Poison?
        var placed = 0
        func text(_ field: String, _ outputs: Set<Output>) -> JSONValue {
            n += 1
            placed += 1
            var t = RandomText.text(tag: "\(seed).\(n)", using: &rng)
            if placed == poisonAt {
                let value = Self.forbidden.randomElement(using: &rng)!
                let position = Int.random(in: 0...t.unicodeScalars.count, using: &rng)
                var scalars = Array(t.unicodeScalars)
                scalars.insert(Unicode.Scalar(value)!, at: position)
                t = String(String.UnicodeScalarView(scalars))
                poison = Poison(line: events.count + 1, field: field, scalar: Unicode.Scalar(value)!, position: position + 1)
            }
            texts.append(Placed(field: field, line: events.count + 1, text: t, outputs: outputs.union([.history, .export])))
            return .string(t)
        }
        func actor() -> JSONValue { text("actor", [.erms]) }
        let plan = "p-fid-\(seed)"
        let planned: Set<Output> = [.plans, .show, .replay]
        let shown: Set<Output> = [.show, .replay]
        events.append(["type": "plan.registered", "plan": .string(plan), "effective": "2023-01-01", "actor": actor(), "data": [
            "title": text("data.title", planned.union([.erms])), "kind": text("data.kind", planned), "owner": text("data.owner", planned),
            "period": ["from": 2023, "to": 2025],
        ]])
        events.append(["type": "plan.revised", "plan": .string(plan), "effective": "2023-02-01", "actor": actor(), "data": [
            "version": 1, "change": text("data.change", shown.union([.changes, .erms])), "approvedBy": text("data.approvedBy", planned.union([.changes])),
            "dnr": text("data.dnr", shown.union([.changes, .erms])),
            "decision": ["body": text("data.decision.body", [.changes]), "paragraph": text("data.decision.paragraph", [.changes])],
            "content": [
                "text": text("data.content.text", shown),
                "goals": [[
                    "id": "g1", "perspective": text("data.content.goals[0].perspective", shown.union([.followups])), "text": text("data.content.goals[0].text", shown),
                    "successFactor": text("data.content.goals[0].successFactor", shown),
                    "metrics": [[
                        "id": "m1", "name": text("data.content.goals[0].metrics[0].name", shown.union([.followups])), "target": text("data.content.goals[0].metrics[0].target", shown.union([.followups])),
                        "baseline": text("data.content.goals[0].metrics[0].baseline", shown.union([.followups])), "unit": text("data.content.goals[0].metrics[0].unit", shown), "periods": ["ÅR"],
                    ]],
                ]],
            ],
        ]])
        events.append(["type": "decision.recorded", "plan": .string(plan), "effective": "2023-02-01", "actor": actor(), "data": [
            "dnr": text("data.dnr", []), "body": text("data.body", []), "subject": text("data.subject", []), "text": text("data.text", []),
        ]])
        // A diary number is a key: any text, but in NFC.
        n += 1
        let dnr = RandomText.text(tag: "\(seed).\(n)", using: &rng).precomposedStringWithCanonicalMapping
        texts.append(Placed(field: "data.dnr", line: events.count + 1, text: dnr, outputs: [.diary, .replay, .erms, .history, .export]))
        let diaryOut: Set<Output> = [.diary, .replay]
        events.append(["type": "diary.registered", "plan": .string(plan), "effective": "2023-03-01", "actor": actor(), "data": [
            "dnr": .string(dnr), "title": text("data.title", diaryOut.union([.erms])), "direction": "in",
            "counterpart": text("data.counterpart", diaryOut), "handler": text("data.handler", diaryOut), "case": text("data.case", diaryOut),
            "secrecy": ["ground": text("data.secrecy.ground", diaryOut.union([.erms]))],
        ]])
        events.append(["type": "assignment.issued", "plan": .string(plan), "effective": "2023-02-01", "actor": actor(), "data": [
            "assignment": .string("a-\(seed)"), "title": text("data.title", [.assignments, .erms]),
            "assignee": text("data.assignee", [.assignments]), "deadline": "2023-06-30",
            "issuedBy": text("data.issuedBy", [.assignments]),
        ]])
        events.append(["type": "assignment.reported", "plan": .string(plan), "effective": "2023-06-01", "actor": actor(), "data": [
            "assignment": .string("a-\(seed)"), "status": "partial", "note": text("data.note", [.assignments, .erms]),
        ]])
        events.append(["type": "followup.recorded", "plan": .string(plan), "effective": "2023-12-31", "actor": actor(), "data": [
            "metric": "m1", "period": "2023-ÅR", "outcome": text("data.outcome", [.followups]), "unit": text("data.unit", [.followups]),
            "fulfilment": "partly", "comment": text("data.comment", [.followups]),
        ]])
        self.plan = plan
        self.lines = events.map { CanonicalJSON.string(.object($0)) }
        self.texts = texts
        self.poison = poison
    }

    /// The texts that must appear in `output`.
    public func texts(in output: Output) -> [Placed] { texts.filter { $0.outputs.contains(output) } }

    /// Every string inside a value (JSON, a view struct, arrays, optionals, dictionaries), found by reflection,
    /// as UTF-8 bytes: Swift's `==` on strings is canonical equivalence, so `é` would equal `e` + U+0301.
    public static func strings(in value: Any) -> Set<[UInt8]> {
        var found: Set<[UInt8]> = []
        func visit(_ value: Any) {
            if let s = value as? String {
                found.insert(Array(s.utf8))
                return
            }
            for child in Mirror(reflecting: value).children { visit(child.value) }
        }
        visit(value)
        return found
    }

    /// The placed texts of `output` that `found` lacks byte for byte, as readable lines.
    public func missing(in output: Output, from found: Set<[UInt8]>) -> [String] {
        texts(in: output).filter { !found.contains(Array($0.text.utf8)) }.map { placed in
            let near = found.filter { String(decoding: $0, as: UTF8.self).hasSuffix(placed.text.split(separator: "#").last.map { "#" + $0 } ?? "") }
                .map { String(decoding: $0, as: UTF8.self).debugDescription }
            return "\(output.rawValue): \(placed.field) \(placed.text.debugDescription) not found" + (near.isEmpty ? "" : "; found \(near)")
        }
    }
}
