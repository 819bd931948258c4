import Crypto
import Foundation
import GRDB
import Synchronization
import HummingbirdBcrypt
import LedgerCore

/// An account as `planledger accounts list` shows it: its name, roles and state, never a hash.
public struct Account: Sendable, Hashable {
    public var name: String
    public var roles: Set<Role>
    /// A disabled account signs in with nothing: its password and tokens are refused (SPEC: accounts can be removed).
    public var disabled: Bool
    /// Whether it has a password (web sign-in); accounts used only by programs have none.
    public var hasPassword: Bool
    /// How many API tokens it holds that are not revoked (0 or 1: a new token replaces the last).
    public var tokens: Int
    /// When it was added (RFC 3339, UTC).
    public var created: String

    /// `{"name","roles":[…],"disabled","password","tokens","created"}`, the shape of `accounts list --format json`.
    public var json: JSONValue {
        ["name": .string(name), "roles": .array(Role.ordered(roles).map { .string($0.rawValue) }), "disabled": .bool(disabled),
         "password": .bool(hasPassword), "tokens": .number(Double(tokens)), "created": .string(created)]
    }
}

/// A signed-in account: who it is and the roles it holds now (empty when every role was revoked).
public struct AccountHolder: Sendable, Hashable {
    public var name: String
    public var roles: Set<Role>
    public init(name: String, roles: Set<Role>) {
        self.name = name
        self.roles = roles
    }
}

/// The accounts of one ledger file (SPEC, "Accounts and roles"): outside the event log, in tables of the same file,
/// so that `planledger accounts` works on the ledger it is pointed at and an account can be removed without touching
/// the log. Every change is appended to the account log (`AccountLog`) in the same transaction.
///
/// Tables (created on the first write by `AccountSchema`, never by the ledger's migrator, so that a ledger without
/// them opens, reads, verifies, exports and rebuilds as before, read-only included):
/// - `account(name, roles, disabled, password_hash, created)`: `password_hash` is bcrypt (`$2b$`), or NULL;
/// - `account_token(hash, account, created, revoked)`: `hash` is SHA-256 of the token's UTF-8 bytes, never the token;
/// - `account_log(seq, recorded, actor, action, account, role, prev, hash)`: append-only (triggers refuse UPDATE and
///   DELETE) and hash-chained as the events are.
///
/// Input is refused as the CLI refuses a bad event: a `Rejection` naming the field (`name`, `role`, `password`),
/// kind `missing` for an account that does not exist (exit 66), and nothing is written.
public final class AccountStore: Sendable {
    /// The ledger file.
    public let path: String
    /// bcrypt's cost (log2 of its rounds): 12 in production; tests pass 4 to stay fast.
    public let bcryptCost: UInt8
    let queue: DatabaseQueue
    let readOnly: Bool
    let decoy = Mutex<String?>(nil)

