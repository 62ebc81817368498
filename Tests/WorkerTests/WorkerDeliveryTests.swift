import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

@Suite("Worker: order, redelivery, dead letters, shutdown", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerDeliveryTests {
    static let questions = ["How long does shipping take?", "What is your return policy?", "退货政策是什么？"]

    @Test("300 conversations × 5 messages with random provider latency: per-conversation order, concurrent across conversations")
    func orderAtScale() async throws {
        try await WorkerFixture.with(partitions: 4, poolSize: 16) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            let conversations = 300, perConversation = 5
            var records: [KafkaProducerRecord] = []
            for turn in 0..<perConversation {
                for conversation in 0..<conversations {
                    let id = "\(tenant)-c\(conversation)-m\(turn)"
                    let text = Self.questions[(conversation + turn) % Self.questions.count]
                    records.append(KafkaProducerRecord(
                        topic: "cs.inbound", key: Array("c\(conversation)".utf8),
                        value: Array(WorkerFixture.inbound(id: id, tenant: tenant, conversation: "c\(conversation)", text: text).utf8)))
                }
            }
            try await fixture.producer.send(records)
            let factory = CountingProviderFactory(base: fixture.providerFactory, maxLatencyMilliseconds: 50)
            let started = ContinuousClock.now
            try await fixture.withWorker(factory: factory) { _ in
                let outputs = try await fixture.read(conversations * perConversation, from: ["cs.replies"], seconds: 120).map(OutputRecord.init)
                let elapsed = ContinuousClock.now - started
                print("worker: \(conversations * perConversation) messages in \(conversations) conversations, provider latency 0-50 ms: \(elapsed) (sequential would be ~\(conversations * perConversation * 25) ms)")
                var turns: [String: [Int]] = [:]
                for output in outputs {
                    let parts = output.inReplyTo.split(separator: "-")
                    turns[String(parts[parts.count - 2]), default: []].append(Int(parts.last!.dropFirst())!)
                }
                #expect(turns.count == conversations)
                for (conversation, sequence) in turns {
                    #expect(sequence == Array(0..<perConversation), "\(conversation): \(sequence)")
                }
                #expect(factory.questions == conversations * perConversation)
                // Sequential answering would take ~37 s of provider time alone; a generous bound.
                #expect(elapsed < .seconds(30))
            }
        }
    }

    @Test("a full worker pauses its intake and resumes: a tiny --max-in-flight still answers everything in order")
    func backPressure() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            var records: [KafkaProducerRecord] = []
            for index in 0..<200 {
                let conversation = "c\(index % 20)"
                records.append(KafkaProducerRecord(topic: "cs.inbound", key: Array(conversation.utf8), value: Array(WorkerFixture.inbound(
                    id: "\(tenant)-\(conversation)-m\(String(format: "%03d", index))", tenant: tenant, conversation: conversation,
                    text: Self.questions[index % 3]).utf8)))
            }
            try await fixture.producer.send(records)
            var configuration = WorkerConfiguration()
            configuration.maxInFlight = 20
            let factory = CountingProviderFactory(base: fixture.providerFactory, maxLatencyMilliseconds: 10)
            try await fixture.withWorker(factory: factory, configuration: configuration) { runtime in
                let outputs = try await fixture.read(200, from: ["cs.replies"], seconds: 120).map(OutputRecord.init)
                let byConversation = Dictionary(grouping: outputs, by: { $0.json["conversation_id"]?.stringValue ?? "" })
                #expect(byConversation.count == 20)
                for (conversation, replies) in byConversation {
                    let order = replies.map(\.inReplyTo)
                    #expect(order == order.sorted(), "\(conversation)")
                }
                #expect(runtime.worker.load == 0)
                #expect(runtime.worker.intakePauses > 0)
            }
        }
    }

    @Test("redelivery re-publishes the stored outputs with the same ids and texts and never asks again")
    func redelivery() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "assist")
            let count = 20
            for index in 0..<count {
                try await fixture.send(id: "\(tenant)-\(index)", tenant: tenant, conversation: "c\(index % 4)", text: Self.questions[index % 3])
            }
            let first = CountingProviderFactory(base: fixture.providerFactory)
            try await fixture.withWorker(group: "first", factory: first) { _ in
                _ = try await fixture.read(count, from: ["cs.suggestions"])
            }
            #expect(first.questions == count)
            let second = CountingProviderFactory(base: fixture.providerFactory)
            try await fixture.withWorker(group: "second", factory: second) { _ in
                let all = try await fixture.read(2 * count, from: ["cs.suggestions"]).map(OutputRecord.init)
                let byMessage = Dictionary(grouping: all, by: \.inReplyTo)
                #expect(byMessage.count == count)
                for (message, outputs) in byMessage {
                    #expect(outputs.count == 2, "\(message)")
                    #expect(Set(outputs.map(\.id)).count == 1 && Set(outputs.map(\.message.value)).count == 1, "\(message)")
                }
            }
            #expect(second.questions == 0)
            let history = try await fixture.pool.query("SELECT count(*) FROM reply_history WHERE tenant_id = $1", [tenant])
            #expect(try history[0].decode(0, as: Int.self) == count)
        }
    }

    @Test("not JSON, wrong schema, unknown tenant and oversize records land in cs.dead-letter with reasons; the worker goes on")
    func deadLetters() async throws {
        try await WorkerFixture.with(partitions: 1) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.producer.send(topic: "cs.inbound", key: "c1", value: "not json {")
            try await fixture.producer.send(topic: "cs.inbound", key: "c1", value: "{\"message_id\": \"x\"}")
            try await fixture.send(id: "\(tenant)-stranger", tenant: "nobody-\(UUID())", conversation: "c1", text: "hello")
            let huge = WorkerFixture.inbound(id: "\(tenant)-huge", tenant: tenant, conversation: "c1", text: String(repeating: "a", count: 7000))
                .replacingOccurrences(of: "\"channel\":\"wecom\"", with: "\"channel\":\"wecom\",\"padding\":\"\(String(repeating: "p", count: 70_000))\"")
            try await fixture.producer.send(topic: "cs.inbound", key: "c1", value: huge)
            try await fixture.send(id: "\(tenant)-ok", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
            try await fixture.withWorker { _ in
                let dead = try await fixture.read(4, from: ["cs.dead-letter"]).map { try JSONParser.parse($0.value) }
                let kinds = dead.compactMap { $0["error_kind"]?.stringValue }
                // Records of different keys run concurrently: dead letters may leave in any order.
                #expect(kinds.sorted() == ["not_json", "oversize", "schema", "unknown_tenant"])
                let validator = TopicSchemas().validator(for: "cs.dead-letter")
                for record in dead {
                    #expect(validator.validate(record).isEmpty)
                    let reason: String = record["error"]?.stringValue ?? ""
                    #expect(!reason.isEmpty)
                }
                #expect(dead.contains { $0["value_base64"]?.stringValue == Data("not json {".utf8).base64EncodedString() })
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.first?.inReplyTo == "\(tenant)-ok")
            }
        }
    }

    @Test("graceful shutdown commits: the next member of the group starts after the finished messages")
    func shutdownCommits() async throws {
        try await WorkerFixture.with(partitions: 2) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            for index in 0..<10 {
                try await fixture.send(id: "\(tenant)-\(index)", tenant: tenant, conversation: "c\(index % 3)", text: Self.questions[index % 3])
            }
            try await fixture.withWorker(group: "commit-group") { _ in
                _ = try await fixture.read(10, from: ["cs.replies"])
            }
            try await fixture.send(id: "\(tenant)-late", tenant: tenant, conversation: "c1", text: "hello again")
            var configuration = KafkaConsumerConfiguration(bootstrapServers: fixture.cluster.bootstrapServers, groupID: "commit-group")
            configuration.sessionTimeoutMilliseconds = 3000
            configuration.heartbeatIntervalMilliseconds = 100
            let consumer = try KafkaConsumer(configuration: configuration, topics: ["cs.inbound"])
            let next = try await Deadline.run(30, "reading after the committed position") { () async -> KafkaMessage? in
                for await event in consumer.events {
                    if case .message(let message) = event { return message }
                }
                return nil
            }
            await consumer.close()
            #expect(next?.valueString?.contains("\(tenant)-late") == true)
        }
    }
}
