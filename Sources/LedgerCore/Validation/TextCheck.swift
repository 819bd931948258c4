/// The characters no text in the ledger may hold, found with where they are, and named in words a
/// registrar can act on.
///
/// SPEC "Fidelity: what goes in comes out": U+0000 and control characters other than TAB and LF are
/// rejected at input, naming the line or option and the field. Refused here:
/// - C0 controls U+0000–U+001F except TAB (U+0009) and LF (U+000A). U+0000 in particular is cut by every
///   C-string interface (SQLite's text binding with length -1, `String(cString:)`), so a value holding it
///   would read back shorter than it went in; CR (U+000D) only ever arrives as half of a Windows line end.
/// - DEL U+007F. The SPEC lists C0 and C1 by name, but DEL is a control character too (Unicode general
///   category Cc, like both ranges): it means nothing in text, shows as nothing, and comes from a stray key or a
///   terminal; refusing it keeps "control characters" meaning what Unicode means by it.
/// - C1 controls U+0080–U+009F. Text never holds them on purpose: they appear when Windows-1252 bytes (the
///   Swedish Windows default, where 0x96 is an en dash) are decoded as Latin-1, so the message says which
///   character the byte stood for.
///
/// Offsets count Unicode scalars ("characters") from 1, as a person counts letters, so that `e` + U+0301
/// counts as two.
public enum TextCheck {
    /// A forbidden character in a text and its 1-based position in Unicode scalars.
    public struct Finding: Sendable, Hashable {
        public var scalar: Unicode.Scalar
        /// 1-based, counted in Unicode scalars.
        public var position: Int

        /// `U+0000 (NUL) at character 12`, plus the Windows-1252 hint for a C1 control.
        public var description: String {
            var text = "holds the control character \(TextCheck.name(scalar)) at character \(position)"
            if (0x80...0x9F).contains(scalar.value) {
                text += "; C1 control characters usually mean Windows-1252 text was decoded as Latin-1 (ISO 8859-1)"
                if let meant = TextCheck.windows1252[UInt8(scalar.value)] {
                    text += ": byte 0x\(String(scalar.value, radix: 16, uppercase: true)) is \"\(meant)\" in Windows-1252"
                }
                text += "; convert the source with iconv -f WINDOWS-1252 -t UTF-8"
            } else {
                text += "; only TAB and line feed are allowed in text"
            }
            return text
        }
    }

    /// Whether a scalar is refused in ledger text (see the type's rule).
    public static func isForbidden(_ value: UInt32) -> Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }

    /// The first forbidden character in `text`, or nil.
    ///
    /// O(n) in UTF-8 bytes, and a plain byte scan when the text holds none (the common case): a C0 control
    /// or DEL is one byte below 0x20 or 0x7F, a C1 control is the two bytes 0xC2 0x80–0x9F.
    public static func firstForbidden(in text: String) -> Finding? {
        var copy = text
        let suspect = copy.withUTF8 { bytes -> Bool in
            var previous: UInt8 = 0
            for b in bytes {
                if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { return true }
                previous = b
            }
            return false
        }
        guard suspect else { return nil }
        for (i, scalar) in text.unicodeScalars.enumerated() where isForbidden(scalar.value) {
            return Finding(scalar: scalar, position: i + 1)
        }
        return nil
    }

    /// Every forbidden character in a JSON value's strings and member names, one problem per string, each
    /// naming the field's path under `path` (`data.goals[0].text`, `data.decision`).
    public static func problems(in value: JSONValue, path: String) -> [Problem] {
        var problems: [Problem] = []
        walk(value, path: path, into: &problems)
        return problems
    }

    /// The problem for one text field, or nil when it is clean.
    public static func problem(in text: String, field: String?) -> Problem? {
        firstForbidden(in: text).map { Problem(field: field, reason: $0.description) }
    }

    private static func walk(_ value: JSONValue, path: String, into problems: inout [Problem]) {
        switch value {
        case .string(let s):
            if let p = problem(in: s, field: path.isEmpty ? nil : path) { problems.append(p) }
        case .array(let elements):
            for (i, element) in elements.enumerated() { walk(element, path: "\(path)[\(i)]", into: &problems) }
        case .object(let members):
            for key in members.keys.sorted() {
                if let finding = firstForbidden(in: key) {
                    problems.append(Problem(field: path.isEmpty ? nil : path, reason: "the member name \(quoted(key)) \(finding.description)"))
                    continue
                }
                walk(members[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &problems)
            }
        case .null, .bool, .number:
            break
        }
    }

    /// A text shown in a message with its control characters made visible (`"ti\u0000tle"`), so that the
    /// message itself cannot be cut or hide what it reports.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars.prefix(60) {
            if isForbidden(scalar.value) || scalar == "\t" || scalar == "\n" {
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + (text.unicodeScalars.count > 60 ? "…\"" : "\"")
    }

    /// `U+0000 (NUL)`, `U+0096`: the code point, and the name of the common C0 ones.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [0x00: "NUL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
                                       0x1B: "ESCAPE", 0x7F: "DELETE"]
        return names[scalar.value].map { "\(code) (\($0))" } ?? code
    }

    /// What the bytes 0x80–0x9F stand for in Windows-1252 (code page 1252); 0x81, 0x8D, 0x8F, 0x90 and 0x9D
    /// are unassigned there. Source: the Unicode consortium's mapping table CP1252.TXT.
    public static let windows1252: [UInt8: Character] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8A: "Š",
        0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—",
        0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    ]
}
