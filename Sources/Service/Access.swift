import Hummingbird

// `Role` lives in the Accounts target (the CLI's `accounts` commands and the account log name roles too) and is
// re-exported here, so that `import Service` keeps `Role` in scope.
@_exported import enum Accounts.Role

/// Who may do what, in one table (STYLE 14): each route is added with the roles that may call it. SPEC: public and
/// staff see what `--public` shows (public also never sees actors); registrars see everything and append;
/// auditors see everything, including known-at, history, export, verify, proofs and the account log, and write
/// nothing; admin manages accounts only.
public enum Access {
    /// Everyone; the answer is masked for public and staff (`Access.masked`).
    public static let everyone: Set<Role> = Set(Role.allCases)
    /// The auditor's reads: history, export, verify, audit, proofs, the account log, and any `knownAt`.
    public static let auditors: Set<Role> = [.registrar, .auditor]
    /// Who appends events.
    public static let registrars: Set<Role> = [.registrar]
    /// Who manages accounts.
    public static let admins: Set<Role> = [.admin]

    /// Whether answers to `role` are masked as `--public` masks them (secret titles and counterparts, personal data).
    public static func masked(_ role: Role) -> Bool { !auditors.contains(role) }

    /// Whether answers to a caller holding `roles` are masked: unless it holds registrar or auditor.
    public static func masked(_ roles: Set<Role>) -> Bool { roles.isDisjoint(with: auditors) }
}

/// Refuses a caller whose role is not in `roles`: 401 without credentials, 403 when signed in with another role.
/// A `knownAt` is refused the same way to a caller who may not read the past as known at an earlier point
/// (auditors only, SPEC).
struct AccessPolicy: RouterMiddleware {
    typealias Context = ServiceContext
    let roles: Set<Role>
    let what: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try Self.check(roles, what, context)
        if request.uri.queryParameters["knownAt"] != nil { try Self.check(Access.auditors, "knownAt", context) }
        return try await next(request, context)
    }

    /// Throws 401 or 403 when the caller holds no role in `roles` (an account holding several passes with any).
    static func check(_ roles: Set<Role>, _ what: String, _ context: Context) throws(Problem) {
        guard roles.isDisjoint(with: context.roles) else { return }
        let allowed = Role.allCases.filter(roles.contains)
        if let caller = context.identity { throw .forbidden(what, role: caller.role, roles: allowed) }
        throw .unauthorised(what, roles: allowed)
    }
}
