import Foundation
import Kafka
import Synchronization
import Testing

/// Records which consumer processed which (partition, offset), as the pipeline would.
final class RebalanceLedger: Sendable {
    private let revocationCounts = Mutex<[String: Int]>([:])

    func revoked(by consumer: String) { revocationCounts.withLock { $0[consumer, default: 0] += 1 } }
    func revocations(of consumer: String) -> Int { revocationCounts.withLock { $0[consumer] ?? 0 } }

    private let processed = Mutex<[KafkaTopicPartition: [Int64: Int]]>([:])
    /// Per partition, the highest offset a successful commit stored, and reprocessed offsets below it.
    private let commits = Mutex<(committed: [KafkaTopicPartition: Int64], violations: [String])>(([:], []))

    func committed(_ offsets: [KafkaTopicPartition: Int64]) {
        commits.withLock { state in
            for (partition, offset) in offsets { state.committed[partition] = max(state.committed[partition] ?? 0, offset) }
        }
    }

    /// Messages processed again although a commit already covered them.
    var violations: [String] { commits.withLock { $0.violations } }
    private let counts = Mutex<(total: Int, byConsumer: [String: Int])>((0, [:]))

    func record(_ message: KafkaMessage, by consumer: String) {
        let times = processed.withLock { map in
            map[message.topicPartition, default: [:]][message.offset, default: 0] += 1
            return map[message.topicPartition]![message.offset]!
        }
        if times > 1 {
            commits.withLock { state in
                if message.offset < state.committed[message.topicPartition] ?? 0 {
                    state.violations.append("\(message.topicPartition)@\(message.offset) by \(consumer)")
                }
            }
        }
        counts.withLock {
            $0.total += 1
            $0.byConsumer[consumer, default: 0] += 1
        }
    }

    var total: Int { counts.withLock { $0.total } }
    var byConsumer: [String: Int] { counts.withLock { $0.byConsumer } }
    var distinct: Int { processed.withLock { $0.values.reduce(0) { $0 + $1.count } } }
    var duplicates: Int { processed.withLock { $0.values.reduce(0) { $0 + $1.values.filter { $0 > 1 }.count } } }
}

@Suite struct RebalanceTests {
    @Test func secondMemberTakesPartitionsWithoutLossOrReprocessing() async throws {
        let cluster = try TestKafka.cluster(partitions: 4)
        defer { withExtendedLifetime(cluster) {} }
        let total = 1200
        let ledger = RebalanceLedger()

        let producer = try TestKafka.producer(cluster)
        let producing = Task {
            for index in 0..<total {
                try await producer.send(topic: "t", key: "conversation-\(index % 50)", value: String(index))
                if index % 100 == 99 { try await Task.sleep(for: .milliseconds(300)) }
            }
        }

        @Sendable func work(_ name: String, _ consumer: KafkaConsumer, _ ledger: RebalanceLedger) async throws {
            var done: [KafkaTopicPartition: Int64] = [:]
            var sinceCommit = 0
            for await event in consumer.events {
                switch event {
                case .message(let message):
                    ledger.record(message, by: name)
                    done[message.topicPartition] = message.nextOffset
                    sinceCommit += 1
                    if sinceCommit >= 25 {
                        do {
                            try await consumer.commit(done)
                            ledger.committed(done)
                        } catch {
                            print("periodic commit by \(name) failed: \(error)")
                        }
                        sinceCommit = 0
                    }
                case .partitionsRevoked(let partitions):
                    // Commit what is done in the revoked partitions before the revoke completes.
                    // librdkafka's mock refuses commits while the group rebalances (a real broker
                    // accepts them); then the new owner may see these messages again, which the
                    // ledger allows only above the last successful commit.
                    let revoked = done.filter { partitions.contains($0.key) }
                    do {
                        try await consumer.commit(revoked)
                        ledger.committed(revoked)
                    } catch {
                        print("revoke commit by \(name) failed: \(error)")
                    }
                    for partition in partitions { done[partition] = nil }
                    ledger.revoked(by: name)
                case .partitionsAssigned:
                    break
                }
            }
        }

        let first = try TestKafka.consumer(cluster, group: "rebalance", maxBatchSize: 20)
        let firstWork = Task { try await work("first", first, ledger) }
        try await TestKafka.withDeadline(60, "first member processes") {
            while ledger.total < 100 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let second = try TestKafka.consumer(cluster, group: "rebalance", maxBatchSize: 20)
        let secondWork = Task { try await work("second", second, ledger) }

        try await TestKafka.withDeadline(120, "all \(total) processed") {
            while ledger.distinct < total { try await Task.sleep(for: .milliseconds(50)) }
        }
        try await producing.value
        await producer.shutdown()
        firstWork.cancel()
        secondWork.cancel()
        try await firstWork.value
        try await secondWork.value
        await first.close()
        await second.close()

        #expect(ledger.distinct == total, "nothing lost")
        #expect(ledger.violations.isEmpty, "nothing processed twice below a committed offset: \(ledger.violations)")
        print("rebalance: \(ledger.duplicates) message(s) redelivered above the last successful commit; per consumer \(ledger.byConsumer)")
        #expect(ledger.revocations(of: "first") >= 1, "the first member saw a revocation")
        #expect((ledger.byConsumer["second"] ?? 0) > 0, "the second member took over partitions")
    }
}
