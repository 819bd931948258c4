import Foundation
import Testing

@testable import LedgerCore

/// The error `body` throws, or nil when it returns (closures do not infer typed throws, hence the cast).
private func caught<T>(_ body: () throws -> T) -> NoteError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? NoteError
    }
}

extension NoteError {
    fileprivate var isMalformedNote: Bool { if case .malformedNote = self { true } else { false } }
    fileprivate var isMalformedKey: Bool { if case .malformedKey = self { true } else { false } }
}

struct SignedNoteTests {
    // MARK: The published example
    //
    // golang.org/x/mod/sumdb/note (note.go's package documentation and note_test.go): the key PeterNeumann and the
    // note it signed, which every implementation of the format reproduces.

    static let skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterSig =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let note = text + "\n" + peterSig
    /// The second key and its signature of the same text, from the same test file.
    static let enochVkey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let enochSig =
        "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    @Test func exampleKeys() throws {
        let signer = try NoteSigner(skey: Self.skey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xc74f_20a3)
        #expect(signer.vkey == Self.vkey)
        let verifier = try NoteVerifier(vkey: Self.vkey)
        #expect(verifier.name == "PeterNeumann")
        #expect(verifier.keyID == 0xc74f_20a3)
    }

    @Test func signingReproducesThePublishedNote() throws {
        let signed = try NoteSigner(skey: Self.skey).sign(Self.text)
        #if canImport(CryptoKit)
            // swift-crypto defers to CryptoKit on Apple platforms, whose Ed25519 signatures are randomised, so only
            // the signature line's shape and validity can be checked there.
            #expect(signed.hasPrefix(Self.text + "\n— PeterNeumann x08go/"))
        #else
            // RFC 8032 signing is deterministic (BoringSSL on Linux), so the bytes must be Go's exactly.
            #expect(signed == Self.note)
        #endif
        #expect(try NoteVerifier(vkey: Self.vkey).verify(signed) == Self.text)
    }

    @Test func verifiesThePublishedNotes() throws {
        let peter = try NoteVerifier(vkey: Self.vkey), enoch = try NoteVerifier(vkey: Self.enochVkey)
        #expect(try peter.verify(Self.note) == Self.text)
        // A second signature by a key the verifier does not know is ignored, in either order.
        let both = Self.text + "\n" + Self.peterSig + Self.enochSig
        #expect(try peter.verify(both) == Self.text)
        #expect(try enoch.verify(both) == Self.text)
        #expect(try peter.verify(Self.text + "\n" + Self.enochSig + Self.peterSig) == Self.text)
        // The text may hold blank lines of its own: the signatures start after the last one.
        let signer = try NoteSigner(skey: Self.skey)
        let spaced = "first\n\nsecond\n\n"
        #expect(try peter.verify(signer.sign(spaced)) == spaced)
    }

    // MARK: Rejections

    @Test func tamperedTextIsRejected() {
        let peter = try! NoteVerifier(vkey: Self.vkey)
        let invalid = NoteError.invalidSignature(name: "PeterNeumann", keyID: 0xc74f_20a3)
        for tampered in [
            Self.note.replacingFirst("problem", with: "Problem"),
            Self.note.replacingFirst("If you", with: "If  you"),
            "x" + Self.note,
            Self.text + "more\n" + "\n" + Self.peterSig,
        ] {
            #expect(caught { try peter.verify(tampered) } == invalid)
        }
    }

    @Test func tamperedSignatureIsRejected() {
        let peter = try! NoteVerifier(vkey: Self.vkey)
        let invalid = NoteError.invalidSignature(name: "PeterNeumann", keyID: 0xc74f_20a3)
        let sig = Array(Self.peterSig.utf8)
        // note_test.go's corruption: four base64 characters spliced into the signature bytes.
        let spliced = String(decoding: sig[..<60] + Array("ABCD".utf8) + sig[60...], as: UTF8.self)
        #expect(caught { try peter.verify(Self.text + "\n" + spliced) } == invalid)
        // Every character of the Ed25519 part changed in turn (the key id part is the first six characters).
        let base64Start = sig.firstIndex(of: UInt8(ascii: "x"))!
        for offset in (base64Start + 6)..<(sig.count - 2) {
            var changed = sig
            changed[offset] = changed[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let note = Self.text + "\n" + String(decoding: changed, as: UTF8.self)
            #expect(caught { try peter.verify(note) } == invalid, "signature character \(offset)")
        }
        // A good signature by the key, followed by a bad one by the same key, still sinks the note.
        #expect(caught { try peter.verify(Self.note + spliced) } == invalid)
        // Changing the key id makes it another key's signature, which is ignored, leaving none by this key.
        let otherID = Self.peterSig.replacingFirst("x08g", with: "xxxx")
        #expect(caught { try peter.verify(Self.text + "\n" + otherID) }
                == .noSignatureByThisKey(name: "PeterNeumann", keyID: 0xc74f_20a3))
    }

    @Test func otherKeysFindNoSignature() throws {
        let enoch = try NoteVerifier(vkey: Self.enochVkey)
        #expect(caught { try enoch.verify(Self.note) } == .noSignatureByThisKey(name: "EnochRoot", keyID: 0xaf0c_fe78))
        // Same name, different key: a different key id, so the line is someone else's.
        let impostor = try NoteVerifier(vkey: NoteSigner.generate(name: "PeterNeumann").vkey)
        #expect(caught { try impostor.verify(Self.note) }
                == .noSignatureByThisKey(name: "PeterNeumann", keyID: impostor.keyID))
        // Same key id under another name is someone else's too.
        let renamed = Self.text + "\n" + Self.peterSig.replacingFirst("PeterNeumann", with: "CarmenSandiego")
        #expect(caught { try NoteVerifier(vkey: Self.vkey).verify(renamed) }
                == .noSignatureByThisKey(name: "PeterNeumann", keyID: 0xc74f_20a3))
    }

    @Test func malformedNotesAreRejected() throws {
        let peter = try NoteVerifier(vkey: Self.vkey)
        let text = Self.text, sig = Self.peterSig
        // note_test.go's invalid encodings (bar "\xff", which no Swift String can hold), then more.
        let malformed = [
            text,
            text + "\n",
            text + "\n" + String(sig.dropLast()),
            "\u{01}" + text + "\n" + sig,
            text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            text + "\n" + sig + "Unexpected line.\n",
            text.replacingFirst("\n", with: "\r\n") + "\n" + sig,
            text + "\n" + sig.replacingFirst("— ", with: "- "),
            text + "\n" + sig.replacingFirst("— ", with: "—"),
            text + "\n" + sig.replacingFirst(" x08go", with: " "),
            text + "\n" + sig.replacingFirst(" x08go", with: "x08go"),
            text + "\n" + sig.replacingFirst("AM=", with: "AM"),
            text + "\n" + sig.replacingFirst("AM=", with: "AN="),  // non-zero bits under the padding
            text + "\n" + "— PeterNeumann AAAAAA==\n",  // four bytes: a key id and no signature
            text + "\n" + sig + "\n",
            text + "\n" + String(repeating: sig, count: 101),
            "",
            "\n\n",
        ]
        for note in malformed {
            let error = caught { try peter.verify(note) }
            #expect(error?.isMalformedNote == true, "\(String(reflecting: note)) gave \(String(describing: error))")
        }
        // Many signatures are fine up to the limit.
        #expect(try peter.verify(text + "\n" + String(repeating: sig, count: 100)) == text)
    }

    @Test func malformedKeysAreRejected() throws {
        // note_test.go's manglings: every proper substring of either key, and each character bumped by one.
        for key in [Self.vkey, Self.skey] {
            let bytes = Array(key.utf8)
            func read(_ text: String) -> NoteError? {
                key == Self.vkey ? caught { try NoteVerifier(vkey: text) } : caught { try NoteSigner(skey: text) }
            }
            for i in 0...bytes.count {
                for j in (i + 1)..<(bytes.count + 1) where !(i == 0 && j == bytes.count) {
                    let part = String(decoding: bytes[i..<j], as: UTF8.self)
                    #expect(read(part) != nil, "\(part) was accepted")
                }
            }
            for i in bytes.indices {
                var bumped = bytes
                bumped[i] += 1
                let text = String(decoding: bumped, as: UTF8.self)
                #expect(read(text) != nil, "\(text) was accepted")
            }
        }

        // Each kind of fault, with the error that names it.
        #expect(caught { try NoteVerifier(vkey: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
                == .keyIDMismatch(stated: 0xc74f_20a4, computed: 0xc74f_20a3))
        // note_test.go: an unknown algorithm byte (0x65) under an id adjusted to match it.
        #expect(caught { try NoteVerifier(vkey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
                == .unknownAlgorithm(0x65))
        #expect(caught { try NoteSigner(skey: "PRIVATE+KEY+PeterNeumann+c74f20a3+ZYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") }
                == .unknownAlgorithm(0x65))
        #expect(caught { try NoteVerifier(vkey: "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
                == .badKeyName("Peter Neumann"))
        #expect(caught { try NoteVerifier(vkey: "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") } == .badKeyName(""))
        #expect(caught { try NoteSigner(skey: "PRIVATE+KEY+Peter\u{00A0}Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") }
                == .badKeyName("Peter\u{00A0}Neumann"))
        #expect(caught { try NoteSigner(skey: "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") }
                == .keyIDMismatch(stated: 0xc74f_20a4, computed: 0xc74f_20a3))
        for malformed in [
            "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // seven hex digits
            "PeterNeumann+0xc74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",  // not a multiple of four
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW ",
            "PeterNeumann+c74f20a3+",
            "PeterNeumann+c74f20a3",
            "PeterNeumann",
        ] {
            #expect(caught { try NoteVerifier(vkey: malformed) }?.isMalformedKey == true, "\(malformed)")
        }
        // The vkey itself is not a private key.
        #expect(caught { try NoteSigner(skey: Self.vkey) }?.isMalformedKey == true)
        // The public key read as a seed yields another public key, so the id no longer matches.
        guard case .keyIDMismatch(stated: 0xc74f_20a3, _)? = caught({ try NoteSigner(skey: "PRIVATE+KEY+" + Self.vkey) }) else {
            Issue.record("a public key was accepted as a seed")
            return
        }

        // A 31-byte Ed25519 key under the id its bytes hash to: only the length is wrong.
        let short = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q="
        guard case .keyIDMismatch(_, let computed)? = caught({ try NoteVerifier(vkey: "PeterNeumann+00000000+" + short) }) else {
            Issue.record("a short key was not checked against its id first")
            return
        }
        let id = String(computed, radix: 16), padded = String(repeating: "0", count: 8 - id.count) + id
        #expect(caught { try NoteVerifier(vkey: "PeterNeumann+\(padded)+" + short) }?.isMalformedKey == true)
    }

    // MARK: Fresh keys

    @Test func generateSignVerifyRoundTrip() throws {
        let (skey, vkey) = try NoteSigner.generate(name: "example.com/planledger")
        #expect(skey.hasPrefix("PRIVATE+KEY+example.com/planledger+"))
        let signer = try NoteSigner(skey: skey), verifier = try NoteVerifier(vkey: vkey)
        #expect(signer.vkey == vkey)
        #expect(signer.keyID == verifier.keyID)
        let text = "example.com/planledger\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        let note = signer.sign(text)
        #expect(try verifier.verify(note) == text)
        // Cosigned by the published key, the note verifies for either key.
        let peterNote = try NoteSigner(skey: Self.skey).sign(text)
        let both = note + String(decoding: Array(peterNote.utf8).dropFirst(text.utf8.count + 1), as: UTF8.self)
        #expect(try verifier.verify(both) == text)
        #expect(try NoteVerifier(vkey: Self.vkey).verify(both) == text)
        // Peter's signature of the published text does not carry over to this one.
        #expect(caught { try NoteVerifier(vkey: Self.vkey).verify(note + Self.peterSig) }
                == .invalidSignature(name: "PeterNeumann", keyID: 0xc74f_20a3))
    }

    @Test(arguments: ["", "a b", "a+b", "tab\there", "em\u{2003}space", "line\u{2028}separator", "bell\u{07}"])
    func generateRefusesBadNames(name: String) {
        #expect(caught { try NoteSigner.generate(name: name) } == .badKeyName(name))
    }

    @Test func namesMayBeAnyOtherUnicode() throws {
        for name in ["sigsum.org/v1/tree/abc", "Hälsa-och-sjukvård", "日本", "a—b"] {
            let (skey, vkey) = try NoteSigner.generate(name: name)
            #expect(try NoteVerifier(vkey: vkey).verify(NoteSigner(skey: skey).sign("hej\n")) == "hej\n")
        }
    }

    @Test func descriptionsAreOneLine() {
        let errors: [NoteError] = [
            .malformedKey("x"), .badKeyName("a b"), .unknownAlgorithm(0x65), .keyIDMismatch(stated: 1, computed: 0xc74f_20a3),
            .malformedNote("y"), .noSignatureByThisKey(name: "n", keyID: 0xab), .invalidSignature(name: "n", keyID: 0xab),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
        #expect(NoteError.keyIDMismatch(stated: 1, computed: 0xc74f_20a3).description.contains("00000001"))
        #expect(NoteError.unknownAlgorithm(0x05).description.contains("0x05"))
    }

    // MARK: Checkpoints

    @Test func checkpointBodyRoundTrip() throws {
        let root = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        for size in [0, 1, 9, 20_852_163, Int.max] {
            let checkpoint = Checkpoint(origin: "example.com/planledger", size: size, root: root)
            #expect(checkpoint.body == "example.com/planledger\n\(size)\n\(NoteBase64.encode(root))\n")
            #expect(Checkpoint(body: checkpoint.body) == checkpoint)
        }
    }

    /// c2sp.org/tlog-checkpoint's example body.
    @Test func parsesThePublishedCheckpoint() throws {
        let body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        let checkpoint = try #require(Checkpoint(body: body))
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.root.count == 32)
        #expect(checkpoint.body == body)
        // Extension lines are allowed and not part of the parsed checkpoint.
        #expect(Checkpoint(body: body + "extension one\nextension two\n") == checkpoint)
    }

    @Test func malformedCheckpointBodiesAreRejected() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
        let malformed = [
            "o\n12\n\(root)",  // no final newline
            "o\n12\n",
            "o\n12\n\(root)\n\n",  // an empty extension line
            "o\n12\n\(root)\n\next\n",
            "\n12\n\(root)\n",  // empty origin
            "o\n\n\(root)\n",
            "o\n012\n\(root)\n",  // leading zero
            "o\n00\n\(root)\n",
            "o\n-1\n\(root)\n",
            "o\n+1\n\(root)\n",
            "o\n1e3\n\(root)\n",
            "o\n 12\n\(root)\n",
            "o\n١٢\n\(root)\n",  // non-ASCII digits
            "o\n99999999999999999999\n\(root)\n",  // beyond Int
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",  // unpadded
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",  // non-zero bits under the padding
            "o\n12\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n",  // URL alphabet
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I= \n",
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n",  // 30 bytes
            "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA\n",  // 33 bytes
            "o\r\n12\n\(root)\n",
            "",
        ]
        for body in malformed {
            #expect(Checkpoint(body: body) == nil, "\(String(reflecting: body)) was accepted")
        }
    }

    @Test func signedCheckpointRoundTrip() throws {
        let (skey, vkey) = try NoteSigner.generate(name: "example.com/planledger")
        let signer = try NoteSigner(skey: skey)
        let checkpoint = Checkpoint(origin: signer.name, size: 5, root: Array(repeating: 0xAB, count: 32))
        let note = signer.sign(checkpoint.body)
        #expect(Checkpoint(body: try NoteVerifier(vkey: vkey).verify(note)) == checkpoint)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
