import Foundation
import Kafka
import Pipeline
import Postgres
import Testing

@Suite("Worker: the hostile corpus", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct HostileCorpusTests {
    /// Tenants acme and globex (and Kelvin, for the look-alike cases), each with a local bot.
    static let tenants = ["acme", "globex", "Kelvin"]

    @Test("every corpus record gets its expected outcome; ordinary messages after it are all answered and the commits reach the end",
          .timeLimit(.minutes(10)))
    func corpus() async throws {
        let corpus = try HostileCorpus.load()
        #expect(corpus.cases.count >= 60)
        try await WorkerFixture.with(partitions: 1) { fixture in
            let bots = try await Self.configure(fixture)

            // The corpus one record at a time, to learn each one's offset; then ordinary traffic.
            var offsets: [Int64] = []
            for record in corpus.cases {
                offsets.append(try await fixture.producer.send(topic: "cs.inbound", key: record.key, value: record.value, headers: record.headers).offset)
            }
            let ordinary = Self.ordinaryTraffic()
            for message in ordinary {
                try await fixture.send(id: message.id, tenant: message.tenant, account: message.account, conversation: message.conversation, text: message.text)
            }

            // Wait for one output per answered record and redelivery, one dead letter each.
            var outputCount = ordinary.count, deadLetterCount = 0
            for record in corpus.cases {
                switch record.expected {
                case .answer, .redelivery: outputCount += 1
                case .deadLetter: deadLetterCount += 1
                case .skip: break
                }
            }
            let expected = (outputs: outputCount, deadLetters: deadLetterCount)
            var configuration = WorkerConfiguration()
            // Whatever is stuck is abandoned quickly: the checks below name it.
            configuration.shutdownTimeout = .seconds(2)
            var idle = false
            let started = ContinuousClock.now
            try await fixture.withWorker(configuration: configuration) { runtime in
                _ = try await fixture.collect(from: PublishedOutcomes.outputTopics + ["cs.dead-letter"], seconds: 30) { messages in
                    let dead = messages.count { $0.topic == "cs.dead-letter" }
                    return dead >= expected.deadLetters && messages.count - dead >= expected.outputs
                }
                idle = (try? await eventually("worker idle", seconds: 5) { runtime.worker.load == 0 }) != nil
            }
            print("hostile corpus: \(corpus.cases.count) records and \(ordinary.count) ordinary messages handled in \(ContinuousClock.now - started)")
            #expect(idle, "the worker still holds messages: something is stuck")

            // Everything the worker published, read to a marker after the last record of each topic.
            let marker = Array("corpus-end-marker".utf8)
            for topic in PublishedOutcomes.outputTopics + ["cs.dead-letter"] {
                try await fixture.producer.send(topic: topic, key: marker, value: marker)
            }
            let published = try PublishedOutcomes(try await fixture.read(from: PublishedOutcomes.outputTopics + ["cs.dead-letter"], seconds: 30) { messages in
                messages.count { $0.key == marker } == 3
            }.filter { $0.key != marker })
            #expect(published.malformed.isEmpty, "outputs that do not answer exactly one message: \(published.malformed.map(\.id))")

            var redeliveries: [String: Int] = [:]
            for record in corpus.cases {
                if case .redelivery(let original) = record.expected { redeliveries[original, default: 0] += 1 }
            }
            let checks = HostileCorpusChecks(published: published, pool: fixture.pool, bots: bots, redeliveries: redeliveries)
            var answered: Set<MessageKey> = []
            for (record, offset) in zip(corpus.cases, offsets) {
                try await checks.check(record, offset: offset)
                if case .answer = record.expected, let inbound = InboundFields(record.value) { answered.insert(inbound.key) }
            }
            let answeredRecords = answered.count

            // Ordinary traffic after the corpus: every message answered once, with its history row.
            for message in ordinary {
                let value = WorkerFixture.inbound(id: message.id, tenant: message.tenant, account: message.account, conversation: message.conversation, text: message.text)
                let inbound = try #require(InboundFields(Array(value.utf8)))
                answered.insert(inbound.key)
                let found = published.outputs[inbound.key] ?? []
                guard found.count == 1, let output = found.first else {
                    Issue.record("ordinary \(message.id): expected one output, got \(found.count)")
                    continue
                }
                #expect(output.message.topic == message.topic && ["answer", "suggestion"].contains(output.kind), "ordinary \(message.id): \(output.kind)")
                try await checks.checkOutput(output, answering: inbound, name: "ordinary \(message.id)")
            }

            // Nothing else: no answer to a message that must not get one, no other dead letter.
            let strays = published.outputs.keys.filter { !answered.contains($0) }
            #expect(strays.isEmpty, "outputs for messages that must not be answered: \(strays)")
            let strayLetters = published.deadLetters.keys.filter { offset in
                guard let index = offsets.firstIndex(of: offset), case .deadLetter = corpus.cases[index].expected else { return true }
                return false
            }
            #expect(strayLetters.isEmpty, "dead letters for records that must not be dead-lettered: offsets \(strayLetters.sorted())")
            let history = try await fixture.pool.query("SELECT count(*) FROM reply_history")
            #expect(try history[0].decode(0, as: Int.self) == answeredRecords + ordinary.count, "one history row per answered message")

            try await HostileCorpusChecks.checkCommitsReachTheEnd(fixture, group: "aics-workers")
        }
    }

    /// Bots and bindings of the corpus' tenants; returns each tenant's bot id by tenant id bytes.
    static func configure(_ fixture: WorkerFixture) async throws -> [[UInt8]: String] {
        var bots: [[UInt8]: String] = [:]
        for tenant in tenants {
            let bot = try await fixture.localBot(tenant: tenant)
            bots[Array(tenant.utf8)] = bot.uuidString.lowercased()
            switch tenant {
            case "acme":
                try await fixture.bind(tenant: tenant, account: "hosted", bot: bot, mode: "hosted")
                try await fixture.bind(tenant: tenant, account: "assist", bot: bot, mode: "assist")
                try await fixture.bind(tenant: tenant, account: "Kiosk", bot: bot, mode: "hosted")
                try await fixture.bind(tenant: tenant, account: "off", bot: nil, mode: "off")
            case "globex":
                try await fixture.bind(tenant: tenant, account: "globex-hosted", bot: bot, mode: "hosted")
                try await fixture.bind(tenant: tenant, account: "globex-assist", bot: bot, mode: "assist")
            default:
                try await fixture.bind(tenant: tenant, account: "hosted", bot: bot, mode: "hosted")
            }
        }
        return bots
    }

    /// 40 FAQ questions of both tenants, hosted and assist, in 8 conversations.
    static func ordinaryTraffic() -> [(tenant: String, account: String, id: String, conversation: String, text: String, topic: String)] {
        (0..<40).map { index in
            let tenant = index % 2 == 0 ? "acme" : "globex"
            let hosted = index % 4 < 2
            let account = tenant == "acme" ? (hosted ? "hosted" : "assist") : (hosted ? "globex-hosted" : "globex-assist")
            return (tenant, account, "ordinary-\(index)", "o-\(index % 8)", WorkerDeliveryTests.questions[index % 3], hosted ? "cs.replies" : "cs.suggestions")
        }
    }
}
