import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// `GET /api/v1/events/stream` on a real server on loopback (an event stream never ends, so the in-process client,
/// which waits for a whole body, cannot read it), with events appended by the CLI, another process, meanwhile.
@Suite struct EventStreamTests {
    /// The application on `ledger`, with a short heartbeat and poll so that the tests do not wait.
    static func application(_ ledger: PersonalDataLedger, heartbeat: Duration = .milliseconds(300)) -> some ApplicationProtocol {
        var configuration = ServiceConfiguration(ledgerPath: ledger.path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                                 accounts: testAccounts)
        configuration.streamHeartbeat = heartbeat
        configuration.streamPoll = .milliseconds(50)
        configuration.streamBatch = 2  // several batches per catch-up
        return buildApplication(configuration)
    }

    /// Appends `count` diary entries with the CLI, numbered from `first`.
    static func append(_ ledger: PersonalDataLedger, first: Int, count: Int) throws {
        let lines = (first..<(first + count)).map {
            #"{"type":"diary.registered","effective":"2023-06-01","data":{"dnr":"RS/\#($0)/2023","title":"Skrivelse \#($0)","direction":"in","counterpart":"Kommun \#($0)"}}"#
        }
        let r = try CommandRunner.run(["append", "-", "--ledger", ledger.path], stdin: Data(lines.joined(separator: "\n").utf8),
                                      environment: ["PLANLEDGER_ACTOR": "registrator:kim"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// The export lines of the ledger by seq (the registrar's stream sends them as they are).
    static func exported(_ ledger: PersonalDataLedger) throws -> [Int: String] {
        let lines = try ledger.cli(["export"]).split(separator: "\n").map(String.init)
        return Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($0.offset + 1, $0.element) })
    }

    static func ids(_ messages: [SSEMessage]) -> [Int] { messages.compactMap(\.id) }

    /// Without Last-Event-ID the stream starts at the head; the client reads k events appended meanwhile, goes away,
    /// more are appended, and it reconnects with `Last-Event-ID: k`: every event arrives once, in order, as `export`
    /// writes it.
    @Test func resumesWithNothingMissedOrRepeated() async throws {
        let ledger = try PersonalDataLedger()  // head: seq 6
        try await Self.application(ledger).testLive { client in
            let port = try #require(client.port)
            let first = try SSEConnection(port: port, path: "/api/v1/events/stream", headers: ["Authorization": "Bearer test-registrar"])
            _ = try await first.read { $0.contains { $0.comment == "stream after seq 6" } }
            #expect(first.status == 200)
            #expect(first.head.lowercased().contains("content-type: text/event-stream"))
            try Self.append(ledger, first: 100, count: 3)  // seq 7–9
            try Self.append(ledger, first: 200, count: 2)  // seq 10–11
            let before = try await first.read { Self.ids($0).count >= 4 }
            let k = Self.ids(before)[3]
            first.close()
            try Self.append(ledger, first: 300, count: 4)  // seq 12–15, while nobody listens
            let second = try SSEConnection(port: port, path: "/api/v1/events/stream",
                                           headers: ["Authorization": "Bearer test-registrar", "Last-Event-ID": String(k)])
            let after = try await second.read { Self.ids($0).last == 15 }
            second.close()
            let received = Array(before.filter { ($0.id ?? 0) <= k }) + after
            #expect(Self.ids(received) == Array(7...15))
            let export = try Self.exported(ledger)
            for message in received where message.id != nil {
                #expect(message.data == export[message.id!], "seq \(message.id!)")
                #expect(message.event == "diary.registered")
            }
        }
    }

    /// `lastEventId` as a query parameter starts the same way; the header wins over it (a browser reconnecting to the
    /// same URL sends a newer id in the header).
    @Test func queryParameterAndHeader() async throws {
        let ledger = try PersonalDataLedger()
        try await Self.application(ledger).testLive { client in
            let port = try #require(client.port)
            let byQuery = try SSEConnection(port: port, path: "/api/v1/events/stream?lastEventId=4", headers: ["Authorization": "Bearer test-auditor"])
            #expect(Self.ids(try await byQuery.read { Self.ids($0).last == 6 }) == [5, 6])
            let both = try SSEConnection(port: port, path: "/api/v1/events/stream?lastEventId=1",
                                         headers: ["Authorization": "Bearer test-auditor", "Last-Event-ID": "5"])
            #expect(Self.ids(try await both.read { Self.ids($0).last == 6 }) == [6])
        }
    }

    /// With no event to send, a `: heartbeat` comment arrives after the configured interval, again and again.
    @Test func heartbeats() async throws {
        let ledger = try PersonalDataLedger()
        try await Self.application(ledger, heartbeat: .milliseconds(100)).testLive { client in
            let connection = try SSEConnection(port: try #require(client.port), path: "/api/v1/events/stream")
            let messages = try await connection.read { $0.filter { $0.comment == "heartbeat" }.count >= 2 }
            #expect(Self.ids(messages).isEmpty)
        }
    }

    /// From the start of the log: the public never reads a classified title or counterpart, a personal-data
    /// counterpart, or an actor; staff read the actor but nothing masked; a registrar reads it all.
    @Test func maskedPerRole() async throws {
        let ledger = try PersonalDataLedger()
        try await Self.application(ledger).testLive { client in
            let port = try #require(client.port)
            var bodies: [String: String] = [:]
            for role in ["public", "staff", "registrar"] {
                let headers = role == "public" ? [:] : ["Authorization": "Bearer test-\(role)"]
                let connection = try SSEConnection(port: port, path: "/api/v1/events/stream", headers: headers.merging(["Last-Event-ID": "0"]) { $1 })
                let messages = try await connection.read { Self.ids($0).last == 6 }
                #expect(Self.ids(messages) == Array(1...6), "\(role)")
                bodies[role] = messages.compactMap(\.data).joined(separator: "\n")
            }
            let export = try Self.exported(ledger).sorted { $0.key < $1.key }.map(\.value).joined(separator: "\n")
            #expect(bodies["registrar"] == export)
            for role in ["public", "staff"] {
                let body = try #require(bodies[role])
                for secret in PersonalDataLedger.hidden { #expect(!body.contains(secret), "\(role): \(secret)") }
                #expect(body.contains(#""counterpart":"Enskild""#), "\(role)")
                #expect(body.contains(#""title":"Sekretess enligt OSL 26:1""#), "\(role)")
                #expect(body.contains(#""reason":"Sekretess enligt OSL 26:1""#), "\(role): the correction's reason is masked too")
                #expect(body.contains("Ansökan om färdtjänst"), "\(role): a personal-data entry's title is public")
            }
            #expect(!(bodies["public"] ?? "").contains("registrator:kim"))
            #expect((bodies["public"] ?? "").contains(#""actor":null"#))
            #expect((bodies["staff"] ?? "").contains(#""actor":"registrator:kim""#))
        }
    }

    /// A Last-Event-ID or lastEventId that is not a seq is a 400 naming it; one past the head a 409 naming it.
    @Test(arguments: [
        ("Last-Event-ID", "abc"), ("Last-Event-ID", "-1"), ("Last-Event-ID", "7"), ("Last-Event-ID", "1.5"), ("Last-Event-ID", ""),
        ("Last-Event-ID", "٣"), ("lastEventId", "x"), ("lastEventId", "99999999999999999999999"), ("lastEventId", "7"),
    ])
    func badPositionsAreRefused(field: String, value: String) async throws {
        let ledger = try PersonalDataLedger()
        try await Self.application(ledger).test(.router) { client in
            let uri = field == "lastEventId" ? "/api/v1/events/stream?lastEventId=\(value)" : "/api/v1/events/stream"
            var headers: HTTPFields = [:]
            if field == "Last-Event-ID" { headers[HTTPFields.Element.Name("Last-Event-ID")!] = value }
            let response = try await client.execute(uri: uri, method: .get, headers: headers)
            // 7 is well formed but past the ledger's head (seq 6): 409, naming the head; the rest are not seqs: 400.
            #expect(response.status == (value == "7" ? .conflict : .badRequest), "\(field)=\(value)")
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try JSONParser.parse(text(response))
            guard case .object(let members) = problem, case .array(let items)? = members["problems"], case .object(let item)? = items.first else {
                Issue.record("no problems in \(problem)")
                return
            }
            #expect(item["field"] == .string(field))
        }
    }

    /// An unknown query parameter is refused as everywhere.
    @Test func unknownParameter() async throws {
        let ledger = try PersonalDataLedger()
        try await Self.application(ledger).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/events/stream?from=3", method: .get)
            #expect(response.status == .badRequest)
        }
    }

    /// A graceful shutdown (SIGTERM in `planledger serve`) ends an open stream with the end of its chunked body, so
    /// that the server can stop: with a heartbeat far off, only the shutdown handler can end it here.
    @Test func shutdownEndsAnOpenStream() async throws {
        let ledger = try PersonalDataLedger()
        let open = OpenConnection()
        try await Self.application(ledger, heartbeat: .seconds(600)).testLive { client in
            let connection = try SSEConnection(port: try #require(client.port), path: "/api/v1/events/stream?lastEventId=5")
            #expect(Self.ids(try await connection.read { Self.ids($0).last == 6 }) == [6])
            open.connection = connection
        }
        let connection = try #require(open.connection)
        try await connection.read { _ in false }
        #expect(connection.ended)
    }
}

/// Keeps a connection past the application's test closure (which must be `@Sendable`).
final class OpenConnection: @unchecked Sendable {
    var connection: SSEConnection?
}
