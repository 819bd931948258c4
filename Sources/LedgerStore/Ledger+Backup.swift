import Foundation
import GRDB
import LedgerCore

/// What `backup` made: where the copy is, what it holds, and whether it verifies.
public struct BackupReport: Sendable, Hashable {
    /// The path of the copy (as given).
    public var path: String
    /// `verify` run on the copy: its event count, its head, and its first bad seq if any.
    public var verification: VerifyReport
}

extension Ledger {
    /// Copies the ledger to `destination` as one consistent snapshot while other processes keep appending, and
    /// verifies the copy.
    ///
    /// The copy is made with SQLite's online backup API (`sqlite3_backup_step` over every page in one step, so
    /// it holds exactly the commits before its read began; writers are never blocked in WAL mode) into a new
    /// file beside `destination`, which is closed and then linked into place: `link(2)` refuses if anything
    /// is at `destination`, so a backup never overwrites a file, and a crash leaves no half-written copy
    /// under the final name. The copy is then checked as `verify` checks a ledger (chain, Merkle tree, rules,
    /// projections) with this ledger's projections.
    ///
    /// Errors: `.exists` if `destination` exists; `.database` naming the cause if it cannot be created.
    /// A copy that does not verify is still put in place (it is the ledger as it is); its report says where
    /// it fails.
    public func backup(to destination: String) throws(StoreError) -> BackupReport {
        if FileManager.default.fileExists(atPath: destination) { throw .exists(path: destination) }
        let staging = "\(destination).backup-\(UUID().uuidString)"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(staging + suffix) }
        }
        // Create the file first, so that a missing or read-only folder is named with the system's reason.
        let fd = Foundation.open(staging, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard fd >= 0 else {
            throw .database("cannot create the backup \(destination): \(String(cString: strerror(errno)))")
        }
        Foundation.close(fd)
        do {
            let copy = try DatabaseQueue(path: staging)
            try database.backup(to: copy)
            try copy.close()
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
        let verification: VerifyReport
        do {
            let copy = try Ledger.open(at: staging, busyTimeout: busyTimeout, environment: environment, logger: logger, projections: projections)
            verification = try copy.verify()
        }
        guard link(staging, destination) == 0 else {
            if errno == EEXIST { throw .exists(path: destination) }
            throw .database("cannot put the backup in place at \(destination): \(String(cString: strerror(errno)))")
        }
        logger.info("backed up ledger", metadata: ["path": "\(path)", "to": "\(destination)", "events": "\(verification.events)"])
        return BackupReport(path: destination, verification: verification)
    }
}