    /// Opens the accounts of the ledger at `path`; the caller has checked that it is a ledger (`Ledger.open…`).
    /// `readOnly` for the service and `list`/`log`: nothing is created, and a ledger without accounts has none.
    public init(path: String, readOnly: Bool, busyTimeout: Double = 30, bcryptCost: UInt8 = 12) throws {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.readonly = readOnly
        config.label = "planledger.accounts"
        self.path = path
        self.readOnly = readOnly
        self.bcryptCost = bcryptCost
        self.queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// Closes the connection.
    public func close() throws { try queue.close() }

    // MARK: Changes

    /// `accounts add NAME --role ROLE [--password-stdin]`: a new, enabled account holding `role`, with a bcrypt hash
    /// of `password` when one is given. Refuses a name already taken (even by a disabled account: names in the log
    /// are never reused for someone else), an invalid name, `public`, or an empty or over-long password.
    public func add(_ name: String, role: Role, password: String?, actor: String, at now: Timestamp) throws {
        var problems = Self.nameProblems(name) + Self.roleProblems(role)
        if let password { problems += Self.passwordProblems(password) }
        guard problems.isEmpty else { throw Rejection(problems: problems) }
        // Hash outside the transaction: bcrypt takes a quarter of a second at cost 12.
        let hash = password.map { Bcrypt.hash($0, cost: bcryptCost) }
        try write { db in
            if try Self.account(db, name) != nil {
                throw Rejection(problems: [Problem(field: "name", reason: "an account named \(TextCheck.quoted(name)) exists already")])
            }
            try db.execute(sql: "INSERT INTO account (name, roles, disabled, password_hash, created) VALUES (?, ?, 0, ?, ?)",
                           arguments: [name, role.rawValue, hash, now.description])
            try AccountLog.append(db, action: .added, account: name, role: role, actor: actor, at: now)
        }
    }

    /// `accounts token NAME`: a new API token for the account, returned once and stored only as its SHA-256; the
    /// account's earlier tokens are revoked (a token is replaced, never listed). `plt_` and 43 base64url characters
    /// (32 random bytes from the system's CSPRNG).
    public func issueToken(_ name: String, actor: String, at now: Timestamp) throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        let token = "plt_" + Self.base64url(bytes)
        try write { db in
            let account = try Self.existing(db, name)
            if account.disabled { throw Self.disabled(name) }
            try db.execute(sql: "UPDATE account_token SET revoked = ? WHERE account = ? AND revoked IS NULL", arguments: [now.description, name])
            try db.execute(sql: "INSERT INTO account_token (hash, account, created, revoked) VALUES (?, ?, ?, NULL)",
                           arguments: [Data(Self.tokenHash(token)), name, now.description])
            try AccountLog.append(db, action: .tokenIssued, account: name, role: nil, actor: actor, at: now)
        }
        return token
    }

    /// `accounts grant NAME --role ROLE`: the account holds `role` from now on. Refuses an account that holds it
    /// already or is disabled.
    public func grant(_ name: String, role: Role, actor: String, at now: Timestamp) throws {
        let problems = Self.roleProblems(role)
        guard problems.isEmpty else { throw Rejection(problems: problems) }
        try write { db in
            var account = try Self.existing(db, name)
            if account.disabled { throw Self.disabled(name) }
            guard account.roles.insert(role).inserted else {
                throw Rejection(problems: [Problem(field: "role", reason: "\(TextCheck.quoted(name)) holds \(role.rawValue) already")])
            }
            try Self.setRoles(db, name, account.roles)
            try AccountLog.append(db, action: .granted, account: name, role: role, actor: actor, at: now)
        }
    }

    /// `accounts revoke NAME --role ROLE`: the account no longer holds `role`. Refuses a role it does not hold.
    public func revoke(_ name: String, role: Role, actor: String, at now: Timestamp) throws {
        try write { db in
            var account = try Self.existing(db, name)
            guard account.roles.remove(role) != nil else {
                throw Rejection(problems: [Problem(field: "role", reason: "\(TextCheck.quoted(name)) does not hold \(role.rawValue)")])
            }
            try Self.setRoles(db, name, account.roles)
            try AccountLog.append(db, action: .revoked, account: name, role: role, actor: actor, at: now)
        }
    }

    /// `accounts disable NAME`: the account signs in with nothing any more; its tokens are revoked and its password
    /// hash removed (SPEC: accounts and their secrets can be removed; the log keeps who held what). Final: there is
    /// no enable — add a new account.
    public func disable(_ name: String, actor: String, at now: Timestamp) throws {
        try write { db in
            let account = try Self.existing(db, name)
            if account.disabled { throw Self.disabled(name) }
            try db.execute(sql: "UPDATE account SET disabled = 1, roles = '', password_hash = NULL WHERE name = ?", arguments: [name])
            try db.execute(sql: "UPDATE account_token SET revoked = ? WHERE account = ? AND revoked IS NULL", arguments: [now.description, name])
            try AccountLog.append(db, action: .disabled, account: name, role: nil, actor: actor, at: now)
        }
    }

    // MARK: Reads

