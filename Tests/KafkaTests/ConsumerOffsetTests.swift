import Foundation
import Kafka
import Synchronization
import Testing

@Suite struct ConsumerOffsetTests {
    @Test func explicitCommitsSurviveARestart() async throws {
        let cluster = try TestKafka.cluster(partitions: 1)
        defer { withExtendedLifetime(cluster) {} }
        let producer = try TestKafka.producer(cluster)
        try await producer.send((0..<10).map { KafkaProducerRecord(topic: "t", key: nil, value: "m\($0)") })
        await producer.shutdown()

        let first = try TestKafka.consumer(cluster, group: "restart")
        let firstRead = try await TestKafka.withDeadline(60, "first consumer") {
            var iterator = first.events.makeAsyncIterator()
            return await iterator.messages(10)
        }
        #expect(firstRead.map(\.offset) == Array(0..<10))
        // Messages 0...5 are done; 6...9 were read but not finished.
        try await first.commit([KafkaTopicPartition(topic: "t", partition: 0): firstRead[5].nextOffset])
        await first.close()

        let second = try TestKafka.consumer(cluster, group: "restart")
        let secondRead = try await TestKafka.withDeadline(60, "second consumer") {
            var iterator = second.events.makeAsyncIterator()
            return await iterator.messages(4)
        }
        await second.close()
        #expect(secondRead.map(\.offset) == [6, 7, 8, 9])
        #expect(secondRead.map { $0.valueString ?? "" } == ["m6", "m7", "m8", "m9"])
    }

    @Test func pausedPartitionDeliversNothingUntilResumed() async throws {
        let cluster = try EmbeddedKafkaCluster()
        defer { withExtendedLifetime(cluster) {} }
        try cluster.createTopic("a", partitions: 1)
        try cluster.createTopic("b", partitions: 1)
        let consumer = try TestKafka.consumer(cluster, group: "pause", topics: ["a", "b"])
        let paused = KafkaTopicPartition(topic: "a", partition: 0)
        let (fromB, fromA) = try await TestKafka.withDeadline(90, "pause and resume") {
            var iterator = consumer.events.makeAsyncIterator()
            var assigned: Set<KafkaTopicPartition> = []
            while assigned.count < 2, let event = await iterator.next() {
                if case .partitionsAssigned(let partitions) = event { assigned.formUnion(partitions) }
            }
            try consumer.pause([paused])
            let producer = try TestKafka.producer(cluster)
            try await producer.send((0..<5).map { KafkaProducerRecord(topic: "a", key: nil, value: "a\($0)") })
            try await producer.send((0..<5).map { KafkaProducerRecord(topic: "b", key: nil, value: "b\($0)") })
            await producer.shutdown()
            let whilePaused = await iterator.messages(5)
            try consumer.resume([paused])
            let afterResume = await iterator.messages(5)
            return (whilePaused, afterResume)
        }
        await consumer.close()
        #expect(fromB.map(\.topic) == Array(repeating: "b", count: 5))
        #expect(fromA.map { $0.valueString ?? "" } == ["a0", "a1", "a2", "a3", "a4"])
    }

    @Test func closeLeavesTheGroupAndEndsTheEvents() async throws {
        let cluster = try TestKafka.cluster(partitions: 4)
        defer { withExtendedLifetime(cluster) {} }
        let first = try TestKafka.consumer(cluster, group: "close")
        let second = try TestKafka.consumer(cluster, group: "close")
        let all = Set((0..<4).map { KafkaTopicPartition(topic: "t", partition: $0) })
        let firstOwns = AssignmentWatch()
        let secondOwns = AssignmentWatch()
        // Each member keeps reading, as a real one does, and tracks what it owns.
        let firstReader = Task { for await event in first.events { firstOwns.apply(event) } }
        let secondReader = Task { for await event in second.events { secondOwns.apply(event) } }

        // Both members hold part of the topic.
        try await TestKafka.withDeadline(90, "two members share the topic") {
            while !(firstOwns.count > 0 && secondOwns.count > 0 && firstOwns.owned.union(secondOwns.owned) == all) {
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        let started = ContinuousClock.now
        await first.close()
        // The events of a closed consumer end.
        try await TestKafka.withDeadline(30, "events end after close") { await firstReader.value }
        // The survivor gets every partition without waiting for the session timeout of a silent member.
        try await TestKafka.withDeadline(90, "survivor owns all partitions") {
            while secondOwns.owned != all { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(secondOwns.owned == all)
        print("close: survivor owned all partitions after \(ContinuousClock.now - started)")
        await second.close()
        try await TestKafka.withDeadline(30, "events end after close") { await secondReader.value }
    }
}

/// The partitions a consumer owns, as its rebalance events say.
final class AssignmentWatch: Sendable {
    private let state = Mutex<Set<KafkaTopicPartition>>([])

    func apply(_ event: KafkaConsumerEvent) {
        state.withLock { owned in
            switch event {
            case .partitionsAssigned(let partitions): owned.formUnion(partitions)
            case .partitionsRevoked(let partitions): owned.subtract(partitions)
            case .message: break
            }
        }
    }

    var owned: Set<KafkaTopicPartition> { state.withLock { $0 } }
    var count: Int { owned.count }
}

extension KafkaConsumerEvent: Equatable {
    public static func == (lhs: KafkaConsumerEvent, rhs: KafkaConsumerEvent) -> Bool {
        switch (lhs, rhs) {
        case (.partitionsAssigned(let a), .partitionsAssigned(let b)), (.partitionsRevoked(let a), .partitionsRevoked(let b)): a == b
        case (.message(let a), .message(let b)): a.topicPartition == b.topicPartition && a.offset == b.offset
        default: false
        }
    }
}
