/// How a long-running job (a knowledge sync) retries one provider request: rate limits and
/// transient failures are waited out, at most `maxAttempts` tries per request; everything else
/// fails at once.
public struct SyncRetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    /// Backoff without a server hint: base × 2^(attempt-1), capped at `maxDelay`.
    public var baseDelay: Duration
    /// The longest single wait, whatever the server asks (a bigger ask fails the request instead).
    public var maxDelay: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before try `attempt + 1` after `failure`; nil: give up.
    public func delay(after failure: ProviderFailure, attempt: Int) -> Duration? {
        guard failure.isRetryable, attempt < maxAttempts else { return nil }
        if let hinted = failure.retryAfter { return hinted <= maxDelay ? hinted : nil }
        var wait = baseDelay
        for _ in 1..<attempt where wait < maxDelay { wait *= 2 }
        return min(wait, maxDelay)
    }
}
