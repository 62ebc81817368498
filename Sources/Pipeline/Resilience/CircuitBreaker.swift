/// A circuit breaker per bot: after `failureThreshold` failures in a row the bot is not asked
/// for `coolDown`; then one trial request decides whether it closes again.
///
/// A value type over plain instants so that it is tested without clocks or sleeps.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        /// One trial request is in flight; others are refused until it reports.
        case halfOpen
    }

    public let failureThreshold: Int
    public let coolDown: Duration
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30)) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
    }

    /// Whether a request may go to the provider now. Moving from open to half-open admits
    /// exactly one trial.
    public mutating func admit(now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        case .halfOpen:
            return false
        }
    }

    /// The half-open trial ended without a verdict (the provider said "wait"): the next request
    /// may be the trial. Nothing changes in other states.
    public mutating func abandonTrial() {
        if case .halfOpen = state { state = .open(until: .now) }
    }

    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// Records a failure that counts against the provider (not bad input from a customer).
    public mutating func recordFailure(now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures) where failures + 1 < failureThreshold:
            state = .closed(consecutiveFailures: failures + 1)
        case .closed, .halfOpen:
            state = .open(until: now + coolDown)
        case .open:
            break
        }
    }

    public var isOpen: Bool {
        if case .closed = state { return false }
        return true
    }
}
