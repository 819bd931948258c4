import Hummingbird
import HummingbirdAuth

/// Who is calling: the signed-in account and the role it holds now (SPEC, "Accounts and roles"). A request with
/// no credentials has no caller and is answered as `Role.public`.
public struct Caller: Sendable, Hashable {
    /// The account's name; it becomes the `actor` of every event the caller appends (never a field of the request).
    public var account: String
    /// The role the account holds at the time of the request.
    public var role: Role

    public init(account: String, role: Role) {
        self.account = account
        self.role = role
    }
}

/// The request context of every route: Hummingbird's core context and the caller, set by `Authentication`
/// before any policy or handler runs.
public struct ServiceContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in caller, or nil for the public.
    public var identity: Caller?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }

    /// The caller's role: the account's, or `.public` without credentials.
    public var role: Role { identity?.role ?? .public }
}

/// Where the service looks up who holds a bearer token (`Authorization: Bearer TOKEN`, SPEC). The accounts store
/// implements it over the ledger's accounts; `FixedAccounts` serves tests and embedding.
public protocol AccountDirectory: Sendable {
    /// The caller holding `token` (the text after `Bearer `), or nil when no enabled account holds it.
    /// Throws only when the directory cannot be read (answered 503).
    func caller(bearer token: String) async throws -> Caller?
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

/// Sets `context.identity` from `Authorization: Bearer TOKEN`. A request without the header is the public; a token
/// that no enabled account holds, or another scheme, is 401, never silently the public (a client that believes it
/// is signed in must learn that it is not).
struct Authentication: RouterMiddleware {
    typealias Context = ServiceContext
    let accounts: any AccountDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard let bearer = request.headers.bearer else {
            throw Problem.unauthenticated("the Authorization header must be \"Bearer TOKEN\"")
        }
        guard let caller = try await accounts.caller(bearer: bearer.token) else {
            _ = header
            throw Problem.unauthenticated("the bearer token is not valid (unknown, revoked or its account disabled)")
        }
        var context = context
        context.identity = caller
        return try await next(request, context)
    }
}
