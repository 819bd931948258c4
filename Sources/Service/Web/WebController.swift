import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Projections

/// The web pages of the SPEC ("Web pages"): Swedish, server-rendered HTML over the same query layer as the API and
/// the CLI (`LedgerQueries`), usable without JavaScript. Each page family adds its routes from a file of its own
/// (`StartPage.swift`, `SignInPages.swift`, `PlanPages.swift`, …); every route is behind `WebErrors`, which answers
/// failures as Swedish pages, and behind the `AccessPolicy` row of its audience.
struct WebController: Sendable {
    let ledger: LedgerHandle
    let configuration: ServiceConfiguration
    let renderer: WebRenderer
    let writer: Writer
    let sessions: SessionStore
    let signIn: SignIn

    func addRoutes(to router: Router<ServiceContext>) {
        let web = router.group()
        web.get("stil.css", use: stylesheet)
        addStartPage(to: web)
        addSignInPages(to: web)
        addPlanPages(to: web)
        addDiaryPages(to: web)
        addAssignmentPages(to: web)
        addProcessPages(to: web)
        addActivityPages(to: web)
        addSearchPage(to: web)
        addAuditPages(to: web)
        addRegistrarPages(to: web)
    }

    /// The pages everyone reads (masked for public and staff, as the API's answers are).
    func everyone(_ web: RouterGroup<ServiceContext>) -> RouterGroup<ServiceContext> {
        web.group().add(middleware: AccessPolicy(roles: Access.everyone, what: "this page"))
    }

    /// The time point of a page: `asOf` (default today in the organisation's zone) and `knownAt` (auditors only, by
    /// `AccessPolicy`; default the head), read as the API reads them.
    func timePoint(_ parameters: RequestParameters) throws -> (asOf: LedgerDate, knownAt: KnownAt) {
        let asOf = try parameters.date("asOf") ?? configuration.today
        let knownAt = try parameters.knownAt("knownAt", in: configuration.timeZone) { try ledger.queries().ledger.head().seq }
        return (asOf, knownAt ?? .head)
    }

    /// `GET /stil.css`: the one stylesheet (screen, phone and print), shipped in the bundle.
    @Sendable func stylesheet(_ request: Request, _ context: ServiceContext) async throws -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: Self.css)))
        response.headers[.contentType] = "text/css; charset=utf-8"
        response.headers[.cacheControl] = "public, max-age=300"
        return response
    }

    static let css: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent("planledger.css"),
              let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return Array(data)
    }()
}

/// Failures on a page answered as a page: 401 sends the browser to sign in (and back); every other problem is
/// shown in Swedish with its status, its detail and the fields it names. Requests for programs (`/api/…`,
/// `/healthz`, `/readyz`, `/metrics`) pass through to `ProblemMiddleware`'s problem documents.
struct WebErrors: RouterMiddleware {
    typealias Context = ServiceContext
    let renderer: WebRenderer

    /// Whether `path` is a program's, answered with problem documents rather than pages.
    static func isForPrograms(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/") || ["/healthz", "/readyz", "/metrics"].contains(path)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.isForPrograms(request.uri.path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            if problem.status == .unauthorized {
                let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                var components = URLComponents()
                components.path = "/logga-in"
                components.queryItems = [URLQueryItem(name: "next", value: back)]
                var response = Response(status: .seeOther)
                response.headers[.location] = components.string ?? "/logga-in"
                return response
            }
            return try page(for: problem, request, context)
        } catch let error as HTTPResponseError {
            // The framework's own refusals (no such route, a method a route does not take) say it in Swedish, not
            // in the framework's words.
            let detail = error.status == .notFound ? WebTexts.common["notFoundDetail"] ?? ""
                : (WebTexts.common["httpErrorDetail"] ?? "") + " (HTTP \(error.status.code))"
            return try page(for: Problem(error.status, "http", title: error.status.reasonPhrase, detail: detail), request, context)
        }
    }

    func page(for problem: Problem, _ request: Request, _ context: Context) throws -> Response {
        let titleKey: String = switch problem.status {
        case .notFound: "notFoundTitle"
        case .forbidden: "forbiddenTitle"
        default: "errorTitle"
        }
        let page = WebPage(template: "error", title: WebTexts.common[titleKey] ?? "", data: [
            "heading": WebTexts.common[titleKey] ?? "",
            "status": Int(problem.status.code),
            "detail": problem.detail,
            "problems": problem.problems.map { ["field": $0.field ?? "", "reason": $0.reason] },
            "hasProblems": !problem.problems.isEmpty,
        ], status: problem.status)
        return try renderer.response(page, request, context)
    }
}
