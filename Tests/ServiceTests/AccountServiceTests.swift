import Accounts
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Logging
import Service
import Synchronization
import Testing
import TestSupport

/// A copy of the demo ledger with real accounts (bcrypt cost 4, for speed):
/// - anna: registrar, password "anna-lösenord", a token;
/// - bo: staff and auditor, password "bo-lösenord", a token;
/// - robot: registrar, no password, a token.
struct AccountsLedger {
    let directory: TemporaryDirectory
    let path: String
    let store: AccountStore
    var tokens: [String: String] = [:]

    static let passwords = ["anna": "anna-lösenord", "bo": "bo-lösenord"]

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("ledger.sqlite")
        try FileManager.default.copyItem(atPath: demo.path, toPath: path)
        store = try AccountStore(path: path, readOnly: false, bcryptCost: 4)
        let now = Timestamp(rfc3339: "2024-06-01T08:00:00Z")!
        try store.add("anna", role: .registrar, password: Self.passwords["anna"], actor: "admin:test", at: now)
        try store.add("bo", role: .staff, password: Self.passwords["bo"], actor: "admin:test", at: now)
        try store.grant("bo", role: .auditor, actor: "admin:test", at: now)
        try store.add("robot", role: .registrar, password: nil, actor: "admin:test", at: now)
        for name in ["anna", "bo", "robot"] { tokens[name] = try store.issueToken(name, actor: "admin:test", at: now) }
    }

    func bearer(_ name: String) -> HTTPFields { [.authorization: "Bearer \(tokens[name]!)"] }

    /// The service on this ledger with its accounts, sign-in throttled after 3 failures for an hour.
    func application(publicBaseURL: String? = nil, logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }) -> some ApplicationProtocol {
        var configuration = ServiceConfiguration(ledgerPath: path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                                 accounts: LedgerAccounts(ledgerPath: path, bcryptCost: 4), publicBaseURL: publicBaseURL)
        // An hour's first wait: no throttle runs out while a slow machine runs the test (no timed assertions).
        configuration.sessions = SessionConfiguration(failureLimit: 3, firstWait: .seconds(3600), longestWait: .seconds(86_400))
        return buildApplication(configuration, logger: logger)
    }
}

let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

func form(_ fields: [(String, String)]) -> ByteBuffer {
    ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
}

let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

/// The session cookie's value from a sign-in answer.
func sessionCookie(_ response: TestResponse) -> String? {
    guard let header = response.headers[.setCookie], header.hasPrefix("planledger_session=") else { return nil }
    return String(header.dropFirst("planledger_session=".count).prefix { $0 != ";" })
}

func problemType(_ response: TestResponse) -> String? {
    guard case .object(let o) = try? JSONParser.parse(text(response)) else { return nil }
    return o["type"]?.stringValue
}

