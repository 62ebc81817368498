import Foundation

/// How long a fake waits before it answers a request, drawn per request.
///
/// Benchmarks use it to give the fakes the latency profile of a real provider, e.g.
/// `.logNormal(median: .milliseconds(800), sigma: 0.5)` for a long-tailed LLM.
public enum LatencyDistribution: Sendable, Equatable {
    /// Answer at once.
    case none
    /// Always the same delay.
    case fixed(Duration)
    /// Uniform between the two bounds.
    case uniform(Duration, Duration)
    /// Log-normal around `median`; `sigma` is the standard deviation of the underlying normal.
    case logNormal(median: Duration, sigma: Double)

    /// One delay drawn from the distribution.
    public func sample() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return sample(using: &generator)
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .none:
            return .zero
        case .fixed(let delay):
            return delay
        case .uniform(let low, let high):
            let lowSeconds = low.seconds, highSeconds = max(high.seconds, low.seconds)
            return .seconds(Double.random(in: lowSeconds...highSeconds, using: &generator))
        case .logNormal(let median, let sigma):
            // Box-Muller: one standard normal draw.
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return .seconds(median.seconds * exp(sigma * normal))
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
