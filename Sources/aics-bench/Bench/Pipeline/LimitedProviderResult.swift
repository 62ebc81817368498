/// The figures of the limited-provider scenario, as printed and written to the JSON file.
struct LimitedProviderResult: Sendable, Codable {
    var key: String
    var title: String
    var workers: Int
    var maxInFlight: Int
    var partitions: Int

    /// The capped fake's concurrency cap, its answer delay and what they allow (cap / delay).
    var cap: Int
    var cappedDelayMilliseconds: Double
    var capThroughput: Double
    var cappedMessages: Int
    var cappedConversations: Int
    /// The capped bot's `max_concurrency` (nil: the worker's --max-in-flight); the worker learns the cap within it.
    var cappedBotMaxConcurrency: Int?
    /// The capped bot's answers per second between the 10th and 90th percentile of its answers' arrivals.
    var cappedThroughput: Double
    /// cappedThroughput / capThroughput.
    var cappedShareOfCap: Double
    /// All capped messages over the time from the first one produced to the last answer.
    var cappedOverallThroughput: Double
    var cappedElapsedSeconds: Double
    /// Produce to answer of the capped messages (they wait in the bot's queue).
    var cappedEndToEndMilliseconds: Percentiles

    var otherDelayMilliseconds: Double
    var otherRate: Double
    var otherMessagesPerPhase: Int
    /// Produce to answer of the other tenant's messages, alone (phase 1) and beside the capped backlog (phase 2).
    var otherAloneMilliseconds: Percentiles
    var otherBesideMilliseconds: Percentiles
    /// otherBeside.p99 / otherAlone.p99; nil without answers.
    var otherP99Ratio: Double?

    /// 429 `too_many_requests` the capped fake answered during phase 2, and all run long.
    var tooManyRequests: Int
    var tooManyRequestsTotal: Int
    /// The most requests the capped fake had in progress at once.
    var maxObservedActive: Int
    /// What the worker(s) reported for the capped bot in bot_admission_stats during phase 2, about once a second.
    var admission: [AdmissionSample]
    /// Where the machine's CPU went in each phase.
    var cpuShareAlone: CPUShare?
    var cpuShareBeside: CPUShare?

    var checks: ScenarioResult.Checks
    /// Issue 15's targets; empty in a smoke run.
    var targets: [BenchReport.Target]

    /// The capped bot's load as `aics bot list` shows it, summed over workers.
    struct AdmissionSample: Sendable, Codable, Equatable {
        /// Seconds since phase 2 began.
        var second: Double
        var limit: Int
        var inFlight: Int
        var queued: Int
        var waitP95Milliseconds: Int
    }

    var passed: Bool { checks.failures.isEmpty }
}
