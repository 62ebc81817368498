import Foundation
import HTTPTypes
import Hummingbird

/// OpenAI's error envelope: `{"error": {"message", "type", "param", "code"}}`.
enum OpenAIErrors {
    static func response(
        _ status: Int, type: String, code: String?, message: String, param: String? = nil, headers: HTTPFields = [:]
    ) -> Response {
        FakeJSON.response(
            status: .init(code: status),
            ["error": ["message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull()] as [String: Any]],
            headers: headers
        )
    }

    static func invalidRequest(_ message: String, param: String?, code: String?, status: Int = 400) -> Response {
        response(status, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static let invalidJSON = invalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        param: nil, code: nil)

    static func missing(_ param: String) -> Response {
        invalidRequest("Missing required parameter: '\(param)'.", param: param, code: "missing_required_parameter")
    }

    static func invalidValue(_ param: String, _ message: String) -> Response {
        invalidRequest(message, param: param, code: "invalid_value")
    }

    static func invalidType(_ param: String, expected: String) -> Response {
        invalidRequest("Invalid type for '\(param)': expected \(expected).", param: param, code: "invalid_type")
    }

    static func vectorStoreNotFound(_ id: String) -> Response {
        invalidRequest("No vector store found with id '\(id)'.", param: nil, code: nil, status: 404)
    }

    static let serverError = response(
        500, type: "server_error", code: "server_error",
        message: "The server had an error while processing your request. Sorry about that!")

    /// Checks `Authorization: Bearer <key>`; the message shows only the key's ends, like OpenAI.
    static func authenticate(_ request: Request, expected key: String) -> Response? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces), !token.isEmpty
        else {
            return invalidRequest(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
                param: nil, code: nil, status: 401)
        }
        guard token == key else { return invalidAPIKey(token) }
        return nil
    }

    static func invalidAPIKey(_ token: String) -> Response {
        let masked = token.count > 8 ? "\(token.prefix(3))***\(token.suffix(4))" : "***"
        return invalidRequest(
            "Incorrect API key provided: \(masked). You can find your API key at https://platform.openai.com/account/api-keys.",
            param: nil, code: "invalid_api_key", status: 401)
    }

    /// The response for a scripted failure that answers at once, or nil for the ones that shape
    /// a normal answer.
    static func immediate(_ failure: OpenAIFailure) -> Response? {
        switch failure {
        case .rateLimited(let retryAfter):
            let milliseconds = Int((retryAfter.seconds * 1000).rounded(.up))
            let seconds = Int(retryAfter.seconds.rounded(.up))
            var headers: HTTPFields = [:]
            headers[HTTPField.Name("retry-after-ms")!] = String(milliseconds)
            headers[.retryAfter] = String(max(1, seconds))
            headers[HTTPField.Name("x-ratelimit-remaining-requests")!] = "0"
            return response(
                429, type: "requests", code: "rate_limit_exceeded",
                message: "Rate limit reached for gpt-4.1 in organization org-fake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in \(String(format: "%.3g", retryAfter.seconds))s. Visit https://platform.openai.com/account/rate-limits to learn more.",
                headers: headers)
        case .insufficientQuota:
            var headers: HTTPFields = [:]
            headers[HTTPField.Name("x-should-retry")!] = "false"
            return response(
                429, type: "insufficient_quota", code: "insufficient_quota",
                message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                headers: headers)
        case .serverError:
            return serverError
        case .overloaded:
            var headers: HTTPFields = [:]
            headers[.retryAfter] = "1"
            return response(503, type: "server_error", code: nil, message: "The engine is currently overloaded, please try again later.", headers: headers)
        case .unauthorized:
            return invalidAPIKey("sk-revoked-key-0000")
        case .malformedJSON:
            return FakeJSON.malformedResponse()
        case .error(let status, let type, let code, let message, let param):
            return response(status, type: type, code: code, message: message, param: param)
        case .previousResponseNotFound, .hang, .delay, .slowStream, .cutStream, .responseFailed, .errorEvent, .incomplete:
            return nil
        }
    }
}