    /// Every account, by name (byte order).
    public func list() throws -> [Account] {
        try read { db in
            guard try AccountSchema.exists(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT name, roles, disabled, password_hash IS NOT NULL,
                       (SELECT count(*) FROM account_token t WHERE t.account = a.name AND t.revoked IS NULL), created
                FROM account a ORDER BY CAST(name AS BLOB)
                """).map { row in
                Account(name: row[0], roles: Self.roles(row[1]), disabled: row[2], hasPassword: row[3], tokens: row[4], created: row[5])
            }
        }
    }

    /// The account holding `token` (the whole `plt_…` text), or nil when no enabled account holds it unrevoked.
    public func holder(token: String) throws -> AccountHolder? {
        try read { db in
            guard try AccountSchema.exists(db) else { return nil }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.name, a.roles FROM account_token t JOIN account a ON a.name = t.account
                WHERE t.hash = ? AND t.revoked IS NULL AND a.disabled = 0
                """, arguments: [Data(Self.tokenHash(token))]) else { return nil }
            return AccountHolder(name: row[0], roles: Self.roles(row[1]))
        }
    }

    /// The enabled account named `name`, as it is now (a web session is checked again on every request).
    public func holder(name: String) throws -> AccountHolder? {
        try read { db in
            guard try AccountSchema.exists(db), let account = try Self.account(db, name), !account.disabled else { return nil }
            return AccountHolder(name: name, roles: account.roles)
        }
    }

    /// The enabled account `name` when `password` matches its bcrypt hash, else nil. An unknown name, a disabled
    /// account or one without a password costs a bcrypt comparison too, so that timing does not tell them apart.
    public func holder(name: String, password: String) throws -> AccountHolder? {
        let found: (hash: String?, holder: AccountHolder?) = try read { db in
            guard try AccountSchema.exists(db),
                  let row = try Row.fetchOne(db, sql: "SELECT roles, password_hash FROM account WHERE name = ? AND disabled = 0", arguments: [name])
            else { return (nil, nil) }
            return (row[1], AccountHolder(name: name, roles: Self.roles(row[0])))
        }
        guard let hash = found.hash, !password.isEmpty else {
            _ = Bcrypt.verify(password, hash: decoyHash())
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? found.holder : nil
    }

    /// A bcrypt hash at this store's cost of random bytes nobody types, compared against when there is no real hash;
    /// made on first use.
    func decoyHash() -> String {
        decoy.withLock { hash in
            if let hash { return hash }
            let made = Bcrypt.hash(Self.base64url((0..<16).map { _ in UInt8.random(in: 0...255) }), cost: bcryptCost)
            hash = made
            return made
        }
    }

    /// The account log in seq order.
    public func log() throws -> [AccountLog.Entry] {
        try read { db in try AccountLog.entries(db) }
    }

    /// Checks the account log's chain and that the account table agrees with it (see `AccountLog.verify`).
    public func verify() throws -> AccountLog.Report {
        try read { db in try AccountLog.verify(db) }
    }

    // MARK: Helpers

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read { db in try body(db) }
    }

