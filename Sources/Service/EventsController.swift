import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Projections

/// How much one `POST /api/v1/events` may carry. A body over `maxBodyBytes` is refused with 413 — by its
/// `Content-Length` before any of it is read, or as soon as the bytes read pass the limit; a body holding more than
/// `maxEvents` events is refused with 413 too. `maxGroup` caps how many requests one commit takes.
public struct WriteLimits: Sendable {
    /// The largest body accepted, in bytes (default 8 MiB).
    public var maxBodyBytes: Int
    /// The most events one request may hold (default 10,000); larger loads go through `planledger append`.
    public var maxEvents: Int
    /// The most requests committed together in one transaction (default 256).
    public var maxGroup: Int

    public init(maxBodyBytes: Int = 8 << 20, maxEvents: Int = 10_000, maxGroup: Int = 256) {
        self.maxBodyBytes = maxBodyBytes
        self.maxEvents = maxEvents
        self.maxGroup = maxGroup
    }
}

/// `POST /api/v1/events` (registrars only) and `GET /api/v1/head` (everyone).
///
/// The body is a JSON array of events (`application/json`), or JSON Lines (`application/x-ndjson`), each event as
/// `planledger append` reads it: the lines through the CLI's own `JSONLinesReader`, the array's elements through the
/// same `EventDecoder`. A problem's `line` is the line of the JSON Lines body, or the element's 1-based position in
/// the array. The events are recorded under the signed-in account (`actor`), never a field of the request (SPEC,
/// "Accounts and roles"): an event that carries `actor` is refused. `If-Match: "SEQ"` appends only while the head is
/// still SEQ (else 412); the answer is `append`'s JSON with `ETag: "HEAD_SEQ"`, sent after the commit is durable.
struct EventsController {
    let writer: Writer
    let ledger: LedgerHandle
    let limits: WriteLimits

