import Hummingbird
import NIOCore
import Schemas

/// `GET /openapi.json` (no token): the document kept as `schemas/openapi/admin.json`, embedded
/// into the binary at build time.
struct OpenAPIRoute {
    func register(on router: Router<AdminRequestContext>) {
        let document = ByteBuffer(string: Schemas.adminOpenAPI)
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: document))
        }
    }
}
