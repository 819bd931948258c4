import Hummingbird

/// The roles of the SPEC ("The service", accounts and roles). Until accounts exist every request is `public`.
public enum Role: String, Sendable, CaseIterable {
    case `public`, staff, registrar, auditor, admin
}

/// Who may read what, in one table (STYLE 14): each route is added with the roles that may call it, and a
/// caller without one gets 401 before the handler runs. SPEC: public and staff see what `--public` shows;
/// registrars and auditors see everything; only auditors (and registrars, who see everything) read
/// known-at, history, export, verify and audit.
enum Access {
    /// Everyone; the answer is masked for public and staff.
    static let everyone: Set<Role> = Set(Role.allCases)
    /// The auditor's reads: history, export, verify, audit, and any `knownAt`.
    static let auditors: Set<Role> = [.registrar, .auditor]

    /// The caller's role. Accounts and tokens arrive later in issue 14; until then nobody can sign in.
    static func role(of request: Request) -> Role { .public }
}

/// Refuses with 401 a caller whose role is not in `roles`, and a `knownAt` from a caller who may not read the
/// past as known at an earlier point (auditors only, SPEC).
struct AccessPolicy<Context: RequestContext>: RouterMiddleware {
    let roles: Set<Role>
    let what: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let role = Access.role(of: request)
        guard roles.contains(role) else { throw Problem.unauthorised(what, roles: Role.allCases.filter(roles.contains)) }
        if request.uri.queryParameters["knownAt"] != nil, !Access.auditors.contains(role) {
            throw Problem.unauthorised("knownAt", roles: Role.allCases.filter(Access.auditors.contains))
        }
        return try await next(request, context)
    }
}
