import Testing

@testable import LedgerCore

struct JSONParserTests {
    // MARK: Accepted input

    @Test func parsesNestedDocument() throws {
        let text = #" { "plan" : { "id": "p-1", "tags": ["a", "b", []], "n": -12.5e1, "ok": true, "no": false, "nil": null } } "#
        let value = try JSONParser.parse(text)
        let expected: JSONValue = [
            "plan": [
                "id": "p-1", "tags": ["a", "b", []], "n": -125.0, "ok": true, "no": false, "nil": nil,
            ]
        ]
        #expect(value == expected)
    }

    @Test func parsesScalarsAtTopLevel() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("\t\r\n false \n") == .bool(false))
        #expect(try JSONParser.parse("42") == .number(42))
        #expect(try JSONParser.parse(#""x""#) == .string("x"))
        #expect(try JSONParser.parse("{}") == .object([:]))
        #expect(try JSONParser.parse("[ ]") == .array([]))
    }

    @Test func decodesEscapes() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e5\u20AC\u0000""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAå€\u{0}"))
    }

    @Test func decodesSurrogatePairEscape() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""a\uD83D\uDE00b""#) == .string("a😀b"))
        #expect(try JSONParser.parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
    }

    @Test func keepsRawUnicode() throws {
        #expect(try JSONParser.parse(#""åäö""#) == .string("åäö"))
        #expect(try JSONParser.parse("{\"名前\":\"😀 €\u{2028}\"}") == .object(["名前": .string("😀 €\u{2028}")]))
        // Raw text after an escape takes the slow path; it must be copied intact too.
        #expect(try JSONParser.parse(#""\n åäö 😀""#) == .string("\n åäö 😀"))
    }

    @Test func entryPointsAgree() throws {
        let text = #"{"a":[1,2,{"b":"åäö"}]}"#
        let bytes = Array(text.utf8)
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(bytes)
        let fromBuffer = try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(raw) }
        }.get()
        #expect(fromString == fromArray)
        #expect(fromArray == fromBuffer)
    }

    @Test(arguments: [
        ("0", 0.0), ("-1", -1), ("123456789", 123_456_789), ("1.5", 1.5), ("-0.25", -0.25),
        ("1e3", 1000), ("1E+3", 1000), ("1e-3", 0.001), ("2.5E-2", 0.025), ("0.1", 0.1),
        ("9007199254740993", 9_007_199_254_740_992), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ("5e-324", .leastNonzeroMagnitude), ("2.2250738585072014e-308", .leastNormalMagnitude),
        ("0.1000000000000000055511151231257827", 0.1), ("123456789012345678901234567890", 1.2345678901234568e29),
        ("1e-400", 0), ("0e999999999999", 0), ("0.000000000000000000000000001", 1e-27),
        ("333333333.33333329", 333_333_333.33333329), ("4.50", 4.5), ("1E30", 1e30),
    ] as [(String, Double)])
    func parsesNumbersWithCorrectRounding(text: String, expected: Double) throws {
        #expect(try JSONParser.parse(text) == .number(expected))
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case .number(let zero) = try JSONParser.parse("-0") else {
            Issue.record("not a number")
            return
        }
        #expect(zero == 0 && zero.sign == .minus)
        guard case .number(let other) = try JSONParser.parse("-0.0e5") else { return }
        #expect(other.sign == .minus)
    }

    @Test func acceptsNestingOf64Levels() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        var arrays: JSONValue = .array([])
        for _ in 1..<64 { arrays = .array([arrays]) }
        #expect(try JSONParser.parse(text) == arrays)
        let objects = String(repeating: #"{"a":"#, count: 63) + "[]" + String(repeating: "}", count: 63)
        var nested: JSONValue = .array([])
        for _ in 0..<63 { nested = .object(["a": nested]) }
        #expect(try JSONParser.parse(objects) == nested)
    }

    // MARK: Rejected input

    /// Input, expected message, expected byte offset.
    static let rejections: [(String, String, Int)] = [
        ("", "unexpected end of input", 0),
        ("   ", "unexpected end of input", 3),
        (#"{"plan":1,"plan":2}"#, #"duplicate key "plan""#, 10),
        (#"{"a":1,"\u0061":2}"#, #"duplicate key "a""#, 7),
        ("NaN", "unexpected character 'N'", 0),
        ("Infinity", "unexpected character 'I'", 0),
        ("-Infinity", "expected a digit after '-'", 1),
        ("[1,NaN]", "unexpected character 'N'", 3),
        ("01", "leading zeros are not allowed", 0),
        ("-012", "leading zeros are not allowed", 0),
        ("+1", "unexpected character '+'", 0),
        (".5", "unexpected character '.'", 0),
        ("1.", "expected a digit after the decimal point", 2),
        ("1.e5", "expected a digit after the decimal point", 2),
        ("1e", "expected a digit in the exponent", 2),
        ("1e+", "expected a digit in the exponent", 3),
        ("-", "unexpected end of input", 1),
        ("0x10", "trailing characters after the value", 1),
        ("1e309", "number out of range", 0),
        ("-1e400", "number out of range", 0),
        ("[1,2,]", "trailing comma in array", 4),
        (#"{"a":1,}"#, "trailing comma in object", 6),
        ("[1 , ]", "trailing comma in array", 3),
        ("[,1]", "unexpected character ','", 1),
        (#"{"a" 1}"#, "unexpected character '1', expected ':'", 5),
        ("{1:2}", "unexpected character '1', expected a member name", 1),
        ("[1 2]", "unexpected character '2', expected ',' or ']'", 3),
        ("// c\n1", "unexpected character '/'", 0),
        ("/* c */ 1", "unexpected character '/'", 0),
        ("1 // c", "trailing characters after the value", 2),
        ("[1]]", "trailing characters after the value", 3),
        ("1 2", "trailing characters after the value", 2),
        ("tru", "unexpected end of input", 3),
        ("trUe", "unexpected character 'U'", 2),
        ("nul", "unexpected end of input", 3),
        (#""abc"#, "unterminated string", 4),
        (#""abc\"#, "unterminated string", 5),
        (#""ab\n"#, "unterminated string", 5),
        ("\"a\nb\"", "control character U+000A in string", 2),
        ("\"\u{0}\"", "control character U+0000 in string", 1),
        ("\"\u{1F}\"", "control character U+001F in string", 1),
        ("\"\\n\t\"", "control character U+0009 in string", 3),
        (#""\q""#, #"invalid escape \q"#, 1),
        (#""\x41""#, #"invalid escape \x"#, 1),
        (#""\'""#, #"invalid escape \'"#, 1),
        (#""\u12""#, #"invalid escape: \u needs four hex digits"#, 1),
        (#""\u12g4""#, #"invalid escape: \u needs four hex digits"#, 1),
        (#""\ud800""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800x""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800\n""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800\u0041""#, #"lone surrogate \ud800"#, 1),
        (#""\ud800\ud800""#, #"lone surrogate \ud800"#, 1),
        (#""a\udc00""#, #"lone surrogate \udc00"#, 2),
        (#"{"k":"\ude00\ud83d"}"#, #"lone surrogate \ude00"#, 6),
        ("\u{FEFF}1", "unexpected byte 0xEF", 0),
        ("\u{A0}1", "unexpected byte 0xC2", 0),
    ]

    @Test(arguments: rejections)
    func rejects(text: String, message: String, offset: Int) {
        #expect(throws: JSONParseError(offset: offset, message: message)) {
            try JSONParser.parse(text)
        }
    }

    @Test func rejectsNestingDeeperThan64() {
        let arrays = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError(offset: 64, message: "nesting deeper than 64 levels")) {
            try JSONParser.parse(arrays)
        }
        // Unbounded depth must fail cleanly rather than overflow the stack.
        let deep = String(repeating: #"{"a":["#, count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test(arguments: [
        ([0x22, 0xFF, 0x22], 1),  // never valid in UTF-8
        ([0x22, 0x80, 0x22], 1),  // stray continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 1),  // overlong '/'
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 2),  // overlong, three bytes
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),  // UTF-8-encoded surrogate D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),  // above U+10FFFF
        ([0x22, 0xC3, 0x22], 2),  // truncated before the closing quote
        ([0x22, 0xE2, 0x82], 1),  // truncated at end of input
        ([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], 4),  // bad byte after an escape (slow path)
        ([0xC3, 0xA5], 0),  // non-ASCII outside a string
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error?.offset == offset)
    }

    @Test func errorDescriptionNamesTheOffset() {
        let error = JSONParseError(offset: 7, message: "unexpected character 'x'")
        #expect(error.description == "unexpected character 'x' at byte 7")
    }

    @Test func canonicallyEquivalentKeysCountAsDuplicates() {
        // A [String: JSONValue] cannot hold both, since Swift compares strings by canonical
        // equivalence; the parser must say so rather than silently drop one.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"\u00e9":1,"e\u0301":2}"#) }
    }
}
