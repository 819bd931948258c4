import Foundation
import LedgerCore

/// An aligned text table for a terminal: columns padded to their widest cell, the widest text column
/// truncated with … when the table would not fit the terminal's width, the last (the detail) wrapped.
///
/// When the terminal leaves the last column fewer than `minimumWrapWidth` characters, wrapping it would turn
/// each row into a tall ribbon of a few characters (13 audit findings became 190 lines at 80 columns), so
/// the table is stacked instead: the other columns on one line per row, and the last column's text below
/// it on lines of its own, indented by `stackIndent` and wrapped at the terminal's width. It is stacked too
/// whenever that takes fewer lines than wrapping beside the row.
struct Table {
    var columns: [String]
    var rows: [[String]]
    /// Columns whose cells are right-aligned (numbers).
    var rightAligned: Set<Int> = []
    /// Columns that may be truncated to fit the terminal (free text); keys, dates and numbers never are.
    /// Empty: the last column.
    var flexible: Set<Int> = []
    /// Colours a cell (by column and text) when colour is on: a terminal, and no `NO_COLOR`.
    var colour: ((Int, String) -> Terminal.Colour?)? = nil

    /// Below this width the last column is stacked under its row instead of wrapped beside it.
    static let minimumWrapWidth = 20
    /// The indentation of a stacked last column.
    static let stackIndent = 4
    /// Whether the last column wraps onto continuation lines (the detail) rather than being cut with ….
    var wrapsLast = true

