/// Percentiles of a sample by the nearest-rank method.
struct Percentiles: Sendable, Codable, Equatable {
    var count: Int
    var p50: Double
    var p95: Double
    var p99: Double
    var max: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        p50 = Self.rank(sorted, 0.50)
        p95 = Self.rank(sorted, 0.95)
        p99 = Self.rank(sorted, 0.99)
        max = sorted.last ?? 0
    }

    /// The smallest value with at least `fraction` of the sample at or below it; 0 when empty.
    static func rank(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
    }
}
