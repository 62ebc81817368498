import Foundation
import Kafka
import Testing

@Suite struct ProducerFaultTests {
    @Test func injectedProduceErrorsLoseNothingAndDuplicateNothing() async throws {
        let cluster = try TestKafka.cluster(partitions: 2)
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        // Transient errors on the first produce requests; librdkafka retries them (idempotently).
        try cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas, .leaderNotAvailable, .requestTimedOut, .notEnoughReplicas])
        let count = 300
        let records = (0..<count).map { KafkaProducerRecord(topic: "t", key: "k\($0 % 4)", value: String($0)) }
        try await producer.send(records)
        try cluster.pushRequestErrors(.produce, [.notEnoughReplicas, .notLeaderForPartition])
        for index in count..<(count + 20) {
            try await producer.send(topic: "t", key: "k\(index % 4)", value: String(index))
        }
        await producer.shutdown()

        let consumer = try TestKafka.consumer(cluster, group: "faults")
        let received = try await TestKafka.withDeadline(60, "consume") {
            var iterator = consumer.events.makeAsyncIterator()
            return await iterator.messages(count + 20)
        }
        await consumer.close()
        let values = received.compactMap { Int($0.valueString ?? "") }
        #expect(values.count == count + 20)
        #expect(Set(values) == Set(0..<(count + 20)), "every record exactly once")
        for key in 0..<4 {
            let ordered = received.filter { $0.keyString == "k\(key)" }.compactMap { Int($0.valueString ?? "") }
            #expect(ordered == ordered.sorted(), "order within key k\(key)")
        }
    }

    @Test func sendWaitsWhileTheBrokerIsDown() async throws {
        let cluster = try TestKafka.cluster(partitions: 1)
        // A generous delivery timeout: the test is about waiting instead of failing, and on a
        // loaded machine librdkafka's reconnect backoff after the outage can take many seconds.
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.lingerMilliseconds = 5
        configuration.messageTimeoutMilliseconds = 150_000
        let producer = try KafkaProducer(configuration: configuration)
        // Whatever happens, the producer is shut down before its cluster goes: a mock cluster
        // destroyed under a live producer that still has records in flight is nothing to test.
        do {
            try await producer.send(topic: "t", key: nil, value: "before")
            try cluster.setBrokerDown(1)
            let sends = Task {
                var deliveries: [KafkaDelivery] = []
                for index in 0..<10 {
                    deliveries.append(try await producer.send(topic: "t", key: nil, value: "during \(index)"))
                }
                return deliveries
            }
            try await Task.sleep(for: .milliseconds(500))
            try cluster.setBrokerUp(1)
            let deliveries = try await TestKafka.withDeadline(180, "sends after broker up") { try await sends.value }
            #expect(deliveries.map(\.offset) == Array(1...10))
        } catch {
            await producer.shutdown()
            await cluster.shutdown()
            throw error
        }
        await producer.shutdown()
        await cluster.shutdown()
    }

    @Test func fullQueueMakesSendWaitInsteadOfFailing() async throws {
        let cluster = try TestKafka.cluster(partitions: 2)
        defer { withExtendedLifetime(cluster) {} }
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.queueMaxMessages = 10
        let producer = try KafkaProducer(configuration: configuration)
        let records = (0..<1000).map { KafkaProducerRecord(topic: "t", key: nil, value: "r\($0)") }
        try await TestKafka.withDeadline(60, "batch through a 10-message queue") { try await producer.send(records) }
        // Many concurrent single sends through the same small queue.
        try await TestKafka.withDeadline(60, "concurrent sends") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask { try await producer.send(topic: "t", key: nil, value: "c\(index)") }
                }
                try await group.waitForAll()
            }
        }
        await producer.shutdown()

        let consumer = try TestKafka.consumer(cluster, group: "queue-full")
        let received = try await TestKafka.withDeadline(60, "consume") {
            var iterator = consumer.events.makeAsyncIterator()
            return await iterator.messages(1200)
        }
        await consumer.close()
        #expect(Set(received.compactMap(\.valueString)).count == 1200)
    }
}
