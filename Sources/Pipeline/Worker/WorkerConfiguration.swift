/// How a `Worker` takes and finishes messages.
public struct WorkerConfiguration: Sendable {
    public var topics = WorkerTopics()
    /// Most messages worked on at once. Up to as many again wait in memory (read ahead, or
    /// behind their conversation): the worker pauses its partitions at twice this load and
    /// resumes at one and a half.
    public var maxInFlight = 4000
    /// On graceful shutdown, how long in-flight messages may take before they are abandoned
    /// (and redelivered to another worker).
    public var shutdownTimeout: Duration = .seconds(20)
    /// On a rebalance, how long running messages of revoked partitions may take to finish.
    public var revokeTimeout: Duration = .seconds(5)
    /// How often finished positions are committed.
    public var commitInterval: Duration = .milliseconds(200)
    /// One message at a time per partition instead of per conversation: what a plain consumer
    /// loop does. Only for comparison (the baseline of `aics bench`); never faster.
    public var serialPartitions = false
    /// Records larger than this go to the dead-letter topic.
    public var maxRecordBytes = 64 * 1024
    /// Deliveries a message may take before it ends as a recorded failure (`AttemptBudget`).
    public var maxAttempts = 5
    /// Messages that may wait for a slot of their bot (and behind such a message in their
    /// conversation) while intake goes on for other bots; each costs a queue entry and, for the
    /// conversation's head, a suspended task. Beyond this they count against intake.
    public var maxWaitingForBots = 10_000
    /// The consumer group of `cs.agent-events` (each worker reads a share of it); nil: the inbound
    /// group's name plus ".agent-events".
    public var agentEventsGroup: String?
    /// A provider's memory of a conversation (Dify conversation, OpenAI response chain) unused
    /// this long is not handed back: the next question starts afresh. nil: kept for ever.
    public var memoryIdle: Duration? = .seconds(24 * 3600)
    /// How often each worker looks for due reply timers (auto mode).
    public var timerPollInterval: Duration = .milliseconds(100)

    public init() {}
}
