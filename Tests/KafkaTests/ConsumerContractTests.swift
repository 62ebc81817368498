import Foundation
import Kafka
import Synchronization
import Testing

@Suite struct ConsumerContractTests {
    /// librdkafka completes a revocation only after the reader has seen the event and asked for more,
    /// so the reader can still commit in the revoked partitions.
    @Test func revocationWaitsForTheReader() async throws {
        let cluster = try TestKafka.cluster(partitions: 4)
        defer { withExtendedLifetime(cluster) {} }
        let all = Set((0..<4).map { KafkaTopicPartition(topic: "t", partition: $0) })
        let first = try TestKafka.consumer(cluster, group: "contract")
        let owns = AssignmentWatch()
        let revocation = RevocationProbe()
        let (release, releaser) = AsyncStream<Void>.makeStream()
        // The first member's reader stops at the first revocation until the test releases it.
        let firstReader = Task {
            var releases = release.makeAsyncIterator()
            for await event in first.events {
                owns.apply(event)
                if case .partitionsRevoked(let partitions) = event, revocation.record(partitions) {
                    _ = await releases.next()
                }
            }
        }
        try await TestKafka.withDeadline(60, "first member owns the topic") {
            while owns.owned != all { try await Task.sleep(for: .milliseconds(20)) }
        }

        // A second member joins: the first is told its partitions are being revoked.
        let second = try TestKafka.consumer(cluster, group: "contract")
        let secondReader = Task { for await _ in second.events {} }
        let revoked = try await TestKafka.withDeadline(60, "revocation event") {
            while revocation.partitions.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            return revocation.partitions
        }
        #expect(!revoked.isEmpty)
        // While the reader holds the event, the revocation is not completed: still assigned.
        try await Task.sleep(for: .milliseconds(500))
        #expect(Set(try first.assignment()).isSuperset(of: revoked))

        // Once the reader asks for the next event, librdkafka completes it.
        releaser.yield()
        try await TestKafka.withDeadline(60, "revocation completes") {
            while Set(try first.assignment()).isSuperset(of: revoked) { try await Task.sleep(for: .milliseconds(20)) }
        }
        await first.close()
        await second.close()
        releaser.finish()
        await firstReader.value
        await secondReader.value
    }

    @Test func cancellingTheReaderEndsTheEvents() async throws {
        let cluster = try TestKafka.cluster(partitions: 1)
        defer { withExtendedLifetime(cluster) {} }
        let consumer = try TestKafka.consumer(cluster, group: "cancel")
        let reader = Task {
            var count = 0
            for await _ in consumer.events { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(200))
        reader.cancel()
        _ = try await TestKafka.withDeadline(30, "events end on cancellation") { await reader.value }
        await consumer.close()
    }
}

/// The first revocation a reader saw.
final class RevocationProbe: Sendable {
    private let state = Mutex<[KafkaTopicPartition]>([])

    /// Records `partitions` if nothing was recorded yet; true if this was the first.
    func record(_ partitions: [KafkaTopicPartition]) -> Bool {
        state.withLock { recorded in
            guard recorded.isEmpty else { return false }
            recorded = partitions
            return true
        }
    }

    var partitions: [KafkaTopicPartition] { state.withLock { $0 } }
}
