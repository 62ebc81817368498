import Hummingbird
import JSON
import NIOCore

/// Reads request bodies with a size limit: over it the request answers 413 without the rest of
/// the body being read into memory.
enum RequestBodyReader {
    static func bytes(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    /// The body as a JSON object.
    static func object(_ request: Request, limit: Int) async throws -> JSONObject {
        let buffer = try await bytes(request, limit: limit)
        guard buffer.readableBytes > 0 else {
            throw AdminError(.badRequest, code: "invalid_json", "the request body is empty: send a JSON object")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw AdminError(.badRequest, code: "invalid_json", "the request body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw AdminError(.badRequest, code: "invalid_json", "the request body must be a JSON object")
        }
        return JSONObject(members: members)
    }

    static func tooLarge(_ limit: Int) -> AdminError {
        AdminError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
    }
}
