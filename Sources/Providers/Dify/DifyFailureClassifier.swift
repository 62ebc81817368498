import Foundation
import HTTP

/// Maps Dify's errors (API reference A.2, A.4, A.6) to failure classes.
public enum DifyFailureClassifier {
    /// A non-2xx response: status, the `{"code", "message", "status"}` body and headers.
    public static func classify(status: Int, body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> ProviderFailure {
        let envelope = try? JSONDecoder().decode(DifyErrorBody.self, from: Data(body))
        let hints = RetryHints(headers: headers)
        var failure = classify(status: status, code: envelope?.code, message: envelope?.message ?? "HTTP \(status) from Dify")
        if let delay = hints.retryAfter { failure.retryAfter = delay }
        if let shouldRetry = hints.shouldRetry { failure.isRetryable = shouldRetry }
        return failure
    }

    /// An `error` stream event or an already decoded envelope.
    public static func classify(status: Int, code: String?, message: String) -> ProviderFailure {
        let lowered = message.lowercased()
        let kind: ProviderFailure.Kind
        switch (status, code ?? "") {
        case (400, "provider_quota_exceeded"):
            kind = .quotaExhausted
        case (400, "app_unavailable"), (400, "not_chat_app"), (400, "provider_not_initialize"),
             (400, "model_currently_not_support"):
            kind = .invalidConfiguration
        case (400, "conversation_completed"):
            kind = .conversationMemoryInvalid
        case (400, "invalid_param") where lowered.contains("conversation_id"):
            kind = .conversationMemoryInvalid
        case (400, "completion_request_error"), (400, "dataset_not_initialized"):
            // The model call failed (often an upstream hiccup) or the knowledge base is indexing.
            kind = .retryLater
        case (401, _):
            kind = .invalidConfiguration
        case (403, _) where lowered.contains("rate limit"):
            // Dify Cloud's knowledge API rate limit is a 403, not a 429.
            kind = .rateLimited
        case (403, _):
            kind = .invalidConfiguration
        case (404, _) where lowered.contains("conversation"):
            kind = .conversationMemoryInvalid
        case (404, _):
            kind = .invalidConfiguration
        case (408, _):
            kind = .retryLater
        case (429, _):
            // `too_many_requests` is the app's concurrency ceiling, `rate_limit_error` the
            // upstream model's limit: both pass with time.
            kind = .rateLimited
        case (500..., _):
            kind = .retryLater
        default:
            kind = .badRequest
        }
        return ProviderFailure(kind, message: message, status: status, code: code)
    }
}
