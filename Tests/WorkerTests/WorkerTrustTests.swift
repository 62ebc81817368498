import Crypto
import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

/// The problems of the trust issue, each through a real worker, the embedded Kafka and a real
/// Postgres: every one of these failed before its fix.
@Suite("Worker: tenant walls, poison messages and hostile input", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerTrustTests {
    static let question = "How long does shipping take?"

    static func historyCount(_ fixture: WorkerFixture, tenant: String) async throws -> Int {
        try await fixture.pool.query("SELECT count(*) FROM reply_history WHERE tenant_id = $1", [tenant])[0].decode(0)
    }

    @Test("acme's m-1 and globex's m-1 each get their own answer, id and history row")
    func tenantsChooseIDsIndependently() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let (acme, globex) = ("acme-\(UUID())", "globex-\(UUID())")
            for tenant in [acme, globex] {
                try await fixture.bind(tenant: tenant, account: "acct", bot: try await fixture.localBot(tenant: tenant), mode: "hosted")
            }
            try await fixture.withWorker { _ in
                try await fixture.send(id: "m-1", tenant: acme, conversation: "acme-conv", text: Self.question)
                _ = try await fixture.read(1, from: ["cs.replies"])
                try await fixture.send(id: "m-1", tenant: globex, conversation: "globex-conv", text: "What is your return policy?")
                let replies = try await fixture.read(2, from: ["cs.replies"]).map(OutputRecord.init)
                let globexReply = try #require(replies.first { $0.json["tenant_id"]?.stringValue == globex })
                #expect(globexReply.json["conversation_id"]?.stringValue == "globex-conv")
                #expect(globexReply.text.contains("30 days"))
                #expect(globexReply.header("tenant-id") == globex)
                #expect(Set(replies.map(\.id)).count == 2)
                #expect(try await Self.historyCount(fixture, tenant: acme) == 1)
                try await eventually("globex's history row") { try await Self.historyCount(fixture, tenant: globex) == 1 }
            }
        }
    }

    @Test("U+0000 in the text, the message id or the conversation id is a dead letter; later messages get answers and history rows")
    func nulIsRefusedAtIntake() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            try await fixture.bind(tenant: tenant, account: "acct", bot: try await fixture.localBot(tenant: tenant), mode: "assist")
            try await fixture.send(id: "\(tenant)-nul-text", tenant: tenant, conversation: "c1", text: "shipping\u{0} time?")
            try await fixture.send(id: "\(tenant)-nul\u{0}id", tenant: tenant, conversation: "c1", text: Self.question)
            try await fixture.send(id: "\(tenant)-nul-conv", tenant: tenant, conversation: "c\u{0}1", text: Self.question)
            for index in 0..<5 {
                try await fixture.send(id: "\(tenant)-ok-\(index)", tenant: tenant, conversation: "c\(index % 2)", text: Self.question)
            }
            try await fixture.withWorker { _ in
                let dead = try await fixture.read(3, from: ["cs.dead-letter"]).map { try JSONParser.parse($0.value) }
                let reasons = dead.compactMap { $0["error"]?.stringValue }.sorted()
                #expect(reasons == [
                    "content.text: contains U+0000 (NUL), which aics cannot store or send on",
                    "conversation_id: contains U+0000 (NUL), which aics cannot store or send on",
                    "message_id: contains U+0000 (NUL), which aics cannot store or send on",
                ])
                #expect(dead.allSatisfy { $0["error_kind"]?.stringValue == "schema" })
                let suggestions = try await fixture.read(5, from: ["cs.suggestions"]).map(OutputRecord.init)
                #expect(Set(suggestions.map(\.inReplyTo)) == Set((0..<5).map { "\(tenant)-ok-\($0)" }))
                try await eventually("five history rows") { try await Self.historyCount(fixture, tenant: tenant) == 5 }
            }
        }
    }

    @Test("a 900 KB record is dead-lettered with its first 16 KiB, size and SHA-256; the partition goes on")
    func hugeRecordFitsTheDeadLetterTopic() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            try await fixture.bind(tenant: tenant, account: "acct", bot: try await fixture.localBot(tenant: tenant), mode: "hosted")
            let huge = Array(WorkerFixture.inbound(id: "\(tenant)-huge", tenant: tenant, conversation: "c1", text: String(repeating: "字", count: 300_000)).utf8)
            #expect(huge.count > 900_000)
            try await fixture.producer.send(topic: "cs.inbound", key: Array("c1".utf8), value: huge)
            try await fixture.send(id: "\(tenant)-after", tenant: tenant, conversation: "c1", text: Self.question)
            try await fixture.withWorker { _ in
                let records = try await fixture.read(1, from: ["cs.dead-letter"])
                #expect(records[0].value.count < 64 * 1024)
                let dead = try JSONParser.parse(records[0].value)
                #expect(TopicSchemas().validator(for: "cs.dead-letter").validate(dead).isEmpty)
                #expect(dead["error_kind"]?.stringValue == "oversize")
                #expect(dead["value_truncated"]?.boolValue == true)
                #expect(dead["value_bytes"]?.numberValue == Double(huge.count))
                let digest = SHA256.hash(data: huge).map { String(format: "%02x", $0) }.joined()
                #expect(dead["value_sha256"]?.stringValue == digest)
                let kept = Data(base64Encoded: dead["value_base64"]?.stringValue ?? "") ?? Data()
                #expect(Array(kept) == Array(huge.prefix(DeadLetter.maxValueBytes)))
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.first?.inReplyTo == "\(tenant)-after")
            }
        }
    }

    @Test("a blank text is dead-lettered and never sent to the provider")
    func blankTextIsNotAQuestion() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            try await fixture.bind(tenant: tenant, account: "acct", bot: try await fixture.localBot(tenant: tenant), mode: "hosted")
            try await fixture.send(id: "\(tenant)-blank", tenant: tenant, conversation: "c1", text: " \n\t\u{3000} ")
            try await fixture.send(id: "\(tenant)-after", tenant: tenant, conversation: "c1", text: Self.question)
            let counting = CountingProviderFactory(base: fixture.providerFactory)
            try await fixture.withWorker(factory: counting) { _ in
                let dead = try JSONParser.parse(try await fixture.read(1, from: ["cs.dead-letter"])[0].value)
                #expect(dead["error"]?.stringValue == "content.text: must contain more than whitespace")
                _ = try await fixture.read(1, from: ["cs.replies"])
            }
            #expect(counting.questions == 1)
        }
    }

    @Test("an answer too large for the replies topic ends after the attempt budget as failed with a dead letter; its conversation goes on")
    func poisonMessageEndsAfterItsAttempts() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            // The local knowledge base answers "giant" with 1.2 MB: Kafka's default limit refuses the reply.
            try await fixture.pool.execute("INSERT INTO knowledge_entries (bot_id, question, answer) VALUES ($1::uuid, $2, $3)",
                                           [bot.uuidString.lowercased(), "giant parcel size", String(repeating: "x", count: 1_200_000)])
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.send(id: "\(tenant)-giant", tenant: tenant, conversation: "c1", text: "giant parcel size")
            try await fixture.send(id: "\(tenant)-after", tenant: tenant, conversation: "c1", text: Self.question)
            var configuration = WorkerConfiguration()
            configuration.maxAttempts = 3
            try await fixture.withWorker(configuration: configuration) { _ in
                let dead = try JSONParser.parse(try await fixture.read(1, from: ["cs.dead-letter"], seconds: 90)[0].value)
                #expect(dead["error_kind"]?.stringValue == "attempts_exhausted")
                #expect(dead["error"]?.stringValue?.contains("MSG_SIZE_TOO_LARGE") == true)
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.map(\.inReplyTo) == ["\(tenant)-after"])
                let ledger = try await fixture.pool.query(
                    "SELECT outcome, outcome_reason, state, output_payload IS NULL FROM inbound_messages WHERE tenant_id = $1 AND message_id = $2",
                    [tenant, "\(tenant)-giant"])
                #expect(try ledger[0].decode(0, as: String.self) == "failed")
                #expect(try ledger[0].decode(1, as: String.self).hasPrefix("attempts_exhausted"))
                #expect(try ledger[0].decode(2, as: String.self) == "published")
                #expect(try ledger[0].decode(3, as: Bool.self))
            }
        }
    }
}
