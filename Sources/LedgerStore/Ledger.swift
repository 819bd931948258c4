import Foundation
import GRDB
import GRDBSQLite
import LedgerCore
import Logging

/// The clock and id generator an append uses, injected so that tests control time and ids.
public struct LedgerEnvironment: Sendable {
    public var now: @Sendable () -> Timestamp
    public var newID: @Sendable () -> String
    /// How many rule-state keys an append keeps in memory before writing them out and forgetting them.
    public var stateCacheLimit: Int

    public init(now: @escaping @Sendable () -> Timestamp, newID: @escaping @Sendable () -> String, stateCacheLimit: Int = 100_000) {
        self.now = now
        self.newID = newID
        self.stateCacheLimit = stateCacheLimit
    }

    public static let live = LedgerEnvironment(
        now: { Timestamp(Date()) },
        newID: { timeOrderedUUID() })
}

/// One ledger file: the append-only event log and what is derived from it, in SQLite (WAL).
///
/// Several processes may open the same file; appends serialise on SQLite's write lock, waiting up to
/// `busyTimeout` seconds for it.
public final class Ledger: Sendable {
    public let path: String
    public let busyTimeout: Double
    let database: DatabaseQueue
    /// Whether this connection may write: `openForReading` gives `.readOnly`.
    public let access: Access
    let environment: LedgerEnvironment
    let logger: Logger
    /// Read models updated with every append, in this order.
    public let projections: [any Projection]

    /// What the file's header says is wrong with it (see `LedgerFile.damage`), when opened with `tolerateDamage`.
    let fileDamage: String?
    /// What a second, read-only connection opens: the path, or the immutable URI when the file had to be opened so.
    let readingLocation: String

    /// How a ledger was opened.
    public enum Access: Sendable {
        /// By `open`/`create`: appends, rebuilds and checkpoints may write.
        case readWrite
        /// By `openForReading`: queries and `verify` only; a write is refused.
        case readOnly
    }

    private init(
        path: String, database: DatabaseQueue, access: Access, busyTimeout: Double, environment: LedgerEnvironment, logger: Logger,
        projections: [any Projection], held: HeldFiles.ID?, fileDamage: String? = nil, readingLocation: String? = nil
    ) {
        self.fileDamage = fileDamage
        self.readingLocation = readingLocation ?? path
        self.path = path
        self.database = database
        self.access = access
        self.busyTimeout = busyTimeout
        self.environment = environment
        self.logger = logger
        self.projections = projections
        self.held = held
    }

    /// This ledger's file among those the process holds (see `HeldFiles`), released when the ledger goes.
    private let held: HeldFiles.ID?

    deinit {
        if let held { HeldFiles.release(held) }
    }

    /// The logger used when the caller passes none: a library logs only where it is asked to.
    public static let silentLogger = Logger(label: "planledger.store", factory: { _ in SwiftLogNoOpLogHandler() })

    /// How hard each commit waits for the disk. `full` (the default) survives power loss; `normal` may lose
    /// the last commits on power loss but never corrupts (WAL) — for benchmarks, tests and bulk loads.
    public enum Durability: String, Sendable {
        case full = "FULL"
        case normal = "NORMAL"
    }

