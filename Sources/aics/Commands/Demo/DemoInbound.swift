import Foundation
import Kafka

/// Stage 1 of the demo: customer messages into `cs.inbound` and out through a consumer group.
enum DemoInbound {
    static func produce(_ messages: [InboundMessage], to bootstrapServers: String, printer: DemoPrinter) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        printer.section("The chat platform sends \(messages.count) customer messages to \(DefaultTopics.inbound)")
        do {
            for message in messages {
                let value = try encoder.encode(message)
                try await producer.send(
                    topic: DefaultTopics.inbound,
                    key: Array(message.conversationID.utf8),
                    value: Array(value),
                    headers: [KafkaHeader(name: "content-type", value: "application/json"), KafkaHeader(name: "tenant", value: message.tenantID)]
                )
                printer.sent(message)
            }
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
    }

    static func receive(count: Int, from bootstrapServers: String, printer: DemoPrinter) async throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: "aics-demo")
        configuration.sessionTimeoutMilliseconds = 3000
        configuration.heartbeatIntervalMilliseconds = 100
        let consumer = try KafkaConsumer(configuration: configuration, topics: [DefaultTopics.inbound])
        printer.section("The aics consumer group receives them (joining the group takes a few seconds)")
        let decoder = JSONDecoder()
        var received = 0
        var done: [KafkaTopicPartition: Int64] = [:]
        for await event in consumer.events {
            switch event {
            case .partitionsAssigned(let partitions):
                printer.note("assigned \(partitions.map(\.description).joined(separator: ", "))")
            case .partitionsRevoked(let partitions):
                printer.note("revoked \(partitions.map(\.description).joined(separator: ", "))")
            case .message(let record):
                let message = try? decoder.decode(InboundMessage.self, from: Data(record.value))
                printer.received(record, message)
                done[record.topicPartition] = record.nextOffset
                received += 1
            }
            if received == count { break }
        }
        try await consumer.commit(done)
        printer.note("committed \(done.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }.joined(separator: ", "))")
        await consumer.close()
    }
}
