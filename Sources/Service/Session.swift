import Accounts
import Foundation
import Hummingbird
import Logging
import LedgerCore
import Projections
import Synchronization

/// How web sessions and sign-in behave (SPEC, "Accounts and roles": sessions in secure, HttpOnly cookies with a CSRF
/// token; repeated failed logins slow down).
public struct SessionConfiguration: Sendable {
    /// How long a session lasts from sign-in (absolute, not sliding): 8 hours, a working day.
    public var lifetime: Duration
    /// Failed sign-ins for one account name before it is throttled: the `failureLimit`-th failure is answered 429.
    public var failureLimit: Int
    /// Failed sign-ins from one client address (any names) before it is throttled; higher than `failureLimit`
    /// because behind a reverse proxy every client shares the proxy's address.
    public var addressFailureLimit: Int
    /// The wait after the first throttled failure; it doubles with each further failure, up to `longestWait`.
    public var firstWait: Duration
    /// The longest wait.
    public var longestWait: Duration

    public init(lifetime: Duration = .seconds(8 * 3600), failureLimit: Int = 5, addressFailureLimit: Int = 20,
                firstWait: Duration = .seconds(5), longestWait: Duration = .seconds(900)) {
        self.lifetime = lifetime
        self.failureLimit = failureLimit
        self.addressFailureLimit = addressFailureLimit
        self.firstWait = firstWait
        self.longestWait = longestWait
    }
}

/// A signed-in web session: held in the server's memory only (a restart signs everyone out), named by a random id
/// that only the `planledger_session` cookie carries.
struct Session: Sendable, Hashable {
    /// 32 random bytes, base64url: the cookie's value. Never logged.
    var id: String
    var account: String
    /// The CSRF token every state-changing request of this session must carry (`X-CSRF-Token` or form field `csrf`).
    var csrf: String
    var expires: ContinuousClock.Instant

    /// The cookie's name.
    static let cookie = "planledger_session"

