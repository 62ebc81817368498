/// One measured run of the pipeline benchmark: how many workers, how slow the provider, how much load.
struct ScenarioSpec: Sendable {
    /// Short name used in the JSON and the chart, e.g. "instant" or "scale-3".
    var key: String
    var title: String
    var workers: Int
    /// `--max-in-flight` of every worker.
    var maxInFlight: Int
    /// The fake provider's fixed delay per answer; zero: it answers at once.
    var providerDelay: Duration
    var messages: Int
    var conversations: Int
    /// Offered load in messages per second; nil: everything produced as fast as the producer takes it.
    var offeredRate: Double?
    var partitions: Int
    /// Workers run with `--serial-partitions` (one message in flight per partition).
    var serialPartitions = false

    var providerDelaySeconds: Double {
        let (seconds, attoseconds) = providerDelay.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Little's law: at most `workers × max-in-flight` messages in flight (one per partition in
    /// serial mode), each held for the provider's delay; nil for an instant provider.
    var littleLimit: Double? {
        let inFlight = serialPartitions ? min(partitions, workers * maxInFlight) : workers * maxInFlight
        return providerDelaySeconds > 0 ? Double(inFlight) / providerDelaySeconds : nil
    }
}
