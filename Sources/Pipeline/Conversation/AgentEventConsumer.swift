import Conversations
import Kafka
import Logging
import ServiceLifecycle

/// Reads `cs.agent-events` in its own consumer group (so that the inbound group's assignment
/// never depends on it) and applies each event; events of one conversation (or one agent's
/// presence, by record key) in order, others at once. A batch's offsets are committed once all
/// of its events are applied. Records aics cannot accept go to the dead-letter topic; an event
/// that keeps failing for a reason of its own ends there after its attempts; outages of Postgres
/// are waited out.
public final class AgentEventConsumer: Service, Sendable {
    let consumer: KafkaConsumer
    let decoder: AgentEventDecoder
    let handler: AgentEventHandler
    /// Sends dead letters (the same records and topic as cs.inbound's).
    let messages: MessageHandler
    let maxAttempts: Int
    let logger: Logger

    public init(
        consumer: KafkaConsumer, handler: AgentEventHandler, messages: MessageHandler, maxRecordBytes: Int, maxAttempts: Int, logger: Logger
    ) {
        self.consumer = consumer
        self.decoder = AgentEventDecoder(schemas: TopicSchemas(), maxBytes: maxRecordBytes)
        self.handler = handler
        self.messages = messages
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let consumer = self.consumer
            guard let batch = await cancelWhenGracefulShutdown({ await consumer.nextBatch() }) else { break }
            var records: [KafkaMessage] = []
            for case .message(let record) in batch { records.append(record) }
            guard !records.isEmpty else { continue }
            guard await apply(records) else { break }
            var positions: [KafkaTopicPartition: Int64] = [:]
            for record in records { positions[record.topicPartition] = max(positions[record.topicPartition] ?? 0, record.offset + 1) }
            do {
                try await consumer.commit(positions)
            } catch {
                // The events are applied; a redelivery applies them again, which changes nothing.
                logger.warning("agent events: commit failed", metadata: ["error": "\(error)"])
            }
        }
        await consumer.close()
    }

    /// Applies the records, in order per key; false when stopped before all were done.
    private func apply(_ records: [KafkaMessage]) async -> Bool {
        var order: [String] = []
        var byKey: [String: [KafkaMessage]] = [:]
        for record in records {
            let key = record.key.map { String(decoding: $0, as: UTF8.self) } ?? "\u{1}\(record.partition)"
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(record)
        }
        return await withTaskGroup(of: Bool.self) { group in
            for key in order {
                let chain = byKey[key]!
                group.addTask {
                    for record in chain where !(await self.process(record)) { return false }
                    return true
                }
            }
            var all = true
            for await done in group { all = all && done }
            return all
        }
    }

    /// One record to its end: applied, or a dead letter. False when the worker stops first.
    private func process(_ record: KafkaMessage) async -> Bool {
        var backoff: Duration = .milliseconds(200)
        var ownFailures = 0
        var lastError = ""
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                switch decoder.decode(record.value) {
                case .failure(let rejection):
                    handler.metrics.agentEvent("invalid")
                    try await messages.deadLetter(record, rejection)
                case .success(let event) where ownFailures >= maxAttempts:
                    try await messages.deadLetter(record, InboundRejection(.attemptsExhausted, "\(event.typeName): \(lastError)"))
                case .success(let event):
                    if let rejection = try await handler.handle(event) {
                        handler.metrics.agentEvent("invalid")
                        try await messages.deadLetter(record, rejection)
                    }
                }
                return true
            } catch {
                if FailureClass.of(error) == .ownFault { ownFailures += 1 }
                lastError = String(utf8Prefix: "\(error)".storable, maxBytes: 1000)
                logger.error("agent event failed; retrying", metadata: [
                    "partition": "\(record.partition)", "offset": "\(record.offset)", "error": "\(error)",
                ])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
            }
        }
        return false
    }
}
