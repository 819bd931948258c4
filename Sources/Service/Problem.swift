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
        public var field: String
        public var reason: String
    }

    public var status: HTTPResponse.Status
    /// The problem type, a URI relative to the API (`/api/v1/problems/<slug>`).
    public var type: String
    public var title: String
    public var detail: String
    public var problems: [Item]
    /// For a 405: the methods the resource takes, sent as `Allow` (RFC 9110 10.2.1).
    public var allow: [HTTPRequest.Method] = []

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
            members["problems"] = .array(problems.map { ["line": $0.line.map { JSONValue($0) } ?? .null, "field": .string($0.field), "reason": .string($0.reason)] })
        }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"planledger\"" }
        if !allow.isEmpty { headers[.allow] = allow.map(\.rawValue).joined(separator: ", ") }
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
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw Problem(.internalServerError, "internal", title: "Internal error", detail: "the server could not answer; see its log")
        }
    }
}
