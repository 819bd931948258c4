import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LedgerCore
import Testing
import TestSupport

/// SPEC "Fidelity", end to end: random Unicode text appended with `planledger append` comes back byte for
/// byte from every query's JSON, from `export`, and from the ERMS document (parsed back with Foundation's
/// XMLParser); a registrar command's options do too. The in-process property with many more seeds is
/// `TextFidelityTests`.
@Suite(.serialized) struct TextFidelityCLITests {
    static let seeds: [UInt64] = [101, 202, 303, 404]

    /// Every text node (whole, across the parser's chunks) and attribute value of an XML document.
    final class XMLStrings: NSObject, XMLParserDelegate {
        var found: Set<[UInt8]> = []
        private var stack: [String] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            for value in attributeDict.values { found.insert(Array(value.utf8)) }
            stack.append("")
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1] += string }
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            found.insert(Array(stack.removeLast().utf8))
        }
    }

    static func xmlStrings(_ data: Data) throws -> Set<[UInt8]> {
        let parser = XMLParser(data: data)
        let collector = XMLStrings()
        parser.delegate = collector
        try #require(parser.parse(), "the ERMS document does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector.found
    }

    static func jsonStrings(_ text: String) throws -> Set<[UInt8]> {
        FidelityHistory.strings(in: try JSONParser.parse(text))
    }

    @Test(arguments: seeds)
    func everyTextSurvivesTheCLI(seed: UInt64) throws {
        let dir = try TemporaryDirectory()
        let ledger = dir.path("fidelity.sqlite")
        let env = ["PLANLEDGER_NOW": "2024-06-01T10:00:00Z"]
        func run(_ args: String..., stdin: String = "") throws -> CommandResult {
            let r = try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8), environment: env)
            #expect(r.status == 0, "planledger \(args.joined(separator: " ")): \(r.stderr)")
            return r
        }
        _ = try run("init")
        let history = FidelityHistory(seed: seed)
        _ = try run("append", "-", stdin: history.lines.joined(separator: "\n") + "\n")

        var missing: [String] = []
        func check(_ output: FidelityHistory.Output, _ found: Set<[UInt8]>) {
            missing += history.missing(in: output, from: found)
        }
        let asOf = FidelityHistory.asOf
        check(.plans, try Self.jsonStrings(try run("plans", "--as-of", asOf, "--format", "json").stdout))
        check(.show, try Self.jsonStrings(try run("show", history.plan, "--as-of", asOf, "--format", "json").stdout))
        check(.changes, try Self.jsonStrings(try run("changes", history.plan, "--format", "json").stdout))
        check(.diary, try Self.jsonStrings(try run("diary", "--as-of", asOf, "--format", "json").stdout))
        check(.history, try Self.jsonStrings(try run("history", history.plan, "--format", "json").stdout))
        check(.replay, try Self.jsonStrings(try run("replay", "--as-of", asOf, "--format", "json").stdout))
        check(.followups, try Self.jsonStrings(try run("followups", history.plan, "--as-of", asOf, "--format", "json").stdout))
        check(.assignments, try Self.jsonStrings(try run("assignments", "--as-of", asOf, "--format", "json").stdout))
        let export = try run("export").stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        check(.export, FidelityHistory.strings(in: export))
        let erms = try run("export", "--format", "erms", "--as-of", asOf)
        #expect(erms.stderr.isEmpty, "the ERMS export replaced characters: \(erms.stderr)")
        check(.erms, try Self.xmlStrings(Data(erms.stdout.utf8)))
        #expect(missing.isEmpty, "seed \(seed):\n\(missing.joined(separator: "\n"))")
        #expect(try CommandRunner.run(["verify", "--ledger", ledger], environment: env).status == 0)
    }

    /// Texts typed as options (not only read from files) are kept byte for byte as well.
    @Test func registrarOptionsKeepTheirBytes() throws {
        let dir = try TemporaryDirectory()
        let ledger = dir.path("options.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        var rng = SeededRandom(seed: 7)
        let title = "Ansökan\tom\nbidrag " + RandomText.text(tag: "title", using: &rng)
        let counterpart = "Förening e\u{301} \u{1F600} שלום " + RandomText.text(tag: "counterpart", using: &rng)
        let dnr = "RS/\u{10FFFF}/2023 " + RandomText.text(tag: "dnr", using: &rng).precomposedStringWithCanonicalMapping
        let actor = "registratör:" + RandomText.text(tag: "actor", using: &rng)
        let r = try CommandRunner.run(["diarise", "--dnr", dnr, "--title", title, "--counterpart", counterpart, "--direction", "in",
                                       "--effective", "2023-05-11", "--ledger", ledger],
                                      environment: ["PLANLEDGER_ACTOR": actor, "PLANLEDGER_NOW": "2024-06-01T10:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let diary = try Self.jsonStrings(try CommandRunner.run(["diary", "--format", "json", "--ledger", ledger]).stdout)
        let export = try Self.jsonStrings(try CommandRunner.run(["export", "--ledger", ledger]).stdout)
        for text in [title, counterpart, dnr] {
            #expect(diary.contains(Array(text.utf8)), "diary lost \(text.debugDescription)")
            #expect(export.contains(Array(text.utf8)), "export lost \(text.debugDescription)")
        }
        #expect(export.contains(Array(actor.utf8)), "export lost the actor \(actor.debugDescription)")
    }
}
