import Foundation
import Kafka

/// The chat platform's side of `cs.inbound`: customer messages as JSON, keyed by conversation id.
struct DemoInbound {
    let producer: KafkaProducer
    let topic: String

    init(bootstrapServers: String, topic: String) throws {
        producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers))
        self.topic = topic
    }

    /// Sends the messages and waits for the broker's acknowledgements.
    func send(_ messages: [ChatMessage]) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for message in messages {
            try await producer.send(
                topic: topic,
                key: Array(message.conversationID.utf8),
                value: Array(try encoder.encode(message)),
                headers: [KafkaHeader(name: "content-type", value: "application/json")])
        }
    }

    /// Sends values as they are (for example broken ones) under one key, to `topic` (default: cs.inbound).
    func sendRaw(_ values: [String], key: String, topic: String? = nil) async throws {
        for value in values {
            try await producer.send(topic: topic ?? self.topic, key: Array(key.utf8), value: Array(value.utf8))
        }
    }

    func shutdown() async {
        await producer.shutdown()
    }
}
