import LedgerCore
import Testing

/// SPEC "Fidelity": input that is not UTF-8 is named as Windows-1252 when it holds bytes 0x80–0x9F, else as
/// Latin-1, with the iconv command that converts it, and the byte named is the bad one itself.
struct UTF8CheckTests {
    /// A decision line whose subject is `subject` as raw bytes.
    static func line(subject: [UInt8]) -> [UInt8] {
        Array(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":""#.utf8) + subject
            + Array(#"","text":"t"}}"#.utf8)
    }

    static let prefix = #"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":""#.utf8.count

    static func problem(_ bytes: [UInt8]) -> String? {
        guard case .failure(let r) = EventDecoder.decode(bytes) else { return nil }
        return r.problems.first?.description
    }

    /// "Ansökan – från" as Windows-1252 writes it: ö is 0xF6, the en dash 0x96.
    @Test func windows1252IsNamedByItsDashAndTheHintConvertsFromIt() throws {
        let subject: [UInt8] = Array("Ans".utf8) + [0xF6] + Array("kan ".utf8) + [0x96] + Array(" fr".utf8) + [0xE5] + Array("n".utf8)
        let message = try #require(Self.problem(Self.line(subject: subject)))
        // The first bad byte is the ö, 4th of the subject, counted from 1 over the whole line.
        #expect(message.hasPrefix("not valid UTF-8: byte \(Self.prefix + 4) is 0xF6; it looks like Windows-1252"))
        #expect(message.contains(#"where it reads "…"#) && message.contains("Ansökan – från"))
        #expect(message.hasSuffix("convert it first: iconv -f WINDOWS-1252 -t UTF-8"))
        #expect(!message.contains("ISO-8859-1"))
    }

    @Test func latin1WithoutC1BytesIsNamedLatin1() throws {
        let subject: [UInt8] = Array("Nyutg".utf8) + [0xE5] + Array("va".utf8)
        let message = try #require(Self.problem(Self.line(subject: subject)))
        #expect(message.hasPrefix("not valid UTF-8: byte \(Self.prefix + 6) is 0xE5; it looks like Latin-1 (ISO 8859-1)"))
        #expect(message.contains("Nyutgåva"))
        #expect(message.hasSuffix("convert it first: iconv -f ISO-8859-1 -t UTF-8"))
    }

    /// 0x96 inside a correct UTF-8 "Ö" (C3 96) is not a Windows-1252 byte: only bytes that break UTF-8 count.
    @Test func aC1ValueInsideValidUTF8DoesNotCount() throws {
        let subject: [UInt8] = Array("Örebro ".utf8) + [0xE5]
        #expect(Array("Ö".utf8) == [0xC3, 0x96])
        let message = try #require(Self.problem(Self.line(subject: subject)))
        #expect(message.contains("Latin-1 (ISO 8859-1)"))
        #expect(message.contains("byte \(Self.prefix + 9) is 0xE5"))
    }

    /// The offset is that of the bad byte on both sides: the first byte of the input and the last.
    @Test func offsetsNameTheBadByteItself() throws {
        let first: [UInt8] = [0xF6] + Array(#"{"type":"x"}"#.utf8)
        #expect(try #require(Self.problem(first)).hasPrefix("not valid UTF-8: byte 1 is 0xF6"))
        let last: [UInt8] = Array(#"{"type":"x"}"#.utf8) + [0xC3]  // a sequence cut short at the end
        #expect(try #require(Self.problem(last)).hasPrefix("not valid UTF-8: byte 13 is 0xC3"))
        // "ö" as Latin-1 followed by "k": the ö (lead of what would be a 4-byte sequence) is named, not the k.
        let bytes: [UInt8] = Array("Ans".utf8) + [0xF6] + Array("kan".utf8)
        #expect(UTF8Check.firstInvalidByte(bytes) == 3)
        #expect(UTF8Check.explain(bytes, at: 3).hasPrefix("not valid UTF-8: byte 4 is 0xF6"))
        #expect(UTF8Check.firstInvalidByte(Array("Ansökan".utf8)) == nil)
    }

    @Test func guessFollowsTheBytes() {
        #expect([0x80, 0x41].withUnsafeBytes { UTF8Check.guess($0) } == .windows1252)
        #expect([0x9F].withUnsafeBytes { UTF8Check.guess($0) } == .windows1252)
        #expect([0xA0].withUnsafeBytes { UTF8Check.guess($0) } == .latin1)
        #expect([0x7F, 0xE5].withUnsafeBytes { UTF8Check.guess($0) } == .latin1)
        #expect([0xE5, 0x41, 0x93].withUnsafeBytes { UTF8Check.guess($0) } == .windows1252)
    }
}
