import Foundation
import GRDB
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
    let environment: LedgerEnvironment
    let logger: Logger
    /// Read models updated with every append, in this order.
    public let projections: [any Projection]

    private init(
        path: String, database: DatabaseQueue, busyTimeout: Double, environment: LedgerEnvironment, logger: Logger,
        projections: [any Projection]
    ) {
        self.path = path
        self.database = database
        self.busyTimeout = busyTimeout
        self.environment = environment
        self.logger = logger
        self.projections = projections
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
        }
        return config
    }

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

    /// Opens an existing ledger, bringing an older schema up to date; refuses files that are not ledgers and
    /// ledgers written by a newer planledger.
    public static func open(
        at path: String, busyTimeout: Double = 30, environment: LedgerEnvironment = .live,
        logger: Logger = Ledger.silentLogger, projections: [any Projection] = [], durability: Durability = .full
    ) throws(StoreError) -> Ledger {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path: path) }
        if isDirectory.boolValue { throw .notALedger(path: path, reason: "it is a directory") }
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 0 {
            throw .notALedger(path: path, reason: "the file is empty")
        }
        do {
            // Look before touching: a read-only connection checks the file is a ledger of a known schema, so
            // that a file of another application is not switched to WAL or migrated.
            let migrator = Schema.migrator
            do {
                let probe = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout, readonly: true))
                try probe.read { db in
                    let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                    guard appID == Schema.applicationID else {
                        throw StoreError.notALedger(path: path, reason: "it is an SQLite database of another application")
                    }
                    if try migrator.hasBeenSuperseded(db) {
                        let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                        throw StoreError.newerSchema(path: path, unknown: unknown)
                    }
                }
                try probe.close()
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout, readonly: false, durability: durability))
            // GRDB sets synchronous = NORMAL when it turns WAL on, after prepareDatabase: set it again here.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue)") }
            try migrator.migrate(queue)
            let ledger = Ledger(path: path, database: queue, busyTimeout: busyTimeout, environment: environment, logger: logger, projections: projections)
            try ledger.catchUpIfNeeded()
            return ledger
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in a read transaction (one consistent snapshot), wrapping database errors.
    public func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read { db in try body(db) }
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction: the write lock is taken (or waited for) first, so that
    /// concurrent appenders queue up instead of failing on a lock upgrade.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
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
