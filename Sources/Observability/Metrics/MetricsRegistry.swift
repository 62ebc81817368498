import CoreMetrics
import Prometheus

/// One process's metrics: a Prometheus registry behind the swift-metrics API. Code that counts
/// gets `factory`; `/metrics` shows `exposition()`. Each registry is separate (tests run several
/// workers in one process), so nothing is bootstrapped globally.
public final class MetricsRegistry: Sendable {
    public let factory: any MetricsFactory
    private let registry: PrometheusCollectorRegistry

    /// Histogram buckets of every swift-metrics `Timer`, in seconds: from a local knowledge
    /// base's milliseconds to a language model's tens of seconds.
    public static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(60),
    ]

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        // Every metric of the process carries the product's prefix, also those of libraries
        // (Hummingbird's `hb.requests` becomes `aics_hb_requests`; dots become underscores).
        factory.nameAndLabelSanitizer = { name, labels in (name.hasPrefix("aics_") ? name : "aics_" + name, labels) }
        self.registry = registry
        self.factory = factory
    }

    /// Every metric in the Prometheus text format (version 0.0.4).
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}
