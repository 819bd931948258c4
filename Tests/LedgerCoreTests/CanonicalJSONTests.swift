import Foundation
import Testing
import TestSupport

@testable import LedgerCore

struct CanonicalJSONTests {
    // MARK: RFC 8785 examples

    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    @Test(arguments: [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
        (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xc340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
        (0x44b5_2d02_c7e1_4af6, "1e+23"),
        (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
        (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
        (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
        (0x444b_1ae4_d6e2_ef50, "1e+21"),
        (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
        (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
        (0x41b3_de43_5555_5553, "333333333.3333332"),
        (0x41b3_de43_5555_5554, "333333333.33333325"),
        (0x41b3_de43_5555_5555, "333333333.3333333"),
        (0x41b3_de43_5555_5556, "333333333.3333334"),
        (0x41b3_de43_5555_5557, "333333333.33333343"),
        (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
        (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
    ] as [(UInt64, String)])
    func appendixBNumbers(bits: UInt64, expected: String) {
        let value = Double(bitPattern: bits)
        #expect(CanonicalJSON.formatNumber(value) == expected)
        #expect(CanonicalJSON.string(.number(value)) == expected)
    }

    /// RFC 8785 section 3.2.2: parse a document and serialize it canonically.
    @Test func section322Example() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        let value = try JSONParser.parse(input)
        #expect(CanonicalJSON.string(value) == expected)
        #expect(CanonicalJSON.encode(value) == Array(expected.utf8))
    }

    /// RFC 8785 section 3.2.3: members sorted by UTF-16 code units.
    @Test func section323SortingExample() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected =
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
            + "\"😀\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(CanonicalJSON.string(try JSONParser.parse(input)) == expected)
    }

    // MARK: Numbers

    @Test(arguments: [
        (6.3, "6.3"), (1e-7, "1e-7"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (100, "100"),
        (-0.0, "0"), (0.000001, "0.000001"), (0.0000012345, "0.0000012345"), (1.5e-7, "1.5e-7"),
        (123e-20, "1.23e-18"), (-1.5, "-1.5"), (0.1, "0.1"), (1e16, "10000000000000000"),
        (12345.678, "12345.678"), (9_007_199_254_740_991, "9007199254740991"), (-42, "-42"),
        (1.2345678901234567e-4, "0.00012345678901234567"), (4.35, "4.35"), (1e300, "1e+300"),
        (Double(bitPattern: 4), "2e-323"), (1.2345678901234568e20, "123456789012345680000"),
    ] as [(Double, String)])
    func formatsNumbersAsECMAScript(value: Double, expected: String) {
        #expect(CanonicalJSON.formatNumber(value) == expected)
    }

    @Test func nonFiniteNumbers() {
        #expect(CanonicalJSON.formatNumber(.nan) == "NaN")
        #expect(CanonicalJSON.formatNumber(.infinity) == "Infinity")
        #expect(CanonicalJSON.formatNumber(-.infinity) == "-Infinity")
        // JSON.stringify's behaviour; the parser never produces these.
        #expect(CanonicalJSON.string([.number(.nan), .number(.infinity)]) == "[null,null]")
    }

    @Test func numbersRoundTripThroughTheParser() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = CanonicalJSON.formatNumber(value)
            let parsed = try JSONParser.parse(text)
            #expect(parsed == .number(value), "\(text) for \(value)")
        }
    }

    // MARK: Strings

    @Test func escapesLikeJSONStringify() {
        var controls = ""
        for scalar in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let expectedControls =
            #"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
        #expect(CanonicalJSON.string(.string(controls)) == "\"" + expectedControls + "\"")
        #expect(CanonicalJSON.string(.string(#"a"b\c/d"#)) == #""a\"b\\c/d""#)
        // DEL, line/paragraph separators and everything non-ASCII are written as they are.
        let literal = "\u{7F}\u{2028}\u{2029}åäö€😀\u{FFFF}\u{10FFFF}"
        #expect(CanonicalJSON.encode(.string(literal)) == Array("\"\(literal)\"".utf8))
        #expect(CanonicalJSON.string(.string("")) == #""""#)
    }

    // MARK: Structure

    @Test func writesNoWhitespace() {
        let value: JSONValue = ["b": [1, 2, ["c": nil]], "a": true, "": "empty", "d": [:], "e": []]
        #expect(CanonicalJSON.string(value) == #"{"":"empty","a":true,"b":[1,2,{"c":null}],"d":{},"e":[]}"#)
    }

    @Test func encodeIntoAppends() {
        var output = Array("x".utf8)
        CanonicalJSON.encode(["k": 1], into: &output)
        #expect(output == Array(#"x{"k":1}"#.utf8))
    }

    @Test func sortsSupplementaryBeforeHighBMP() {
        // Code point (and UTF-8) order would put U+E000 and U+FFFF first; UTF-16 puts the
        // surrogate pairs of U+10000 and U+1F600 (D800…, D83D…) before them.
        let value: JSONValue = ["\u{FFFF}": 1, "\u{E000}": 2, "\u{1F600}": 3, "\u{10000}": 4, "\u{D7FF}": 5, "z": 6]
        #expect(CanonicalJSON.string(value) == "{\"z\":6,\"\u{D7FF}\":5,\"\u{10000}\":4,\"\u{1F600}\":3,\"\u{E000}\":2,\"\u{FFFF}\":1}")
    }

    @Test func keyOrderMatchesUTF16Comparison() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5_000 {
            let a = randomString(&generator, maxLength: 4)
            let b = randomString(&generator, maxLength: 4)
            let expected = a.utf16.lexicographicallyPrecedes(b.utf16)
            #expect(CanonicalJSON.utf16Precedes(a, b) == expected, "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
        }
    }

    // MARK: Cross-check against the Python reference implementation

    /// Skipped (and reported as skipped) on a machine without the module; in CI it runs and fails without it.
    @Test(.enabled(if: CrossCheck.runs(toolAvailable: PythonRFC8785.isAvailable),
                   "python3 with the rfc8785 module is not installed (pip install rfc8785); with CI=true this test fails instead"))
    func matchesPythonRFC8785() throws {
        try #require(PythonRFC8785.isAvailable, "CI needs python3 with the rfc8785 module for the independent JCS check: pip install rfc8785 (.ci/run does)")
        var generator = SeededGenerator(seed: 8785)
        var values: [JSONValue] = []
        for _ in 0..<2_000 { values.append(randomValue(&generator, depth: 0)) }
        let ours = values.map { CanonicalJSON.encode($0) }

        // The parser must read back exactly what the encoder wrote.
        for (value, bytes) in zip(values, ours) {
            #expect(try JSONParser.parse(bytes) == value)
        }

        // One line per value: canonical output never contains a raw newline.
        let theirs = try PythonRFC8785.canonicalize(ours)
        try #require(theirs.count == ours.count)
        var mismatches = 0
        for (index, (mine, reference)) in zip(ours, theirs).enumerated() where mine != reference {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record(
                    "value \(index): ours \(String(decoding: mine, as: UTF8.self)) vs rfc8785 \(String(decoding: reference, as: UTF8.self))"
                )
            }
        }
        #expect(mismatches == 0)
    }
}

// MARK: - Helpers

/// SplitMix64: a tiny deterministic generator, so failures reproduce.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Characters chosen to hit escaping and UTF-16 ordering edge cases.
private let interestingScalars: [Unicode.Scalar] = [
    "a", "b", "z", "A", "0", "1", " ", "\"", "\\", "/", "'", "\u{0}", "\u{1}", "\u{8}", "\t", "\n", "\u{B}",
    "\u{C}", "\r", "\u{1F}", "\u{7F}", "\u{80}", "\u{F6}", "\u{E5}", "\u{301}", "\u{2028}", "\u{20AC}",
    "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{1F44D}",
    "\u{10FFFF}",
]

private func randomString(_ generator: inout SeededGenerator, maxLength: Int) -> String {
    var string = ""
    let length = Int.random(in: 0...maxLength, using: &generator)
    for _ in 0..<length {
        if Bool.random(using: &generator) {
            string.unicodeScalars.append(interestingScalars.randomElement(using: &generator)!)
        } else {
            // Any scalar at all, skipping the surrogate gap.
            var value = UInt32.random(in: 0...0x10FFFF, using: &generator)
            if (0xD800...0xDFFF).contains(value) { value -= 0x800 }
            string.unicodeScalars.append(Unicode.Scalar(value)!)
        }
    }
    return string
}

private func randomNumber(_ generator: inout SeededGenerator) -> Double {
    switch Int.random(in: 0..<5, using: &generator) {
    case 0:
        while true {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { return value }
        }
    case 1: return Double(Int.random(in: -1000...1000, using: &generator))
    case 2: return Double(Int64.random(in: -(1 << 62)...(1 << 62), using: &generator))
    case 3: return Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100
    default:
        // Short decimals around the ES layout boundaries (1e-7, 1e21).
        let exponent = Int.random(in: -30...30, using: &generator)
        let mantissa = Int.random(in: 1...999_999, using: &generator)
        return Double("\(mantissa)e\(exponent)")!
    }
}

private func randomValue(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
    let pick = Int.random(in: 0..<(depth >= 4 ? 5 : 7), using: &generator)
    switch pick {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2, 3: return .number(randomNumber(&generator))
    case 4: return .string(randomString(&generator, maxLength: 12))
    case 5:
        let count = Int.random(in: 0...4, using: &generator)
        return .array((0..<count).map { _ in randomValue(&generator, depth: depth + 1) })
    default:
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            members[randomString(&generator, maxLength: 3)] = randomValue(&generator, depth: depth + 1)
        }
        return .object(members)
    }
}

/// Runs the `rfc8785` Python package (Trail of Bits' implementation) as a reference.
private enum PythonRFC8785 {
    struct Failed: Error { var status: Int32 }

    static let isAvailable: Bool = (try? run(["-c", "import rfc8785"])) == 0

    /// Canonicalizes each line with rfc8785.dumps in a single python3 process.
    static func canonicalize(_ documents: [[UInt8]]) throws -> [[UInt8]] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jcs-crosscheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.jsonl")
        let output = directory.appendingPathComponent("out.jsonl")
        try Data(Array(documents.joined(separator: [0x0A]))).write(to: input)
        // parse_int=float: JSON numbers are doubles; a Python int beyond 2^53 would be refused.
        // Split on b"\n" only: str.splitlines would also split at U+2028.
        let script = """
            import json, sys, rfc8785
            lines = open(sys.argv[1], 'rb').read().split(b'\\n')
            out = [rfc8785.dumps(json.loads(l.decode('utf-8'), parse_int=float)) for l in lines]
            open(sys.argv[2], 'wb').write(b'\\n'.join(out))
            """
        let status = try run(["-c", script, input.path, output.path])
        guard status == 0 else { throw Failed(status: status) }
        let data = try Data(contentsOf: output)
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    }

    private static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
