import Foundation
import Kafka
import Pipeline
import Testing

/// Opt-in measurement (prints, asserts only completeness): AICS_WORKER_BENCH=20000 swift test --filter WorkerThroughputTests
@Suite("Worker throughput (opt-in)", .enabled(if: WorkerFixture.isConfigured && ProcessInfo.processInfo.environment["AICS_WORKER_BENCH"] != nil))
struct WorkerThroughputTests {
    @Test("messages per second with the instant local provider")
    func throughput() async throws {
        let total = Int(ProcessInfo.processInfo.environment["AICS_WORKER_BENCH"] ?? "") ?? 20_000
        try await WorkerFixture.with(partitions: 8, poolSize: 16) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            let conversations = max(1, total / 10)
            let records = (0..<total).map { index in
                let conversation = "c\(index % conversations)"
                return KafkaProducerRecord(topic: "cs.inbound", key: Array(conversation.utf8), value: Array(WorkerFixture.inbound(
                    id: "\(tenant)-\(index)", tenant: tenant, conversation: conversation, text: "How long does shipping take?").utf8))
            }
            try await fixture.producer.send(records)
            try await fixture.withWorker { _ in
                // Start the clock at the first answer so the group join (~3 s on the mock) is not counted.
                try await eventually("first answer", seconds: 60) { try await answered(fixture, tenant) > 0 }
                let started = ContinuousClock.now
                try await eventually("all answered", seconds: 600) { try await answered(fixture, tenant) == total }
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print("worker throughput: \(total) messages in \(conversations) conversations in \(elapsed): \(Int(Double(total) / seconds)) msg/s")
            }
        }
    }

    private func answered(_ fixture: WorkerFixture, _ tenant: String) async throws -> Int {
        let rows = try await fixture.pool.query("SELECT count(*) FROM inbound_messages WHERE tenant_id = $1 AND outcome IS NOT NULL", [tenant])
        return try rows[0].decode(0, as: Int.self)
    }
}
