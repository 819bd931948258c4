import Foundation
import Hummingbird
import LedgerCore
import Projections
import ServiceLifecycle

/// `GET /api/v1/events/stream`: the events of the log as they are appended, as Server-Sent Events (the WHATWG HTML
/// standard, "Server-sent events"; `text/event-stream`), filtered for the caller's role (SPEC, "The service").
///
/// Each event is one SSE message: `id: SEQ`, `event: TYPE` (`diary.registered`, …) and `data: JSON`, the event's one
/// line of `planledger export` (`RecordedEvent.exported`, RFC 8785 canonical JSON), masked for public and staff by
/// `PublicMask.exported` (a classified entry's title and counterpart, a personal-data counterpart as "Enskild", and for
/// the public no `actor`).
///
/// Where it starts: after `Last-Event-ID: N` (the header a browser's `EventSource` sends when it reconnects), else after
/// the `lastEventId` query parameter (for a first connection, which cannot set headers), else at the head (only events
/// appended from now on). So a client that reconnects with the last id it saw misses nothing and gets nothing twice.
/// A value that is not a whole number 0 … head is a 400 problem naming it.
///
/// New events are noticed through `HeadSignal` (this process's writer) and by reading the head every
/// `streamPoll` (another process, such as the CLI, may append to the same ledger). Events are read in batches of
/// `streamBatch` from a reading snapshot, and each batch is written before the next is read: a slow client holds
/// back only its own stream (the write waits for the connection, never buffers the log). A comment line
/// `: heartbeat` is sent after `streamHeartbeat` without a message, which keeps proxies from closing the connection
/// and lets the server notice a client that went away (the write fails, the stream ends). On graceful shutdown
/// the stream ends cleanly.
struct StreamController {
    let ledger: LedgerHandle
    let head: HeadSignal
    let configuration: ServiceConfiguration

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        api.group().add(middleware: AccessPolicy(roles: Access.everyone, what: "the event stream"))
            .get("events/stream", use: stream)
    }

    @Sendable func stream(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["lastEventId"])
        let queries = try ledger.queries()
        let current = try queries.ledger.head().seq
        let start: Int
        // Both are checked when both are sent (a bad one is never silently ignored); the header wins.
        let fromQuery = try parameters.text("lastEventId").map { try Self.position($0, field: "lastEventId", head: current) }
        if let header = request.headers[values: Self.lastEventID].last {
            start = try Self.position(header, field: "Last-Event-ID", head: current)
        } else if let fromQuery {
            start = fromQuery
        } else {
            start = current
        }
        let masked = Access.masked(context.role)
        let showActor = context.role != .public
        let (head, configuration) = (self.head, self.configuration)
        let body = ResponseBody { writer in
            let (wake, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            await withTaskGroup(of: Void.self) { group in
                let signal = head.subscribe()
                group.addTask { for await _ in signal { waker.yield() } }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: configuration.streamPoll)
                        waker.yield()
                    }
                }
                await withGracefulShutdownHandler {
                    var last = start
                    var quiet = ContinuousClock.now
                    do {
                        // Nothing is sent before the first event or heartbeat otherwise; this comment opens the stream
                        // at once, so that a client knows it is connected (and from where).
                        try await writer.write(ByteBuffer(string: ": stream after seq \(start)\n\n"))
                        // Catch up at once, then again at every wake-up; the wake-ups end when the server shuts down
                        // (`waker.finish()`).
                        var wakeUps = wake.makeAsyncIterator()
                        repeat {
                            if Task.isCancelled { break }
                            while true {
                                let batch = try queries.streamedEvents(after: last, limit: configuration.streamBatch, masked: masked, showActor: showActor)
                                if batch.isEmpty { break }
                                var text = ""
                                for event in batch {
                                    text += "id: \(event.seq)\nevent: \(event.type.rawValue)\ndata: \(event.line)\n\n"
                                }
                                try await writer.write(ByteBuffer(string: text))
                                last = batch[batch.count - 1].seq
                                quiet = .now
                            }
                            if ContinuousClock.now - quiet >= configuration.streamHeartbeat {
                                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                                quiet = .now
                            }
                        } while await wakeUps.next() != nil
                        try await writer.finish(nil)
                    } catch {
                        // The client went away (the write failed) or the ledger could not be read: the stream ends; a
                        // client reconnects with Last-Event-ID and loses nothing.
                    }
                } onGracefulShutdown: {
                    waker.finish()
                }
                waker.finish()
                group.cancelAll()
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[HTTPFields.Element.Name("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `Last-Event-ID` (WHATWG HTML, "Server-sent events"): the id of the last message an `EventSource` received.
    static let lastEventID = HTTPFields.Element.Name("Last-Event-ID")!

    /// A seq to start after, from `Last-Event-ID` or `lastEventId`: a whole number from 0 to the head.
    static func position(_ text: String, field: String, head: Int) throws(Problem) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), let seq = Int(trimmed) else {
            throw .badParameter(field, "expected the seq of the last event received (a whole number 0 or more), got \"\(text.prefix(40))\"")
        }
        guard seq <= head else {
            throw .pastHead(field, seq: seq, head: head)
        }
        return seq
    }
}
