/// How a `Worker` takes and finishes messages.
public struct WorkerConfiguration: Sendable {
    public var topics = WorkerTopics()
    /// Most messages held at once (running and waiting behind their conversation); at this
    /// load the worker pauses its partitions until the load falls to three quarters.
    public var maxInFlight = 4000
    /// On graceful shutdown, how long in-flight messages may take before they are abandoned
    /// (and redelivered to another worker).
    public var shutdownTimeout: Duration = .seconds(20)
    /// On a rebalance, how long running messages of revoked partitions may take to finish.
    public var revokeTimeout: Duration = .seconds(5)
    /// How often finished positions are committed.
    public var commitInterval: Duration = .milliseconds(200)
    /// Records larger than this go to the dead-letter topic.
    public var maxRecordBytes = 64 * 1024

    public init() {}
}
