import Foundation
import HTTP

/// Maps OpenAI's errors (API reference B.4, B.7) to failure classes.
public enum OpenAIFailureClassifier {
    /// Billing errors share the 429 status with rate limits; retrying them cannot help.
    static let quotaCodes: Set<String> = ["insufficient_quota", "billing_hard_limit_reached", "project_spend_limit_exceeded", "billing_not_active"]

    /// A non-2xx response with its error envelope and headers.
    public static func classify(status: Int, body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> ProviderFailure {
        let error = (try? JSONDecoder().decode(OpenAIErrorEnvelope.self, from: Data(body)))?.error
        var failure = classify(
            status: status, type: error?.type, code: error?.code, param: error?.param,
            message: error?.message ?? "HTTP \(status) from OpenAI")
        let hints = RetryHints(headers: headers)
        if let delay = hints.retryAfter { failure.retryAfter = delay }
        if let shouldRetry = hints.shouldRetry { failure.isRetryable = shouldRetry }
        failure.requestID = headers["x-request-id"]
        return failure
    }

    public static func classify(status: Int, type: String?, code: String?, param: String?, message: String) -> ProviderFailure {
        let lowered = message.lowercased()
        let memoryProblem = param == "previous_response_id" || code == "previous_response_not_found"
            || lowered.contains("previous response")
        let kind: ProviderFailure.Kind
        var retryAfter: Duration?
        switch status {
        case 400 where memoryProblem, 404 where memoryProblem:
            kind = .conversationMemoryInvalid
        case 401, 403, 404:
            kind = .invalidConfiguration
        case 408, 409:
            kind = .retryLater
        case 429 where quotaCodes.contains(code ?? "") || type == "insufficient_quota":
            kind = .quotaExhausted
        case 429:
            kind = .rateLimited
            retryAfter = RetryHints.delay(inMessage: message)
        case 500...:
            kind = .retryLater
        default:
            kind = .badRequest
        }
        return ProviderFailure(kind, message: message, status: status, code: code ?? type, retryAfter: retryAfter)
    }

    /// `response.error` of a `response.failed` event, or a bare `error` event (HTTP was 200).
    public static func classifyStreamError(code: String?, message: String) -> ProviderFailure {
        switch code ?? "" {
        case "rate_limit_exceeded":
            return ProviderFailure(.rateLimited, message: message, code: code, retryAfter: RetryHints.delay(inMessage: message))
        case let quota where quotaCodes.contains(quota):
            return ProviderFailure(.quotaExhausted, message: message, code: code)
        case "invalid_prompt", "invalid_image", "invalid_request_error":
            return ProviderFailure(.badRequest, message: message, code: code)
        default:
            // server_error, vector_store_timeout and unknown codes: the next try may work.
            return ProviderFailure(.retryLater, message: message, code: code)
        }
    }
}
