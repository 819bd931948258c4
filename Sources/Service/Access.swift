import Hummingbird

/// The roles of the SPEC ("The service", accounts and roles): `public` (no login), `staff` (handläggare),
/// `registrar` (registrator), `auditor` (revisor), `admin` (accounts only).
public enum Role: String, Sendable, CaseIterable {
    case `public`, staff, registrar, auditor, admin
}

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

    /// Throws 401 or 403 when the caller's role is not in `roles`.
    static func check(_ roles: Set<Role>, _ what: String, _ context: Context) throws(Problem) {
        guard !roles.contains(context.role) else { return }
        let allowed = Role.allCases.filter(roles.contains)
        if let caller = context.identity { throw .forbidden(what, role: caller.role, roles: allowed) }
        throw .unauthorised(what, roles: allowed)
    }
}