    func write(_ body: (Database) throws -> Void) throws {
        // BEGIN IMMEDIATE: the write lock is taken first, so a check made inside the transaction holds until its commit.
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try AccountSchema.create(db)
                try body(db)
                return .commit
            }
        }
    }

    struct Stored {
        var roles: Set<Role>
        var disabled: Bool
    }

    static func account(_ db: Database, _ name: String) throws -> Stored? {
        guard let row = try Row.fetchOne(db, sql: "SELECT roles, disabled FROM account WHERE name = ?", arguments: [name]) else { return nil }
        return Stored(roles: roles(row[0]), disabled: row[1])
    }

    static func existing(_ db: Database, _ name: String) throws -> Stored {
        guard let account = try account(db, name) else {
            throw Rejection(problems: [.missing(field: "name", reason: "no account named \(TextCheck.quoted(name))")])
        }
        return account
    }

    static func disabled(_ name: String) -> Rejection {
        Rejection(problems: [Problem(field: "name", reason: "the account \(TextCheck.quoted(name)) is disabled")])
    }

    static func setRoles(_ db: Database, _ name: String, _ roles: Set<Role>) throws {
        try db.execute(sql: "UPDATE account SET roles = ? WHERE name = ?", arguments: [text(roles), name])
    }

    /// Roles as stored: their names, space-separated, in the SPEC's order ("" for none).
    static func text(_ roles: Set<Role>) -> String { Role.ordered(roles).map(\.rawValue).joined(separator: " ") }
    static func roles(_ text: String) -> Set<Role> { Set(text.split(separator: " ").compactMap { Role(rawValue: String($0)) }) }

    /// What is wrong with `name` as an account name: empty, longer than 100 characters, a control character (SPEC,
    /// "Fidelity": it becomes the `actor` of events, hashed into the log), or spaces at either end.
    public static func nameProblems(_ name: String) -> [Problem] {
        if name.isEmpty { return [Problem(field: "name", reason: "is empty; give the account a name")] }
        if let problem = TextCheck.problem(in: name, field: "name") { return [problem] }
        if name.count > 100 { return [Problem(field: "name", reason: "is \(name.count) characters long; at most 100")] }
        if name.first!.isWhitespace || name.last!.isWhitespace {
            return [Problem(field: "name", reason: "\(TextCheck.quoted(name)) begins or ends with a space")]
        }
        return []
    }

    static func roleProblems(_ role: Role) -> [Problem] {
        role == .public
            ? [Problem(field: "role", reason: "public is the role of every caller without an account; grant staff, registrar, auditor or admin")]
            : []
    }

    /// What is wrong with a password: empty, or over bcrypt's 72 bytes (bcrypt ignores what follows, so a longer
    /// password would be weaker than it looks).
    public static func passwordProblems(_ password: String) -> [Problem] {
        if password.isEmpty { return [Problem(field: "password", reason: "is empty")] }
        if password.utf8.count > 72 { return [Problem(field: "password", reason: "is \(password.utf8.count) bytes; bcrypt takes at most 72")] }
        // Never echo the password: name the field and the kind of fault only.
        if TextCheck.firstForbidden(in: password) != nil { return [Problem(field: "password", reason: "holds a control character")] }
        return []
    }

    /// SHA-256 of the token's UTF-8 bytes: what `account_token.hash` holds.
    public static func tokenHash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// RFC 4648 §5 base64url without padding.
    public static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The accounts' tables, created on the first change to accounts (`CREATE … IF NOT EXISTS`, in the change's own
/// transaction). They are not steps of the ledger's migrator: `Schema.check` would take an unknown step for a newer
/// schema, and a ledger without accounts must stay readable read-only. A later change to these tables is a new
/// statement here, guarded the same way.
public enum AccountSchema {
    /// Whether the accounts' tables exist (a ledger where no account was ever added has none).
    public static func exists(_ db: Database) throws -> Bool { try db.tableExists("account_log") }

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS account (
                name          TEXT    PRIMARY KEY NOT NULL,
                roles         TEXT    NOT NULL,                 -- role names, space-separated, in the SPEC's order
                disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
                password_hash TEXT,                             -- bcrypt; NULL: no password
                created       TEXT    NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS account_token (
                hash    BLOB PRIMARY KEY NOT NULL CHECK (length(hash) = 32),  -- SHA-256 of the token, never the token
                account TEXT NOT NULL REFERENCES account(name),
                created TEXT NOT NULL,
                revoked TEXT
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS account_token_by_account ON account_token(account);
            CREATE TABLE IF NOT EXISTS account_log (
                seq      INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
                recorded TEXT NOT NULL,
                actor    TEXT NOT NULL,
                action   TEXT NOT NULL,
                account  TEXT NOT NULL,
                role     TEXT,
                prev     BLOB NOT NULL CHECK (length(prev) = 32),
                hash     BLOB NOT NULL CHECK (length(hash) = 32)
            );
            CREATE TRIGGER IF NOT EXISTS account_log_refuses_update BEFORE UPDATE ON account_log
            BEGIN SELECT RAISE(ABORT, 'planledger: the account log is append-only; UPDATE is refused'); END;
            CREATE TRIGGER IF NOT EXISTS account_log_refuses_delete BEFORE DELETE ON account_log
            BEGIN SELECT RAISE(ABORT, 'planledger: the account log is append-only; DELETE is refused'); END;
            CREATE TRIGGER IF NOT EXISTS account_log_seq_is_gapless BEFORE INSERT ON account_log
            WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM account_log)
            BEGIN SELECT RAISE(ABORT, 'planledger: account log seq must follow its head without a gap'); END;
            """)
    }
}
