import Kafka

/// Reads topics from the start in a group of its own and hands every batch of records, with its
/// arrival time (seconds since the run's epoch), to `handle`. Shared by the benchmark's and the
/// chaos run's output collectors.
final class TopicReader: Sendable {
    private let consumer: KafkaConsumer

    init(bootstrapServers: String, topics: [String], groupID: String, clientID: String) throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: groupID)
        configuration.clientID = clientID
        configuration.sessionTimeoutMilliseconds = 6000
        configuration.heartbeatIntervalMilliseconds = 500
        configuration.maxBatchSize = 2000
        configuration.properties["fetch.wait.max.ms"] = "10"
        consumer = try KafkaConsumer(configuration: configuration, topics: topics)
    }

    /// Reads until cancelled or the consumer closes.
    func run(clock: @Sendable () -> Double, handle: ([KafkaMessage], Double) -> Void) async {
        while !Task.isCancelled, let batch = await consumer.nextBatch() {
            let now = clock()
            let messages = batch.compactMap { event -> KafkaMessage? in
                guard case .message(let message) = event else { return nil }
                return message
            }
            if !messages.isEmpty { handle(messages, now) }
        }
    }

    func close() async { await consumer.close() }
}
