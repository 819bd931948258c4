import Catalogue
import Foundation
import Hummingbird

extension WebController {
    func addSignInPages(to web: RouterGroup<ServiceContext>) {
        web.get("logga-in", use: signInForm)
        web.post("logga-in", use: signInPost)
        web.post("logga-ut", use: signOutPost)
    }

    /// Where to go after signing in: a path of this site (`/…`, never `//host` or a scheme), else the start page.
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return "/" }
        return next
    }

    /// The sign-in form; `errors` maps a field (`name`, `password`, or `form` for the whole form) to its message.
    func signInPage(next: String, name: String = "", errors: [String: String] = [:], notice: String? = nil,
                    status: HTTPResponse.Status = .ok, _ request: Request, _ context: ServiceContext) throws -> Response {
        let page = WebPage(template: "signin", title: WebTexts.signIn["title"] ?? "", data: [
            "next": next,
            "name": name,
            "nameError": errors["name"] as Any,
            "passwordError": errors["password"] as Any,
            "formError": errors["form"] as Any,
            "hasErrors": !errors.isEmpty,
            "notice": notice as Any,
        ], status: status)
        return try renderer.response(page, request, context)
    }

    /// `GET /logga-in?next=PATH`.
    @Sendable func signInForm(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["next", "utloggad"])
        let notice = try parameters.flag("utloggad") ? WebTexts.signIn["signedOut"] : nil
        return try signInPage(next: Self.localPath(request.uri.queryParameters["next"].map(String.init)), notice: notice, request, context)
    }

    /// `POST /logga-in` (form: `name`, `password`, `next`): on success the session cookie and 303 to `next`; a wrong
    /// name or password is the form again (401) with the message at the form, throttling the same with 429.
    @Sendable func signInPost(_ request: Request, _ context: ServiceContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: SessionController.bodyLimit)
        let fields = try FormFields.parse(String(decoding: body.readableBytesView, as: UTF8.self))
        let next = Self.localPath(fields["next"])
        let name = fields["name"] ?? ""
        let password = fields["password"] ?? ""
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = WebTexts.signIn["missing"] }
        if password.isEmpty { errors["password"] = WebTexts.signIn["missing"] }
        guard errors.isEmpty else { return try signInPage(next: next, name: name, errors: errors, status: .badRequest, request, context) }
        do {
            let (_, session) = try await signIn.attempt(name: name, password: password, context)
            var response = Response(status: .seeOther)
            response.headers[.location] = next
            response.headers[.cacheControl] = "no-store"
            response.setCookie(signIn.cookie(session))
            return response
        } catch let problem as Problem where problem.status == .tooManyRequests || problem.status == .unauthorized {
            let throttled = problem.status == .tooManyRequests
            var response = try signInPage(next: next, name: name, errors: ["form": WebTexts.signIn[throttled ? "throttled" : "wrong"] ?? ""],
                                          status: problem.status, request, context)
            if let wait = problem.retryAfter { response.headers[.retryAfter] = String(wait) }
            return response
        }
    }

    /// `POST /logga-ut` (with the session's CSRF token, as every form that changes anything): ends the session, 303 to
    /// the sign-in page saying so.
    @Sendable func signOutPost(_ request: Request, _ context: ServiceContext) async throws -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = "/logga-in?utloggad=1"
        response.setCookie(signIn.signOut(context))
        return response
    }
}
