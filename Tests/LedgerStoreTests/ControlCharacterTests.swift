import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// SPEC "Fidelity": U+0000 and control characters other than TAB and LF are refused in every string of an
/// event, naming the line, the field's path, the character and where it is; nothing is written.
struct ControlCharacterTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        try t.append(#"{"type":"diary.registered","effective":"2023-05-02","data":{"dnr":"RS/412/2023","title":"Ansökan","direction":"in"}}"#)
    }

    /// A diary line whose `title` is `title` (given as JSON string content, so escapes are JSON's).
    static func diary(dnr: String = "RS/7/2023", title: String, extra: String = "") -> String {
        #"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"\#(dnr)","title":"\#(title)","direction":"in"\#(extra)}}"#
    }

    func expectRejected(_ input: String, _ expected: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try t.exportLines()
        let problems = t.problems(input)
        #expect(!problems.isEmpty, "accepted: \(input)", sourceLocation: sourceLocation)
        for needle in expected {
            #expect(problems.contains { $0.contains(needle) }, "no problem mentions \(needle): \(problems)", sourceLocation: sourceLocation)
        }
        #expect(try t.exportLines() == before, "the ledger changed", sourceLocation: sourceLocation)
    }

    /// The issue's example: a NUL-padded dnr from an older system was accepted beside the real one, and the
    /// diary then showed two rows with the same dnr.
    @Test func nulPaddedDnrIsRefused() throws {
        try expectRejected(Self.diary(dnr: #"RS/412/2023\u0000\u0000"#, title: "Ansökan"),
                           "line 1: data.dnr: holds the control character U+0000 (NUL) at character 12")
    }

    @Test func nulInTitleIsRefusedWithItsPosition() throws {
        try expectRejected(Self.diary(title: #"Ans\u0000ökan"#), "line 1: data.title: holds the control character U+0000 (NUL) at character 4")
        // Counted in Unicode scalars: "e" + U+0301 is two, an astral emoji is one.
        try expectRejected(Self.diary(title: #"e\u0301😀\u0007"#), "data.title: holds the control character U+0007 at character 4")
    }

    @Test func everyPlaceInTheEventIsChecked() throws {
        try expectRejected(#"{"id":"a\u0001","type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/8/2023","title":"t","direction":"in"}}"#,
                           "line 1: id: holds the control character U+0001 at character 2")
        try expectRejected(#"{"actor":"registrator\u001b[31m","type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/8/2023","title":"t","direction":"in"}}"#,
                           "line 1: actor: holds the control character U+001B (ESCAPE) at character 12")
        try expectRejected(#"{"type":"plan.registered","plan":"p\u0000","effective":"2023-05-11","data":{"title":"t","kind":"rutin","owner":"o"}}"#,
                           "line 1: plan: holds the control character U+0000 (NUL)")
        try expectRejected(#"{"type":"plan.registered","plan":"p","effective":"2023-05-11","data":{"title":"t","kind":"rutin","owner":"o","period":{"from":"2023-01-01\r","to":2024}}}"#,
                           "line 1: data.period.from: holds the control character U+000D (CARRIAGE RETURN) at character 11")
        // Nested in arrays, and in a member name.
        try expectRejected(Self.diary(title: "t", extra: #","secrecy":{"ground":"OSL\u000b25:1"}"#), "data.secrecy.ground: holds the control character U+000B")
        try expectRejected(#"{"type":"plan.registered","plan":"p","effective":"2023-05-11","data":{"title":"t","kind":"rutin","owner":"o","ti\u0000tle":"x"}}"#,
                           #"line 1: data: the member name "ti\u0000tle" holds the control character U+0000 (NUL) at character 3"#)
        try t.append(#"{"type":"plan.registered","plan":"p","effective":"2023-01-01","data":{"title":"t","kind":"rutin","owner":"o"}}"#)
        try expectRejected(#"{"type":"plan.revised","plan":"p","effective":"2023-05-11","data":{"version":1,"change":"c","content":{"goals":[{"id":"g","perspective":"Ekonomi","text":"a\u0085b","metrics":[]}]}}}"#,
                           "line 1: data.content.goals[0].text: holds the control character U+0085 at character 2")
    }

    @Test func everyBadStringOfEveryLineIsListed() throws {
        let input = [Self.diary(title: #"a\u0000"#, extra: #","counterpart":"b\u0002""#), Self.diary(dnr: "RS/9/2023", title: "ok"),
                     Self.diary(dnr: "RS/10/2023", title: #"\u007f"#)].joined(separator: "\n")
        let problems = t.problems(input)
        #expect(problems == [
            "line 1: data.counterpart: holds the control character U+0002 at character 2; only TAB and line feed are allowed in text",
            "line 1: data.title: holds the control character U+0000 (NUL) at character 2; only TAB and line feed are allowed in text",
            "line 3: data.title: holds the control character U+007F (DELETE) at character 1; only TAB and line feed are allowed in text",
        ])
    }

    /// C1 controls: the symptom of Windows-1252 read as Latin-1; the message names what the byte meant.
    @Test func c1ControlIsNamedAsWindows1252() throws {
        // U+0096 raw in the UTF-8 (C2 96), as `iconv -f ISO-8859-1` makes of an en dash.
        try expectRejected(Self.diary(title: "Plan 2023\u{96}2025"),
                           #"line 1: data.title: holds the control character U+0096 at character 10; C1 control characters usually mean Windows-1252 text was decoded as Latin-1 (ISO 8859-1): byte 0x96 is "–" in Windows-1252; convert the source with iconv -f WINDOWS-1252 -t UTF-8"#)
        try expectRejected(Self.diary(title: #"\u0080"#), "U+0080 at character 1; C1", #"byte 0x80 is "€""#)
        try expectRejected(Self.diary(title: #"\u009f"#), "U+009F at character 1; C1")
        // Unassigned in Windows-1252: still refused, without a guess.
        let problems = t.problems(Self.diary(title: #"\u0081"#))
        #expect(problems.count == 1 && problems[0].contains("U+0081") && !problems[0].contains("is \""))
    }

    /// Both sides of every boundary: TAB, LF, space, `~`, U+00A0 and everything above are text.
    @Test func allowedCharactersAtEveryBoundaryAreKept() throws {
        let title = "a\tb\nc ~\u{A0}\u{A1}å\u{301}\u{200F}\u{FEFF}😀\u{10FFFF}"
        var json = ""
        for scalar in title.unicodeScalars {
            if scalar == "\t" { json += #"\t"# } else if scalar == "\n" { json += #"\n"# } else { json.unicodeScalars.append(scalar) }
        }
        try t.append(Self.diary(title: json))
        var stored: String?
        try t.ledger.forEachEvent { stored = $0.data["title"]?.stringValue }
        #expect(stored.map { Array($0.utf8) } == Array(title.utf8))
        for value: UInt32 in [0x00, 0x08, 0x0B, 0x0C, 0x0D, 0x1F, 0x7F, 0x80, 0x9F] {
            #expect(TextCheck.isForbidden(value), "U+\(String(value, radix: 16)) allowed")
        }
        for value: UInt32 in [0x09, 0x0A, 0x20, 0x7E, 0xA0, 0xFFFD, 0x10FFFF] {
            #expect(!TextCheck.isForbidden(value), "U+\(String(value, radix: 16)) refused")
        }
    }

    /// Events built in code (the registrar commands) and the default actor from the environment are checked too.
    @Test func eventsBuiltInCodeAndTheDefaultActorAreChecked() throws {
        #expect(throws: Rejection.self) {
            _ = try ProposedEvent(type: .diaryRegistered, effective: LedgerDate(iso: "2023-05-11")!,
                                  data: ["dnr": "RS/11/2023", "title": "a\u{0}b", "direction": "in"])
        }
        do {
            _ = try ProposedEvent(type: .diaryRegistered, effective: LedgerDate(iso: "2023-05-11")!, actor: "x\u{9B}",
                                  data: ["dnr": "RS/11/2023", "title": "ab", "direction": "in"])
            Issue.record("accepted a C1 actor")
        } catch {
            #expect(error.problems.map(\.description) == [
                "actor: holds the control character U+009B at character 2; C1 control characters usually mean Windows-1252 text was decoded as Latin-1 (ISO 8859-1): byte 0x9B is \"›\" in Windows-1252; convert the source with iconv -f WINDOWS-1252 -t UTF-8",
            ])
        }
        let before = try t.exportLines()
        do {
            try t.ledger.append(TemporaryLedger.lines(Self.diary(title: "ok")), actor: "registrator\u{0}sh")
            Issue.record("accepted a NUL in the default actor")
        } catch {
            guard case .rejected(let r) = error else { Issue.record("unexpected \(error)"); return }
            #expect(r.problems.map(\.description) == ["actor: holds the control character U+0000 (NUL) at character 12; only TAB and line feed are allowed in text"])
        }
        #expect(try t.exportLines() == before)
    }
}
