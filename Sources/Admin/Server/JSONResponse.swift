import Hummingbird
import JSON
import NIOCore

/// JSON responses written with the project's JSON writer.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
