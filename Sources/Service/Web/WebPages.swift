import Catalogue
import Foundation
import Hummingbird
import LedgerCore
import Mustache

/// The web pages' templates (swift-mustache), loaded once from the bundle's `web/templates` folder.
///
/// Escaping is by construction: every value reaches the HTML through `{{name}}`, which escapes `& < > " '`; a test
/// refuses the unescaped forms (`{{{…}}}`, `{{&…}}`) in every template, and text a person reads comes from
/// `WebTexts` (`{{t.KEY}}`), never from the template itself.
struct WebTemplates: Sendable {
    let library: MustacheLibrary

    /// The templates shipped with the service, parsed once per process. A bundle without them, or a template that
    /// does not parse, is a broken build: it stops the process with the reason (a test loads them on every build).
    static let shipped: WebTemplates = {
        do { return try load() } catch { fatalError("\(error)") }
    }()

    /// The templates in the bundle; throws when the bundle lacks them or one does not parse.
    static func load() throws -> WebTemplates {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent("templates") else {
            throw WebTemplateError(reason: "the service's bundle holds no web/templates folder")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for file in names {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw WebTemplateError(reason: "\(file): \(error)")
            }
        }
        return WebTemplates(library: library)
    }

    /// `template` rendered with `context`; throws when there is no such template.
    func render(_ context: Any, template: String) throws -> String {
        guard let html = library.render(context, withTemplate: template) else {
            throw WebTemplateError(reason: "no template \(template)")
        }
        return html
    }
}

struct WebTemplateError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "web templates: \(reason)" }
}

/// One page to render: its template, its `<title>` (the page's own words; the site's name is added) and its data
/// (dictionaries, arrays, strings, numbers, booleans and structs, which Mustache reads through reflection). The
/// texts its template names as `{{t.KEY}}` are `WebTexts.pages[template]` over `WebTexts.common`.
struct WebPage {
    var template: String
    var title: String
    var data: [String: Any] = [:]
    var status: HTTPResponse.Status = .ok
}

/// What every page's layout shows: the navigation for the caller's roles, who is signed in, the CSRF token of the
/// session for forms (`<input type="hidden" name="csrf" value="{{layout.csrf}}">`), and the request's path.
struct WebLayout {
    /// One link of the main menu; `current` marks the page's own section (`aria-current="page"`).
    struct Link {
        var href: String
        var text: String
        var current: Bool
    }

    var links: [Link]
    var account: String?
    var roleText: String?
    var csrf: String?
    var path: String

    init(_ request: Request, _ context: ServiceContext) {
        let path = request.uri.path
        let roles = context.roles
        var links: [(String, String)] = [("/", "navStart"), ("/sok", "navSearch"), ("/diarium", "navDiary"), ("/uppdrag", "navAssignments"), ("/aktiviteter", "navActivities"), ("/planeringsprocessen", "navProcess")]
        if !roles.isDisjoint(with: Access.auditors) { links.append(("/granskning", "navAudit")) }
        if !roles.isDisjoint(with: Access.registrars) { links.append(("/registrera", "navRegistrar")) }
        self.links = links.map { href, key in
            Link(href: href, text: WebTexts.common[key] ?? key,
                 current: href == "/" ? path == "/" : path == href || path.hasPrefix(href + "/"))
        }
        account = context.identity?.account
        roleText = context.identity.map { WebTexts.roles[$0.role.rawValue] ?? $0.role.rawValue }
        csrf = context.session?.csrf
        self.path = path
    }
}

/// Renders pages into HTML responses with the layout, and sets the headers every page carries.
struct WebRenderer: Sendable {
    let templates: WebTemplates

    /// The page as a `text/html` response: `page.data` at the top level, the texts as `t`, the layout as `layout`.
    func response(_ page: WebPage, _ request: Request, _ context: ServiceContext) throws -> Response {
        let texts = WebTexts.common.merging(WebTexts.pages[page.template] ?? [:]) { $1 }
        var values = Self.withoutNils(page.data)
        values["t"] = texts
        values["layout"] = WebLayout(request, context)
        values["pageTitle"] = page.title + " – " + (WebTexts.common["siteName"] ?? "")
        let html = try templates.render(values, template: page.template)
        var response = Response(status: page.status, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        // A page shows what its caller may see: never kept by a shared cache for another caller.
        response.headers[.cacheControl] = context.identity == nil ? "no-cache" : "private, no-store"
        return response
    }
}

extension WebRenderer {
    /// `data` without its `nil`s, through nested dictionaries and arrays. swift-mustache answers a dictionary's key
    /// with the stored value as is, so an `Optional.none` put in as `Any` (`"error": errors["name"] as Any`) is a
    /// value to it: `{{#error}}` would render and `{{error}}` print "nil" (the sign-in form showed "Fel: nil" at both
    /// fields, found by the browser tests). Without the key, `{{#error}}` is false, as the brief promises.
    static func withoutNils(_ data: [String: Any]) -> [String: Any] {
        data.compactMapValues(withoutNils)
    }

    static func withoutNils(_ value: Any) -> Any? {
        switch value {
        case is String, is Int, is Bool, is Double: return value
        case let dictionary as [String: Any]: return withoutNils(dictionary)
        case let array as [Any]: return array.compactMap(withoutNils)
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first.flatMap { withoutNils($0.value) }
        }
    }
}

/// The headers of every answer, pages and API alike (SPEC, "Web pages": secure by default):
/// - `Content-Security-Policy`: nothing from elsewhere, no inline script or style, no framing, forms only to this
///   site (CSP Level 3; `frame-ancestors 'none'` as OWASP's clickjacking defence);
/// - `Referrer-Policy: same-origin`: no address of ours (which may carry a dnr or a party) leaves with a link;
/// - `X-Content-Type-Options: nosniff`: a body is only what its Content-Type says.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ServiceContext

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

extension HTTPFields.Element.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
}
