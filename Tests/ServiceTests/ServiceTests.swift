import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// The demo ledger (`planledger demo`), made once for the suite: plans in a goal chain, versions, assignments,
/// follow-ups and a diary with a classified entry (RS/412/2023, OSL 25:1, counterpart Anna Svensson).
let demo: (directory: TemporaryDirectory, path: String) = {
    let directory = try! TemporaryDirectory()
    let path = directory.path("demo.sqlite")
    let made = try! CommandRunner.run(["demo", "--ledger", path], environment: ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"])
    precondition(made.status == 0, "planledger demo failed: \(made.stderr)")
    return (directory, path)
}()

/// The date every comparison asks about, so that "today" never enters the answer.
let day = "2024-06-30"

/// One bearer token per signed-in role, for tests: `token(.registrar)` is "test-registrar", held by account
/// "registrar:test" (the public has none).
let testAccounts = FixedAccounts(Dictionary(uniqueKeysWithValues: Role.allCases.filter { $0 != .public }.map {
    ("test-\($0.rawValue)", Caller(account: "\($0.rawValue):test", role: $0))
}))

/// The `Authorization` header of a caller in `role` (none for the public).
func authorization(_ role: Role) -> HTTPFields {
    role == .public ? [:] : [.authorization: "Bearer test-\(role.rawValue)"]
}

/// The application on the demo ledger, with the clock pinned and one test account per role.
func demoApplication(path: String = demo.path) -> some ApplicationProtocol {
    buildApplication(ServiceConfiguration(ledgerPath: path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                          accounts: testAccounts))
}

/// The body of a response as text.
func text(_ response: TestResponse) -> String {
    String(decoding: response.body.readableBytesView, as: UTF8.self)
}

/// The CLI's standard output for `args` on the demo ledger, with `--format json`.
func cli(_ args: [String]) throws -> String {
    let result = try CommandRunner.run(args + ["--ledger", demo.path, "--format", "json"], environment: ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"])
    #expect(result.status == 0, "\(args): \(result.stderr)")
    return result.stdout
}

@Suite struct ServiceReadTests {
    /// Each endpoint beside the CLI command that answers the same query: the bodies are the same bytes.
    static let sameAnswers: [(uri: String, cli: [String])] = [
        ("/api/v1/plans?asOf=\(day)", ["plans", "--as-of", day]),
        ("/api/v1/plans/rs-plan-2023?asOf=\(day)", ["show", "rs-plan-2023", "--as-of", day]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan?asOf=\(day)&version=1", ["show", "rutin-overgripande-handlingsplan", "--as-of", day, "--version", "1"]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan/changes", ["changes", "rutin-overgripande-handlingsplan"]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan/changes?asOf=2015-01-01", ["changes", "rutin-overgripande-handlingsplan", "--as-of", "2015-01-01"]),
        ("/api/v1/plans/divisionsplan-service-2022/followups?asOf=\(day)", ["followups", "divisionsplan-service-2022", "--as-of", day]),
        ("/api/v1/plans/divisionsplan-service-2022/followups?asOf=\(day)&period=2022", ["followups", "divisionsplan-service-2022", "--as-of", day, "--period", "2022"]),
        ("/api/v1/plans/divisionsplan-service-2022/followups?asOf=\(day)&period=2022-D%C3%8504", ["followups", "divisionsplan-service-2022", "--as-of", day, "--period", "2022-DÅ04"]),
        ("/api/v1/plans/strategisk-plan-2023/chain?asOf=\(day)", ["chain", "strategisk-plan-2023", "--as-of", day]),
        ("/api/v1/diary?asOf=\(day)", ["diary", "--public", "--as-of", day]),
        ("/api/v1/diary?asOf=\(day)&from=2023-05-01&to=2023-12-31", ["diary", "--public", "--as-of", day, "--from", "2023-05-01", "--to", "2023-12-31"]),
        ("/api/v1/assignments?asOf=\(day)", ["assignments", "--as-of", day]),
        ("/api/v1/assignments?asOf=\(day)&overdue=true", ["assignments", "--as-of", day, "--overdue"]),
        ("/api/v1/assignments?asOf=\(day)&plan=rs-plan-2023", ["assignments", "--as-of", day, "--plan", "rs-plan-2023"]),
        ("/api/v1/replay?asOf=\(day)", ["replay", "--public", "--as-of", day]),
        ("/api/v1/policies?asOf=\(day)", ["policies", "--as-of", day]),
    ]

    @Test func bodiesAreTheCLIsJSON() async throws {
        let expected = try Self.sameAnswers.map { try cli($0.cli) }
        // Not vacuous: the demo's answers are not empty lists.
        #expect(expected.allSatisfy { $0.count > 20 })
        try await demoApplication().test(.router) { client in
            for ((uri, args), want) in zip(Self.sameAnswers, expected) {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(text(response) == want, "\(uri) differs from planledger \(args.joined(separator: " "))")
                }
            }
        }
    }

    /// The public role never reads a classified entry's title or counterpart, in the diary or in replay; the
    /// unmasked CLI does show them, so the words looked for are really in the ledger.
    @Test func publicAnswersAreMasked() async throws {
        let secrets = ["Anna Svensson", "Klagomål från Anna Svensson om väntetider"]
        let unmasked = try cli(["diary", "--as-of", day])
        for secret in secrets { #expect(unmasked.contains(secret)) }
        try await demoApplication().test(.router) { client in
            for uri in ["/api/v1/diary?asOf=\(day)", "/api/v1/replay?asOf=\(day)", "/api/v1/diary?asOf=2030-01-01"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = text(response)
                    #expect(response.status == .ok)
                    #expect(body.contains("Sekretess enligt OSL 25:1"), "\(uri)")
                    for secret in secrets { #expect(!body.contains(secret), "\(uri) shows \(secret)") }
                }
            }
        }
    }

    /// Each bad request: its status, and a problem document naming the parameter when there is one.
    static let refusals: [(uri: String, status: Int, field: String?)] = [
        ("/api/v1/plans/no-such-plan", 404, "plan"),
        ("/api/v1/plans/no-such-plan/changes", 404, "plan"),
        ("/api/v1/plans/no-such-plan/chain", 404, "plan"),
        ("/api/v1/plans/no-such-plan/followups", 404, "plan"),
        ("/api/v1/assignments?plan=no-such-plan", 404, "plan"),
        ("/api/v1/plans/rs-plan-2023?asOf=\(day)&version=99", 404, "version"),
        ("/api/v1/plans/rs-plan-2023?version=0", 400, "version"),
        ("/api/v1/plans/rs-plan-2023?version=two", 400, "version"),
        ("/api/v1/plans?asOf=2024-02-30", 400, "asOf"),
        ("/api/v1/plans?asOf=today", 400, "asOf"),
        ("/api/v1/diary?from=2024-13-01", 400, "from"),
        ("/api/v1/diary?to=x", 400, "to"),
        ("/api/v1/plans?colour=red", 400, "colour"),
        ("/api/v1/plans?asOf=\(day)&asOf=\(day)", 400, "asOf"),
        ("/api/v1/diary?public=false", 400, "public"),
        ("/api/v1/assignments?overdue=yes", 400, "overdue"),
        ("/api/v1/plans/divisionsplan-service-2022/followups?period=2023-Q1", 400, "period"),
        ("/api/v1/plans/..", 404, "plan"),
        ("/api/v1/plans/%2E%2E", 404, "plan"),
        ("/api/v1/plans/..%2Fsecret", 404, "plan"),
        ("/api/v1/plans/a%5Cb", 400, "plan"),
        ("/api/v1/plans/e%CC%81", 400, "plan"),
        ("/api/v1/plans/%FF", 400, "plan"),
        ("/api/v1/plans/a%00b/chain", 400, "plan"),
        ("/api/v1/plans?knownAt=3", 401, nil),
        ("/api/v1/diary?knownAt=2016-01-01", 401, nil),
        ("/api/v1/plans/rs-plan-2023/history", 401, nil),
        ("/api/v1/audit", 401, nil),
        ("/api/v1/verify", 401, nil),
        ("/api/v1/export", 401, nil),
        ("/api/v1/no-such-endpoint", 404, nil),
    ]

    @Test func refusalsAreProblemDocuments() async throws {
        try await demoApplication().test(.router) { client in
            for (uri, status, field) in Self.refusals {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(Int(response.status.code) == status, "\(uri): \(text(response))")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                    guard case .object(let problem)? = try? JSONParser.parse(text(response)) else {
                        Issue.record("\(uri): not a JSON object: \(text(response))")
                        return
                    }
                    #expect(problem["status"] == .number(Double(status)), "\(uri)")
                    for member in ["type", "title", "detail"] { #expect(problem[member] != nil, "\(uri) lacks \(member)") }
                    if let field {
                        guard case .array(let items)? = problem["problems"], case .object(let first)? = items.first else {
                            Issue.record("\(uri): no problems list")
                            return
                        }
                        #expect(first["field"] == .string(field), "\(uri)")
                        #expect(first["line"] == .null)
                        if case .string(let reason)? = first["reason"] { #expect(!reason.isEmpty) } else { Issue.record("\(uri): no reason") }
                    }
                    if status == 401 { #expect(response.headers[.wwwAuthenticate] != nil) }
                }
            }
        }
    }

    /// A method the API does not take on a path it has: 405 with `Allow` (RFC 9110 15.5.6), in the same problem shape,
    /// and nothing runs. (Hummingbird's router sends it to the not-found responder; `RequestLog` turns that into 405.)
    @Test func otherMethodsAreRefused() async throws {
        try await demoApplication().test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete] {
                try await client.execute(uri: "/api/v1/plans", method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method)")
                    #expect(response.headers[.allow] == "GET", "\(method)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(method)")
                }
            }
        }
    }

    /// A plan key that is NFC and holds no separator reaches the query layer (404 here, not 400): the checks
    /// refuse only what they name.
    @Test func plainKeysPassTheChecks() async throws {
        try await demoApplication().test(.router) { client in
            for key in ["%C3%A5rsplan", "plan.v2", "a..b"] {
                try await client.execute(uri: "/api/v1/plans/\(key)", method: .get) { response in
                    #expect(response.status == .notFound, "\(key)")
                }
            }
        }
    }
}

@Suite struct ServiceHealthTests {
    @Test func healthAndReadiness() async throws {
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == "ok")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).hasPrefix("ready"))
            }
        }
    }

    /// A ledger that is missing: alive, not ready, and the API says why with 503.
    @Test func missingLedgerIsNotReady() async throws {
        let directory = try TemporaryDirectory()
        try await demoApplication(path: directory.path("absent.sqlite")).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            for uri in ["/readyz", "/api/v1/plans"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .serviceUnavailable, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }
}

