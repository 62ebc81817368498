/// A token bucket for a bot's request rate: `rate` requests per second on average, bursts of up
/// to `burst`. Pure: time comes in as an argument.
public struct RateBucket: Sendable, Equatable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant?

    public init(rate: Double, burst: Double? = nil) {
        precondition(rate > 0, "rate must be positive")
        self.rate = rate
        self.burst = max(1, burst ?? max(1, rate))
        self.tokens = self.burst
    }

    /// Takes a token if one is there; otherwise returns when the next one will be.
    public mutating func take(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return now + .milliseconds(Int(((1 - tokens) / rate * 1000).rounded(.up)))
    }

    private mutating func refill(now: ContinuousClock.Instant) {
        if let updated {
            let elapsed = Double((now - updated).components.attoseconds) / 1e18 + Double((now - updated).components.seconds)
            tokens = min(burst, tokens + max(0, elapsed) * rate)
        }
        updated = now
    }
}
