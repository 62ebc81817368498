import Foundation
import Kafka
import Postgres
import Testing


@Suite("Worker processes: one killed with SIGKILL mid-run",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct WorkerCrashTests {
    @Test("the other worker of the group takes over: every message has exactly one outcome and no message two different answers")
    func sigkill() async throws {
        try await WorkerFixture.with(partitions: 4) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            let conversations = 100, perConversation = 20, total = conversations * perConversation
            var records: [KafkaProducerRecord] = []
            let questions = ["How long does shipping take?", "What is your return policy?", "退货政策是什么？"]
            for turn in 0..<perConversation {
                for conversation in 0..<conversations {
                    let value = WorkerFixture.inbound(
                        id: "\(tenant)-c\(conversation)-m\(turn)", tenant: tenant, conversation: "c\(conversation)", text: questions[(turn + conversation) % 3])
                    records.append(KafkaProducerRecord(topic: "cs.inbound", key: Array("c\(conversation)".utf8), value: Array(value.utf8)))
                }
            }
            try await fixture.producer.send(records)

            let first = try WorkerProcessLauncher.launch(fixture, group: "crash-group").process
            let second = try WorkerProcessLauncher.launch(fixture, group: "crash-group").process
            defer {
                if first.isRunning { kill(first.processIdentifier, SIGKILL) }
                if second.isRunning { kill(second.processIdentifier, SIGKILL) }
            }
            // Kill one worker once the run is well under way.
            try await eventually("first outputs", seconds: 60) {
                try await published(fixture, tenant) >= total / 10
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            try await eventually("every message finished by the survivor", seconds: 240) {
                try await published(fixture, tenant) == total
            }
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()

            let ledger = try await fixture.pool.query(
                "SELECT count(*), count(DISTINCT output_id) FROM inbound_messages WHERE tenant_id = $1 AND outcome = 'reply'", [tenant])
            #expect(try ledger[0].decode(0, as: Int.self) == total)
            #expect(try ledger[0].decode(1, as: Int.self) == total)
            // Replies may be sent twice (redelivery after the kill), never differently.
            let tenantPrefix = tenant
            let outputs = try await fixture.read(from: ["cs.replies"], seconds: 60) { records in
                // Done once every message's reply was seen (duplicates come from redelivery).
                guard records.count >= total else { return false }
                return Set(records.compactMap { record in
                    String(decoding: record.value, as: UTF8.self).range(of: "\"in_reply_to\":[\"\(tenantPrefix)-")
                        .map { String(decoding: record.value, as: UTF8.self)[$0.upperBound...].prefix(while: { $0 != "\"" }) }
                }).count == total
            }.map(OutputRecord.init)
            print("worker processes: \(outputs.count) replies published for \(total) messages after one SIGKILL")
            let byMessage = Dictionary(grouping: outputs, by: \.inReplyTo)
            for (message, copies) in byMessage {
                #expect(Set(copies.map(\.message.value)).count == 1, "\(message) has different answers")
            }
            let history = try await fixture.pool.query("SELECT count(*) FROM reply_history WHERE tenant_id = $1", [tenant])
            #expect(try history[0].decode(0, as: Int.self) == total)
        }
    }

    private func published(_ fixture: WorkerFixture, _ tenant: String) async throws -> Int {
        let rows = try await fixture.pool.query(
            "SELECT count(*) FROM inbound_messages WHERE tenant_id = $1 AND state = 'published'", [tenant])
        return try rows[0].decode(0, as: Int.self)
    }
}
