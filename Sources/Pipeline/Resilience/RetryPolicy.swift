/// Exponential backoff with full jitter, capped, that defers to the provider's own hint
/// (`retry-after`, `retry-after-ms`) when it gives one.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10)) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or nil
    /// when no attempt is left. `hint` is the server's suggested delay; `random` in 0..<1.
    public func delay(afterAttempt attempt: Int, hint: Duration? = nil, random: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let hint { return min(max(hint, .zero), maxDelay) }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let ceiling = min(exponential, maxDelay)
        // Full jitter: anywhere in [ceiling/2, ceiling) spreads retries of many conversations apart.
        return ceiling / 2 + ceiling / 2 * random
    }
}
