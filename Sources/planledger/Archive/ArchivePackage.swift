import Foundation
import LedgerCore
import Projections
import LedgerStore

/// A delivery the archive can verify without the ledger: a directory with the ERMS document, the ledger's
/// latest signed checkpoint, and for each record the inclusion proof of every event behind it, in the form
/// `prove` prints and `verify-proof` checks.
///
///     DIR/erms.xml            the document; a record's systemIdentifier "seq:N" names its event
///     DIR/checkpoint          the signed checkpoint (C2SP tlog-checkpoint as a signed note)
///     DIR/proofs/N.json       event N and its inclusion proof against that checkpoint
///     DIR/README.txt          how to check it
///
/// The directory is built beside DIR under a temporary name and renamed into place when complete, so a
/// failed export leaves nothing behind; an existing DIR is never overwritten.
struct ArchivePackage {
    let path: String
    let temporary: String

    static let documentName = "erms.xml"

    /// Starts a package at `path`, which must not exist.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            printError("planledger: --package: \(path) already exists; a package is never overwritten")
            throw Exit.cannotCreate
        }
        self.path = path
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        do {
            try FileManager.default.createDirectory(atPath: temporary + "/proofs", withIntermediateDirectories: true)
        } catch {
            printError("planledger: --package: cannot create \(path): \(error.localizedDescription)")
            throw Exit.cannotCreate
        }
    }

    /// Where the document is to be written.
    var documentPath: String { temporary + "/" + Self.documentName }

    /// Adds the checkpoint and the proofs of `seqs`, then moves the package into place. Exit 66 when the
    /// checkpoint does not cover every seq (sign a newer one first).
    func complete(store: Ledger, checkpoint: (note: String, checkpoint: Checkpoint), seqs: [Int], isPublic: Bool) throws {
        if let beyond = seqs.last, beyond > checkpoint.checkpoint.size {
            printError("planledger: --package: the latest checkpoint covers events 1–\(checkpoint.checkpoint.size), but the export's records reach seq \(beyond); sign a newer one with `planledger checkpoint --key FILE`")
            throw Exit.missing
        }
        try write(Array(checkpoint.note.utf8), to: temporary + "/checkpoint")
        for seq in seqs {
            guard let event = try store.event(seq: seq) else { throw StoreError.damaged(seq: seq, reason: "the event is missing") }
            let proof = try inclusionProof(store, event: event, checkpoint: checkpoint)
            try write(Array((PrettyJSON.string(proof) + "\n").utf8), to: temporary + "/proofs/\(seq).json")
        }
        try write(Array(readme(checkpoint.checkpoint, proofs: seqs.count, isPublic: isPublic).utf8), to: temporary + "/README.txt")
        guard rename(temporary, path) == 0 else {
            printError("planledger: --package: cannot complete \(path): \(String(cString: strerror(errno)))")
            throw Exit.cannotCreate
        }
    }

    /// Removes the unfinished package (after a failure).
    func discard() {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    private func write(_ bytes: [UInt8], to file: String) throws {
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
            printError("planledger: --package: cannot write \(file)")
            throw Exit.internalError
        }
    }

    private func readme(_ checkpoint: Checkpoint, proofs: Int, isPublic: Bool) -> String {
        let masked = isPublic
            ? "\nThis is a public delivery: classified entries have no proof here, since an event carries what the record masks.\n" : ""
        return """
        An archive delivery from planledger, to be checked without the ledger.

        erms.xml       E-ARK CITS ERMS v2.1.2 (FGS Ärendehantering); a record's systemIdentifier "seq:N" names the
                       ledger event it comes from (a diary entry's registration, a plan version's revision).
        checkpoint     the ledger's signed tree head: log \(checkpoint.origin), \(checkpoint.size) events.
        proofs/N.json  \(proofs) proofs: event N, as the log holds it, and its RFC 9162 inclusion proof against the
                       checkpoint; also each correction that changed what a record shows.

        Check one with the verifier key the organisation published (not part of this package):

            planledger verify-proof proofs/N.json --vkey <name+id+key>

        It recomputes the event's hash from its fields, the path to the checkpoint's root, and the signature.
        \(masked)
        """
    }
}
