/// Settings of a `KafkaProducer`. Idempotence is always on.
public struct KafkaProducerConfiguration: Sendable {
    /// Bootstrap servers, `host:port[,host:port...]`.
    public var bootstrapServers: String
    /// How long librdkafka waits to fill a batch before sending it (`linger.ms`).
    public var lingerMilliseconds: Int = 5
    /// Most messages librdkafka holds unacknowledged before `send` waits (`queue.buffering.max.messages`).
    public var queueMaxMessages: Int = 100_000
    /// How long a message may take from `send` to acknowledgement, retries included (`message.timeout.ms`).
    public var messageTimeoutMilliseconds: Int = 30_000
    /// `client.id` reported to brokers.
    public var clientID: String = "aics"
    /// Any other librdkafka property; these win over the fields above.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    package var nativeProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "enable.idempotence": "true",
            "linger.ms": String(lingerMilliseconds),
            "queue.buffering.max.messages": String(queueMaxMessages),
            "message.timeout.ms": String(messageTimeoutMilliseconds),
            "client.id": clientID,
        ]
        result.merge(properties) { _, override in override }
        result["enable.idempotence"] = "true"
        return result
    }
}
