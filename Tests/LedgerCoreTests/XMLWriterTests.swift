import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@testable import LedgerCore

struct XMLWriterTests {
    /// Writes a document with `body` and returns its text.
    static func document(_ body: (inout XMLWriter) throws -> Void) throws -> String {
        var bytes: [UInt8] = []
        var xml = XMLWriter { bytes += $0 }
        try body(&xml)
        try xml.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What a real parser reads back: each element's name, attributes and text, in document order.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        var stack: [Int] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(elements.count)
            elements.append((name, attributes, ""))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = stack.last { elements[i].text += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }
    }

    static func parse(_ text: String) -> Reader? {
        let parser = XMLParser(data: Data(text.utf8))
        let reader = Reader()
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    @Test func writesNestedElementsIndented() throws {
        let text = try Self.document { xml in
            try xml.start("erms", ["xmlns": "https://DILCIS.eu/XML/ERMS", "absent": nil])
            try xml.start("control")
            try xml.element("identification", ["identificationType": "system"], text: "planledger")
            try xml.element("empty", ["value": "new"], text: nil)
            try xml.element("skipped", text: nil)
            try xml.end()
            try xml.end()
        }
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <erms xmlns="https://DILCIS.eu/XML/ERMS">
              <control>
                <identification identificationType="system">planledger</identification>
                <empty value="new"/>
              </control>
            </erms>

            """)
    }

    @Test func escapesMarkupAndQuotesAndKeepsSwedishText() throws {
        let hostile = #"Å&ä<ö> "citat" 'apostrof' ]]> &amp; § – “”"#
        let text = try Self.document { xml in
            try xml.start("root", ["title": hostile])
            try xml.text(hostile)
            try xml.end()
        }
        #expect(!text.contains("]]>"))
        #expect(text.contains("Å&amp;ä&lt;ö&gt; &quot;citat&quot; &apos;apostrof&apos; ]]&gt; &amp;amp;"))
        let reader = try #require(Self.parse(text))
        #expect(reader.elements.first?.text == hostile)
        #expect(reader.elements.first?.attributes["title"] == hostile)
    }

    @Test func whitespaceInAttributesAndCarriageReturnsSurviveParsing() throws {
        let value = "rad ett\r\nrad två\tflik"
        let text = try Self.document { xml in
            try xml.element("root", ["a": value], text: value)
        }
        let reader = try #require(Self.parse(text))
        #expect(reader.elements[0].attributes["a"] == value)
        #expect(reader.elements[0].text == value)
    }

    @Test(arguments: [0x0, 0x1, 0x7, 0xB, 0xC, 0x1B, 0x1F, 0xFFFE, 0xFFFF] as [UInt32])
    func refusesWhatXMLCannotCarry(code: UInt32) throws {
        let character = String(Unicode.Scalar(code)!)
        #expect(throws: XMLWriter.Failure.forbiddenCharacter(character.unicodeScalars.first!, path: "root/title")) {
            _ = try Self.document { xml in
                try xml.start("root")
                try xml.element("title", text: "Klagomål\(character)x")
                try xml.end()
            }
        }
        #expect(throws: XMLWriter.Failure.self) {
            _ = try Self.document { xml in try xml.element("root", ["a": character], text: nil) }
        }
        let (clean, replaced) = XMLWriter.replacingForbidden("a\(character)b")
        #expect(clean == "a\u{FFFD}b")
        #expect(replaced == Array(character.unicodeScalars))
    }

    @Test func allowsWhatXMLAllows() throws {
        // C1 controls and non-characters other than U+FFFE/U+FFFF are discouraged, not forbidden.
        let value = "\u{7F}\u{85}" + String(Unicode.Scalar(0xFDD0)!) + "\u{FFFD}\u{10000}" + String(Unicode.Scalar(0x10FFFF)!) + "😀"
        #expect(XMLWriter.replacingForbidden(value).replaced.isEmpty)
        let text = try Self.document { xml in try xml.element("root", text: value) }
        #expect(try #require(Self.parse(text)).elements[0].text == value)
    }

    @Test func refusesMisnestingAndBadNames() throws {
        #expect(throws: XMLWriter.Failure.self) { _ = try Self.document { xml in try xml.start("root") } }
        #expect(throws: XMLWriter.Failure.self) { _ = try Self.document { _ in } }
        #expect(throws: XMLWriter.Failure.self) { _ = try Self.document { xml in try xml.end() } }
        #expect(throws: XMLWriter.Failure.invalidName("1bad")) { _ = try Self.document { xml in try xml.element("1bad", text: "x") } }
        #expect(throws: XMLWriter.Failure.invalidName("a b")) { _ = try Self.document { xml in try xml.element("root", ["a b": "x"], text: nil) } }
        #expect(throws: XMLWriter.Failure.self) {
            _ = try Self.document { xml in
                try xml.element("root", text: "x")
                try xml.element("second", text: "y")
            }
        }
        #expect(throws: XMLWriter.Failure.self) {
            _ = try Self.document { xml in
                try xml.start("root")
                try xml.text("x")
                try xml.element("child", text: "y")
            }
        }
    }

    @Test func streamsInPiecesWithoutHoldingTheDocument() throws {
        var pieces: [Int] = []
        var total = 0
        var xml = XMLWriter { pieces.append($0.count); total += $0.count }
        try xml.start("root")
        for i in 0..<20_000 { try xml.element("item", ["n": String(i)], text: "värde \(i)") }
        try xml.end()
        try xml.finish()
        #expect(pieces.count > 5)
        #expect(pieces.dropLast().allSatisfy { $0 >= 1 << 16 && $0 < (1 << 16) + 4096 })
        #expect(pieces.reduce(0, +) == total)
    }
}
