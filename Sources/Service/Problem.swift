import Foundation
import Accounts
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
    /// Seconds to wait before trying again (`Retry-After`, RFC 9110 §10.2.3), for 429.
    public var retryAfter: Int?
    /// For a 405: the methods the resource takes, sent as `Allow` (RFC 9110 10.2.1).
    public var allow: [HTTPRequest.Method] = []
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

    /// 404: the plan has events, but none at the time point asked (`history` with `asOf`/`knownAt`).
    static func noEvents(_ plan: String) -> Problem {
        Problem(.notFound, "no-events", title: "No events at that time point",
                detail: "plan \"\(plan)\" has no events at the time point asked",
                problems: [Item(line: nil, field: "plan", reason: "no events recorded and effective by the time point asked")])
    }

    /// 404: the ledger stores no signed checkpoint yet (`planledger checkpoint --key FILE` makes one).
    static var noCheckpoint: Problem {
        Problem(.notFound, "no-checkpoint", title: "No checkpoint",
                detail: "the ledger stores no checkpoint; a registrar makes one with `planledger checkpoint --key FILE`")
    }

    /// 409: a checkpoint whose tree the ledger does not have (another log, a cut or rewritten history): the CLI's
    /// exit 1. `field` names the parameter that gave it, nil for the ledger's own stored checkpoint.
    static func doesNotExtend(source: String, size: Int, field: String?) -> Problem {
        let reason = "the ledger's tree of \(size) events has another root (or fewer events)"
        return Problem(.conflict, "does-not-extend", title: "The ledger does not extend the checkpoint",
                       detail: "this ledger does not extend \(source): \(reason)",
                       problems: field.map { [Item(line: nil, field: $0, reason: reason)] } ?? [])
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

    /// 429: too many failed sign-ins for this name or from this address; `Retry-After` says when to try again.
    static func throttled(retryAfter seconds: Int) -> Problem {
        var problem = Problem(.tooManyRequests, "throttled", title: "Too many failed sign-ins",
                              detail: "too many failed sign-ins for this name or from this address; try again in \(seconds) s")
        problem.retryAfter = seconds
        return problem
    }

    /// 400: the body cannot be read as its content type says.
    static func badBody(_ reason: String) -> Problem {
        Problem(.badRequest, "bad-body", title: "Bad request body", detail: reason, problems: [Item(line: nil, field: "body", reason: reason)])
    }

    /// 400: a field of a form or JSON body is wrong; names it (never its value, which may be a password).
    static func badField(_ field: String, _ reason: String) -> Problem {
        Problem(.badRequest, "bad-field", title: "Bad request field", detail: "\(field): \(reason)",
                problems: [Item(line: nil, field: field, reason: reason)])
    }

    /// 403: a request of a web session that changes something without the session's CSRF token.
    static let csrfMissing = Problem(.forbidden, "csrf", title: "CSRF token missing",
                                     detail: "a signed-in browser's request that changes something must carry the session's CSRF token (header X-CSRF-Token or form field csrf)",
                                     problems: [Item(line: nil, field: "X-CSRF-Token", reason: "missing")])

    /// 403: the CSRF token sent is not the session's.
    static let csrfWrong = Problem(.forbidden, "csrf", title: "CSRF token wrong",
                                   detail: "the CSRF token sent is not this session's; sign in again to get one",
                                   problems: [Item(line: nil, field: "X-CSRF-Token", reason: "not this session's token")])

    /// 405: the path is a route's, but the route does not take this method (RFC 9110 15.5.6); `Allow` lists those it takes.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        var problem = Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed",
                              detail: "\(method.rawValue) is not allowed here; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
        problem.allow = allowed
        return problem
    }

    /// 414: the request's target is longer than the service reads.
    static func uriTooLong(limit: Int) -> Problem {
        Problem(.uriTooLong, "uri-too-long", title: "URI too long", detail: "the request target is longer than \(limit) bytes")
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

    /// 409: a seq past the ledger's head (`knownAt`, `Last-Event-ID`): well formed, but the ledger has not reached it.
    static func pastHead(_ field: String, seq: Int, head: Int) -> Problem {
        Problem(.conflict, "past-head", title: "Past the ledger's head",
                detail: "\(field): seq \(seq) is past the ledger's head, seq \(head)",
                problems: [Item(line: nil, field: field, reason: "seq \(seq) is past the ledger's head, seq \(head)")])
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
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if !allow.isEmpty { headers[.allow] = allow.map(\.rawValue).joined(separator: ", ") }
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
