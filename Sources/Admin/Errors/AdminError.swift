import Catalog
import Hummingbird
import JSON
import NIOCore

/// An admin API error: `{"error": {"code", "message", "field"?}}` with its HTTP status.
/// Messages are for the person at the admin UI and never contain a secret.
public struct AdminError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// The body member (or query parameter) at fault.
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public var json: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { error["field"] = .string(field) }
        return .object(["error": .object(error)])
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(json, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    // MARK: The errors the routes raise

    /// 400 naming the field: a rule of Catalog's (shared with the command line) was broken.
    public static func invalid(_ error: InputError) -> AdminError {
        AdminError(.badRequest, code: "invalid_field", error.message(.json), field: error.field.rawValue)
    }

    public static func invalid(field: String, _ message: String) -> AdminError {
        AdminError(.badRequest, code: "invalid_field", message, field: field)
    }

    public static func notFound(_ message: String) -> AdminError {
        AdminError(.notFound, code: "not_found", message)
    }

    public static let unauthorized = AdminError(
        .unauthorized, code: "unauthorized",
        "a valid admin token is required: send Authorization: Bearer aics_... (create one with `aics token create`)")
}
