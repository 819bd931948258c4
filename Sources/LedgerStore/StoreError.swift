import GRDB
import LedgerCore

/// Why the store could not do what was asked, in words that name the file and what to do next.
public enum StoreError: Error, CustomStringConvertible {
    /// No ledger at the path (`init` creates one).
    case missing(path: String)
    /// The file is there but this user may not read it (or SQLite cannot open it), with the system's reason.
    case unreadable(path: String, reason: String)
    /// `init` found something at the path and will not overwrite it.
    case exists(path: String)
    /// The file is not a planledger ledger (another SQLite database, or not SQLite at all).
    case notALedger(path: String, reason: String)
    /// The ledger was written by a newer planledger; this one must not touch it. `known` is the last schema step
    /// this planledger knows, `unknown` the file's steps it does not.
    case newerSchema(path: String, known: String, unknown: [String])
    /// The ledger keeps projections (read models) of a newer planledger: names this one does not know, or higher
    /// versions of its own (`plans.v2` where it has `plans.v1`). `known` is this planledger's projections.
    case newerProjections(path: String, known: [String], unknown: [String])
    /// The ledger needs a write this planledger could make before it can be read (an older planledger's schema
    /// or projections brought up to date, a write-ahead log folded in) but the file or its folder cannot be written.
    case needsUpgrade(path: String, reason: String)
    /// A command that writes was given a ledger this user cannot write (the file, or its folder for SQLite's
    /// `-wal` and `-shm` files); queries and `verify` can still read it.
    case readOnly(path: String)
    /// The file is a planledger ledger, but SQLite cannot read all of it (corrupt pages, a truncated file).
    case damagedFile(path: String, reason: String)
    /// A row of a projection table holds what no append writes (say, a hand-edited NULL): named by table and row.
    /// Projections are derived from the log, so `planledger rebuild` repairs this.
    case damagedRow(table: String, row: String, reason: String)
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
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .exists(let path): "\(path) already exists; planledger init never overwrites a file"
        case .notALedger(let path, let reason): "\(path) is not a planledger ledger: \(reason)"
        case .newerSchema(let path, let known, let unknown):
            "\(path) was written by a newer planledger: its schema is at \(unknown.joined(separator: ", ")), this planledger's at \(known); upgrade planledger to open it"
        case .newerProjections(let path, let known, let unknown):
            "\(path) was written by a newer planledger: it keeps projections \(unknown.joined(separator: ", ")), this planledger keeps \(known.joined(separator: ", ")); upgrade planledger to open it"
        case .needsUpgrade(let path, let reason):
            "\(path) must be written to before it can be read (\(reason)), but the file or its folder is read-only; copy it (with its -wal file, if any) to a writable folder and open it there once"
        case .readOnly(let path):
            "\(path) is read-only for this user (the file or its folder cannot be written); queries and verify can read it, writing needs a writable copy"
        case .damagedFile(let path, let reason):
            "the ledger \(path) is damaged: \(reason); `planledger verify` names the first bad event, restore the file from a backup"
        case .damagedRow(let table, let row, let reason):
            "the ledger is damaged: table \(table), row \(row): \(reason); `planledger rebuild` builds the table again from the log"
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
        if let e = error as? RowDecodingError {
            // A stored value of the wrong type (GRDB names the column and the SQL): only a hand edit writes one.
            return .damagedFile(path: path, reason: "a stored value cannot be read (\(e))")
        }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path, seconds: busyTimeout)
            case .SQLITE_READONLY: return .readOnly(path: path)
            case .SQLITE_CANTOPEN: return .unreadable(path: path, reason: e.message ?? "SQLite cannot open it")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                // A file marked as a ledger that SQLite cannot read is a damaged ledger; anything else is not one.
                let file = LedgerFile(path: path)
                let detail = "SQLite reports \(e.message ?? "\(e.resultCode)")"
                if let file, file.isSQLite, file.applicationID == Schema.applicationID {
                    return .damagedFile(path: path, reason: file.damage ?? detail)
                }
                if let file, file.isSQLite {
                    return .notALedger(path: path, reason: "it is an SQLite database of another application, and corrupt (\(detail))")
                }
                return .notALedger(path: path, reason: "it is not an SQLite database")
            default: return .database(e.description)
            }
        }
        return .database(String(describing: error))
    }
}
