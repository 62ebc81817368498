/// A classified provider failure: what the pipeline should do about it, not what went wrong on
/// the wire. The message is the provider's own text or ours; `Bot.makeProvider` scrubs the bot's keys
/// out of it (`SecretScrubbingProvider`), since a gateway in front of a provider may echo them.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A transient failure (5xx, timeout, cut stream): retry later, after `retryAfter` if set.
        case retryLater
        /// The provider throttles us (rate or concurrency limit): retry after `retryAfter`.
        case rateLimited
        /// Quota or billing exhausted: retrying cannot help until someone pays or raises it.
        case quotaExhausted
        /// Wrong key, disabled app, unknown vector store or dataset, misconfigured model.
        case invalidConfiguration
        /// The stored conversation memory is gone or invalid: start a new conversation, retry once.
        case conversationMemoryInvalid
        /// The request itself was rejected; retrying the same request cannot help.
        case badRequest
        /// The provider answered without a usable answer (empty, filtered, incomplete).
        case noAnswer
    }

    public var kind: Kind
    /// The server's suggested delay (`retry-after-ms`, `retry-after`, or a hint in the message).
    public var retryAfter: Duration?
    /// Whether retrying may help; the server can override the kind's default (`x-should-retry`).
    public var isRetryable: Bool
    /// HTTP status, or the status an `error` stream event carried; nil for transport failures.
    public var status: Int?
    /// The provider's error code (`code`, else `type`), e.g. "rate_limit_exceeded".
    public var code: String?
    public var message: String
    /// The provider's request id (`x-request-id`), for support.
    public var requestID: String?

    public init(
        _ kind: Kind, message: String, status: Int? = nil, code: String? = nil,
        retryAfter: Duration? = nil, isRetryable: Bool? = nil, requestID: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.retryAfter = retryAfter
        self.isRetryable = isRetryable ?? kind.isRetryableByDefault
        self.requestID = requestID
    }

    public var description: String {
        var parts = ["\(kind.rawValue)"]
        if let status { parts.append("HTTP \(status)") }
        if let code { parts.append(code) }
        if let retryAfter { parts.append("retry after \(retryAfter)") }
        return parts.joined(separator: ", ") + ": " + message
    }
}

extension ProviderFailure.Kind {
    var isRetryableByDefault: Bool {
        switch self {
        case .retryLater, .rateLimited: return true
        case .quotaExhausted, .invalidConfiguration, .conversationMemoryInvalid, .badRequest, .noAnswer: return false
        }
    }
}
