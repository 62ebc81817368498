/// Settings of a `KafkaConsumer`. Offsets are never committed or stored automatically: the
/// caller commits explicit offsets with `KafkaConsumer.commit(_:)`.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a partition without a committed offset starts.
    public enum StartPosition: String, Sendable {
        case earliest, latest
    }

    /// Bootstrap servers, `host:port[,host:port...]`.
    public var bootstrapServers: String
    /// The consumer group (`group.id`).
    public var groupID: String
    public var startPosition: StartPosition = .earliest
    /// `session.timeout.ms`; with librdkafka's mock cluster 2500-3000 rebalances fastest.
    public var sessionTimeoutMilliseconds: Int = 10_000
    /// `heartbeat.interval.ms`.
    public var heartbeatIntervalMilliseconds: Int = 1_000
    /// Most messages handed to Swift in one batch; librdkafka's own queue limits bound the rest.
    public var maxBatchSize: Int = 2_000
    /// `client.id` reported to brokers.
    public var clientID: String = "aics"
    /// Any other librdkafka property; these win over the fields above (except the commit settings).
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String, groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    package var nativeProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "group.id": groupID,
            "auto.offset.reset": startPosition.rawValue,
            "session.timeout.ms": String(sessionTimeoutMilliseconds),
            "heartbeat.interval.ms": String(heartbeatIntervalMilliseconds),
            "client.id": clientID,
            "enable.partition.eof": "false",
        ]
        result.merge(properties) { _, override in override }
        result["enable.auto.commit"] = "false"
        result["enable.auto.offset.store"] = "false"
        return result
    }
}
