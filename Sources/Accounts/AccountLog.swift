import Foundation
import GRDB
import LedgerCore

/// The account log (SPEC, "Accounts and roles"): every change to accounts, append-only in the database (triggers
/// refuse UPDATE and DELETE) and hash-chained as the events are (SPEC, "Integrity"): `hash` = SHA-256(`prev` ‖ the
/// RFC 8785 canonical JSON of `{seq, recorded, actor, action, account, role}`, `role` null when the action has
/// none); the first entry's `prev` is 32 zero bytes. A password, its hash or a token never enters it.
public enum AccountLog {
    /// What was done to an account.
    public enum Action: String, Sendable, CaseIterable {
        /// `accounts add`: the account was created holding `role`.
        case added
        /// `accounts grant`: it holds `role` from now on.
        case granted
        /// `accounts revoke`: it no longer holds `role`.
        case revoked
        /// `accounts disable`: it holds no role and signs in with nothing from now on.
        case disabled
        /// `accounts token`: a new API token replaced its earlier ones (the token is not in the log).
        case tokenIssued = "token-issued"
    }

    /// One entry of the log.
    public struct Entry: Sendable, Hashable {
        public var seq: Int
        /// When it was written (RFC 3339, UTC, milliseconds), by the writer's clock.
        public var recorded: String
        /// Who made the change: the CLI's actor (`$PLANLEDGER_ACTOR`, else the login name) or the signed-in admin.
        public var actor: String
        public var action: String
        public var account: String
        public var role: String?
        public var prev: [UInt8]
        public var hash: [UInt8]

        /// The object hashed: `{seq, recorded, actor, action, account, role}`.
        public var hashed: JSONValue {
            ["seq": .number(Double(seq)), "recorded": .string(recorded), "actor": .string(actor), "action": .string(action),
             "account": .string(account), "role": role.map(JSONValue.string) ?? .null]
        }

        /// SHA-256(`prev` ‖ canonical JSON of `hashed`).
        public var computedHash: [UInt8] { EventHash.hash(prev: prev, canonical: CanonicalJSON.encode(hashed)) }

        /// `accounts log --format json`'s element: the hashed members plus `prev` and `hash` in hex.
        public var json: JSONValue {
            guard case .object(var members) = hashed else { return hashed }
            members["prev"] = .string(Hex.encode(prev))
            members["hash"] = .string(Hex.encode(hash))
            return .object(members)
        }
    }

