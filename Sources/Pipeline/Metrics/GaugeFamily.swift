import CoreMetrics
import Synchronization

/// Gauges of one name, one per key (a bot, a partition), set from a snapshot: keys that left the
/// snapshot lose their gauge, so a revoked partition or a forgotten bot stops being reported.
final class GaugeFamily<Key: Hashable & Sendable>: Sendable {
    let label: String
    let factory: any MetricsFactory
    let dimensions: @Sendable (Key) -> [(String, String)]
    private let gauges = Mutex<[Key: Gauge]>([:])

    init(label: String, factory: any MetricsFactory, dimensions: @escaping @Sendable (Key) -> [(String, String)]) {
        self.label = label
        self.factory = factory
        self.dimensions = dimensions
    }

    func update(_ values: [Key: Double]) {
        gauges.withLock { gauges in
            for (key, gauge) in gauges where values[key] == nil {
                gauge.destroy()
                gauges[key] = nil
            }
            for (key, value) in values {
                let gauge = gauges[key] ?? Gauge(label: label, dimensions: dimensions(key), factory: factory)
                gauges[key] = gauge
                gauge.record(value)
            }
        }
    }
}
