import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

@Suite("Worker: the hostile corpus", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct HostileCorpusTests {
    static let outputTopics = ["cs.suggestions", "cs.replies"]
    static let questions = ["How long does shipping take?", "What is your return policy?", "退货政策是什么？"]

    /// A message's identity, by bytes: canonically equivalent Swift Strings compare equal, ids do not.
    struct MessageKey: Hashable, CustomStringConvertible {
        let tenant: [UInt8]
        let message: [UInt8]

        init(tenant: String, message: String) {
            self.tenant = Array(tenant.utf8)
            self.message = Array(message.utf8)
        }

        var description: String { "\(String(decoding: tenant, as: UTF8.self).debugDescription)/\(String(decoding: message, as: UTF8.self).debugDescription)" }
    }

    /// The fields of an accepted inbound record that its outcome is checked against.
    struct Inbound {
        let key: MessageKey
        let tenant: String
        let messageID: String
        let conversation: String
        let text: String

        init?(_ value: [UInt8]) {
            guard let document = try? JSONParser.parse(value), let tenant = document["tenant_id"]?.stringValue,
                  let messageID = document["message_id"]?.stringValue else { return nil }
            self.key = MessageKey(tenant: tenant, message: messageID)
            self.tenant = tenant
            self.messageID = messageID
            self.conversation = document["conversation_id"]?.stringValue ?? ""
            self.text = document["content"]?["text"]?.stringValue ?? ""
        }
    }

    @Test("every corpus record gets its expected outcome; ordinary messages after it are all answered and the commits reach the end",
          .timeLimit(.minutes(2)))
    func corpus() async throws {
        let corpus = try HostileCorpus.load()
        #expect(corpus.cases.count >= 60)
        try await WorkerFixture.with(partitions: 1) { fixture in
            var bots: [[UInt8]: String] = [:]
            for tenant in ["acme", "globex", "Kelvin"] {
                bots[Array(tenant.utf8)] = try await fixture.localBot(tenant: tenant).uuidString.lowercased()
            }
            func bot(_ tenant: String) -> UUID { UUID(uuidString: bots[Array(tenant.utf8)]!)! }
            try await fixture.bind(tenant: "acme", account: "hosted", bot: bot("acme"), mode: "hosted")
            try await fixture.bind(tenant: "acme", account: "assist", bot: bot("acme"), mode: "assist")
            try await fixture.bind(tenant: "acme", account: "Kiosk", bot: bot("acme"), mode: "hosted")
            try await fixture.bind(tenant: "acme", account: "off", bot: nil, mode: "off")
            try await fixture.bind(tenant: "globex", account: "globex-hosted", bot: bot("globex"), mode: "hosted")
            try await fixture.bind(tenant: "globex", account: "globex-assist", bot: bot("globex"), mode: "assist")
            try await fixture.bind(tenant: "Kelvin", account: "hosted", bot: bot("Kelvin"), mode: "hosted")

            // The corpus, one record at a time to learn each one's offset, then ordinary traffic.
            var offsets: [Int64] = []
            for record in corpus.cases {
                let delivery = try await fixture.producer.send(topic: "cs.inbound", key: record.key, value: record.value, headers: record.headers)
                offsets.append(delivery.offset)
            }
            let ordinary = (0..<40).map { index in
                let tenant = index % 2 == 0 ? "acme" : "globex"
                let hosted = index % 4 < 2
                let account = tenant == "acme" ? (hosted ? "hosted" : "assist") : (hosted ? "globex-hosted" : "globex-assist")
                return (tenant: tenant, account: account, id: "ordinary-\(index)", conversation: "o-\(index % 8)", text: Self.questions[index % 3],
                        topic: hosted ? "cs.replies" : "cs.suggestions")
            }
            for message in ordinary {
                try await fixture.send(id: message.id, tenant: message.tenant, account: message.account, conversation: message.conversation,
                                       text: message.text)
            }

            // What to wait for: one output per answered record and per redelivery, one dead letter each.
            var expectedOutputs = ordinary.count, expectedDeadLetters = 0
            for record in corpus.cases {
                switch record.expected {
                case .answer, .redelivery: expectedOutputs += 1
                case .deadLetter: expectedDeadLetters += 1
                case .skip: break
                }
            }
            let (outputCount, deadLetterCount) = (expectedOutputs, expectedDeadLetters)
            var configuration = WorkerConfiguration()
            // Whatever is stuck is abandoned quickly: the checks below name it.
            configuration.shutdownTimeout = .seconds(2)
            var idle = false
            let started = ContinuousClock.now
            try await fixture.withWorker(configuration: configuration) { runtime in
                _ = try await fixture.collect(from: Self.outputTopics + ["cs.dead-letter"], seconds: 30) { messages in
                    let dead = messages.count { $0.topic == "cs.dead-letter" }
                    return dead >= deadLetterCount && messages.count - dead >= outputCount
                }
                idle = (try? await eventually("worker idle", seconds: 5) { runtime.worker.load == 0 }) != nil
            }
            print("hostile corpus: \(corpus.cases.count) records and \(ordinary.count) ordinary messages handled in \(ContinuousClock.now - started)")
            #expect(idle, "the worker still holds messages: something is stuck")

            // Everything published, read to the end: a marker after the last record of each topic.
            let marker = Array("corpus-end-marker".utf8)
            for topic in Self.outputTopics + ["cs.dead-letter"] {
                try await fixture.producer.send(topic: topic, key: marker, value: marker)
            }
            let published = try await fixture.read(from: Self.outputTopics + ["cs.dead-letter"], seconds: 30) { messages in
                messages.count { $0.key == marker } == 3
            }.filter { $0.key != marker }
            let outputs = try published.filter { Self.outputTopics.contains($0.topic) }.map(OutputRecord.init)
            let deadLetters = try published.filter { $0.topic == "cs.dead-letter" }.map { ($0, try JSONParser.parse($0.value)) }

            var outputsByMessage: [MessageKey: [OutputRecord]] = [:]
            for output in outputs {
                let inReplyTo = output.json["in_reply_to"]?.arrayValue ?? []
                #expect(inReplyTo.count == 1, "an output answers exactly one message: \(inReplyTo)")
                outputsByMessage[MessageKey(tenant: output.json["tenant_id"]?.stringValue ?? "", message: output.inReplyTo), default: []].append(output)
            }
            var deadLettersByOffset: [Int64: [JSONValue]] = [:]
            for (_, letter) in deadLetters {
                deadLettersByOffset[Int64(letter["offset"]?.numberValue ?? -1), default: []].append(letter)
            }

            /// What actually happened to a record, for failure messages.
            func observed(_ offset: Int64, _ inbound: Inbound?) -> String {
                var parts: [String] = []
                for letter in deadLettersByOffset[offset] ?? [] {
                    parts.append("dead letter \(letter["error_kind"]?.stringValue ?? "?"): \(letter["error"]?.stringValue ?? "")")
                }
                if let inbound {
                    for output in outputsByMessage[inbound.key] ?? [] {
                        parts.append("\(output.message.topic) \(output.kind) \(output.reason ?? "") \(output.text.prefix(40).debugDescription)")
                    }
                }
                return parts.isEmpty ? "nothing published" : parts.joined(separator: " | ")
            }

            let redeliveries = Dictionary(grouping: corpus.cases.compactMap { record -> String? in
                if case .redelivery(let original) = record.expected { return original }
                return nil
            }, by: { $0 }).mapValues(\.count)
            let deadLetterValidator = TopicSchemas().validator(for: "cs.dead-letter")
            var answered: Set<MessageKey> = []
            var answeredCount = 0

            for (record, offset) in zip(corpus.cases, offsets) {
                let inbound = Inbound(record.value)
                let seen = observed(offset, inbound)
                let letters = deadLettersByOffset[offset] ?? []
                switch record.expected {
                case .deadLetter(let kind, let contains):
                    guard letters.count == 1, let letter = letters.first else {
                        Issue.record("\(record.name): expected one dead letter \(kind), got: \(seen)")
                        continue
                    }
                    #expect(letter["error_kind"]?.stringValue == kind, "\(record.name): expected dead letter \(kind), got: \(seen)")
                    let error = letter["error"]?.stringValue ?? ""
                    #expect(!error.utf8.contains(0), "\(record.name): the reason carries a U+0000 itself")
                    for fragment in contains {
                        #expect(error.contains(fragment), "\(record.name): the error should mention \(fragment.debugDescription): \(error)")
                    }
                    try await checkCoordinates(letter, of: record, offset: offset, pool: fixture.pool)
                    #expect(deadLetterValidator.validate(letter).isEmpty, "\(record.name): \(deadLetterValidator.validate(letter))")
                    if let inbound {
                        #expect(outputsByMessage[inbound.key] == nil, "\(record.name): dead-lettered and answered: \(seen)")
                    }
                case .answer(let topic, let kind, let reason, let textContains):
                    guard let inbound else {
                        Issue.record("\(record.name): the corpus expects an answer to a record that does not parse")
                        continue
                    }
                    answered.insert(inbound.key)
                    answeredCount += 1
                    #expect(letters.isEmpty, "\(record.name): expected an answer, got: \(seen)")
                    let found = outputsByMessage[inbound.key] ?? []
                    let copies = 1 + (redeliveries[record.name] ?? 0)
                    guard found.count == copies, let output = found.first else {
                        Issue.record("\(record.name): expected \(copies) output(s) on \(topic), got: \(seen)")
                        continue
                    }
                    #expect(Set(found.map(\.message.value)).count == 1, "\(record.name): a redelivery must re-send the same output: \(seen)")
                    #expect(output.message.topic == topic && output.kind == kind, "\(record.name): expected \(topic) \(kind), got: \(seen)")
                    if let reason {
                        #expect(output.reason?.hasPrefix(reason) == true, "\(record.name): expected reason \(reason), got: \(seen)")
                    }
                    if let textContains {
                        #expect(output.text.contains(textContains), "\(record.name): expected an answer with \(textContains.debugDescription), got: \(seen)")
                    }
                    try await checkOutput(output, answering: inbound, bot: bots[Array(inbound.tenant.utf8)], name: record.name, pool: fixture.pool)
                case .skip(let reason):
                    #expect(letters.isEmpty && inbound.map { outputsByMessage[$0.key] == nil } == true,
                            "\(record.name): expected a recorded skip \(reason), got: \(seen)")
                    guard let inbound else { continue }
                    let rows = try await fixture.pool.query(
                        "SELECT outcome, outcome_reason FROM inbound_messages WHERE tenant_id = $1 AND message_id = $2", [inbound.tenant, inbound.messageID])
                    let outcome = try rows.first.map { (try $0.decode(0, as: String?.self), try $0.decode(1, as: String?.self)) }
                    #expect(outcome?.0 == "skip" && outcome?.1 == reason, "\(record.name): ledger says \(String(describing: outcome))")
                case .redelivery(let original):
                    // The copies are counted and compared at the original.
                    #expect(letters.isEmpty, "\(record.name): a redelivery of \(original) was dead-lettered: \(seen)")
                }
            }

            // Ordinary traffic after the corpus: every message answered once, with its history row.
            for message in ordinary {
                let key = MessageKey(tenant: message.tenant, message: message.id)
                answered.insert(key)
                let found = outputsByMessage[key] ?? []
                guard found.count == 1, let output = found.first else {
                    Issue.record("ordinary \(message.id): expected one output, got \(found.count)")
                    continue
                }
                #expect(output.message.topic == message.topic && (output.kind == "answer" || output.kind == "suggestion"), "ordinary \(message.id): \(output.kind)")
                let inbound = try #require(Inbound(Array(WorkerFixture.inbound(
                    id: message.id, tenant: message.tenant, account: message.account, conversation: message.conversation, text: message.text).utf8)))
                try await checkOutput(output, answering: inbound, bot: bots[Array(message.tenant.utf8)], name: "ordinary \(message.id)", pool: fixture.pool)
            }
            let strays = outputsByMessage.keys.filter { !answered.contains($0) }
            #expect(strays.isEmpty, "outputs for messages that must not be answered: \(strays)")
            let strayLetters = deadLettersByOffset.keys.filter { offset in
                guard let index = offsets.firstIndex(of: offset) else { return true }
                if case .deadLetter = corpus.cases[index].expected { return false }
                return true
            }
            #expect(strayLetters.isEmpty, "dead letters for records that must not be dead-lettered: offsets \(strayLetters.sorted())")
            let history = try await fixture.pool.query("SELECT count(*) FROM reply_history")
            #expect(try history[0].decode(0, as: Int.self) == answeredCount + ordinary.count, "one history row per answered message")

            try await checkCommitsReachTheEnd(fixture)
        }
    }

    /// The dead letter names where the original was and carries it, or (over 16 KiB) its first
    /// 16 KiB with its size and SHA-256.
    private func checkCoordinates(_ letter: JSONValue, of record: HostileCorpus.Case, offset: Int64, pool: PostgresPool) async throws {
        let name = record.name
        #expect(letter["topic"]?.stringValue == "cs.inbound" && letter["partition"]?.numberValue == 0 && letter["offset"]?.numberValue == Double(offset),
                "\(name): coordinates \(String(describing: letter["topic"])) \(String(describing: letter["partition"])) \(String(describing: letter["offset"]))")
        // Keys keep their first 1 KiB, headers the first 32 (DeadLetter's bounds).
        #expect(letter["key_base64"]?.stringValue == record.key.map { Data($0.prefix(1024)).base64EncodedString() }, "\(name): key_base64")
        #expect(letter["key_truncated"]?.boolValue == ((record.key?.count ?? 0) > 1024 ? true : nil), "\(name): key_truncated")
        let shown = Data(base64Encoded: letter["value_base64"]?.stringValue ?? "").map(Array.init) ?? []
        let limit = 16 * 1024
        let truncated = record.value.count > limit
        // Booleans, not `==` in #expect: a failure would print megabytes of operands.
        let carried = shown.elementsEqual(record.value.prefix(limit))
        #expect(carried, "\(name): value_base64 holds \(shown.count) bytes of \(record.value.count) (at most \(limit) expected)")
        #expect(letter["value_truncated"]?.boolValue == truncated, "\(name): value_truncated \(String(describing: letter["value_truncated"]))")
        #expect(letter["value_bytes"]?.numberValue == Double(record.value.count), "\(name): value_bytes \(String(describing: letter["value_bytes"]))")
        let digest = try await pool.query("SELECT encode(sha256(decode($1, 'base64')), 'hex')", [Data(record.value).base64EncodedString()])
        #expect(letter["value_sha256"]?.stringValue == (try digest[0].decode(0, as: String.self)), "\(name): value_sha256")
        #expect(letter["headers"]?.objectValue?.count == min(record.headers.count, 32), "\(name): headers kept")
        for header in record.headers.prefix(32) {
            #expect(letter["headers"]?[header.name]?.stringValue == header.stringValue, "\(name): header \(header.name)")
        }
    }

    /// The output belongs to the message's tenant, conversation and bot, and its history row holds the question verbatim.
    private func checkOutput(_ output: OutputRecord, answering inbound: Inbound, bot: String?, name: String, pool: PostgresPool) async throws {
        func bytes(_ value: JSONValue?) -> [UInt8]? { value?.stringValue.map { Array($0.utf8) } }
        #expect(bytes(output.json["tenant_id"]) == Array(inbound.tenant.utf8), "\(name): tenant_id")
        #expect(bytes(output.json["conversation_id"]) == Array(inbound.conversation.utf8), "\(name): conversation_id")
        #expect(output.message.key == Array(inbound.conversation.utf8), "\(name): the output's key is the conversation")
        #expect(output.header("tenant-id").map { Array($0.utf8) } == Array(inbound.tenant.utf8), "\(name): tenant-id header")
        #expect(output.json["bot_id"]?.stringValue == bot, "\(name): answered by bot \(String(describing: output.json["bot_id"])), the tenant's is \(bot ?? "none")")
        let rows = try await pool.query(
            "SELECT tenant_id, conversation_id, message_ids, question FROM reply_history WHERE output_id = $1", [output.id])
        guard rows.count == 1, let row = rows.first else {
            Issue.record("\(name): \(rows.count) reply_history rows for output \(output.id)")
            return
        }
        #expect(Array(try row.decode(0, as: String.self).utf8) == Array(inbound.tenant.utf8), "\(name): history tenant_id")
        #expect(Array(try row.decode(1, as: String.self).utf8) == Array(inbound.conversation.utf8), "\(name): history conversation_id")
        #expect(try row.decode(2, as: [String].self).map { Array($0.utf8) } == [Array(inbound.messageID.utf8)], "\(name): history message_ids")
        let question = try row.decode(3, as: String.self)
        let verbatim = question.utf8.elementsEqual(inbound.text.utf8)
        #expect(verbatim, "\(name): history question \(question.prefix(60).debugDescription)")
    }

    /// After the worker stopped, its group's committed position is the end of cs.inbound: a record
    /// produced now is the first one the group reads.
    private func checkCommitsReachTheEnd(_ fixture: WorkerFixture) async throws {
        let sentinel = "corpus-sentinel-\(UUID())"
        try await fixture.producer.send(topic: "cs.inbound", key: sentinel, value: sentinel)
        var configuration = KafkaConsumerConfiguration(bootstrapServers: fixture.cluster.bootstrapServers, groupID: "aics-workers")
        configuration.sessionTimeoutMilliseconds = 3000
        configuration.heartbeatIntervalMilliseconds = 100
        let consumer = try KafkaConsumer(configuration: configuration, topics: ["cs.inbound"])
        let first = try? await Deadline.run(20, "reading after the worker's committed position") { () async -> KafkaMessage? in
            for await event in consumer.events {
                if case .message(let message) = event { return message }
            }
            return nil
        }
        await consumer.close()
        #expect(first?.valueString == sentinel,
                "the worker's commits stop before offset \(first?.offset.description ?? "?"): \(first?.valueString?.prefix(80).debugDescription ?? "nothing read")")
    }
}