@Suite struct OpenAPIDocumentTests {
    /// The committed document, as the repository keeps it.
    static func document() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Service/Resources/openapi.json")
        return try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
    }

    /// Every route for programs (`/api/…`, `/healthz`, `/readyz`, `/metrics`) is in the document, and every operation
    /// of the document is a route. The web pages are for people, not in the document.
    @Test func documentMatchesTheRouter() throws {
        guard case .object(let root) = try Self.document(), root["openapi"] == .string("3.1.0"), case .object(let paths)? = root["paths"] else {
            Issue.record("not an OpenAPI 3.1 document")
            return
        }
        var documented: Set<String> = []
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let forPrograms = buildRouter(ServiceConfiguration(ledgerPath: "/nonexistent")).routes.filter {
            let path = $0.path.description
            return path.hasPrefix("/api/") || ["/healthz", "/readyz", "/metrics"].contains(path)
        }
        let routed = Set(forPrograms.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(routed.count == 32)
        #expect(routed.subtracting(documented).isEmpty, "routes not in openapi.json: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
    }

    @Test func documentIsServed() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Service/Resources/openapi.json")
        let committed = try String(contentsOf: url, encoding: .utf8)
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == committed)
            }
        }
    }
}

@Suite struct ServiceRoleTests {
    /// Without credentials an auditor's read is 401 (sign in); signed in with a role that may not read it, 403; with
    /// an auditor's or registrar's token it gets past the policy. A token nobody holds, or another scheme, is 401.
    @Test func auditorReadsAre401ForThePublic403ForStaffAndOpenToAuditors() async throws {
        try await demoApplication().test(.router) { client in
            let expected: [(Role, HTTPResponse.Status)] = [
                (.public, .unauthorized), (.staff, .forbidden), (.admin, .forbidden), (.auditor, .ok), (.registrar, .ok),
            ]
            for (role, status) in expected {
                let response = try await client.execute(uri: "/api/v1/plans?asOf=\(day)&knownAt=3", method: .get, headers: authorization(role))
                #expect(response.status == status, "\(role)")
            }
            for header in ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"] {
                let response = try await client.execute(uri: "/api/v1/plans?asOf=\(day)", method: .get, headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    /// The diary is masked for public and staff and shown whole to registrars and auditors (RS/412/2023 is classified).
    @Test func theDiaryIsMaskedPerRole() async throws {
        try await demoApplication().test(.router) { client in
            for role in Role.allCases {
                let response = try await client.execute(uri: "/api/v1/diary?asOf=\(day)", method: .get, headers: authorization(role))
                #expect(response.status == .ok)
                let shown = text(response).contains("Anna Svensson")
                #expect(shown == [.registrar, .auditor].contains(role), "\(role)")
            }
        }
    }
}
