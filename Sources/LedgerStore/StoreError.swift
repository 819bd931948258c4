import GRDB
import LedgerCore

/// Why the store could not do what was asked, in words that name the file and what to do next.
public enum StoreError: Error, CustomStringConvertible {
    /// No ledger at the path (`init` creates one).
    case missing(path: String)
    /// `init` found something at the path and will not overwrite it.
    case exists(path: String)
    /// The file is not a planledger ledger (another SQLite database, or not SQLite at all).
    case notALedger(path: String, reason: String)
    /// The ledger was written by a newer planledger; this one must not touch it.
    case newerSchema(path: String, unknown: [String])
    /// Another process held the write lock for longer than the busy timeout.
    case busy(path: String, seconds: Double)
    /// The input broke rules; nothing was written.
    case rejected(Rejection)
    /// What the database holds is not what the ledger wrote (a bad row, a broken chain).
    case damaged(seq: Int, reason: String)
    /// SQLite itself failed.
    case database(String)
    /// A question that cannot be answered as asked (a seq beyond the head).
    case invalidQuery(String)

    public var description: String {
        switch self {
        case .missing(let path): "no ledger at \(path) (create one with `planledger init --ledger \(path)`)"
        case .exists(let path): "\(path) already exists; planledger init never overwrites a file"
        case .notALedger(let path, let reason): "\(path) is not a planledger ledger: \(reason)"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer planledger (schema steps \(unknown.joined(separator: ", ")) are unknown to this one); upgrade planledger to open it"
        case .busy(let path, let seconds):
            "\(path) is busy: another process held the write lock for more than \(seconds) s; try again (or raise PLANLEDGER_BUSY_TIMEOUT)"
        case .rejected(let rejection): rejection.description
        case .damaged(let seq, let reason): "the ledger is damaged at seq \(seq): \(reason)"
        case .database(let message): "database error: \(message)"
        case .invalidQuery(let message): message
        }
    }

    /// Wraps a GRDB error, recognising the lock timeout and files that are not databases.
    static func wrap(_ error: any Error, path: String, busyTimeout: Double) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? Rejection { return .rejected(e) }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path, seconds: busyTimeout)
            case .SQLITE_NOTADB: return .notALedger(path: path, reason: "it is not an SQLite database")
            case .SQLITE_CORRUPT: return .notALedger(path: path, reason: "the SQLite file is corrupt (\(e.message ?? "no detail"))")
            default: return .database(e.description)
            }
        }
        return .database(String(describing: error))
    }
}
