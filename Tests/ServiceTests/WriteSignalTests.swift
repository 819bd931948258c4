import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// What a `POST /api/v1/events` tells the rest of the service: the event stream hears of the commit through
/// `HeadSignal` (not by polling), and `/metrics` counts the events and moves the head gauge.
@Suite struct WriteSignalTests {
    /// With polling set to ten minutes only the writer's signal can bring the new event to an open stream in time.
    @Test func aPostedEventReachesAnOpenStreamThroughTheSignal() async throws {
        let ledger = try WritableLedger()
        let head = try ledger.events().count
        var configuration = ServiceConfiguration(ledgerPath: ledger.path, port: 0, now: { Timestamp(rfc3339: WritableLedger.now)! },
                                                 accounts: testAccounts)
        configuration.streamPoll = .seconds(600)
        configuration.streamHeartbeat = .seconds(600)
        try await buildApplication(configuration).testLive { client in
            let port = try #require(client.port)
            let stream = try SSEConnection(port: port, path: "/api/v1/events/stream", headers: ["Authorization": "Bearer test-auditor"])
            _ = try await stream.read { $0.contains { $0.comment == "stream after seq \(head)" } }
            let posted = try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar),
                                                  body: ByteBuffer(string: "[\(diaryEvent(1))]"))
            #expect(posted.status == .ok)
            let messages = try await stream.read(seconds: 120) { $0.contains { $0.id == head + 1 } }
            stream.close()
            #expect(messages.compactMap(\.id) == [head + 1])
        }
    }

    /// Two posted events (one request of two, then a retry of the same ids: skipped) count 2 appended, and the head
    /// gauge is the new head.
    @Test func metricsCountAppendedEventsAndTheHead() async throws {
        let ledger = try WritableLedger()
        let head = try ledger.events().count
        try await ledger.application().test(.router) { client in
            let body = "[\(diaryEvent(1, id: "m-1")),\(diaryEvent(2, id: "m-2"))]"
            for _ in 0..<2 {
                let posted = try await client.execute(uri: "/api/v1/events", method: .post, headers: writeHeaders(.registrar), body: ByteBuffer(string: body))
                #expect(posted.status == .ok)
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let values = samples(text(metrics))
            #expect(values.first { $0.name == "planledger_events_appended_total" }?.value == 2)
            #expect(values.first { $0.name == "planledger_ledger_head_seq" }?.value == Double(head + 2))
        }
    }
}
