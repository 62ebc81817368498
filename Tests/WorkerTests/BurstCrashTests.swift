import Foundation
import JSON
import Kafka
import Postgres
import Testing

@Suite("Bursts across worker processes: the worker holding an open burst is SIGKILLed",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct BurstCrashTests {
    @Test("a crash inside the merge window loses no message and answers none twice: one output with every id")
    func sigkillInsideTheWindow() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.pool.execute("UPDATE bindings SET merge_window_ms = 8000 WHERE tenant_id = $1", [tenant])
            let first = try WorkerProcessLauncher.launch(fixture, group: "burst-group").process
            defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
            let conversations = 10, perConversation = 3
            for conversation in 0..<conversations {
                for turn in 0..<perConversation {
                    try await fixture.send(id: "c\(conversation)-m\(turn)", tenant: tenant, conversation: "c\(conversation)",
                                           text: turn == 1 ? "How long does shipping take?" : "hello \(turn)")
                }
            }
            // Every message waits in its burst (offsets committed); the window is still open.
            try await eventually("messages in bursts", seconds: 60) {
                try await fixture.pool.query("SELECT count(*) FROM burst_messages WHERE tenant_id = $1", [tenant])[0].decode(0, as: Int.self)
                    == conversations * perConversation
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let second = try WorkerProcessLauncher.launch(fixture, group: "burst-group").process
            defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
            try await eventually("every burst answered by the new worker", seconds: 90) {
                try await fixture.pool.query(
                    "SELECT count(*) FROM bursts WHERE tenant_id = $1 AND state = 'done'", [tenant])[0].decode(0, as: Int.self) == conversations
            }
            let replies = try await fixture.collect(from: ["cs.replies"], seconds: 8) { _ in false }.map(OutputRecord.init)
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()
            #expect(replies.count == conversations, "one output per burst, none twice")
            for reply in replies {
                let ids = reply.json["in_reply_to"]?.arrayValue?.compactMap(\.stringValue) ?? []
                let conversation = reply.json["conversation_id"]?.stringValue ?? "?"
                #expect(ids == (0..<perConversation).map { "\(conversation)-m\($0)" })
            }
            let outcomes = try await fixture.pool.query(
                "SELECT count(*) FILTER (WHERE outcome = 'reply'), count(*) FILTER (WHERE outcome_reason = 'merged') FROM inbound_messages WHERE tenant_id = $1",
                [tenant])
            #expect(try outcomes[0].decode(0, as: Int.self) == conversations)
            #expect(try outcomes[0].decode(1, as: Int.self) == conversations * (perConversation - 1))
        }
    }
}
