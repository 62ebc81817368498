/// A failure a fake Dify produces on demand, as the real service would (see the API reference,
/// part A.2 and A.4).
public enum DifyFailure: Sendable, Equatable {
    /// 429 `too_many_requests`: the app's concurrency ceiling.
    case tooManyRequests
    /// 429 `rate_limit_error`: the upstream model's rate limit.
    case rateLimitError
    /// 400 `provider_quota_exceeded`: the model provider's quota is used up.
    case providerQuotaExceeded
    /// 400 `provider_not_initialize`: no valid model credentials.
    case providerNotInitialize
    /// 400 `app_unavailable`: the app is misconfigured.
    case appUnavailable
    /// 400 `completion_request_error`: the LLM call failed.
    case completionRequestError
    /// 500 `internal_server_error`.
    case internalServerError
    /// 503 from the gateway in front of Dify.
    case serviceUnavailable
    /// 401 `unauthorized`, `Access token is invalid`, whatever key was sent.
    case unauthorized
    /// 403 `forbidden`: the app's API service has been disabled.
    case forbidden
    /// 404 `not_found`, `Conversation Not Exists.` (as if the conversation was deleted).
    case conversationNotExists
    /// 403 `forbidden`: the knowledge API's per-workspace rate limit (Dify Cloud).
    case knowledgeRateLimit
    /// 200 with a body that is not valid JSON.
    case malformedJSON
    /// Never answers until the fake stops; the client's timeout must end the request.
    case hang
    /// Answers normally after this extra delay.
    case delay(Duration)
    /// Streams normally but pauses this long between events.
    case slowStream(Duration)
    /// Closes the connection after this many stream frames, without a terminal event.
    case cutStream(afterEvents: Int)
    /// An `error` event after the first answer chunk (HTTP stays 200); blocking calls get the
    /// same error as a JSON error response.
    case errorEvent(status: Int, code: String, message: String)
    /// Output moderation: a `message_replace` event with this text before `message_end`
    /// (blocking answers carry the replacement).
    case messageReplace(String)
    /// Any other error response.
    case error(status: Int, code: String, message: String)
}

extension DifyFake {
    /// The routes a scripted failure can target.
    public enum Endpoint: Sendable, Hashable {
        case chat, retrieve, dataset, info, parameters
        /// The dataset document routes: create-by-text, update-by-text, list, indexing status, delete.
        case createDocument, updateDocument, listDocuments, indexingStatus, deleteDocument
    }
}
