/// The roles of the SPEC ("The service", accounts and roles): `public` (no login), `staff` (handläggare),
/// `registrar` (registrator), `auditor` (revisor), `admin` (accounts only).
///
/// An account holds a set of roles (`planledger accounts grant|revoke NAME --role ROLE`). `public` is what every
/// caller without credentials is; it is never granted.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case `public`, staff, registrar, auditor, admin

    /// The roles an account can be granted: every role but `public`.
    public static let grantable: [Role] = allCases.filter { $0 != .public }

    /// The most capable role in `roles`, by the fixed order registrar > auditor > admin > staff > public: the role
    /// a caller holding several is named by (in messages and for masking). Access itself checks the whole set.
    /// An empty set is `public`.
    public static func primary(of roles: Set<Role>) -> Role {
        for role in [Role.registrar, .auditor, .admin, .staff] where roles.contains(role) { return role }
        return .public
    }

    /// `roles` in the SPEC's order (public, staff, registrar, auditor, admin), for stable output.
    public static func ordered(_ roles: Set<Role>) -> [Role] { allCases.filter(roles.contains) }
}
