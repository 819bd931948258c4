import ArgumentParser
import Foundation
import LedgerCore
import Projections
import LedgerStore

/// A verifier key given as the key itself (`name+id+base64`) or as a file that holds it.
func readVerifierKey(_ value: String) throws -> NoteVerifier {
    let text = FileManager.default.fileExists(atPath: value)
        ? (try? String(contentsOfFile: value, encoding: .utf8)) ?? value : value
    do {
        return try NoteVerifier(vkey: text.trimmingCharacters(in: .whitespacesAndNewlines))
    } catch {
        printError("planledger: --vkey: \(error)")
        throw Exit.usage
    }
}

/// Reads a signed checkpoint note from a file, checks its signature when a key is given, and parses its body.
func readCheckpoint(_ path: String, verifier: NoteVerifier?) throws -> (note: String, checkpoint: Checkpoint) {
    guard let note = try? String(contentsOfFile: path, encoding: .utf8) else {
        printError("planledger: no checkpoint file \(path)")
        throw Exit.missing
    }
    return try parseCheckpoint(note, source: path, verifier: verifier)
}

func parseCheckpoint(_ note: String, source: String, verifier: NoteVerifier?) throws -> (note: String, checkpoint: Checkpoint) {
    var text = note
    if let verifier {
        do { text = try verifier.verify(note) } catch {
            printError("planledger: \(source): \(error)")
            throw Exit.verificationFailed
        }
    } else if let signed = SignedCheckpoint(note: note) {
        return (note, signed.checkpoint)
    }
    guard let checkpoint = Checkpoint(body: text) else {
        printError("planledger: \(source) is not a checkpoint (origin, tree size and base64 root on three lines)")
        throw Exit.rejected
    }
    return (note, checkpoint)
}

/// The latest checkpoint stored in the ledger (`planledger checkpoint`), parsed; exit 66 when there is none.
func storedCheckpoint(_ store: Ledger, path: String) throws -> (note: String, checkpoint: Checkpoint) {
    guard let note = try store.latestCheckpoint() else {
        printError("planledger: no checkpoint stored in \(path); make one with `planledger checkpoint --key FILE`")
        throw Exit.missing
    }
    return try parseCheckpoint(note, source: "the stored checkpoint", verifier: nil)
}

/// Exit 1 unless the ledger's first `c.size` events hash to the checkpoint's root (`LedgerQueries.checkExtends`).
func checkExtends(_ store: Ledger, _ c: Checkpoint, _ source: String) throws {
    do { try LedgerQueries(store).checkExtends(c, source: source) } catch ProofRefusal.doesNotExtend {
        printError("planledger: this ledger does not extend \(source): its tree of \(c.size) events has another root (or fewer events)")
        throw Exit.verificationFailed
    }
}

/// An event and its inclusion proof against a checkpoint, as `prove` prints it and `verify-proof` reads it
/// (`LedgerQueries.inclusionProof`).
func inclusionProof(_ store: Ledger, event: RecordedEvent, checkpoint: (note: String, checkpoint: Checkpoint)) throws -> JSONValue {
    try LedgerQueries(store).inclusionProof(seq: event.seq, against: SignedCheckpoint(note: checkpoint.note, checkpoint: checkpoint.checkpoint))
}

