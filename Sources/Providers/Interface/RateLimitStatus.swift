import HTTP

/// What a provider's rate-limit headers said with an answer (OpenAI's `x-ratelimit-remaining-*`
/// and `x-ratelimit-reset-*`): the worker paces the bot when nothing is left.
public struct RateLimitStatus: Sendable, Equatable {
    public var remainingRequests: Int?
    public var resetRequests: Duration?
    public var remainingTokens: Int?
    public var resetTokens: Duration?

    public init(remainingRequests: Int? = nil, resetRequests: Duration? = nil, remainingTokens: Int? = nil, resetTokens: Duration? = nil) {
        self.remainingRequests = remainingRequests
        self.resetRequests = resetRequests
        self.remainingTokens = remainingTokens
        self.resetTokens = resetTokens
    }

    /// nil when the response carried none of the headers.
    public init?(headers: HTTPHeaders) {
        func integer(_ name: String) -> Int? { headers[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        func duration(_ name: String) -> Duration? { headers[name].flatMap { RetryHints.goDuration($0.trimmingCharacters(in: .whitespaces)) } }
        self.init(
            remainingRequests: integer("x-ratelimit-remaining-requests"), resetRequests: duration("x-ratelimit-reset-requests"),
            remainingTokens: integer("x-ratelimit-remaining-tokens"), resetTokens: duration("x-ratelimit-reset-tokens"))
        if remainingRequests == nil, remainingTokens == nil { return nil }
    }

    /// How long nothing should be sent: no requests (or no tokens) left until the reset. nil: room left.
    public var exhaustedFor: Duration? {
        var wait: Duration?
        if remainingRequests == 0 { wait = resetRequests ?? .seconds(1) }
        if remainingTokens == 0 { wait = max(wait ?? .zero, resetTokens ?? .seconds(1)) }
        return wait
    }
}