    static func configuration(busyTimeout: Double, readonly: Bool, durability: Durability = .full) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.readonly = readonly
        config.journalMode = readonly ? .default : .wal
        config.label = "planledger"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue)")
            if !readonly { try db.execute(sql: "PRAGMA cache_size = -\(writerCacheKiB)") }
        }
        return config
    }

    /// The page cache of the connection that writes, in KiB (SQLite's default is 2,000 KiB). A bulk append touches
    /// the log's, the indexes' and every projection's B-trees at once; with the default cache their pages go back to
    /// the kernel and are read again (a 1M-event append spent 35–38 s in the kernel; with 64 MiB, 22–27 s, its peak
    /// RSS 160 MB instead of 91). Readers keep the default.
    public static let writerCacheKiB = 65_536

    /// Creates a new, empty ledger at `path`; refuses if anything is there already.
    public static func create(
        at path: String, busyTimeout: Double = 30, environment: LedgerEnvironment = .live,
        logger: Logger = Ledger.silentLogger, projections: [any Projection] = [], durability: Durability = .full
    ) throws(StoreError) -> Ledger {
        if FileManager.default.fileExists(atPath: path) { throw .exists(path: path) }
        // Build the empty ledger beside the target, then link it into place: link(2) fails if anything
        // appeared at `path` meanwhile, so two concurrent inits cannot overwrite each other.
        let staging = "\(path).init-\(UUID().uuidString)"
        defer { unlink(staging) }
        do {
            do {
                let queue = try DatabaseQueue(path: staging, configuration: configuration(busyTimeout: busyTimeout, readonly: false))
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                }
                try Schema.migrator.migrate(queue)
                try queue.close()
            }
            guard link(staging, path) == 0 else {
                if errno == EEXIST { throw StoreError.exists(path: path) }
                throw StoreError.database("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            logger.info("created ledger", metadata: ["path": "\(path)"])
            return try open(at: path, busyTimeout: busyTimeout, environment: environment, logger: logger, projections: projections, durability: durability)
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Opens an existing ledger for appending, bringing an older schema and (unless `catchingUp` is false) lagging
    /// projections up to date; refuses files that are not ledgers, damaged ledgers, and ledgers written by a newer
    /// planledger. `rebuild` passes `catchingUp: false`: it folds every projection again, and a progress record
    /// edited by hand (which a catch-up would trip over) must not stop the command that repairs it. Only for that: an
    /// append through a ledger opened so would record a lagging projection as current.
    public static func open(
        at path: String, busyTimeout: Double = 30, environment: LedgerEnvironment = .live,
        logger: Logger = Ledger.silentLogger, projections: [any Projection] = [], durability: Durability = .full,
        catchingUp: Bool = true
    ) throws(StoreError) -> Ledger {
        try checkFile(path)
        guard LedgerFile.isWritable(path) else { throw .readOnly(path: path) }
        // Held before the first connection, so that a header read by another open in this process never closes a
        // descriptor (dropping this connection's locks) in between; released by the ledger, or here on failure.
        let held = HeldFiles.hold(path)
        var handedOver = false
        do {
            // Look before touching: a read-only connection checks the file is a ledger of a known schema, so
            // that a file of another application is not switched to WAL or migrated.
            do {
                let probe = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout, readonly: true))
                _ = try probe.read { db in try Schema.check(db, path: path, projections: projections) }
                try probe.close()
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout, readonly: false, durability: durability))
            // GRDB sets synchronous = NORMAL when it turns WAL on, after prepareDatabase: set it again here.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue)") }
            try Schema.migrator.migrate(queue)
            let ledger = Ledger(path: path, database: queue, access: .readWrite, busyTimeout: busyTimeout, environment: environment,
                                logger: logger, projections: projections, held: held)
            handedOver = true
            if catchingUp { try ledger.catchUpIfNeeded() }
            return ledger
        } catch {
            if !handedOver, let held { HeldFiles.release(held) }
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Opens an existing ledger for queries: read-only, every read one snapshot, never the write lock (SPEC,
    /// "Fidelity": reading never waits for writing). No migration runs and no pragma is set; a bulk append in
    /// progress delays nothing.
    ///
    /// A file that cannot be written, or that sits in a folder where SQLite cannot create its `-shm` file, is opened
    /// as immutable (SQLite's `immutable=1` URI parameter): an auditor's archived copy can be queried and verified.
    ///
    /// A ledger that needs an upgrade this planledger can make (an older schema, a projection of an older version)
    /// is upgraded once through `open(at:)` when the file is writable — the only case in which this takes the write
    /// lock — and refused with `.needsUpgrade` when it is not. Errors as `open(at:)`; a file shorter than its header
    /// says is `.damagedFile` unless `tolerateDamage` (for `verify`, which names the first bad event instead).
    ///
    /// With `catchingUp` false (`verify`), projections are never brought up to date: a ledger whose only upgrade is a
    /// lagging projection opens as it is, writable or not, and an older schema is migrated without a catch-up. An
    /// auditor's check writes nothing it then checks, and it names a progress record that does not match the log
    /// rather than tripping over it.
    public static func openForReading(
        at path: String, busyTimeout: Double = 30, logger: Logger = Ledger.silentLogger, projections: [any Projection] = [],
        tolerateDamage: Bool = false, catchingUp: Bool = true
    ) throws(StoreError) -> Ledger {
        let damage = try checkFile(path, tolerateDamage: tolerateDamage)
        let held = HeldFiles.hold(path)
        do {
            var (queue, location, upgrade) = try reader(path, busyTimeout: busyTimeout, projections: projections, tolerateDamage: tolerateDamage)
            if case .projections? = upgrade, !catchingUp { upgrade = nil }
            if let upgrade {
                guard LedgerFile.isWritable(path) else { throw StoreError.needsUpgrade(path: path, reason: "\(upgrade)") }
                try queue.close()
                logger.info("upgrading ledger before reading it", metadata: ["path": "\(path)", "reason": "\(upgrade)"])
                _ = try open(at: path, busyTimeout: busyTimeout, logger: logger, projections: projections, catchingUp: catchingUp)
                (queue, location, _) = try reader(path, busyTimeout: busyTimeout, projections: projections)
            }
            let ledger = Ledger(path: path, database: queue, access: .readOnly, busyTimeout: busyTimeout, environment: .live,
                                logger: logger, projections: projections, held: held, fileDamage: damage, readingLocation: location)
            return ledger
        } catch {
            if let held { HeldFiles.release(held) }
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Where a read-only connection to the ledger at `path` reads it: `path` itself, or (a file in a folder where SQLite
    /// can create no `-shm`: an archived copy) its immutable URI, as `openForReading` decides. For the other readers of
    /// the same file (the account log). Errors as `openForReading`.
    public static func readingLocation(of path: String, busyTimeout: Double = 30) throws(StoreError) -> String {
        do {
            let (queue, location, _) = try reader(path, busyTimeout: busyTimeout, projections: [])
            try queue.close()
            return location
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The configuration of a read-only connection: no pragma, no journal-mode set-up, nothing that writes.
    static func readingConfiguration(busyTimeout: Double) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.readonly = true
        config.label = "planledger.reader"
        return config
    }

    /// A read-only connection to `path` whose schema this planledger can read, and the upgrade it needs, if any.
    /// When SQLite cannot open the file read-only in place (no `-shm` can be created beside it), the file is opened
    /// immutable instead, unless a write-ahead log beside it holds commits that immutable mode would not see.
    ///
    /// With `tolerateDamage` (verify), a file whose schema check meets a page SQLite cannot read (the log's last page,
    /// the table of the projections' progress) is opened all the same once its header says it is a ledger, needing no
    /// upgrade: verify then names the first seq it cannot read, instead of the file as a whole.
    static func reader(_ path: String, busyTimeout: Double, projections: [any Projection], tolerateDamage: Bool = false)
        throws -> (DatabaseQueue, location: String, upgrade: Schema.Upgrade?)
    {
        let config = readingConfiguration(busyTimeout: busyTimeout)
        func check(_ queue: DatabaseQueue) throws -> Schema.Upgrade? {
            do {
                return try queue.read { db in try Schema.check(db, path: path, projections: projections) }
            } catch let error as DatabaseError where tolerateDamage && [.SQLITE_CORRUPT, .SQLITE_IOERR].contains(error.resultCode) {
                // The header, read without SQLite, must still say ledger (SQLite fails the read transaction whole).
                guard LedgerFile(path: path)?.applicationID == Schema.applicationID else { throw error }
                return nil
            }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            return (queue, path, try check(queue))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            guard wal == 0 else {
                throw StoreError.needsUpgrade(path: path, reason: "its write-ahead log \(path)-wal holds commits that SQLite reads only where it may create \(path)-shm: \(error.message ?? "read-only")")
            }
            let immutable = LedgerFile.uri(path, "mode=ro&immutable=1")
            let queue = try DatabaseQueue(path: immutable, configuration: config)
            return (queue, immutable, try check(queue))
        }
    }

    /// Refuses, before SQLite opens anything, a path that is missing, a directory, an empty file, not SQLite, or
    /// a ledger cut shorter than its header says; returns that damage instead when `tolerateDamage`.
    @discardableResult
    static func checkFile(_ path: String, tolerateDamage: Bool = false) throws(StoreError) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path: path) }
        if isDirectory.boolValue { throw .notALedger(path: path, reason: "it is a directory") }
        if let denied = LedgerFile.readDenied(path) { throw .unreadable(path: path, reason: denied) }
        guard let file = LedgerFile(path: path) else { throw .unreadable(path: path, reason: "the file cannot be opened") }
        if file.size == 0 { throw .notALedger(path: path, reason: "the file is empty") }
        if !file.isSQLite { throw .notALedger(path: path, reason: "it is not an SQLite database") }
        guard file.applicationID == Schema.applicationID, let damage = file.damage else { return nil }
        if tolerateDamage { return damage }
        throw .damagedFile(path: path, reason: damage)
    }

    /// Closes the connection (SQLite folds the write-ahead log into the file when the last connection closes).
    /// The ledger must not be used afterwards; a long-running process (the service's writer) calls this on shutdown.
    public func close() throws(StoreError) {
        do {
            try database.close()
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in a read transaction (one consistent snapshot), wrapping database errors. A write in `body` is
    /// refused: by SQLite on a ledger opened for reading (a read-only connection), and after the fact on one opened
    /// for writing (`snapshot`: rolled back, `.database`).
    public func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            guard access == .readWrite else { return try database.read { db in try body(db) } }
            return try database.unsafeRead { db in try Ledger.snapshot(db, body) }
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in a deferred transaction on the connection that writes, and rolls it back, throwing
    /// `StoreError.database`, when `body` wrote anything: rows, the schema (a table, view, trigger or index created,
    /// altered or dropped), the header (`PRAGMA user_version`, `application_id`) or a temporary table. SQLite says so
    /// by the transaction's state (`sqlite3_txn_state`: `SQLITE_TXN_WRITE` once any statement has written). Such a
    /// write first waits for the write lock like any other, so it may fail as `.busy` instead.
    ///
    /// Not GRDB's `read`, which sets `PRAGMA query_only` before and after: setting a flag pragma makes SQLite expire
    /// every statement the connection has prepared (`OP_Expire`), so each read re-prepared every statement it then
    /// ran. That was a third of an as-of `show`'s time at 1M events, in process on a ledger opened for writing, and
    /// the statements of the next append had to be prepared again as well.
    static func snapshot<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.deferred) {
            result = try body(db)
            guard sqlite3_txn_state(db.sqliteConnection, nil) != SQLITE_TXN_WRITE else {
                throw StoreError.database("a read may not write, and this one wrote to the database; what it wrote was rolled back")
            }
            return .commit
        }
        return result!
    }

    /// Runs `body` in one IMMEDIATE write transaction: the write lock is taken (or waited for) first, so that
    /// concurrent appenders queue up instead of failing on a lock upgrade.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard access == .readWrite else { throw .database("\(path) was opened for reading; this needs a ledger opened for writing") }
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }
}

/// The last event of the log.
public struct Head: Sendable, Hashable {
    public var seq: Int
    public var hash: [UInt8]
    public var recorded: Timestamp?

    public init(seq: Int, hash: [UInt8], recorded: Timestamp?) {
        self.seq = seq
        self.hash = hash
        self.recorded = recorded
    }

    public static let empty = Head(seq: 0, hash: EventHash.genesis, recorded: nil)
}

/// A time-ordered (version 7, RFC 9562) UUID, lower-case: 48 bits of Unix milliseconds, then 74 random bits from
/// the system's CSPRNG. Ids made one after another sort one after another, so the unique index on `event.id`
/// grows at its right edge instead of touching a random page per insert once it outgrows the page cache.
func timeOrderedUUID(at date: Date = Date()) -> String {
    var rng = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: 16)
    let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
    let random = (rng.next() as UInt64, rng.next() as UInt64)
    for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> (8 * UInt64(5 - i))) }
    for i in 6..<16 { bytes[i] = UInt8(truncatingIfNeeded: (i < 8 ? random.0 : random.1) >> (8 * UInt64(i % 8))) }
    bytes[6] = (bytes[6] & 0x0f) | 0x70
    bytes[8] = (bytes[8] & 0x3f) | 0x80
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(36)
    for (i, byte) in bytes.enumerated() {
        if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}
