/// A failure a fake OpenAI produces on demand, as the real API would (API reference, B.4 and B.7).
public enum OpenAIFailure: Sendable, Equatable {
    /// 429 `rate_limit_exceeded` (type `requests`) with `retry-after-ms` and `retry-after`.
    case rateLimited(retryAfter: Duration)
    /// 429 `insufficient_quota` with `x-should-retry: false`: retrying cannot help.
    case insufficientQuota
    /// 500 `server_error`.
    case serverError
    /// 503 overloaded, with `retry-after`.
    case overloaded
    /// 401 `invalid_api_key`, whatever key was sent.
    case unauthorized
    /// 400 on `previous_response_id`, as if the stored response had expired.
    case previousResponseNotFound
    /// 200 with a body that is not valid JSON.
    case malformedJSON
    /// Never answers until the fake stops.
    case hang
    /// Answers normally after this extra delay.
    case delay(Duration)
    /// Streams normally but pauses this long between events.
    case slowStream(Duration)
    /// Closes the connection after this many stream events, without a terminal event.
    case cutStream(afterEvents: Int)
    /// `response.failed` after the first text delta (blocking: a 500 `server_error`).
    case responseFailed
    /// A bare `error` event after the first text delta (blocking: a 500 `server_error`).
    case errorEvent
    /// The response ends `incomplete` (reason `max_output_tokens`), streaming or blocking.
    case incomplete
    /// Any other error response.
    case error(status: Int, type: String, code: String?, message: String, param: String?)
}

extension OpenAIFake {
    /// The routes a scripted failure can target.
    public enum Endpoint: Sendable, Hashable {
        case responses, vectorStore, vectorStoreSearch
        /// Files and vector store files: upload, delete, attach, read (poll), list, detach.
        case uploadFile, deleteFile, attachFile, vectorStoreFile, listVectorStoreFiles, detachFile
    }
}
