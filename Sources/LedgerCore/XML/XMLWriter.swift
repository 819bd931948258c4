/// A streaming XML 1.0 writer: start and end elements, attributes and text, escaped as they are written.
///
/// It holds only the names of the open elements and an output buffer, which goes to `sink` whenever it
/// passes 64 KiB, so a document of any length is written in constant memory. It refuses, rather than
/// alters, what XML 1.0 cannot carry (a character outside `Char`, an element left open, a bad name): what
/// to do about such data is the caller's decision (see `replacingForbidden`).
///
///     var xml = XMLWriter { bytes in out.write(bytes) }
///     try xml.start("erms", ["xmlns": "https://DILCIS.eu/XML/ERMS"])
///     try xml.element("title", text: "Klagomål & <synpunkter>")
///     try xml.end()
///     try xml.finish()
///
/// Elements that hold other elements are indented by two spaces a level; an element is either empty, text
/// only or elements only (mixed content is not needed here and would be changed by indentation).
public struct XMLWriter {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A character XML 1.0 does not allow anywhere (a C0 control other than tab, LF and CR; U+FFFE; U+FFFF),
        /// in the element at `path`.
        case forbiddenCharacter(Unicode.Scalar, path: String)
        case invalidName(String)
        /// `end`, `text` or `finish` called when the open elements do not allow it.
        case misnested(String)

        public var description: String {
            switch self {
            case .forbiddenCharacter(let scalar, let path):
                "\(path): U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)) cannot be written in XML 1.0"
            case .invalidName(let name): "\"\(name)\" is not an XML name"
            case .misnested(let why): "misnested XML: \(why)"
            }
        }
    }

    private struct Open {
        var name: String
        var hasChildElements = false
        var hasText = false
    }

    private let sink: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var open: [Open] = []
    /// The last start tag is still waiting for its `>` (or `/>` if the element stays empty).
    private var startTagPending = false
    private var rootWritten = false

    /// `sink` receives the document in order, in pieces of about 64 KiB.
    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 16 + 4096)
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
    }

    /// Opens an element; attributes whose value is nil are left out, the others written in the order given.
    public mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) throws {
        guard Self.isName(name) else { throw Failure.invalidName(name) }
        if open.isEmpty {
            guard !rootWritten else { throw Failure.misnested("a second root element <\(name)>") }
            rootWritten = true
        } else {
            guard !open[open.count - 1].hasText else { throw Failure.misnested("<\(name)> inside <\(open[open.count - 1].name)>, which holds text") }
            open[open.count - 1].hasChildElements = true
        }
        closePendingStartTag()
        buffer.append(0x0A)
        indent(open.count)
        buffer.append(0x3C)  // <
        append(name)
        open.append(Open(name: name))
        for (key, value) in attributes {
            guard let value else { continue }
            guard Self.isName(key) else { throw Failure.invalidName(key) }
            buffer.append(0x20)
            append(key)
            append("=\"")
            try escape(value, inAttribute: true)
            buffer.append(0x22)
        }
        startTagPending = true
    }

    /// Writes character data into the open element.
    public mutating func text(_ value: String) throws {
        guard let current = open.last else { throw Failure.misnested("text outside the root element") }
        guard !current.hasChildElements else { throw Failure.misnested("text after child elements in <\(current.name)>") }
        closePendingStartTag()
        open[open.count - 1].hasText = true
        try escape(value, inAttribute: false)
    }

    /// Closes the innermost open element.
    public mutating func end() throws {
        guard let current = open.popLast() else { throw Failure.misnested("end() with no open element") }
        if startTagPending {
            append("/>")
            startTagPending = false
        } else {
            if current.hasChildElements {
                buffer.append(0x0A)
                indent(open.count)
            }
            append("</")
            append(current.name)
            buffer.append(0x3E)
        }
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// `<name attributes…>text</name>`; nothing at all when `text` is nil and there are no attributes to keep.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String?) throws {
        guard text != nil || attributes.contains(where: { $0.value != nil }) else { return }
        try start(name, attributes)
        if let text { try self.text(text) }
        try end()
    }

    /// Ends the document: every element must be closed. Flushes what is left to the sink.
    public mutating func finish() throws {
        guard open.isEmpty else { throw Failure.misnested("<\(open.map(\.name).joined(separator: "><"))> still open") }
        guard rootWritten else { throw Failure.misnested("no root element") }
        buffer.append(0x0A)
        try flush()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func closePendingStartTag() {
        if startTagPending {
            buffer.append(0x3E)  // >
            startTagPending = false
        }
    }

    private mutating func indent(_ level: Int) {
        for _ in 0..<(2 * level) { buffer.append(0x20) }
    }

    private mutating func append(_ ascii: String) {
        buffer.append(contentsOf: ascii.utf8)
    }

    // MARK: - Escaping

    /// Whether XML 1.0 allows `scalar` in a document (the `Char` production). Swift strings hold no
    /// surrogates, so what is left to refuse is C0 controls other than tab, LF and CR, and U+FFFE, U+FFFF.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20: false
        case 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// `value` with every character XML 1.0 forbids replaced by U+FFFD, and the characters replaced (none
    /// when `value` can be written as it is).
    public static func replacingForbidden(_ value: String) -> (text: String, replaced: [Unicode.Scalar]) {
        guard value.unicodeScalars.contains(where: { !isAllowed($0) }) else { return (value, []) }
        var scalars = String.UnicodeScalarView()
        var replaced: [Unicode.Scalar] = []
        for scalar in value.unicodeScalars {
            if isAllowed(scalar) {
                scalars.append(scalar)
            } else {
                scalars.append("\u{FFFD}")
                replaced.append(scalar)
            }
        }
        return (String(scalars), replaced)
    }

    /// Appends `value` escaped: `& < > " '` always, so that either quote may delimit an attribute and `]]>`
    /// never appears; CR as `&#13;` (a parser would turn a raw one into LF), and in attributes tab and LF too
    /// (a parser would turn them into spaces).
    private mutating func escape(_ value: String, inAttribute: Bool) throws {
        // Fast path: nothing to escape or check among the bytes (0xEF leads U+FFFE and U+FFFF).
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF }) {
            buffer.append(contentsOf: value.utf8)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "\"": append("&quot;")
            case "'": append("&apos;")
            case "\r": append("&#13;")
            case "\n" where inAttribute: append("&#10;")
            case "\t" where inAttribute: append("&#9;")
            default:
                guard Self.isAllowed(scalar) else {
                    throw Failure.forbiddenCharacter(scalar, path: open.map(\.name).joined(separator: "/"))
                }
                buffer.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// A conservative XML name: an ASCII letter or `_`, then letters, digits, `_`, `-`, `.` or `:`. The
    /// writer's callers use fixed vocabulary names, so this is a guard against mistakes, not a full `Name`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first.isASCIILetter || first == UInt8(ascii: "_") else { return false }
        return name.utf8.allSatisfy { $0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E || $0 == 0x3A }
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
