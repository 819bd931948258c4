import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document kept in the repository (Resources/openapi.json), as it is.
struct OpenAPIController {
    /// The document's bytes, from the target's resources.
    static let document: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            fatalError("Resources/openapi.json is missing from the Service bundle")
        }
        return data
    }()

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        api.get("openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: Self.document)))
        }
    }
}