@Suite struct AccountServiceTests {
    @Test func tokensOfRealAccountsAndTheAccountLog() async throws {
        let ledger = try AccountsLedger()
        let env = ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"]
        let log = try CommandRunner.run(["accounts", "log", "--ledger", ledger.path, "--format", "json"], environment: env)
        let asOf = try CommandRunner.run(["accounts", "log", "--as-of", "2024-06-01", "--ledger", ledger.path, "--format", "json"], environment: env)
        #expect(log.status == 0 && asOf.status == 0)
        #expect(asOf.stdout.contains("\"role\": \"auditor\""))
        try await ledger.application().test(.router) { client in
            // The auditor (bo holds staff and auditor) reads the log; the body is the CLI's.
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(response.status == .ok)
                #expect(text(response) == log.stdout)
            }
            try await client.execute(uri: "/api/v1/accounts/log?asOf=2024-06-01", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(text(response) == asOf.stdout)
            }
            try await client.execute(uri: "/api/v1/accounts/log?asOf=2024-02-30", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(response.status == .badRequest)
            }
            // Registrars read it too (they see everything); the public must sign in.
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: ledger.bearer("anna")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/accounts/log", method: .get) { #expect($0.status == .unauthorized) }
            // bo holds auditor: unmasked diary, as for any auditor.
            try await client.execute(uri: "/api/v1/diary?asOf=2024-06-30", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(text(response).contains("Anna Svensson"))
            }
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: [.authorization: "Bearer plt_nonsense"]) { response in
                #expect(response.status == .unauthorized)
                #expect(problemType(response) == "/api/v1/problems/unauthenticated")
            }
        }
    }

    @Test func aRevokedRoleIs403AndADisabledAccountsTokenIs401() async throws {
        let ledger = try AccountsLedger()
        let now = Timestamp(rfc3339: "2024-06-30T09:00:00Z")!
        try await ledger.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: ledger.bearer("bo")) { #expect($0.status == .ok) }
            try ledger.store.revoke("bo", role: .auditor, actor: "admin:test", at: now)
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("you are signed in as staff"))
            }
            // Staff read what the public reads: masked.
            try await client.execute(uri: "/api/v1/diary?asOf=2024-06-30", method: .get, headers: ledger.bearer("bo")) { response in
                #expect(response.status == .ok && !text(response).contains("Anna Svensson"))
            }
            try await client.execute(uri: "/api/v1/plans?asOf=2024-06-30", method: .get, headers: ledger.bearer("robot")) { #expect($0.status == .ok) }
            try ledger.store.disable("robot", actor: "admin:test", at: now)
            try await client.execute(uri: "/api/v1/plans?asOf=2024-06-30", method: .get, headers: ledger.bearer("robot")) { response in
                #expect(response.status == .unauthorized)
                #expect(problemType(response) == "/api/v1/problems/unauthenticated")
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"planledger\"")
            }
        }
    }

    @Test func aWebSessionNeedsItsCSRFTokenToChangeAnything() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            let signIn = try await client.execute(uri: "/api/v1/session", method: .post, headers: formType,
                                                  body: form([("name", "bo"), ("password", AccountsLedger.passwords["bo"]!)]))
            #expect(signIn.status == .created)
            let setCookie = signIn.headers[.setCookie] ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"), "plain http: no Secure")
            guard let cookie = sessionCookie(signIn), case .object(let body) = try JSONParser.parse(text(signIn)),
                  let csrf = body["csrf"]?.stringValue else { Issue.record("no session: \(text(signIn))"); return }
            #expect(body["account"] == "bo" && body["roles"] == ["staff", "auditor"])
            #expect(signIn.headers[csrfHeader] == csrf)
            #expect(cookie.count == 43 && csrf.count == 43 && cookie != csrf)
            let session: HTTPFields = [.cookie: "planledger_session=\(cookie)"]
            // The cookie signs bo in: the auditor's read answers.
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: session) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: session) { response in
                #expect(text(response).contains(csrf))
            }
            // Changing anything without the token, or with another, is 403 before any handler.
            for headers in [session, session + [csrfHeader: "wrong"], session + [csrfHeader: csrf + "x"]] {
                try await client.execute(uri: "/api/v1/session", method: .delete, headers: headers) { response in
                    #expect(response.status == .forbidden)
                    #expect(problemType(response) == "/api/v1/problems/csrf")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            // The token in a form's csrf field passes the check too; the session is still there after the refusals.
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: session + formType, body: form([("csrf", csrf)])) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.setCookie]?.hasPrefix("planledger_session=;") == true)
            }
            // Signed out: the cookie is the public now.
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: session) { #expect($0.status == .unauthorized) }
            // A bearer request needs no CSRF token.
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: ledger.bearer("anna")) { #expect($0.status == .noContent) }
            // A new session, signed out with the header.
            let again = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"name": "anna", "password": "anna-lösenord"}"#))
            #expect(again.status == .created)
            let second: HTTPFields = [.cookie: "planledger_session=\(sessionCookie(again) ?? "")"]
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: second + [csrfHeader: again.headers[csrfHeader] ?? ""]) {
                #expect($0.status == .noContent)
            }
        }
    }

    @Test func aSessionFollowsTheAccount() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application(publicBaseURL: "https://plan.region.example").test(.router) { client in
            let signIn = try await client.execute(uri: "/api/v1/session", method: .post, headers: formType,
                                                  body: form([("name", "bo"), ("password", AccountsLedger.passwords["bo"]!)]))
            #expect(signIn.headers[.setCookie]?.contains("Secure") == true, "https: Secure")
            let session: HTTPFields = [.cookie: "planledger_session=\(sessionCookie(signIn) ?? "")"]
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: session) { #expect($0.status == .ok) }
            try ledger.store.revoke("bo", role: .auditor, actor: "admin:test", at: Timestamp(rfc3339: "2024-06-30T09:00:00Z")!)
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: session) { #expect($0.status == .forbidden) }
            try ledger.store.disable("bo", actor: "admin:test", at: Timestamp(rfc3339: "2024-06-30T09:00:00Z")!)
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: session) { #expect($0.status == .unauthorized) }
        }
    }

    /// failureLimit 3: failures 1 and 2 are 401, the 3rd is 429 with Retry-After, and then even the right password
    /// waits. A success before the limit starts the count again.
    @Test func failedSignInsSlowDown() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            func attempt(_ name: String, _ password: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/session", method: .post, headers: formType, body: form([("name", name), ("password", password)]))
            }
            // anna: two failures, a success, two failures: never throttled.
            for password in ["x", "y", AccountsLedger.passwords["anna"]!, "x", "y"] {
                let response = try await attempt("anna", password)
                #expect(response.status == (password.count > 1 ? .created : .unauthorized))
            }
            // bo: 401, 401, then 429.
            #expect(try await attempt("bo", "wrong1").status == .unauthorized)
            #expect(try await attempt("bo", "wrong2").status == .unauthorized)
            let third = try await attempt("bo", "wrong3")
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] == "3600")
            #expect(problemType(third) == "/api/v1/problems/throttled")
            let right = try await attempt("bo", AccountsLedger.passwords["bo"]!)
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[.setCookie] == nil)
            // Another name is not held up by bo's failures; an unknown name fails like a wrong password.
            #expect(try await attempt("nobody", "x").status == .unauthorized)
            #expect(try await attempt("anna", AccountsLedger.passwords["anna"]!).status == .created)
        }
    }

    @Test func badSignInRequests() async throws {
        let ledger = try AccountsLedger()
        try await ledger.application().test(.router) { client in
            let cases: [(HTTPFields, String, HTTPResponse.Status, String)] = [
                ([.contentType: "text/plain"], "name=bo&password=x", .unsupportedMediaType, "Content-Type"),
                (formType, "name=bo", .badRequest, "password"),
                (formType, "password=x", .badRequest, "name"),
                (formType, "name=bo&name=anna&password=x", .badRequest, "name"),
                (formType, "name=bo&password=x&role=admin", .badRequest, "role"),
                (formType, "name=%FF&password=x", .badRequest, "name"),
                ([.contentType: "application/json"], "[1]", .badRequest, "body"),
                ([.contentType: "application/json"], #"{"name": "bo", "password": 5}"#, .badRequest, "password"),
                (formType, "name=bo&password=" + String(repeating: "x", count: 20_000), .contentTooLarge, ""),
            ]
            for (headers, body, status, field) in cases {
                try await client.execute(uri: "/api/v1/session", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body.prefix(40))")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    if !field.isEmpty { #expect(text(response).contains("\"field\": \"\(field)\""), "\(body.prefix(40)): \(text(response))") }
                }
            }
            try await client.execute(uri: "/api/v1/session", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    /// Nothing the service logs, at any level, holds a password, a token or a session id.
    @Test func secretsNeverReachTheLog() async throws {
        let ledger = try AccountsLedger()
        let captured = CapturedLog()
        let logger = captured.logger("planledger.test")
        let found = Mutex<[String]>(Array(ledger.tokens.values) + Array(AccountsLedger.passwords.values) + ["guess-one", "plt_leaked-guess"])
        try await ledger.application(logger: logger).test(.router) { client in
            for (name, password) in [("bo", "bo-lösenord"), ("bo", "guess-one"), ("anna", "anna-lösenord")] {
                let response = try await client.execute(uri: "/api/v1/session", method: .post, headers: formType, body: form([("name", name), ("password", password)]))
                if let cookie = sessionCookie(response) { found.withLock { $0.append(cookie) } }
                if let csrf = response.headers[csrfHeader] { found.withLock { $0.append(csrf) } }
            }
            for token in ledger.tokens.values {
                try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: [.authorization: "Bearer \(token)"]) { _ in }
            }
            try await client.execute(uri: "/api/v1/accounts/log", method: .get, headers: [.authorization: "Bearer plt_leaked-guess"]) { _ in }
        }
        let secrets = found.withLock { $0 }
        #expect(secrets.count == 11, "2 passwords, 3 tokens, 2 guesses, 2 session ids and their CSRF tokens")
        let lines = captured.lines.map(\.text)
        #expect(!lines.isEmpty, "the handler saw the service's log")
        for secret in secrets {
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds a secret")
        }
    }
}