extension Planledger {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make an Ed25519 key for signing checkpoints (C2SP signed-note); prints the verifier key to publish.",
            discussion: """
                Needs no ledger, so takes no --ledger: the key is a file of its own, and one key signs the checkpoints \
                of one log (its name), wherever its ledger file lies. Prints the verifier key itself by default; \
                JSON: {"name", "key": FILE, "vkey"}; CSV: name, key, vkey.
                """)

        @Option(help: "The log's name (the checkpoint origin), e.g. region.example.se/planledger.") var name: String
        @Option(help: ArgumentHelp("Where to write the private key (created with mode 0600; never overwritten).", valueName: "file")) var out: String
        @OptionGroup var output: ArtefactFormatOptions

        func run() throws {
            let (skey, vkey): (String, String)
            do { (skey, vkey) = try NoteSigner.generate(name: name) } catch {
                printError("planledger: --name: \(error)")
                throw Exit.usage
            }
            let fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                printError(errno == EEXIST ? "planledger: \(out) already exists; keygen never overwrites a key" : "planledger: cannot create \(out): \(String(cString: strerror(errno)))")
                throw Exit.cannotCreate
            }
            let bytes = Array((skey + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else {
                printError("planledger: could not write \(out)")
                throw Exit.internalError
            }
            switch output.resolved {
            case .json: print(PrettyJSON.string(["name": .string(name), "key": .string(out), "vkey": .string(vkey)]))
            case .csv:
                var csv = CSV(header: ["name", "key", "vkey"])
                csv.add([.text(name), .text(out), .text(vkey)])
                print(csv.text, terminator: "")
            case .table: print(vkey)
            }
        }
    }

    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the current tree head (C2SP tlog-checkpoint), store it and print it for publication.",
            discussion: """
                Prints the signed note itself by default (save it to a file to publish it); JSON: {"origin", "size", \
                "root" (base64), "note"}; CSV: origin, size, root, note.
                """)

        @Option(help: ArgumentHelp("The private key file from keygen.", valueName: "file")) var key: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: ArtefactFormatOptions

        func run() throws {
            guard let skey = try? String(contentsOfFile: key, encoding: .utf8) else {
                printError("planledger: no key file \(key)")
                throw Exit.missing
            }
            let signer: NoteSigner
            do { signer = try NoteSigner(skey: skey.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                printError("planledger: \(key): \(error)")
                throw Exit.rejected
            }
            try reportingFailures {
                let store = try ledger.open()
                let head = try store.treeHead()
                let checkpoint = Checkpoint(origin: signer.name, size: head.size, root: head.root)
                let note = signer.sign(checkpoint.body)
                try store.storeCheckpoint(checkpoint, note: note, at: LedgerEnvironment.fromProcess.now())
                let root = Data(checkpoint.root).base64EncodedString()
                switch output.resolved {
                case .json: print(PrettyJSON.string(SignedCheckpoint(note: note, checkpoint: checkpoint).json))
                case .csv:
                    var csv = CSV(header: ["origin", "size", "root", "note"])
                    csv.add([.text(checkpoint.origin), .number(checkpoint.size), .text(root), .text(note)])
                    print(csv.text, terminator: "")
                case .table: print(note, terminator: "")
                }
            }
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove",
            abstract: "An event's inclusion proof against a checkpoint, or a consistency proof between two checkpoints.",
            discussion: """
                The proof is a JSON document, the one verify-proof reads, so it is printed as JSON on a terminal or not; \
                --format table and --format csv are refused (exit 64): a proof's nested paths and signed notes have no \
                faithful table or CSV form.
                """)

        @Argument(help: ArgumentHelp("The seq of the event to prove; with --consistency, the newer checkpoint file (default: the latest stored).", valueName: "seq|new.checkpoint"))
        var target: String?
        @Option(help: ArgumentHelp("The checkpoint to prove against (default: the latest stored).", valueName: "file")) var checkpoint: String?
        @Option(help: ArgumentHelp("Prove that the ledger (or the newer checkpoint) extends this older checkpoint.", valueName: "file")) var consistency: String?
        @OptionGroup var ledger: LedgerOptions

        @Option(name: .long, help: "Output format: json only (a proof is the JSON document verify-proof reads).")
        var format: OutputFormat?

        var seq: Int? { consistency == nil ? target.flatMap { Int($0) } : nil }
        var newer: String? { consistency == nil ? nil : target }

        func validate() throws {
            if let format, format != .json {
                throw ValidationError("--format \(format.rawValue): a proof is the JSON document verify-proof reads; its audit path and signed notes have no \(format.rawValue) form, so prove prints JSON only")
            }
            if consistency == nil, seq == nil { throw ValidationError("give the SEQ of an event to prove, or --consistency OLD.checkpoint") }
        }

        func run() throws {
            try reportingFailures {
                let store = try ledger.openForReading()
                func stored() throws -> (note: String, checkpoint: Checkpoint) { try storedCheckpoint(store, path: ledger.path) }
                func matching(_ c: Checkpoint, _ source: String) throws { try checkExtends(store, c, source) }
                if let consistency {
                    let old = try readCheckpoint(consistency, verifier: nil)
                    let new = try newer.map { try readCheckpoint($0, verifier: nil) } ?? stored()
                    try matching(old.checkpoint, consistency)
                    try matching(new.checkpoint, newer ?? "the stored checkpoint")
                    let proof: JSONValue
                    do {
                        proof = try LedgerQueries(store).consistencyProof(old: SignedCheckpoint(note: old.note, checkpoint: old.checkpoint),
                                                                          new: SignedCheckpoint(note: new.note, checkpoint: new.checkpoint))
                    } catch ProofRefusal.sizes {
                        printError("planledger: the old checkpoint (size \(old.checkpoint.size)) must be non-empty and no larger than the new (size \(new.checkpoint.size))")
                        throw Exit.usage
                    }
                    print(PrettyJSON.string(proof))
                    return
                }
                let target = try checkpoint.map { try readCheckpoint($0, verifier: nil) } ?? stored()
                try matching(target.checkpoint, checkpoint ?? "the stored checkpoint")
                do {
                    print(PrettyJSON.string(try LedgerQueries(store).inclusionProof(
                        seq: seq ?? 0, against: SignedCheckpoint(note: target.note, checkpoint: target.checkpoint))))
                } catch ProofRefusal.notInTree {
                    printError("planledger: seq \(seq ?? 0) is not in the checkpoint's tree (size \(target.checkpoint.size))")
                    throw Exit.missing
                }
            }
        }
    }

    struct VerifyProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-proof",
            abstract: "Check an inclusion or consistency proof offline, with no ledger: the signature, the event's hash, the path to the root.",
            discussion: """
                Ledger-free by design, so it takes no --ledger: an archive or a citizen checks a proof with only the proof \
                and the published verifier key. Exit 1 when the proof fails. JSON: {"ok", "reason" (null when ok), \
                "proof" ("inclusion" or "consistency"), "origin", "size", "oldSize", "seq"}, null where a field does not \
                apply or was not reached; CSV: the same columns.
                """)

        @Argument(help: "The proof, as prove printed it.") var proof: String
        @Option(help: ArgumentHelp("The verifier key (name+id+key) or a file holding it.", valueName: "vkey")) var vkey: String
        @OptionGroup var output: FormatOptions

        /// Why a proof failed, in words; the verdict is printed in the chosen format.
        struct Failed: Error { var reason: String }

        /// What `verify-proof` found: the fields of its JSON and CSV output.
        struct Verdict {
            var reason: String?
            var kind: String?
            var origin: String?
            var size: Int?
            var oldSize: Int?
            var seq: Int?
            var message = ""

            var json: JSONValue {
                ["ok": .bool(reason == nil), "reason": JSONValue(reason), "proof": JSONValue(kind), "origin": JSONValue(origin),
                 "size": size.map { .number(Double($0)) } ?? .null, "oldSize": oldSize.map { .number(Double($0)) } ?? .null,
                 "seq": seq.map { .number(Double($0)) } ?? .null]
            }

            func write(_ format: OutputFormat) {
                switch format {
                case .json: print(PrettyJSON.string(json))
                case .csv:
                    var csv = CSV(header: ["ok", "reason", "proof", "origin", "size", "oldSize", "seq"])
                    csv.add([.text(String(reason == nil)), .optional(reason), .optional(kind), .optional(origin),
                             size.map { .number($0) } ?? "", oldSize.map { .number($0) } ?? "", seq.map { .number($0) } ?? ""])
                    print(csv.text, terminator: "")
                case .table: print(reason.map { "FAILED: \($0)" } ?? "ok: \(message)")
                }
            }
        }

        func run() throws {
            let verifier = try readVerifierKey(vkey)
            guard let bytes = FileManager.default.contents(atPath: proof) else {
                printError("planledger: no proof file \(proof)")
                throw Exit.missing
            }
            guard case .object(let p) = try? JSONParser.parse(Array(bytes)) else {
                printError("planledger: \(proof) is not a JSON object")
                throw Exit.rejected
            }
            var verdict = Verdict()
            do {
                try check(p, verifier: verifier, into: &verdict)
            } catch let failure as Failed {
                verdict.reason = failure.reason
            }
            verdict.write(output.resolved)
            if verdict.reason != nil { throw Exit.verificationFailed }
        }

        /// The checkpoint a signed note holds; a signature that does not verify is a failed proof like any other
        /// (`Failed`, a verdict in the chosen format), not only a message on standard error.
        private func signed(_ note: String, _ what: String, _ verifier: NoteVerifier) throws -> Checkpoint {
            do { _ = try verifier.verify(note) } catch { throw Failed(reason: "\(what): \(error)") }
            return try parseCheckpoint(note, source: what, verifier: verifier).checkpoint
        }

        /// Checks the proof `p`, filling `verdict` as it learns; throws `Failed` at the first thing that does not hold.
        private func check(_ p: [String: JSONValue], verifier: NoteVerifier, into verdict: inout Verdict) throws {
            func fail(_ why: String) -> Failed { Failed(reason: why) }
            func hashes(_ key: String) throws -> [[UInt8]] {
                guard case .array(let items) = p[key] else { throw fail("\(key) is missing") }
                return try items.map { item in
                    guard case .string(let s) = item, let d = Data(base64Encoded: s), d.count == 32 else { throw fail("\(key) holds something that is not a base64 SHA-256 hash") }
                    return Array(d)
                }
            }
            // Every field a verifier reads must agree with what is signed: the checkpoints' signatures cover their
            // sizes and roots, the event's hash covers its fields. A field that nothing checks is refused, not ignored.
            func onlyFields(_ object: [String: JSONValue], _ allowed: [String], in what: String) throws {
                if let extra = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                    throw fail("\(what) holds \"\(extra)\", a field verify-proof does not check against anything signed; it holds only \(allowed.joined(separator: ", "))")
                }
            }
            func count(_ key: String, in object: [String: JSONValue], of what: String = "the proof") throws -> Int {
                guard case .number(let n) = object[key], n >= 0, n == n.rounded(), n < 9_007_199_254_740_992 else {
                    throw fail("\(key) in \(what) must be a whole number, 0 or more (got \(object[key].map(CanonicalJSON.string) ?? "nothing"))")
                }
                return Int(n)
            }
            if p["old"] != nil || p["new"] != nil {
                try onlyFields(p, ["oldSize", "newSize", "proof", "old", "new"], in: "the consistency proof")
                guard case .string(let oldNote) = p["old"], case .string(let newNote) = p["new"] else {
                    throw fail("a consistency proof needs both checkpoints, old and new, as signed notes")
                }
                verdict.kind = "consistency"
                let old = try signed(oldNote, "old checkpoint", verifier)
                let new = try signed(newNote, "new checkpoint", verifier)
                (verdict.origin, verdict.size, verdict.oldSize) = (new.origin, new.size, old.size)
                let oldSize = try count("oldSize", in: p), newSize = try count("newSize", in: p)
                guard oldSize == old.size else { throw fail("oldSize is \(oldSize), but the signed old checkpoint's tree size is \(old.size)") }
                guard newSize == new.size else { throw fail("newSize is \(newSize), but the signed new checkpoint's tree size is \(new.size)") }
                guard old.origin == new.origin else { throw fail("the old checkpoint is of the log \(old.origin), the new one of \(new.origin)") }
                guard Merkle.verifyConsistency(oldSize: old.size, newSize: new.size, oldRoot: old.root, newRoot: new.root, proof: try hashes("proof")) else {
                    throw fail("the tree of \(new.size) events does not extend the tree of \(old.size) events")
                }
                verdict.message = "the log \(new.origin) at size \(new.size) extends its checkpoint at size \(old.size)"
                return
            }
            try onlyFields(p, ["event", "leafIndex", "treeSize", "proof", "checkpoint"], in: "the inclusion proof")
            guard case .string(let note) = p["checkpoint"], case .object(let e) = p["event"] else { throw fail("the proof has no checkpoint or event") }
            verdict.kind = "inclusion"
            let checkpoint = try signed(note, "checkpoint", verifier)
            (verdict.origin, verdict.size) = (checkpoint.origin, checkpoint.size)
            try onlyFields(e, ["seq", "id", "type", "plan", "effective", "recorded", "actor", "data", "prev", "hash"], in: "the event")
            // plan and actor are hashed as null when absent; any value but a string or null would be read as null too.
            for key in ["plan", "actor"] {
                switch e[key] {
                case nil, .null, .string: break
                case let value?: throw fail("\(key) of the event must be a string or null (got \(CanonicalJSON.string(value)))")
                }
            }
            let seqValue = Double(try count("seq", in: e, of: "the event"))
            verdict.seq = Int(seqValue)
            // The event's hash, recomputed from its own fields: the proof's word for it is not taken.
            guard case .string(let id) = e["id"], case .string(let typeText) = e["type"],
                let type = EventType(rawValue: typeText), case .string(let effectiveText) = e["effective"],
                let effective = LedgerDate(iso: effectiveText), case .string(let recordedText) = e["recorded"],
                let recorded = Timestamp(rfc3339: recordedText), case .object(let data) = e["data"],
                case .string(let prevHex) = e["prev"], let prev = Hex.decode(prevHex), case .string(let hashHex) = e["hash"],
                let claimed = Hex.decode(hashHex)
            else { throw fail("the event lacks one of seq, id, type, effective, recorded, data, prev, hash") }
            let event = RecordedEvent(seq: Int(seqValue), id: id, type: type, plan: e["plan"]?.stringValue, effective: effective,
                                      recorded: recorded, actor: e["actor"]?.stringValue, data: data, prev: prev, hash: claimed)
            let hash = EventHash.compute(event)
            guard hash == claimed else { throw fail("the event's fields do not hash to its hash \(hashHex): it was altered") }
            let index = try count("leafIndex", in: p), size = try count("treeSize", in: p)
            guard index == event.seq - 1 else { throw fail("leafIndex is \(index), but the event's seq is \(event.seq) (leafIndex must be seq − 1)") }
            guard size == checkpoint.size else { throw fail("treeSize is \(size), but the signed checkpoint's tree size is \(checkpoint.size)") }
            guard Merkle.verifyInclusion(leafHash: Merkle.leafHash(hash), index: index, size: checkpoint.size, proof: try hashes("proof"), root: checkpoint.root) else {
                throw fail("the audit path does not lead to the checkpoint's root")
            }
            verdict.message = "seq \(event.seq) (\(type.rawValue), \(effective)) is in \(checkpoint.origin) at size \(checkpoint.size), signed by \(verifier.name)"
        }
    }
}
