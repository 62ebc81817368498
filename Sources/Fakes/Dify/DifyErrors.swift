import HTTPTypes
import Hummingbird

/// Dify's error envelope: `{"code", "message", "status"}` with the status mirrored.
enum DifyErrors {
    static func response(_ status: Int, _ code: String, _ message: String) -> Response {
        var headers: HTTPFields = [:]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"api\"" }
        return FakeJSON.response(
            status: .init(code: status),
            ["code": code, "message": message, "status": status],
            headers: headers
        )
    }

    static func invalidParam(_ message: String) -> Response { response(400, "invalid_param", message) }

    static let invalidJSON = response(400, "bad_request", "Invalid JSON payload received or JSON payload is empty.")

    /// Checks `Authorization: Bearer <key>` against the one key of the route's scope.
    static func authenticate(_ request: Request, expected key: String) -> Response? {
        // The common case without Foundation's trimming and lowercasing.
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.utf8.dropFirst(7).elementsEqual(key.utf8) {
            return nil
        }
        guard let header = request.headers[.authorization], let space = header.firstIndex(of: " ") else {
            return response(401, "unauthorized", "Authorization header must be provided and start with 'Bearer'")
        }
        let scheme = header[..<space]
        let token = header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
        guard scheme.lowercased() == "bearer" else {
            return response(401, "unauthorized", "Authorization scheme must be 'Bearer'")
        }
        guard token == key else { return response(401, "unauthorized", "Access token is invalid") }
        return nil
    }

    /// The response for a scripted failure that answers before any work, or nil for the ones that
    /// change how a normal answer is delivered.
    static func immediate(_ failure: DifyFailure) -> Response? {
        switch failure {
        case .tooManyRequests:
            return response(429, "too_many_requests", "Too many requests. Please try again later. The current maximum concurrent requests allowed is 1.")
        case .rateLimitError:
            return response(429, "rate_limit_error", "Rate Limit Error")
        case .providerQuotaExceeded:
            return response(400, "provider_quota_exceeded", "Your quota for Dify Hosted Model Provider has been exhausted. Please go to Settings -> Model Provider to complete your own provider credentials.")
        case .providerNotInitialize:
            return response(400, "provider_not_initialize", "No valid model provider credentials found. Please go to Settings -> Model Provider to complete your provider credentials.")
        case .appUnavailable:
            return response(400, "app_unavailable", "App unavailable, please check your app configurations.")
        case .completionRequestError:
            return response(400, "completion_request_error", "Completion request failed.")
        case .internalServerError:
            return response(500, "internal_server_error", "Internal Server Error, please contact support.")
        case .serviceUnavailable:
            return response(503, "service_unavailable", "The server is temporarily unable to service your request. Please try again later.")
        case .unauthorized:
            return response(401, "unauthorized", "Access token is invalid")
        case .forbidden:
            return response(403, "forbidden", "The app's API service has been disabled.")
        case .conversationNotExists:
            return response(404, "not_found", "Conversation Not Exists.")
        case .knowledgeRateLimit:
            return response(403, "forbidden", "Sorry, you have reached the knowledge base request rate limit of your subscription.")
        case .malformedJSON:
            return FakeJSON.malformedResponse()
        case .error(let status, let code, let message):
            return response(status, code, message)
        case .hang, .delay, .slowStream, .cutStream, .errorEvent, .messageReplace:
            return nil
        }
    }
}
