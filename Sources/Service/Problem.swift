import Foundation
import Hummingbird
import LedgerCore
import LedgerStore
import Projections

/// An error at the edge as an RFC 9457 problem document (`application/problem+json`, STYLE 17):
/// `{"type","title","status","detail","problems":[{"line","field","reason"}]}`, `problems` only when there is
/// something to point at (a query parameter, a path segment).
public struct Problem: HTTPResponseError, Sendable {
    /// One thing wrong: the input line (nil for a request's parameters), the field named, and why.
    public struct Item: Sendable, Hashable {
        public var line: Int?
        /// The field's path (`data.version`), or nil when the whole line (or event) is at fault.
        public var field: String?
        public var reason: String
    }

    public var status: HTTPResponse.Status
    /// The problem type, a URI relative to the API (`/api/v1/problems/<slug>`).
    public var type: String
    public var title: String
    public var detail: String
    public var problems: [Item]
    /// An `ETag` header sent with the document (a 412 carries the current head's, RFC 9110 §13.1.1).
    public var eTag: String?

    init(_ status: HTTPResponse.Status, _ slug: String, title: String, detail: String, problems: [Item] = []) {
        self.status = status
        self.type = "/api/v1/problems/" + slug
        self.title = title
        self.detail = detail
        self.problems = problems
    }

    /// 400: a query parameter or path segment is wrong; names it and says why.
    static func badParameter(_ field: String, _ reason: String) -> Problem {
        Problem(.badRequest, "bad-parameter", title: "Bad request parameter", detail: "\(field): \(reason)",
                problems: [Item(line: nil, field: field, reason: reason)])
    }

    /// 404: no plan with that key (or none at the time point asked).
    static func noSuchPlan(_ plan: String, existsAtAll: Bool) -> Problem {
        Problem(.notFound, "no-such-plan", title: "No such plan",
                detail: existsAtAll ? "plan \"\(plan)\" did not exist at the time point asked" : "no such plan \"\(plan)\"",
                problems: [Item(line: nil, field: "plan", reason: existsAtAll ? "not in force at that time point" : "unknown plan key")])
    }

    /// 401: the answer is for a role the caller has not shown: no credentials were sent.
    static func unauthorised(_ what: String, roles: [Role]) -> Problem {
        Problem(.unauthorized, "unauthorised", title: "Sign-in required",
                detail: "\(what) is for the \(roles.map(\.rawValue).joined(separator: " or ")) role; sign in as one")
    }

    /// 401: credentials were sent but hold no account (unknown or revoked token, disabled account, bad scheme).
    static func unauthenticated(_ reason: String) -> Problem {
        Problem(.unauthorized, "unauthenticated", title: "Not signed in", detail: reason)
    }

    /// 403: the caller is signed in, but its role may not do this.
    static func forbidden(_ what: String, role: Role, roles: [Role]) -> Problem {
        Problem(.forbidden, "forbidden", title: "Not allowed for this role",
                detail: "\(what) is for the \(roles.map(\.rawValue).joined(separator: " or ")) role; you are signed in as \(role.rawValue)")
    }

    /// 422: the events of a `POST /events` broke rules or did not decode; every problem of every bad line (at most
    /// `Rejection.limit` lines), as `planledger append` prints them. Nothing was written.
    static func rejected(_ rejection: Rejection) -> Problem {
        let count = rejection.problems.count
        var detail = "nothing was appended (\(count) problem\(count == 1 ? "" : "s"))"
        if rejection.truncated { detail += "; stopped after \(Rejection.limit) bad lines" }
        return Problem(.unprocessableContent, "rejected", title: "Events rejected", detail: detail,
                       problems: rejection.problems.map { Item(line: $0.line, field: $0.field, reason: $0.reason) })
    }

    /// 412: `If-Match` named a head the ledger has moved past (or not reached). Nothing was written.
    static func headMoved(expected: Int, head: Int) -> Problem {
        Problem(.preconditionFailed, "head-moved", title: "The head has moved",
                detail: "If-Match asked for head seq \(expected), the head is seq \(head); read it again and resend",
                problems: [Item(line: nil, field: "If-Match", reason: "expected head \"\(expected)\", the head is \"\(head)\"")])
    }

    /// 413: the body (or its number of events) is over the documented limit (`WriteLimits`). Nothing was written.
    static func tooLarge(_ reason: String) -> Problem {
        Problem(.contentTooLarge, "too-large", title: "Request too large", detail: reason)
    }

    /// 415: the body's `Content-Type` is not one the endpoint reads.
    static func unsupportedMediaType(_ reason: String) -> Problem {
        Problem(.unsupportedMediaType, "unsupported-media-type", title: "Unsupported media type", detail: reason,
                problems: [Item(line: nil, field: "Content-Type", reason: reason)])
    }

    /// 400: the body is not the JSON it says it is (not UTF-8, not JSON, not an array of events).
    static func malformed(_ reason: String) -> Problem {
        Problem(.badRequest, "malformed-body", title: "Malformed body", detail: reason,
                problems: [Item(line: nil, field: nil, reason: reason)])
    }

    /// 503: the server is shutting down and takes no new writes; retry against the next instance.
    static func stopping() -> Problem {
        Problem(.serviceUnavailable, "stopping", title: "Shutting down", detail: "the server is stopping and takes no new writes; try again")
    }

    /// 503: the ledger cannot be read.
    static func unavailable(_ error: any Error) -> Problem {
        Problem(.serviceUnavailable, "ledger-unavailable", title: "Ledger unavailable", detail: "\(error)")
    }

    /// The document as JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(type), "title": .string(title), "status": JSONValue(Int(status.code)), "detail": .string(detail),
        ]
        if !problems.isEmpty {
            members["problems"] = .array(problems.map { ["line": $0.line.map { JSONValue($0) } ?? .null, "field": JSONValue($0.field), "reason": .string($0.reason)] })
        }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"planledger\"" }
        if let eTag { headers[.eTag] = eTag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: AnswerJSON.document(json))))
    }
}

/// Turns every error a handler throws into a problem document: a `Problem` as it is, the store's errors as 400
/// (a query it refuses, such as a seq past the head) or 503 (the ledger cannot be read), Hummingbird's own
/// `HTTPError`s (say, 404 for an unknown route) in the same shape, and anything else as 500 without internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as StoreError {
            if case .invalidQuery(let reason) = error { throw Problem(.badRequest, "invalid-query", title: "Invalid query", detail: reason) }
            throw Problem.unavailable(error)
        } catch let error as HTTPError {
            throw Problem(error.status, "http-\(error.status.code)", title: error.status.reasonPhrase,
                          detail: error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            // Another error that carries its status (NIO's too-many-bytes is 413): that status, as a problem document.
            throw Problem(error.status, "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw Problem(.internalServerError, "internal", title: "Internal error", detail: "the server could not answer; see its log")
        }
    }
}
