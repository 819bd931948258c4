import Dispatch
import Hummingbird
import HummingbirdAuth
import Accounts
import Synchronization

/// Who is calling: the signed-in account and the roles it holds now (SPEC, "Accounts and roles"). A request with
/// no credentials has no caller and is answered as `Role.public`.
///
/// An account holds a set of roles; access checks the whole set (`AccessPolicy`: any role of the route's row
/// will do), and `role` names the most capable one (registrar > auditor > admin > staff) for messages and masking,
/// which agrees with the set: masked unless the caller holds registrar or auditor.
public struct Caller: Sendable, Hashable {
    /// The account's name; it becomes the `actor` of every event the caller appends (never a field of the request).
    public var account: String
    /// The roles the account holds at the time of the request; empty when every role was revoked (such a caller
    /// reads what the public reads).
    public var roles: Set<Role>

    /// The most capable role held (`Role.primary`), `.public` when none.
    public var role: Role { Role.primary(of: roles) }

    /// A caller holding one role.
    public init(account: String, role: Role) {
        self.init(account: account, roles: [role])
    }

    /// A caller holding `roles`.
    public init(account: String, roles: Set<Role>) {
        self.account = account
        self.roles = roles
    }
}

/// The request context of every route: Hummingbird's core context and the caller, set by `Authentication`
/// before any policy or handler runs.
public struct ServiceContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in caller, or nil for the public.
    public var identity: Caller?
    /// The web session the caller signed in with (nil for a bearer token or the public).
    var session: Session?
    /// The client's IP address as the connection shows it (the reverse proxy's, behind one); nil in in-process
    /// tests. Login throttling counts failures per address.
    public let clientAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.session = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller's most capable role: the account's (`Caller.role`), or `.public` without credentials.
    public var role: Role { identity?.role ?? .public }

    /// The roles the caller holds: `[.public]` without credentials or with none left.
    public var roles: Set<Role> {
        guard let roles = identity?.roles, !roles.isEmpty else { return [.public] }
        return roles
    }
}

/// Where the service looks up who holds a bearer token (`Authorization: Bearer TOKEN`, SPEC). The accounts store
/// implements it over the ledger's accounts; `FixedAccounts` serves tests and embedding.
public protocol AccountDirectory: Sendable {
    /// The caller holding `token` (the text after `Bearer `), or nil when no enabled account holds it.
    /// Throws only when the directory cannot be read (answered 503).
    func caller(bearer token: String) async throws -> Caller?
    /// The enabled account `name` as it is now, or nil (a web session is checked again on every request, so that a
    /// disabled account or a revoked role takes effect at once).
    func caller(account name: String) async throws -> Caller?
    /// The enabled account `name` when `password` is its password (bcrypt), else nil (`POST /api/v1/session`).
    func caller(account name: String, password: String) async throws -> Caller?
}

extension AccountDirectory {
    /// Directories without accounts by name (tokens only) sign nobody in with a password or session.
    public func caller(account name: String) async throws -> Caller? { nil }
    public func caller(account name: String, password: String) async throws -> Caller? { nil }
}

/// No accounts at all: every request is the public.
public struct NoAccounts: AccountDirectory {
    public init() {}
    public func caller(bearer token: String) async throws -> Caller? { nil }
}

/// A fixed table of tokens, for tests and for embedding the service in a program that authenticates elsewhere.
public struct FixedAccounts: AccountDirectory {
    public let tokens: [String: Caller]
    public init(_ tokens: [String: Caller]) { self.tokens = tokens }
    public func caller(bearer token: String) async throws -> Caller? { tokens[token] }
}

/// The accounts of the ledger file the service serves (`planledger accounts …` manages them): bearer tokens by
/// their SHA-256, passwords by bcrypt, read in snapshots on a read-only connection opened on first use. A ledger
/// where no account was ever added has none: every bearer token is then 401.
public final class LedgerAccounts: AccountDirectory {
    /// The ledger file.
    public let ledgerPath: String
    /// bcrypt's cost for the decoy comparison made when a name has no password (so that timing does not tell):
    /// the cost the passwords were hashed with, 12 unless tests made them cheaper.
    public let bcryptCost: UInt8
    private let opened = Mutex<AccountStore?>(nil)

    public init(ledgerPath: String, bcryptCost: UInt8 = 12) {
        self.ledgerPath = ledgerPath
        self.bcryptCost = bcryptCost
    }

    /// The accounts, opened on first use; a file that cannot be opened is 503 (`Problem.unavailable`), and is tried
    /// again on the next request.
    func store() throws(Problem) -> AccountStore {
        do {
            return try opened.withLock { store in
                if let store { return store }
                let fresh = try AccountStore(path: ledgerPath, readOnly: true, bcryptCost: bcryptCost)
                store = fresh
                return fresh
            }
        } catch {
            throw .unavailable(error)
        }
    }

    /// Runs a read of the accounts; a database error is 503.
    func reading<T>(_ body: (AccountStore) throws -> T) throws -> T {
        let store = try store()
        do { return try body(store) } catch { throw Problem.unavailable(error) }
    }

    public func caller(bearer token: String) async throws -> Caller? {
        try reading { try $0.holder(token: token) }.map { Caller(account: $0.name, roles: $0.roles) }
    }

    public func caller(account name: String) async throws -> Caller? {
        try reading { try $0.holder(name: name) }.map { Caller(account: $0.name, roles: $0.roles) }
    }

    public func caller(account name: String, password: String) async throws -> Caller? {
        let store = try store()
        // bcrypt takes a quarter of a second at cost 12: off the event loop and Swift's cooperative threads.
        let holder = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AccountHolder?, any Error>) in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try store.holder(name: name, password: password))
                } catch {
                    continuation.resume(throwing: Problem.unavailable(error))
                }
            }
        }
        return holder.map { Caller(account: $0.name, roles: $0.roles) }
    }
}
