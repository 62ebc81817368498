/// Durations as plain numbers: the one home of these conversions for everything above Catalog
/// (the stores' `*_ms` columns, JSON and tables, history latencies, benchmarks).
extension Duration {
    /// Whole milliseconds, rounded down (`*_ms` columns and JSON members).
    public var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// Seconds as a floating-point number (rates, `Date` arithmetic).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
