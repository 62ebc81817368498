import Catalog
import Fakes
import Foundation
import Pipeline
import Postgres
import Testing

@Suite("Worker with a Dify bot (fake over HTTP)", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerDifyTests {
    @Test("hosted Dify bot: answers over three turns keep the conversation memory; transient failures are retried")
    func memoryAndRetries() async throws {
        let fake = try await DifyFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.difyBot(tenant: tenant, fake: fake)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted", fallback: "We will get back to you shortly.")
            try await fixture.withWorker { _ in
                try await fixture.send(id: "\(tenant)-1", tenant: tenant, conversation: "c1", text: "How long do I have to request a refund?")
                _ = try await fixture.read(1, from: ["cs.replies"])
                fake.inject(.serviceUnavailable, times: 2)
                try await fixture.send(id: "\(tenant)-2", tenant: tenant, conversation: "c1", text: "怎么申请退款？")
                try await fixture.send(id: "\(tenant)-3", tenant: tenant, conversation: "c1", text: "How do I get my money back for a damaged item?")
                let replies = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.map(\.inReplyTo) == ["\(tenant)-1", "\(tenant)-2", "\(tenant)-3"])
                #expect(replies.allSatisfy { $0.kind == "answer" && $0.json["provider"]?.stringValue == "dify" })
                let memory = try await fixture.pool.query(
                    "SELECT memory->>'conversation_id' FROM conversation_memory WHERE tenant_id = $1 AND conversation_id = 'c1'", [tenant])
                let conversation = try #require(try memory.first?.decode(0, as: String?.self))
                #expect(fake.turns(inConversation: conversation) == 3)
                #expect(fake.pendingFailures == 0)
            }
        }
        await fake.stop()
    }

    @Test("memory lifecycle: a handoff drops the conversation's provider memory; memory idle past --memory-idle-hours is not used")
    func memoryLifecycle() async throws {
        let fake = try await DifyFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.difyBot(tenant: tenant, fake: fake)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            func memory(_ conversation: String) async throws -> String? {
                try await fixture.pool.query(
                    "SELECT memory->>'conversation_id' FROM conversation_memory WHERE tenant_id = $1 AND conversation_id = $2", [tenant, conversation])
                    .first?.decode(0, as: String?.self)
            }
            var configuration = WorkerConfiguration()
            configuration.memoryIdle = .seconds(3600)
            try await fixture.withWorker(configuration: configuration) { _ in
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "How long do I have to request a refund?")
                try await fixture.send(id: "i1", tenant: tenant, conversation: "c2", text: "How long do I have to request a refund?")
                _ = try await fixture.read(2, from: ["cs.replies"])
                let first = try #require(try await memory("c1"))
                let idle = try #require(try await memory("c2"))
                // c1: the customer asks for a human; the handoff forgets the provider's conversation.
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c1", text: "转人工")
                // c2: its memory has been idle for two hours (more than the worker's hour).
                // (The table's trigger sets updated_at on every update: off for this backdating.)
                try await fixture.pool.execute("ALTER TABLE conversation_memory DISABLE TRIGGER conversation_memory_updated_at")
                try await fixture.pool.execute(
                    "UPDATE conversation_memory SET updated_at = now() - interval '2 hours' WHERE tenant_id = $1 AND conversation_id = 'c2'", [tenant])
                try await fixture.pool.execute("ALTER TABLE conversation_memory ENABLE TRIGGER conversation_memory_updated_at")
                try await fixture.send(id: "i2", tenant: tenant, conversation: "c2", text: "怎么申请退款？")
                let replies = try await fixture.read(4, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.first { $0.inReplyTo == "m2" }?.kind == "handoff")
                #expect(try await memory("c1") == nil)
                let renewed = try #require(try await memory("c2"))
                #expect(renewed != idle, "an idle memory starts a new provider conversation")
                #expect(fake.turns(inConversation: idle) == 1 && fake.turns(inConversation: renewed) == 1)
                #expect(fake.turns(inConversation: first) == 1)
            }
        }
        await fake.stop()
    }

    @Test("quota exhausted: the reply is the fallback text, the bot is marked for operators and not asked again")
    func quotaExhausted() async throws {
        let fake = try await DifyFake.start()
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.difyBot(tenant: tenant, fake: fake)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted", fallback: "We will get back to you shortly.")
            fake.inject(.providerQuotaExceeded, times: 1)
            try await fixture.withWorker { _ in
                try await fixture.send(id: "\(tenant)-1", tenant: tenant, conversation: "c1", text: "How long do I have to request a refund?")
                let first = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(first.first?.kind == "fallback" && first.first?.text == "We will get back to you shortly.")
                let status = try await fixture.pool.query("SELECT status FROM bots WHERE id = $1::uuid", [bot.uuidString.lowercased()])
                #expect(try status[0].decode(0, as: String.self) == "quota_exhausted")
                let asked = fake.requestCount(.chat)
                try await Task.sleep(for: .milliseconds(500))
                try await fixture.send(id: "\(tenant)-2", tenant: tenant, conversation: "c1", text: "怎么申请退款？")
                let both = try await fixture.read(2, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(both.last?.kind == "fallback")
                #expect(fake.requestCount(.chat) == asked)
            }
        }
        await fake.stop()
    }
}
