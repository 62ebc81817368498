/// The figures of one run, as printed in the table and written to the JSON file.
struct ScenarioResult: Sendable, Codable {
    var key: String
    var title: String
    var workers: Int
    var maxInFlight: Int
    var providerDelayMilliseconds: Double
    var messages: Int
    var conversations: Int
    var partitions: Int
    var offeredRate: Double?

    /// Messages per second between the 10th and the 90th percentile of output arrivals.
    var throughput: Double
    /// From the first produced record to the last output.
    var elapsedSeconds: Double
    var littleLimit: Double?
    /// throughput / littleLimit.
    var littleShare: Double?
    /// Output arrival minus inbound produce time, in milliseconds.
    var endToEndMilliseconds: Percentiles
    /// End to end minus the provider's fixed delay, in milliseconds.
    var overheadMilliseconds: Percentiles
    /// Worker CPU (utime + stime) per 1,000 messages over the steady window, per worker process, in seconds.
    var cpuSecondsPerThousand: [Double]
    /// All workers' CPU per message, in microseconds.
    var cpuMicrosecondsPerMessage: Double
    /// VmHWM per worker process, in MiB.
    var peakResidentMiB: [Double]
    /// Where the whole machine's CPU went over the same window as the throughput; nil when
    /// /proc/stat could not be sampled.
    var cpuShare: CPUShare?

    var checks: Checks
    var timeline: [TimelinePoint]

    struct Checks: Sendable, Codable {
        var withoutOutput: Int
        var withoutLedgerOutcome: Int
        var conflictingAnswers: Int
        var orderViolations: Int
        var duplicateOutputs: Int
        var unreadableOutputs: Int
        var outputKinds: [String: Int]
        var workerExitStatuses: [Int32?]
        /// Readable descriptions of every failed check; empty when the run passed.
        var failures: [String]
    }

    /// One second of the run (by output arrival).
    struct TimelinePoint: Sendable, Codable {
        var second: Int
        var throughput: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
    }

    var passed: Bool { checks.failures.isEmpty }
}
