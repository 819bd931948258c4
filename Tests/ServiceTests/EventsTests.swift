import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerStore
import Service
import Testing
import TestSupport

/// A fresh ledger for a test that writes: `planledger init`, then the seed rutin (seqs 1–5) through `planledger append`.
final class WritableLedger: Sendable {
    static let now = "2024-06-30T10:00:00Z"
    let directory: TemporaryDirectory
    let path: String

    init(seeded: Bool = true) throws {
        directory = try TemporaryDirectory()
        path = directory.path("ledger.sqlite")
        let made = try CommandRunner.run(["init", "--ledger", path])
        precondition(made.status == 0, made.stderr)
        if seeded {
            let appended = try CommandRunner.run(["append", "-", "--ledger", path], stdin: Data(SeedHistory.rutin.utf8),
                                                 environment: ["PLANLEDGER_NOW": Self.now])
            precondition(appended.status == 0, appended.stderr)
        }
    }

    /// The application on this ledger, the clock pinned, one test account per role.
    func application(limits: WriteLimits = WriteLimits()) -> some ApplicationProtocol {
        var configuration = ServiceConfiguration(ledgerPath: path, port: 0, now: { Timestamp(rfc3339: Self.now)! }, accounts: testAccounts)
        configuration.writeLimits = limits
        return buildApplication(configuration)
    }

    /// Every event in the ledger, read through a fresh read-only connection.
    func events() throws -> [RecordedEvent] {
        let ledger = try Ledger.openForReading(at: path)
        var events: [RecordedEvent] = []
        try ledger.forEachEvent { events.append($0) }
        return events
    }

    var headSeq: Int { get throws { try Ledger.openForReading(at: path).head().seq } }
}

