import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// What the browser tests found in the seam: page data that holds a `nil` Optional (`errors["name"] as Any`) must read
/// as absent in the templates. Before the fix the sign-in form showed "Fel: nil" at both fields (with
/// `aria-invalid="true"`) and an empty notice box reading "nil".
@Suite struct WebNilTests {
    @Test func theSignInFormShowsNoErrorUntilOneIsMade() async throws {
        try await demoApplication().test(.router) { client in
            let fresh = try await client.execute(uri: "/logga-in", method: .get)
            let html = text(fresh)
            #expect(fresh.status == .ok)
            #expect(!html.contains(">nil<"), "\(html)")
            #expect(!html.contains("field-error") && !html.contains("aria-invalid") && !html.contains("error-summary"))
            #expect(!html.contains(#"class="notice""#))

            // One field missing: its error only, and the summary without an empty form-level message.
            let empty = try await client.execute(uri: "/logga-in", method: .post, headers: formType,
                                                 body: form([("name", "bo"), ("password", "")]))
            let refused = text(empty)
            #expect(empty.status == .badRequest)
            #expect(refused.contains(#"id="password-error""#) && !refused.contains(#"id="name-error""#), "\(refused)")
            #expect(!refused.contains(">nil<") && !refused.contains(#"id="form-error""#), "\(refused)")
        }
    }
}
