import Kafka
import Logging
import Postgres
import Synchronization

/// Watches what the pipeline produces, as the chat platform would: the records on
/// cs.suggestions, cs.replies and cs.dead-letter, and (for messages that produce no record)
/// the outcome the ledger in Postgres recorded.
final class DemoObserver: Sendable {
    private struct State {
        var outputs: [String: DemoOutput] = [:]
        /// auto mode: suggestions that went out as replies after the reply timeout, by message id.
        var timeoutReplies: [String: DemoOutput] = [:]
        var deadLetters: [DemoDeadLetter] = []
    }

    private let consumer: KafkaConsumer
    private let state = Mutex(State())

    init(bootstrapServers: String, topics: [String], logger: Logger) throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: "aics-demo-chat-platform")
        configuration.startPosition = .earliest
        configuration.sessionTimeoutMilliseconds = 6000
        configuration.heartbeatIntervalMilliseconds = 500
        // A demo shows each round as soon as it is answered; the default wait is 500 ms per fetch.
        configuration.properties["fetch.wait.max.ms"] = "50"
        consumer = try KafkaConsumer(configuration: configuration, topics: topics, logger: logger)
    }

    /// Reads records until the consumer closes or the task is cancelled.
    func run(deadLetterTopic: String) async {
        while let batch = await consumer.nextBatch() {
            for event in batch {
                guard case .message(let record) = event else { continue }
                if record.topic == deadLetterTopic {
                    let deadLetter = DemoDeadLetter.decode(record.value)
                    state.withLock { $0.deadLetters.append(deadLetter) }
                } else if let output = DemoOutput.decode(record.value), let messageID = output.inReplyTo.first {
                    state.withLock { state in
                        if output.reason == "reply_timeout" { state.timeoutReplies[messageID] = output } else { state.outputs[messageID] = output }
                    }
                }
            }
            if Task.isCancelled { return }
        }
    }

    func close() async {
        await consumer.close()
    }

    /// The suggestion (or reply) seen for a message, if any.
    func output(of messageID: String) -> DemoOutput? { state.withLock { $0.outputs[messageID] } }

    /// The reply_timeout reply seen for a message (auto mode), if any.
    func timeoutReply(of messageID: String) -> DemoOutput? { state.withLock { $0.timeoutReplies[messageID] } }

    /// The records seen on the dead-letter topic, in arrival order.
    var deadLetters: [DemoDeadLetter] { state.withLock { $0.deadLetters } }

    /// The outcome of each message seen so far: its record, else what the ledger says of
    /// messages that produce none.
    func outcomes(of messageIDs: [String], tenantID: String, pool: PostgresPool) async throws -> [String: DemoOutcome] {
        var outcomes: [String: DemoOutcome] = [:]
        let outputs = state.withLock { $0.outputs }
        for id in messageIDs { if let output = outputs[id] { outcomes[id] = .output(output) } }
        let missing = messageIDs.filter { outcomes[$0] == nil }
        guard !missing.isEmpty else { return outcomes }
        let rows = try await pool.query("""
            SELECT message_id, outcome, coalesce(outcome_reason, '') FROM inbound_messages
            WHERE tenant_id = $1 AND message_id = ANY($2::text[]) AND outcome IN ('skip', 'dead_letter')
            """, [tenantID, missing])
        for row in rows {
            let id: String = try row.decode(0)
            let outcome: String = try row.decode(1)
            let reason: String = try row.decode(2)
            outcomes[id] = outcome == "skip" ? .skip(reason: reason) : .deadLetter(reason: reason)
        }
        return outcomes
    }
}