    /// The terminal's width: `$COLUMNS`, else the tty's, else unlimited (a pipe).
    static var terminalWidth: Int? {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n > 20 { return n }
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            return Int(size.ws_col)
        }
        return nil
    }

    func render(width: Int? = Table.terminalWidth) -> String {
        let rows = rows.map { $0.map(Table.printable) }
        var widths = columns.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        let gap = 2
        var shrinkableLast = false
        if let width {
            var total = widths.reduce(0, +) + gap * (widths.count - 1)
            // Cut the other free-text columns first (widest first, ties by position, so the result is the same on
            // every run), then the last one, which wraps rather than losing its text; none below 12 or its header.
            let flexibleColumns = flexible.isEmpty ? [widths.count - 1] : flexible.sorted()
            shrinkableLast = flexibleColumns.contains(widths.count - 1)
            let order = [flexibleColumns.filter { $0 != widths.count - 1 }, flexibleColumns.filter { $0 == widths.count - 1 }]
            for group in order {
                while total > width {
                    guard let i = group.filter({ widths[$0] > max(12, columns[$0].count) })
                        .max(by: { widths[$0] != widths[$1] ? widths[$0] < widths[$1] : $0 > $1 })
                    else { break }
                    widths[i] -= 1
                    total -= 1
                }
            }
        }
        let last = widths.count - 1
        // The last column wraps onto continuation lines instead of being cut: it is where the detail is.
        let wrapsLast = width != nil && shrinkableLast && self.wrapsLast
        if let width, wrapsLast, columns.count > 1, rows.contains(where: { $0.count > last && $0[last].count > widths[last] }) {
            // Beside its row, or below it, whichever is shorter; below whenever beside would be a ribbon.
            let details = rows.map { $0.count > last ? $0[last] : "" }
            let beside = details.reduce(0) { $0 + Table.wrap($1, width: widths[last]).count }
            let below = 1 + details.reduce(0) { $0 + 1 + Table.wrap($1, width: max(1, width - Table.stackIndent)).count }
            if widths[last] < Table.minimumWrapWidth || below < beside { return stacked(width: width) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            var overflow: [String] = []
            for (i, w) in widths.enumerated() {
                var cell = i < cells.count ? cells[i] : ""
                if i == last, wrapsLast, cell.count > w {
                    let pieces = Table.wrap(cell, width: w)
                    cell = pieces[0]
                    overflow = Array(pieces.dropFirst())
                } else if cell.count > w {
                    cell = String(cell.prefix(w - 1)) + "…"
                }
                let pad = String(repeating: " ", count: w - cell.count)
                var shown = cell
                if Terminal.colourEnabled, let c = colour?(i, cell) { shown = c.wrap(cell) }
                parts.append(rightAligned.contains(i) ? pad + shown : (i == last ? shown : shown + pad))
            }
            var text = parts.joined(separator: String(repeating: " ", count: gap))
            while text.last == " " { text.removeLast() }
            let indent = String(repeating: " ", count: widths.dropLast().reduce(0, +) + gap * last)
            for piece in overflow { text += "\n" + indent + piece }
            return text
        }
        var lines = [line(columns), line(widths.map { String(repeating: "─", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// The stacked layout: the other columns as a table (cut, never wrapped, to `width`), each row followed by its
    /// last cell on indented lines of its own; the last column's name likewise under the header.
    private func stacked(width: Int) -> String {
        let last = columns.count - 1
        var head = Table(columns: Array(columns.dropLast()), rows: rows.map { Array($0.prefix(last)) },
                         rightAligned: rightAligned.subtracting([last]), flexible: flexible.subtracting([last]), colour: colour)
        head.wrapsLast = false
        // Without free-text columns of its own (keys, dates and numbers are never cut) the head is not fitted.
        let headLines = head.render(width: head.flexible.isEmpty ? nil : width).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let indent = String(repeating: " ", count: Table.stackIndent)
        func detail(_ cell: String) -> [String] {
            Table.wrap(Table.printable(cell), width: max(1, width - Table.stackIndent)).map { indent + $0 }
        }
        var lines = [headLines[0]] + detail(columns[last]) + [headLines[1]]
        for (i, row) in rows.enumerated() {
            lines.append(headLines[2 + i])
            lines += detail(row.count > last ? row[last] : "")
        }
        return lines.joined(separator: "\n")
    }
}

extension Table {
    /// A cell as a terminal may show it: line feed and TAB as spaces (a cell is one line, aligned), and any other
    /// control character as U+FFFD, so that text in a ledger written before controls were refused (an ESC
    /// sequence, a C1 CSI) cannot move the cursor, recolour or retitle the reader's terminal.
    static func printable(_ cell: String) -> String {
        guard cell.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else { return cell }
        var scalars = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                scalars.append(" ")
            } else if TextCheck.isForbidden(scalar.value) || Table.isBidiControl(scalar.value) {
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether a scalar is a bidirectional formatting character (Unicode Bidi_Control: U+061C, U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069). The ledger keeps them, since they can be legitimate in Arabic or Hebrew text,
    /// but a terminal obeys them: U+202E before `gnp.exe` shows a counterpart as `exe.png`. A table shows each as
    /// U+FFFD so that what a row says cannot be reordered by the text it holds (Unicode TR #9; CVE-2021-42574).
    static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// Splits `text` into lines of at most `width` characters, at spaces where it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty { current = word } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = word
            }
        }
        lines.append(current)
        return lines
    }
}

/// One CSV field: a text, or a number, which a spreadsheet may read as one.
///
/// A cell knows it is a number by how the program made it (a seq, a version, a JSON number), never by how
/// its text looks: the text "-5" a registrar wrote is text, and is written as text.
enum CSVCell: Hashable, ExpressibleByStringLiteral {
    case text(String)
    case number(Double)

    init(stringLiteral value: String) { self = .text(value) }

    static func number(_ n: Int) -> CSVCell { .number(Double(n)) }

    /// A text, or the empty cell for nil.
    static func optional(_ text: String?) -> CSVCell { .text(text ?? "") }

    /// A JSON value as a cell: a number stays a number, a string is its text, anything else its canonical JSON.
    static func json(_ value: JSONValue?) -> CSVCell {
        switch value {
        case nil, .null?: .text("")
        case .number(let d)?: .number(d)
        case .string(let s)?: .text(s)
        case let v?: .text(CanonicalJSON.string(v))
        }
    }

    /// The first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a
    /// formula or strip it: `=`, `+`, `-`, `@`, TAB and CR (SPEC "Fidelity"; OWASP "CSV Injection").
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The field as written, before RFC 4180 quoting: a text that a spreadsheet would run as a formula gets a
    /// leading `'`, which spreadsheets show as "this is text"; a number is written in its JSON form (`-5`, `6.3`).
    var field: String {
        switch self {
        case .number(let d): return CanonicalJSON.formatNumber(d)
        case .text(let s):
            guard let first = s.unicodeScalars.first, Self.formulaStarts.contains(first) else { return s }
            return "'" + s
        }
    }
}

extension JSONValue {
    /// The member at a dotted path (`archived.date`), or nil when a step is missing or not an object.
    func member(atPath path: String) -> JSONValue? {
        var value: JSONValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let members)? = value else { return nil }
            value = members[String(key)]
        }
        return value
    }
}

/// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; texts that would run
/// as a formula are neutralised (see `CSVCell.field`).
struct CSV {
    private(set) var text = ""

    init(header: [String]) { add(header.map(CSVCell.text)) }

    /// The text so far, which is then emptied: for writing a long CSV in pieces.
    mutating func drain() -> String {
        defer { text = "" }
        return text
    }

    /// The CSV form of JSON answers: one row per object, one column per JSON path in `columns`, a nested
    /// object's members as dotted paths (`archived.date` is `row["archived"]["date"]`). A null or absent member
    /// is the empty cell, a number stays a number, an array is its canonical JSON in one cell (a list of
    /// objects has no flat form). Every CSV the CLI writes is made this way from the JSON it would print, so
    /// that the two formats carry the same fields.
    init(columns: [String], rows: [JSONValue]) {
        self.init(header: columns)
        for row in rows { add(columns.map { CSVCell.json(row.member(atPath: $0)) }) }
    }

    mutating func add(_ cells: [CSVCell]) {
        text += cells.map { cell in
            let field = cell.field
            return field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}

/// Collects bytes for standard output and writes them in large blocks (export of millions of lines).
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// What the terminal gets: colour only on a terminal and never with `NO_COLOR` (https://no-color.org).
enum Terminal {
    enum Colour: String {
        case red = "31", green = "32", yellow = "33", dim = "2", bold = "1"

        func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
    }

    static let colourEnabled: Bool = {
        let env = ProcessInfo.processInfo.environment
        if let noColour = env["NO_COLOR"], !noColour.isEmpty { return false }
        return isatty(STDOUT_FILENO) != 0 && env["TERM"] != "dumb"
    }()

    /// The usual colours of statuses and flags, in English and Swedish (the `Catalogue`'s words).
    static func status(_ column: Int, _ text: String) -> Colour? {
        switch text {
        case "in-force", "done", "met", "gällande", "klart", "uppfyllt": .green
        case "repealed", "OVERDUE", "not-met", "upphävd", "FÖRSENAD", "ej uppfyllt": .red
        case "expired", "superseded", "draft", "partly", "partial", "utgången", "ersatt", "utkast", "delvis uppfyllt", "delredovisat": .yellow
        default: nil
        }
    }
}
