import Foundation
import Kafka
import Testing

@Suite struct RoundTripTests {
    @Test func recordsArriveWithKeysHeadersAndPerKeyOrder() async throws {
        let cluster = try TestKafka.cluster()
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        var sent: [(key: String, value: String)] = []
        for index in 0..<30 {
            let key = "conversation-\(index % 5)"
            let value = "消息 \(index) / message \(index)"
            let delivery = try await producer.send(
                topic: "t", key: key, value: value,
                headers: [KafkaHeader(name: "tenant", value: "acme"), KafkaHeader(name: "seq", value: String(index))]
            )
            #expect(delivery.offset >= 0)
            sent.append((key, value))
        }
        await producer.shutdown()

        let consumer = try TestKafka.consumer(cluster, group: "round-trip")
        let received = try await TestKafka.withDeadline(60, "consume 30") {
            var iterator = consumer.events.makeAsyncIterator()
            return await iterator.messages(30)
        }
        await consumer.close()

        #expect(received.count == 30)
        for message in received {
            #expect(message.topic == "t")
            #expect(message.header("tenant") == Array("acme".utf8))
            #expect(message.timestamp != nil)
        }
        // Per key, the values come in the order they were sent.
        for key in Set(sent.map(\.key)) {
            let expected = sent.filter { $0.key == key }.map(\.value)
            let actual = received.filter { $0.keyString == key }.map { $0.valueString ?? "" }
            #expect(actual == expected, "order of \(key)")
        }
    }

    @Test func batchSendDeliversEveryRecord() async throws {
        let cluster = try TestKafka.cluster()
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        let records = (0..<2000).map { KafkaProducerRecord(topic: "t", key: "k\($0 % 17)", value: "v\($0)") }
        try await producer.send(records)
        await producer.shutdown()

        let consumer = try TestKafka.consumer(cluster, group: "batch")
        let received = try await TestKafka.withDeadline(60, "consume 2000") {
            var iterator = consumer.events.makeAsyncIterator()
            return await iterator.messages(2000)
        }
        await consumer.close()
        #expect(Set(received.compactMap(\.valueString)) == Set((0..<2000).map { "v\($0)" }))
    }

    @Test func sendAfterShutdownThrowsTypedError() async throws {
        let cluster = try TestKafka.cluster()
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        await producer.shutdown()
        await #expect(throws: KafkaError.self) {
            try await producer.send(topic: "t", key: nil, value: "late")
        }
    }
}