    /// 32 bytes from the system's CSPRNG, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return AccountStore.base64url((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}

/// The sessions of this server, in memory. Expired sessions are dropped when met and on each sign-in.
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: Session]>([:])
    let lifetime: Duration

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// A new session for `account`.
    func create(account: String) -> Session {
        let now = ContinuousClock.now
        let session = Session(id: Session.randomToken(), account: account, csrf: Session.randomToken(), expires: now + lifetime)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session named `id`, or nil.
    func session(_ id: String) -> Session? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > .now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    func remove(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}

/// Failed sign-ins, per account name and per client address. Below the limit a failure is a 401; the
/// limit-th failure and every attempt until its wait is over are 429 with `Retry-After`; each failure past the limit
/// doubles the wait (`SessionConfiguration.firstWait` … `longestWait`). A successful sign-in clears the name's count,
/// never the address's (else one valid account would let its holder guess others' passwords from the same address
/// without end); an address's count starts again after `longestWait` without a failure. In memory: a restart
/// forgets (and bcrypt's cost still bounds guessing to a few per second per core).
final class LoginThrottle: Sendable {
    struct Record: Sendable {
        var failures = 0
        var until: ContinuousClock.Instant?
        /// When the last failure was counted.
        var last: ContinuousClock.Instant?
    }

    private let records = Mutex<[String: Record]>([:])
    let configuration: SessionConfiguration

    init(_ configuration: SessionConfiguration) { self.configuration = configuration }

    private func keys(name: String, address: String?) -> [(key: String, limit: Int)] {
        [("name:" + name, configuration.failureLimit)] + (address.map { [("address:" + $0, configuration.addressFailureLimit)] } ?? [])
    }

    /// The seconds to wait before `name` (from `address`) may try again, or nil when it may try now.
    func wait(name: String, address: String?) -> Int? {
        let now = ContinuousClock.now
        return records.withLock { records in
            keys(name: name, address: address).compactMap { key, _ in records[key]?.until.flatMap { $0 > now ? Self.seconds($0 - now) : nil } }.max()
        }
    }

    /// Counts a failure; returns the wait it starts (seconds) when it reaches a limit, else nil.
    func fail(name: String, address: String?) -> Int? {
        let now = ContinuousClock.now
        return records.withLock { records in
            if records.count > 100_000 { records = records.filter { $0.value.until.map { $0 > now } ?? false } }
            var longest: Int?
            for (key, limit) in keys(name: name, address: address) {
                var record = records[key] ?? Record()
                if let last = record.last, now - last > configuration.longestWait { record = Record() }
                record.failures += 1
                record.last = now
                if record.failures >= limit {
                    let doublings = min(record.failures - limit, 20)
                    let wait = min(configuration.firstWait * (1 << doublings), configuration.longestWait)
                    record.until = now + wait
                    longest = max(longest ?? 0, Self.seconds(wait))
                }
                records[key] = record
            }
            return longest
        }
    }

    /// Clears the name's failures (the address's stand; see the type's comment).
    func succeed(name: String, address: String?) {
        _ = records.withLock { $0.removeValue(forKey: "name:" + name) }
    }

    /// Whole seconds, rounded up (Retry-After takes seconds; RFC 9110 §10.2.3).
    static func seconds(_ duration: Duration) -> Int {
        let (s, atto) = duration.components
        return Int(s) + (atto > 0 ? 1 : 0)
    }
}

/// Signing in with a name and a password, for the API (`POST /api/v1/session`) and the sign-in page alike: the
/// throttle first, then the accounts (bcrypt), then a new session replacing the caller's old one.
struct SignIn: Sendable {
    let accounts: any AccountDirectory
    let sessions: SessionStore
    let throttle: LoginThrottle
    /// Whether cookies get `Secure`: when the service is reached over https (`publicBaseURL`).
    let secure: Bool

    /// The signed-in caller and its new session; throws 429 (`Problem.throttled`) while throttled and 401 for a
    /// wrong name or password or a disabled account.
    func attempt(name: String, password: String, _ context: ServiceContext) async throws -> (Caller, Session) {
        let address = context.clientAddress
        // Logged: the name when it is a key an account can have (a password typed into the name field, or a name with
        // a line break forging a log line, never is), and the address; never the password, session id or CSRF token.
        let where_: Logger.Metadata = ["account": "\(Envelope.isValidKey(name) ? name : "(not an account name)")", "client": "\(address ?? "-")"]
        if let wait = throttle.wait(name: name, address: address) {
            context.logger.warning("sign-in refused: throttled", metadata: where_.merging(["retryAfter": "\(wait)"]) { $1 })
            throw Problem.throttled(retryAfter: wait)
        }
        guard let caller = try await accounts.caller(account: name, password: password) else {
            if let wait = throttle.fail(name: name, address: address) {
                context.logger.warning("sign-in failed; throttling", metadata: where_.merging(["retryAfter": "\(wait)"]) { $1 })
                throw Problem.throttled(retryAfter: wait)
            }
            context.logger.notice("sign-in failed", metadata: where_)
            throw Problem.unauthenticated("the name or the password is wrong, or the account is disabled")
        }
        throttle.succeed(name: name, address: address)
        context.logger.info("signed in", metadata: ["account": "\(caller.account)", "client": "\(address ?? "-")"])
        if let old = context.session { sessions.remove(old.id) }
        return (caller, sessions.create(account: caller.account))
    }

    /// The session cookie: HttpOnly, SameSite=Strict, `Secure` behind https, for the session's lifetime.
    func cookie(_ session: Session) -> Cookie {
        Cookie(name: Session.cookie, value: session.id, maxAge: Int(sessions.lifetime.components.seconds), path: "/",
               secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Ends the caller's session (if any) and returns the cookie that clears it in the browser.
    func signOut(_ context: ServiceContext) -> Cookie {
        if let session = context.session { sessions.remove(session.id) }
        return Cookie(name: Session.cookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// `POST /api/v1/session` signs in with a name and password and sets the session cookie; `GET` says who is signed in
/// and gives the CSRF token again; `DELETE` signs out.
struct SessionController {
    let signIn: SignIn

    /// The largest sign-in body read.
    static let bodyLimit = 16 * 1024

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        api.post("session", use: signInRoute)
        api.get("session", use: current)
        api.delete("session", use: signOut)
    }

    /// The session's answer: `{"account","roles":[…],"csrf"}`, the CSRF token also in the `X-CSRF-Token` header.
    static func answer(_ caller: Caller, csrf: String?, status: HTTPResponse.Status = .ok) -> Response {
        var response = jsonResponse(["account": .string(caller.account), "roles": .array(Role.ordered(caller.roles).map { .string($0.rawValue) }),
                                     "csrf": csrf.map(JSONValue.string) ?? .null])
        response.status = status
        if let csrf { response.headers[.csrfToken] = csrf }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func signInRoute(_ request: Request, _ context: ServiceContext) async throws -> Response {
        var request = request
        let fields = try await Self.credentials(&request)
        let (caller, session) = try await signIn.attempt(name: fields.name, password: fields.password, context)
        var response = Self.answer(caller, csrf: session.csrf, status: .created)
        response.setCookie(signIn.cookie(session))
        return response
    }

    @Sendable func current(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        guard let caller = context.identity else { throw Problem.unauthorised("the session", roles: Role.grantable) }
        return Self.answer(caller, csrf: context.session?.csrf)
    }

    @Sendable func signOut(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        var response = Response(status: .noContent)
        response.setCookie(signIn.signOut(context))
        return response
    }

    /// `name` and `password` from a form (`application/x-www-form-urlencoded`) or JSON (`application/json`) body.
    static func credentials(_ request: inout Request) async throws -> (name: String, password: String) {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: bodyLimit) } catch { throw Problem.tooLarge("the body is longer than the \(bodyLimit) bytes taken") }
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        var fields: [String: String] = [:]
        switch type {
        case "application/x-www-form-urlencoded":
            fields = try FormFields.parse(text)
        case "application/json":
            guard case .object(let object)? = try? JSONParser.parse(text) else {
                throw Problem.badBody("the body is not a JSON object {\"name\": …, \"password\": …}")
            }
            for (key, value) in object {
                guard let string = value.stringValue else { throw Problem.badField(key, "expected a string, got \(value.kindDescription)") }
                fields[key] = string
            }
        default:
            throw Problem.unsupportedMediaType("Content-Type \(type?.prefix(80) ?? "none") is not taken; send application/x-www-form-urlencoded or application/json")
        }
        for key in fields.keys where key != "name" && key != "password" && key != "csrf" {
            throw Problem.badField(key, "unknown field; expected name and password")
        }
        guard let name = fields["name"], !name.isEmpty else { throw Problem.badField("name", "missing or empty") }
        guard let password = fields["password"], !password.isEmpty else { throw Problem.badField("password", "missing or empty") }
        return (name, password)
    }
}

/// `application/x-www-form-urlencoded` (WHATWG URL, "application/x-www-form-urlencoded parsing").
enum FormFields {
    /// The fields of `text`; a repeated name or invalid percent-encoding is a 400 naming it (the value is not shown:
    /// it may be a password).
    static func parse(_ text: String) throws(Problem) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { throw .badField("form", "invalid percent-encoding in a field name") }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else { throw .badField(name, "invalid percent-encoding") }
            guard fields[name] == nil else { throw .badField(name, "given more than once") }
            fields[name] = value
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension HTTPFields.Element.Name {
    /// `X-CSRF-Token`: the session's CSRF token, in the sign-in answer and on every state-changing request.
    static let csrfToken = Self("X-CSRF-Token")!
}
