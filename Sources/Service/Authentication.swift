import Accounts
import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth

/// Sets `context.identity` from the request's credentials:
/// - `Authorization: Bearer TOKEN` (programs): a token that no enabled account holds, or another scheme, is 401,
///   never silently the public (a client that believes it is signed in must learn that it is not);
/// - else the `planledger_session` cookie of a web session (`POST /api/v1/session`): an unknown or expired session, or
///   one whose account was disabled, is the public (the browser signs in again). A request of such a session that
///   changes anything (POST, PUT, PATCH, DELETE) must carry the session's CSRF token, in the `X-CSRF-Token` header or
///   the `csrf` field of a form body, or it is refused with 403 before any handler runs; signing in
///   (`POST /api/v1/session`, `POST /logga-in`) is the one exception. Bearer requests need no CSRF token: a browser never adds one.
///
/// A session's account is looked up again on every request, so a revoked role or a disabled account takes effect
/// at once.
struct Authentication: RouterMiddleware {
    typealias Context = ServiceContext
    let accounts: any AccountDirectory
    let sessions: SessionStore

    /// The largest form body searched for a `csrf` field.
    static let formLimit = 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await authenticated(request, context: context, next: next)
        // Answers differ by caller (masking, roles): caches must key on the credentials, and never keep a signed-in
        // caller's answer for anyone else (RFC 9111 §5.2.2.3 no-store, RFC 9110 §12.5.5 Vary).
        response.headers[.vary] = "Authorization, Cookie"
        if request.headers[.authorization] != nil || request.cookies[Session.cookie] != nil, response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "private, no-store"
        }
        return response
    }

    /// The token of `Authorization: Bearer TOKEN`; the scheme is case-insensitive (RFC 9110 §11.1), nil for another
    /// scheme or an empty token.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private func authenticated(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let token = Self.bearerToken(header) else {
                throw Problem.unauthenticated("the Authorization header must be \"Bearer TOKEN\"")
            }
            guard let caller = try await accounts.caller(bearer: token) else {
                // The token itself is never logged.
                context.logger.notice("bearer token refused")
                throw Problem.unauthenticated("the bearer token is not valid (unknown, revoked or its account disabled)")
            }
            context.identity = caller
            return try await next(request, context)
        }
        guard let id = request.cookies[Session.cookie]?.value, !id.isEmpty, let session = sessions.session(id) else {
            return try await next(request, context)
        }
        guard let caller = try await accounts.caller(account: session.account) else {
            sessions.remove(session.id)
            return try await next(request, context)
        }
        context.identity = caller
        context.session = session
        var request = request
        if Self.changesState(request.method), !Self.isSignIn(request) {
            try await Self.checkCSRF(&request, session)
        }
        return try await next(request, context)
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .put || method == .patch || method == .delete
    }

    /// `POST /api/v1/session` or the sign-in page's form (`POST /logga-in`): a new session replaces the old one, so
    /// the old one's token is not asked for.
    static func isSignIn(_ request: Request) -> Bool {
        guard request.method == .post else { return false }
        let path = request.uri.path.split(separator: "/")
        return path == ["api", "v1", "session"] || path == ["logga-in"]
    }

    /// 403 unless the request carries the session's CSRF token (compared in constant time).
    static func checkCSRF(_ request: inout Request, _ session: Session) async throws {
        var sent = request.headers[.csrfToken]
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        if sent == nil, type == "application/x-www-form-urlencoded" {
            // The body stays readable by the handler: collectBody keeps what it read.
            if let body = try? await request.collectBody(upTo: formLimit) {
                sent = (try? FormFields.parse(String(decoding: body.readableBytesView, as: UTF8.self)))?["csrf"]
            }
        }
        guard let sent else { throw Problem.csrfMissing }
        guard constantTimeEqual(Array(sent.utf8), Array(session.csrf.utf8)) else { throw Problem.csrfWrong }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
