import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What the ERMS tests check an export against: the schema (with xmllint), the Schematron's co-occurrence
/// rules (read from erms.sch), and the document as a tree to count from.
enum ERMSChecks {
    static let standards = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Standards/ERMS")
    static let schema = standards.appendingPathComponent("ERMS.xsd").path
    static let schematron = standards.appendingPathComponent("erms.sch").path

    /// `xmllint` on the PATH, or nil.
    static var xmllint: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/xmllint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Validates `file` against ERMS.xsd with `xmllint --noout --schema`; records an issue (never passes
    /// silently) when xmllint is missing or finds errors. Returns the seconds xmllint took.
    @discardableResult
    static func validate(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
        guard let xmllint else {
            Issue.record("xmllint is not installed, so the export cannot be validated against ERMS.xsd: apt-get install libxml2-utils (.ci/run does)", sourceLocation: sourceLocation)
            return 0
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xmllint)
        process.arguments = ["--noout", "--schema", schema, file]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        #expect(process.terminationStatus == 0, "xmllint: \(message.prefix(3000))", sourceLocation: sourceLocation)
        #expect(message.trimmingCharacters(in: .whitespacesAndNewlines) == "\(file) validates", sourceLocation: sourceLocation)
        return seconds
    }

    /// A co-occurrence rule of erms.sch: an element whose `attribute` is `value` must have a non-blank `required`.
    struct Rule: CustomStringConvertible {
        var attribute: String
        var value: String
        var required: String
        var description: String { "@\(attribute)='\(value)' needs @\(required)" }
    }

    /// The rules as erms.sch states them (`<rule context="*[@A = 'V']"><assert test="normalize-space(@B)">`).
    static func rules() throws -> [Rule] {
        let text = try String(contentsOfFile: schematron, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"<rule context="\*\[@(\w+) = '([^']+)'\]">\s*<assert test="normalize-space\(@(\w+)\)""#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            func group(_ i: Int) -> String { String(text[Range(m.range(at: i), in: text)!]) }
            return Rule(attribute: group(1), value: group(2), required: group(3))
        }
    }

    /// The elements of `document` that break a Schematron rule. A rule's value is matched without regard to
    /// case: erms.sch writes dateType 'Other' while the schema only allows 'other', and the rule's intent is
    /// plainly the schema's value.
    static func schematronViolations(_ document: Element) throws -> [String] {
        let rules = try rules()
        #expect(rules.count == 9, "erms.sch should state nine co-occurrence rules, found \(rules)")
        var violations: [String] = []
        document.walk { element in
            for rule in rules {
                guard let value = element.attributes[rule.attribute], value.lowercased() == rule.value.lowercased() else { continue }
                if (element.attributes[rule.required] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    violations.append("<\(element.name)>: \(rule)")
                }
            }
        }
        return violations
    }

    /// An element of a parsed document: enough of a DOM to count and compare from.
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        func first(_ name: String) -> Element? { children.first { $0.name == name } }
        /// The text of the first child called `name`.
        func value(_ name: String) -> String? { first(name)?.text }

        func walk(_ body: (Element) -> Void) {
            body(self)
            for child in children { child.walk(body) }
        }
    }

    /// Parses an XML document with Foundation's XMLParser (libxml2); nil with the parser's error when it is not well-formed.
    static func parse(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> Element? {
        final class Builder: NSObject, XMLParserDelegate {
            var stack: [Element] = []
            var root: Element?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                let element = Element(name: name, attributes: attributes)
                stack.last?.children.append(element)
                if stack.isEmpty { root = element }
                stack.append(element)
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                stack.last?.text += string
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                let element = stack.removeLast()
                if !element.children.isEmpty { element.text = "" }  // indentation between child elements
            }
        }
        let parser = XMLParser(data: data)
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            Issue.record("not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "?")", sourceLocation: sourceLocation)
            return nil
        }
        return root
    }
}
