/// How many times a message may be worked on before it ends as a recorded failure (outcome
/// `failed`, reason `attempts_exhausted`, and a dead letter saying why). Attempts are deliveries:
/// the first, each retry after a failure of the message's own, each redelivery after a crash or
/// a rebalance. Retries after an outage are not counted: a database or broker outage must never
/// turn healthy messages into failures.
public struct AttemptBudget: Sendable, Equatable {
    public let maxAttempts: Int

    public init(maxAttempts: Int = 5) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
    }

    /// The ledger counted `attempts` deliveries, this one included: is there none left to spend?
    public func isExhausted(attempts: Int) -> Bool { attempts > maxAttempts }

    /// Failures of the message's own in this worker without any claim getting through (the
    /// claim itself fails for the message's data): give up after as many as the budget allows.
    public func isExhausted(localFailures: Int) -> Bool { localFailures >= maxAttempts }

    /// Whether the next claim spends an attempt, given how the previous try ended (nil: first try).
    public func countsNextClaim(after previous: FailureClass?) -> Bool { previous != .outage }

    /// The ledger's outcome reason and the dead letter's error for an exhausted message.
    public func reason(lastError: String?) -> String {
        "attempts_exhausted: gave up after \(maxAttempts) attempts" + (lastError.map { "; last error: \($0)" } ?? "")
    }
}
