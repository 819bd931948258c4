import Foundation
import LedgerCore
import Testing

/// `isNFC`: keys must be in Unicode Normalization Form C (UAX #15) byte for byte, and a text of scalars below U+0300
/// is judged without normalizing it.
struct NFCTests {
    @Test func composedAndDecomposedTexts() {
        #expect(isNFC("Folktandvården"))
        #expect(isNFC("RS 2023/0412"))
        #expect(isNFC(""))
        #expect(!isNFC("Folktandva\u{030A}rden"))  // a + combining ring above: å decomposed
        #expect(!isNFC("a\u{0300}"))  // U+0300, the first combining mark: NFC composes them to à
        #expect(!isNFC("e\u{0301}"))
        #expect(!isNFC("\u{0340}"))  // combining grave tone mark: NFC maps it to U+0300
        #expect(!isNFC("\u{212B}ngström"))  // ANGSTROM SIGN: NFC maps it to Å (U+00C5)
        #expect(isNFC("\u{00C5}ngström"))
        #expect(isNFC("\u{02FF}\u{00E9}"))  // the last scalar below the combining marks, then é
        #expect(isNFC("한국"))
        #expect(!isNFC("\u{1100}\u{1161}"))  // conjoining jamo: NFC composes them to 가
    }

    /// What the shortcut rests on, checked against Foundation: no scalar below U+0300 is changed by NFC, alone or
    /// beside any other of them (each text below holds every ordered pair with `first`, in both orders; all of these
    /// scalars have combining class 0, so NFC can only join or reorder neighbours).
    @Test func everyTextBelowTheCombiningMarksIsNFC() {
        let scalars = (0..<0x300).compactMap(Unicode.Scalar.init)
        #expect(scalars.count == 0x300)
        for first in scalars {
            var text = String.UnicodeScalarView()
            for second in scalars {
                text.append(first)
                text.append(second)
            }
            let string = String(text)
            #expect(Array(string.precomposedStringWithCanonicalMapping.utf8) == Array(string.utf8), "U+\(String(first.value, radix: 16))")
        }
    }
}