/// A diary entry with a dnr of its own (the diary refuses a dnr twice), as one line of JSON.
func diaryEvent(_ n: Int, id: String? = nil) -> String {
    let idField = id.map { #""id":"\#($0)","# } ?? ""
    return #"{\#(idField)"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/\#(n)/2023","title":"Brev \#(n)","direction":"in"}}"#
}

/// The headers of a write by `role`: its bearer token and a content type.
func writeHeaders(_ role: Role, _ contentType: String = "application/json", ifMatch: String? = nil) -> HTTPFields {
    var headers = authorization(role)
    headers[.contentType] = contentType
    if let ifMatch { headers[.ifMatch] = ifMatch }
    return headers
}

/// The problem document of a response, parsed, with its status checked against the document's.
func problemDocument(_ response: TestResponse) throws -> [String: JSONValue] {
    #expect(response.headers[.contentType] == "application/problem+json")
    guard case .object(let members) = try JSONParser.parse(text(response)) else { throw CancellationError() }
    #expect(members["status"] == JSONValue(Int(response.status.code)))
    return members
}

/// A member of a JSON object, nil for anything else.
func member(_ value: JSONValue, _ name: String) -> JSONValue? {
    guard case .object(let members) = value else { return nil }
    return members[name]
}

/// The `problems` of a problem document as `line|field|reason` strings (`-` for null).
func problemItems(_ document: [String: JSONValue]) -> [String] {
    guard case .array(let items)? = document["problems"] else { return [] }
    return items.map { item in
        guard case .object(let m) = item else { return "?" }
        let line: String = if case .number(let n)? = m["line"] { String(Int(n)) } else { "-" }
        return "\(line)|\(m["field"]?.stringValue ?? "-")|\(m["reason"]?.stringValue ?? "-")"
    }
}

@Suite struct EventsWriteTests {
    /// The answer is `planledger append --format json`, byte for byte: the same events appended by the CLI to a copy of
    /// the same ledger, with the same clock and actor, give the same chain and the same body.
    @Test func theAnswerIsTheCLIsAppendJSON() async throws {
        let served = try WritableLedger()
        let twin = served.directory.path("twin.sqlite")
        try FileManager.default.copyItem(atPath: served.path, toPath: twin)
        let lines = [diaryEvent(1, id: "d-1"), diaryEvent(2, id: "d-2")]
        let cli = try CommandRunner.run(["append", "-", "--ledger", twin, "--format", "json"], stdin: Data(lines.joined(separator: "\n").utf8),
                                        environment: ["PLANLEDGER_NOW": WritableLedger.now, "PLANLEDGER_ACTOR": "registrar:test"])
        #expect(cli.status == 0, "\(cli.stderr)")
        try await served.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                     body: ByteBuffer(string: "[" + lines.joined(separator: ",") + "]")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.eTag] == "\"7\"")
                #expect(text(response) == cli.stdout)
                #expect(text(response).contains("\"appended\" : 2") || text(response).contains("\"appended\": 2"))
            }
        }
        // The actor is the signed-in account.
        let events = try served.events()
        #expect(events.map(\.seq) == Array(1...7))
        #expect(events.suffix(2).map(\.actor) == ["registrar:test", "registrar:test"])
        #expect(events.suffix(2).map(\.id) == ["d-1", "d-2"])
    }

    @Test func jsonLinesNameTheirLinesAndArraysTheirPositions() async throws {
        let ledger = try WritableLedger()
        let bad = #"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/9/2023","direction":"in"}}"#
        try await ledger.application().test(.router) { client in
            // JSON Lines: a blank line counts; lines 3 and 5 are bad.
            let ndjson = [diaryEvent(1), "", bad, diaryEvent(2), "{not json"].joined(separator: "\n")
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, "application/x-ndjson"),
                                     body: ByteBuffer(string: ndjson)) { response in
                #expect(response.status == .unprocessableContent)
                let items = problemItems(try problemDocument(response))
                #expect(items.map { $0.split(separator: "|").first.map(String.init) } == ["3", "5"])
                #expect(items.first?.contains("data.title") == true, "\(items)")
            }
            // A JSON array: the element's 1-based position.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                     body: ByteBuffer(string: "[\(diaryEvent(1)), \(bad), 7]")) { response in
                #expect(response.status == .unprocessableContent)
                let items = problemItems(try problemDocument(response))
                #expect(items.map { $0.split(separator: "|").first.map(String.init) } == ["2", "3"])
                #expect(items.last?.contains("expected a JSON object") == true, "\(items)")
            }
            // A good JSON Lines body with CRLF line ends and a byte order mark.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, "application/x-ndjson; charset=utf-8"),
                                     body: ByteBuffer(string: "\u{FEFF}" + [diaryEvent(3), diaryEvent(4)].joined(separator: "\r\n") + "\r\n")) { response in
                #expect(response.status == .ok, "\(text(response))")
                #expect(response.headers[.eTag] == "\"7\"")
            }
        }
        #expect(try ledger.headSeq == 7)
    }

    @Test func anActorInTheRequestIsRefused() async throws {
        let ledger = try WritableLedger()
        let withActor = #"{"type":"diary.registered","effective":"2023-05-11","actor":"registrar:test","data":{"dnr":"RS/1/2023","title":"Brev","direction":"in"}}"#
        try await ledger.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                     body: ByteBuffer(string: "[\(diaryEvent(2)), \(withActor)]")) { response in
                #expect(response.status == .unprocessableContent)
                let items = problemItems(try problemDocument(response))
                #expect(items.count == 1)
                #expect(items.first?.hasPrefix("2|actor|is the signed-in account") == true, "\(items)")
            }
        }
        #expect(try ledger.headSeq == 5)
    }

    /// Each refusal is a problem document with its status, and nothing is written.
    @Test func everyRefusalWritesNothing() async throws {
        let ledger = try WritableLedger()
        let one = ByteBuffer(string: "[\(diaryEvent(1))]")
        let cases: [(String, HTTPFields, ByteBuffer, HTTPResponse.Status, String)] = [
            ("no credentials", writeHeaders(.public), one, .unauthorized, "unauthorised"),
            ("an auditor", writeHeaders(.auditor), one, .forbidden, "forbidden"),
            ("staff", writeHeaders(.staff), one, .forbidden, "forbidden"),
            ("an admin", writeHeaders(.admin), one, .forbidden, "forbidden"),
            ("no content type", authorization(.registrar), one, .unsupportedMediaType, "unsupported-media-type"),
            ("text/plain", writeHeaders(.registrar, "text/plain"), one, .unsupportedMediaType, "unsupported-media-type"),
            ("latin-1", writeHeaders(.registrar, "application/json; charset=iso-8859-1"), one, .unsupportedMediaType, "unsupported-media-type"),
            ("malformed JSON", writeHeaders(.registrar), ByteBuffer(string: "[\(diaryEvent(1))"), .badRequest, "malformed-body"),
            ("an empty body", writeHeaders(.registrar), ByteBuffer(), .badRequest, "malformed-body"),
            ("not an array", writeHeaders(.registrar), ByteBuffer(string: diaryEvent(1)), .badRequest, "malformed-body"),
            ("not UTF-8", writeHeaders(.registrar), ByteBuffer(bytes: Array("[\"".utf8) + [0x93] + Array("\"]".utf8)), .badRequest, "malformed-body"),
            ("an unquoted If-Match with a leading zero", writeHeaders(.registrar, ifMatch: "05"), one, .badRequest, "bad-if-match"),
            ("an unquoted If-Match of another head", writeHeaders(.registrar, ifMatch: "4"), one, .preconditionFailed, "head-moved"),
            ("a weak If-Match", writeHeaders(.registrar, ifMatch: "W/\"5\""), one, .badRequest, "bad-if-match"),
            ("an If-Match list", writeHeaders(.registrar, ifMatch: "\"5\", \"6\""), one, .badRequest, "bad-if-match"),
            ("a non-numeric If-Match", writeHeaders(.registrar, ifMatch: "\"abc\""), one, .badRequest, "bad-if-match"),
            ("a negative If-Match", writeHeaders(.registrar, ifMatch: "\"-1\""), one, .badRequest, "bad-if-match"),
            ("a leading zero in If-Match", writeHeaders(.registrar, ifMatch: "\"05\""), one, .badRequest, "bad-if-match"),
            ("a plus sign in If-Match", writeHeaders(.registrar, ifMatch: "\"+5\""), one, .badRequest, "bad-if-match"),
            ("an old head", writeHeaders(.registrar, ifMatch: "\"4\""), one, .preconditionFailed, "head-moved"),
            ("a head not reached", writeHeaders(.registrar, ifMatch: "\"6\""), one, .preconditionFailed, "head-moved"),
            ("a bad event", writeHeaders(.registrar), ByteBuffer(string: "[{\"type\":\"nope\"}]"), .unprocessableContent, "rejected"),
        ]
        try await ledger.application().test(.router) { client in
            for (name, headers, body, status, slug) in cases {
                try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == status, "\(name): \(text(response))")
                    let document = try problemDocument(response)
                    #expect(document["type"] == .string("/api/v1/problems/\(slug)"), "\(name)")
                    if status == .preconditionFailed { #expect(response.headers[.eTag] == "\"5\"", "\(name)") }
                }
            }
            // An unknown query parameter.
            try await client.execute(uri: "/api/v1/events?dryRun=true", method: .post, headers: writeHeaders(.registrar), body: one) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try ledger.headSeq == 5)
        #expect(try ledger.events().count == 5)
    }

    @Test func bodiesOverTheLimitsAre413() async throws {
        let ledger = try WritableLedger()
        let limits = WriteLimits(maxBodyBytes: 4096, maxEvents: 3)
        try await ledger.application(limits: limits).test(.router) { client in
            // Just under and over the byte limit: the padding is blank lines, which JSON Lines skips.
            let event = diaryEvent(1)
            let fits = event + String(repeating: "\n", count: 4096 - event.utf8.count)
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, "application/x-ndjson"),
                                     body: ByteBuffer(string: fits)) { response in
                #expect(response.status == .ok, "\(text(response))")
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, "application/x-ndjson"),
                                     body: ByteBuffer(string: diaryEvent(2) + String(repeating: "\n", count: 4097 - diaryEvent(2).utf8.count))) { response in
                #expect(response.status == .contentTooLarge)
                let document = try problemDocument(response)
                #expect(document["type"] == .string("/api/v1/problems/too-large"))
            }
            // Three events pass, four do not, in either format.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                     body: ByteBuffer(string: "[" + (2...5).map { diaryEvent($0) }.joined(separator: ",") + "]")) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, "application/x-ndjson"),
                                     body: ByteBuffer(string: (2...5).map { diaryEvent($0) }.joined(separator: "\n"))) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                     body: ByteBuffer(string: "[" + (2...4).map { diaryEvent($0) }.joined(separator: ",") + "]")) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try ledger.headSeq == 9)
    }

    @Test func ifMatchAppendsOnlyAtTheHeadTheClientRead() async throws {
        let ledger = try WritableLedger()
        try await ledger.application().test(.router) { client in
            let tag = try await client.execute(uri: "/api/v1/head", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("\"seq\" : 5") || text(response).contains("\"seq\": 5"), "\(text(response))")
                return response.headers[.eTag]
            }
            #expect(tag == "\"5\"")
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, ifMatch: tag),
                                     body: ByteBuffer(string: "[\(diaryEvent(1))]")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"6\"")
            }
            // The same tag again: the head has moved.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, ifMatch: tag),
                                     body: ByteBuffer(string: "[\(diaryEvent(2))]")) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.eTag] == "\"6\"")
            }
            // `*`: any head.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar, ifMatch: "*"),
                                     body: ByteBuffer(string: "[\(diaryEvent(3))]")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"7\"")
            }
        }
        #expect(try ledger.events().map { $0.data["dnr"]?.stringValue }.suffix(2) == ["RS/1/2023", "RS/3/2023"])
    }

    @Test func aRetryByIdIsSkippedAndAnEmptyArrayAppendsNothing() async throws {
        let ledger = try WritableLedger()
        let body = "[\(diaryEvent(1, id: "retry-1")), \(diaryEvent(2, id: "retry-2"))]"
        try await ledger.application().test(.router) { client in
            for expected in [(2, 0), (0, 2)] {
                try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok)
                    let answer = try JSONParser.parse(text(response))
                    #expect(member(answer, "appended") == JSONValue(expected.0))
                    #expect(member(answer, "skipped") == JSONValue(expected.1))
                    #expect(response.headers[.eTag] == "\"7\"")
                }
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar), body: ByteBuffer(string: "[]")) { response in
                #expect(response.status == .ok)
                let answer = try JSONParser.parse(text(response))
                #expect(member(answer, "appended") == JSONValue(0))
                #expect(response.headers[.eTag] == "\"7\"")
            }
        }
        #expect(try ledger.events().count == 7)
    }
}