    /// Appends one entry after the head, in the caller's transaction.
    static func append(_ db: Database, action: Action, account: String, role: Role?, actor: String, at now: Timestamp) throws {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM account_log ORDER BY seq DESC LIMIT 1")
        let seq = (head.map { $0[0] as Int } ?? 0) + 1
        let prev = head.map { [UInt8]($0[1] as Data) } ?? EventHash.genesis
        var entry = Entry(seq: seq, recorded: now.description, actor: actor, action: action.rawValue, account: account,
                          role: role?.rawValue, prev: prev, hash: [])
        entry.hash = entry.computedHash
        try db.execute(sql: """
            INSERT INTO account_log (seq, recorded, actor, action, account, role, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [seq, entry.recorded, actor, entry.action, account, entry.role, Data(prev), Data(entry.hash)])
    }

    /// Every entry, in seq order (none when the ledger has no accounts' tables).
    public static func entries(_ db: Database) throws -> [Entry] {
        guard try AccountSchema.exists(db) else { return [] }
        return try Row.fetchAll(db, sql: "SELECT seq, recorded, actor, action, account, role, prev, hash FROM account_log ORDER BY seq")
            .map { row in
                Entry(seq: row[0], recorded: row[1], actor: row[2], action: row[3], account: row[4], role: row[5],
                      prev: [UInt8](row[6] as Data), hash: [UInt8](row[7] as Data))
            }
    }

    /// One account's roles and state after a run of entries.
    public struct Held: Sendable, Hashable {
        /// Each role held and the `recorded` time of the entry from which it has been held.
        public var roles: [Role: String] = [:]
        public var disabled = false
    }

    /// The accounts after `entries`, applied in order: `added`/`granted` add the role, `revoked` removes it,
    /// `disabled` removes every role for good.
    public static func fold(_ entries: some Sequence<Entry>) -> [String: Held] {
        var accounts: [String: Held] = [:]
        for entry in entries {
            var held = accounts[entry.account] ?? Held()
            let role = entry.role.flatMap(Role.init(rawValue:))
            switch Action(rawValue: entry.action) {
            case .added?, .granted?:
                if let role, held.roles[role] == nil, !held.disabled { held.roles[role] = entry.recorded }
            case .revoked?:
                if let role { held.roles[role] = nil }
            case .disabled?:
                held.roles = [:]
                held.disabled = true
            case .tokenIssued?, nil:
                break
            }
            accounts[entry.account] = held
        }
        return accounts
    }

    /// One role held on a date: the account, the role, and since when (the entry that granted it).
    public struct Holding: Sendable, Hashable {
        public var account: String
        public var role: Role
        public var since: String
        /// `{"account","role","since"}`.
        public var json: JSONValue { ["account": .string(account), "role": .string(role.rawValue), "since": .string(since)] }
    }

    /// "Who held which role on date D" (SPEC): the fold of the entries recorded up to the end of `date` in `zone`
    /// (the organisation's time zone, as `--known-at DATE` reads a date), by account (byte order) then role (the
    /// SPEC's order). A disabled account holds nothing.
    public static func holdings(_ entries: [Entry], on date: LedgerDate, in zone: TimeZone) -> [Holding] {
        let end = Timestamp.endOfDay(date, in: zone)
        let upTo = entries.filter { entry in Timestamp(rfc3339: entry.recorded).map { $0 <= end } ?? false }
        return fold(upTo).sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }.flatMap { account, held in
            Role.allCases.compactMap { role in held.roles[role].map { Holding(account: account, role: role, since: $0) } }
        }
    }

    /// `accounts log --as-of D --format json`: `{"asOf": D, "holdings": [{"account","role","since"}]}`.
    public static func holdingsJSON(_ holdings: [Holding], on date: LedgerDate) -> JSONValue {
        ["asOf": .string(date.description), "holdings": .array(holdings.map(\.json))]
    }

    /// `accounts log --format json`: the entries, in seq order.
    public static func logJSON(_ entries: [Entry]) -> JSONValue { .array(entries.map(\.json)) }

    /// What `verify` found in the account log.
    public struct Report: Sendable, Hashable {
        /// How many entries the log holds.
        public var entries: Int
        /// The first entry that is wrong (its seq; 0 when the entries are sound but the account table disagrees with
        /// them) and why; nil when the log is sound.
        public var firstBad: (seq: Int, reason: String)?
        public var ok: Bool { firstBad == nil }
        /// What `verify` (CLI and service) says when the log does not hold, naming the entry; nil when it holds.
        public var problem: String? { firstBad.map { "the account log (\(entries) entries) does not hold: \($0.reason)" } }

        public init(entries: Int, firstBad: (seq: Int, reason: String)?) {
            self.entries = entries
            self.firstBad = firstBad
        }

        public static func == (a: Report, b: Report) -> Bool {
            a.entries == b.entries && a.firstBad?.seq == b.firstBad?.seq && a.firstBad?.reason == b.firstBad?.reason
        }
        public func hash(into h: inout Hasher) {
            h.combine(entries)
            h.combine(firstBad?.seq)
        }
    }

    /// Recomputes the chain (each seq one more than the last, each `prev` the last `hash`, each `hash` recomputed)
    /// and checks that the account table holds what the log says: the roles and disabled state of every account, and
    /// no account the log never added (a row written around the log, say a role granted by hand in sqlite3).
    public static func verify(_ db: Database) throws -> Report {
        let entries = try entries(db)
        var prev = EventHash.genesis
        for (index, entry) in entries.enumerated() {
            if entry.seq != index + 1 { return Report(entries: entries.count, firstBad: (entry.seq, "entry \(entry.seq): expected seq \(index + 1)")) }
            if entry.prev != prev {
                return Report(entries: entries.count, firstBad: (entry.seq, "entry \(entry.seq): prev is not the hash of entry \(index)"))
            }
            if entry.computedHash != entry.hash {
                return Report(entries: entries.count, firstBad: (entry.seq, "entry \(entry.seq): hash does not match its contents (edited?)"))
            }
            prev = entry.hash
        }
        // Either table without the other was made or dropped by hand: an account table with no log grants what no
        // entry says, a log with no table leaves its accounts unread.
        let hasLog = try AccountSchema.exists(db), hasTable = try db.tableExists("account")
        guard hasLog || hasTable else { return Report(entries: 0, firstBad: nil) }
        guard hasTable else {
            let held = entries.count == 1 ? "1 entry" : "\(entries.count) entries"
            return Report(entries: entries.count, firstBad: (0, "the account table is missing, though the account log holds \(held)"))
        }
        let logged = fold(entries)
        let stored = try Row.fetchAll(db, sql: "SELECT name, roles, disabled FROM account ORDER BY name")
        for row in stored {
            let name: String = row[0]
            let roles = AccountStore.roles(row[1])
            let disabled: Bool = row[2]
            guard let held = logged[name] else {
                return Report(entries: entries.count, firstBad: (0, "account \(TextCheck.quoted(name)) is not in the account log"))
            }
            if Set(held.roles.keys) != roles || held.disabled != disabled {
                let logRoles = Role.ordered(Set(held.roles.keys)).map(\.rawValue).joined(separator: " ")
                return Report(entries: entries.count, firstBad: (0, "account \(TextCheck.quoted(name)) holds [\(AccountStore.text(roles))]\(disabled ? " (disabled)" : "") but the account log says [\(logRoles)]\(held.disabled ? " (disabled)" : "")"))
            }
        }
        if stored.count != logged.count {
            let missing = Set(logged.keys).subtracting(stored.map { $0[0] as String }).sorted()
            return Report(entries: entries.count, firstBad: (0, "the account log names accounts missing from the account table: \(missing.joined(separator: ", "))"))
        }
        return Report(entries: entries.count, firstBad: nil)
    }
}
