/// A bot's concurrency limit, learned from its answers (AIMD, as TCP and Netflix's
/// concurrency-limits do): one more slot per limit's worth of answers that came back, a cut by a
/// factor on a concurrency 429 (at most once per generation of requests: the 429s of requests
/// sent before the last cut say nothing new), and a jump straight to the cap a provider states
/// ("The current maximum concurrent requests allowed is 10"). Never above the bot's configured
/// ceiling, never below one.
public struct AdaptiveLimit: Sendable, Equatable {
    public let ceiling: Int
    public private(set) var value: Double
    /// Requests started since the last cut carry a generation above it.
    public private(set) var generation = 0
    let decreaseFactor: Double

    public init(ceiling: Int, initial: Int? = nil, decreaseFactor: Double = 0.7) {
        self.ceiling = max(1, ceiling)
        self.value = Double(min(max(1, initial ?? ceiling), max(1, ceiling)))
        self.decreaseFactor = decreaseFactor
    }

    /// Slots a bot may use now.
    public var current: Int { max(1, Int(value)) }

    /// An answer came back (or a failure that is not about load).
    public mutating func recordSuccess() {
        value = min(Double(ceiling), value + 1 / value)
    }

    /// A concurrency 429 for a request of `requestGeneration`. `statedCap`: the cap the provider
    /// named, if it did. Returns true when the limit changed.
    @discardableResult
    public mutating func recordOverload(requestGeneration: Int, statedCap: Int?) -> Bool {
        if let statedCap, statedCap >= 1 {
            let target = Double(min(statedCap, ceiling))
            guard value > target else { return false }
            value = target
            generation += 1
            return true
        }
        guard requestGeneration >= generation else { return false }
        value = max(1, value * decreaseFactor)
        generation += 1
        return true
    }
}