    /// The media types a body may have.
    static let jsonArray = "application/json"
    static let jsonLines = "application/x-ndjson"

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        api.group().add(middleware: AccessPolicy(roles: Access.registrars, what: "appending events"))
            .post("events", use: append)
        api.group().add(middleware: AccessPolicy(roles: Access.everyone, what: "the head"))
            .get("head", use: head)
    }

    /// `GET /api/v1/head` → `{"seq": n, "hash": "hex"}` with `ETag: "n"`: what a client sends back in `If-Match`.
    @Sendable func head(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        let head = try ledger.queries().ledger.head()
        var response = jsonResponse(AnswerJSON.head(head))
        response.headers[.eTag] = Self.eTag(head.seq)
        return response
    }

    @Sendable func append(_ request: Request, _ context: ServiceContext) async throws -> Response {
        _ = try RequestParameters(request, allowed: [])
        guard let account = context.identity?.account else { throw Problem.unauthorised("appending events", roles: [.registrar]) }
        let expected = try Self.expectedHead(request.headers[values: .ifMatch])
        let kind = try Self.mediaType(request.headers[.contentType])
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.maxBodyBytes {
            throw Problem.tooLarge("the body is \(length) bytes; at most \(limits.maxBodyBytes) bytes are taken")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's NIOTooManyBytesError, which Hummingbird answers as a bare 413: a problem document instead.
            throw Problem.tooLarge("the body is longer than the \(limits.maxBodyBytes) bytes taken")
        }
        let lines = try Self.events(Array(body.readableBytesView), kind: kind, maxEvents: limits.maxEvents)
        let outcome: GroupOutcome
        switch await writer.submit(GroupRequest(lines: lines, actor: account, expectedHead: expected)) {
        case .success(let answer): outcome = answer
        case .failure(.stopped): throw Problem.stopping()
        case .failure(.store(let error)): throw error
        }
        switch outcome {
        case .appended(let result):
            var response = jsonResponse(AnswerJSON.append(result))
            response.headers[.eTag] = Self.eTag(result.head.seq)
            return response
        case .rejected(let rejection):
            throw Problem.rejected(rejection)
        case .headMoved(let expected, let head):
            var problem = Problem.headMoved(expected: expected, head: head.seq)
            problem.eTag = Self.eTag(head.seq)
            throw problem
        }
    }

    /// The entity tag of a head: its seq in quotes (a strong tag, RFC 9110 §8.8.3).
    static func eTag(_ seq: Int) -> String { "\"\(seq)\"" }

    /// The head seq `If-Match` asks for: nil when absent or `*` (RFC 9110 §13.1.1: any current head matches).
    /// One strong tag `"SEQ"` is taken (or its bare digits `SEQ`); a weak tag (`W/"SEQ"`), a list, or anything else is a 400 — the ledger's
    /// tags are strong and one head is the only precondition that makes sense.
    static func expectedHead(_ values: [String]) throws(Problem) -> Int? {
        guard !values.isEmpty else { return nil }
        let text = values.joined(separator: ",").trimmingCharacters(in: .whitespaces)
        if text == "*" { return nil }
        let reason: String
        if text.hasPrefix("W/") {
            reason = "a weak entity tag never matches (RFC 9110 §13.1.1 compares strongly); send the head as \"SEQ\""
        } else if text.contains(",") {
            reason = "one entity tag is taken, the head seq in quotes (\"SEQ\"), got a list"
        } else if text.count >= 3, text.first == "\"", text.last == "\"", let seq = Int(text.dropFirst().dropLast()), seq >= 0,
            String(seq) == text.dropFirst().dropLast()
        {
            // Only the form the ETag has: digits without a sign or leading zeros (tags compare as strings).
            return seq
        } else if let seq = Int(text), seq >= 0, String(seq) == text {
            // The same digits without their quotes, as clients often send a tag they read without them: taken, since
            // they can mean nothing else.
            return seq
        } else {
            reason = "expected the head seq in quotes, as the ETag gives it (\"12\"), got \(text.prefix(60))"
        }
        throw Problem(.badRequest, "bad-if-match", title: "Bad If-Match", detail: reason,
                      problems: [Problem.Item(line: nil, field: "If-Match", reason: reason)])
    }

    /// Which of the two body formats `Content-Type` names (parameters other than `charset=utf-8` refused); 415 else.
    static func mediaType(_ header: String?) throws(Problem) -> String {
        guard let header else { throw Problem.unsupportedMediaType("no Content-Type; send \(jsonArray) (an array of events) or \(jsonLines) (JSON Lines)") }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = parts.first?.lowercased() ?? ""
        guard type == jsonArray || type == jsonLines else {
            throw Problem.unsupportedMediaType("Content-Type \(header.prefix(80)) is not taken; send \(jsonArray) (an array of events) or \(jsonLines) (JSON Lines)")
        }
        for parameter in parts.dropFirst() where parameter.lowercased().replacingOccurrences(of: "\"", with: "") != "charset=utf-8" {
            throw Problem.unsupportedMediaType("Content-Type parameter \(parameter.prefix(60)) is not taken; events are UTF-8")
        }
        return type
    }

    /// The body as input lines, each event decoded (or its problems) as `planledger append` decodes a line. An event
    /// carrying `actor` is a problem of its line. A JSON array that does not parse, or is not an array, is a 400; more
    /// than `maxEvents` events is a 413.
    static func events(_ bytes: [UInt8], kind: String, maxEvents: Int) throws(Problem) -> [InputLine] {
        var lines: [InputLine] = []
        if kind == jsonLines {
            for line in JSONLinesReader(bytes: bytes) {
                lines.append(line)
                if lines.count > maxEvents { throw Problem.tooLarge("more than \(maxEvents) events; at most \(maxEvents) are taken per request") }
            }
        } else {
            if let bad = UTF8Check.firstInvalidByte(bytes) { throw Problem.malformed(UTF8Check.explain(bytes, at: bad)) }
            let value: JSONValue
            do {
                // A byte order mark at the start is ignored, as the JSON Lines reader ignores it.
                value = try JSONParser.parse(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
            } catch {
                throw Problem.malformed("invalid JSON: \(error.description)")
            }
            guard case .array(let elements) = value else {
                throw Problem.malformed("expected a JSON array of events, got \(value.kindDescription)")
            }
            if elements.count > maxEvents { throw Problem.tooLarge("\(elements.count) events; at most \(maxEvents) are taken per request") }
            for (index, element) in elements.enumerated() {
                lines.append(InputLine(line: index + 1, event: EventDecoder.decode(element)))
            }
        }
        return lines.map(refusingActor)
    }

    /// The line as it is, or refused when its event names an `actor`: the actor is the signed-in account.
    static func refusingActor(_ line: InputLine) -> InputLine {
        guard case .success(let event) = line.event, event.actor != nil else { return line }
        var refused = line
        refused.event = .failure(Rejection(problems: [LedgerCore.Problem(
            field: "actor", reason: "is the signed-in account and cannot be supplied in a request; leave it out")]))
        return refused
    }
}
