import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

/// The checks of one corpus record's outcome against what the worker published and stored.
struct HostileCorpusChecks {
    let published: PublishedOutcomes
    let pool: PostgresPool
    /// Bot id (lowercase) by tenant id bytes.
    let bots: [[UInt8]: String]
    /// How many redeliveries follow each case name.
    let redeliveries: [String: Int]
    let deadLetterValidator = TopicSchemas().validator(for: "cs.dead-letter")

    func check(_ record: HostileCorpus.Case, offset: Int64) async throws {
        let inbound = InboundFields(record.value)
        let seen = published.observed(offset: offset, inbound)
        let letters = published.deadLetters[offset] ?? []
        switch record.expected {
        case .deadLetter(let kind, let contains):
            guard letters.count == 1, let letter = letters.first else {
                Issue.record("\(record.name): expected one dead letter \(kind), got: \(seen)")
                return
            }
            #expect(letter["error_kind"]?.stringValue == kind, "\(record.name): expected dead letter \(kind), got: \(seen)")
            let error = letter["error"]?.stringValue ?? ""
            #expect(!error.utf8.contains(0), "\(record.name): the reason carries a U+0000 itself")
            for fragment in contains {
                #expect(error.contains(fragment), "\(record.name): the error should mention \(fragment.debugDescription): \(error)")
            }
            try await checkDeadLetter(letter, of: record, offset: offset)
            if let inbound {
                #expect(published.outputs[inbound.key] == nil, "\(record.name): dead-lettered and answered: \(seen)")
            }
        case .answer(let topic, let kind, let reason, let textContains):
            guard let inbound else {
                Issue.record("\(record.name): the corpus expects an answer to a record that does not parse")
                return
            }
            #expect(letters.isEmpty, "\(record.name): expected an answer, got: \(seen)")
            let found = published.outputs[inbound.key] ?? []
            let copies = 1 + (redeliveries[record.name] ?? 0)
            guard found.count == copies, let output = found.first else {
                Issue.record("\(record.name): expected \(copies) output(s) on \(topic), got: \(seen)")
                return
            }
            #expect(Set(found.map(\.message.value)).count == 1, "\(record.name): a redelivery must re-send the same output: \(seen)")
            #expect(output.message.topic == topic && output.kind == kind, "\(record.name): expected \(topic) \(kind), got: \(seen)")
            if let reason {
                #expect(output.reason?.hasPrefix(reason) == true, "\(record.name): expected reason \(reason), got: \(seen)")
            }
            if let textContains {
                #expect(output.text.contains(textContains), "\(record.name): expected an answer with \(textContains.debugDescription), got: \(seen)")
            }
            try await checkOutput(output, answering: inbound, name: record.name)
        case .skip(let reason):
            guard let inbound else {
                Issue.record("\(record.name): the corpus expects a skip of a record that does not parse")
                return
            }
            #expect(letters.isEmpty && published.outputs[inbound.key] == nil, "\(record.name): expected a recorded skip \(reason), got: \(seen)")
            let rows = try await pool.query(
                "SELECT outcome, outcome_reason FROM inbound_messages WHERE tenant_id = $1 AND message_id = $2", [inbound.tenant, inbound.messageID])
            let outcome = try rows.first.map { (try $0.decode(0, as: String?.self), try $0.decode(1, as: String?.self)) }
            #expect(outcome?.0 == "skip" && outcome?.1 == reason, "\(record.name): ledger says \(String(describing: outcome))")
        case .redelivery(let original):
            // The copies are counted and compared at the original.
            #expect(letters.isEmpty, "\(record.name): a redelivery of \(original) was dead-lettered: \(seen)")
        }
    }

    /// The dead letter follows its schema, names where the original was and carries it, or (over
    /// 16 KiB) its first 16 KiB with its size and SHA-256; keys keep 1 KiB, headers the first 32.
    private func checkDeadLetter(_ letter: JSONValue, of record: HostileCorpus.Case, offset: Int64) async throws {
        let name = record.name
        let violations = deadLetterValidator.validate(letter)
        #expect(violations.isEmpty, "\(name): \(violations)")
        #expect(letter["topic"]?.stringValue == "cs.inbound" && letter["partition"]?.numberValue == 0 && letter["offset"]?.numberValue == Double(offset),
                "\(name): coordinates \(String(describing: letter["topic"])) \(String(describing: letter["partition"])) \(String(describing: letter["offset"]))")
        #expect(letter["key_base64"]?.stringValue == record.key.map { Data($0.prefix(1024)).base64EncodedString() }, "\(name): key_base64")
        #expect(letter["key_truncated"]?.boolValue == ((record.key?.count ?? 0) > 1024 ? true : nil), "\(name): key_truncated")
        let shown = Data(base64Encoded: letter["value_base64"]?.stringValue ?? "").map(Array.init) ?? []
        let limit = 16 * 1024
        // Booleans, not `==` in #expect: a failure would print megabytes of operands.
        let carried = shown.elementsEqual(record.value.prefix(limit))
        #expect(carried, "\(name): value_base64 holds \(shown.count) bytes of \(record.value.count) (at most \(limit) expected)")
        #expect(letter["value_truncated"]?.boolValue == (record.value.count > limit), "\(name): value_truncated \(String(describing: letter["value_truncated"]))")
        #expect(letter["value_bytes"]?.numberValue == Double(record.value.count), "\(name): value_bytes \(String(describing: letter["value_bytes"]))")
        let digest = try await pool.query("SELECT encode(sha256(decode($1, 'base64')), 'hex')", [Data(record.value).base64EncodedString()])
        #expect(letter["value_sha256"]?.stringValue == (try digest[0].decode(0, as: String.self)), "\(name): value_sha256")
        #expect(letter["headers"]?.objectValue?.count == min(record.headers.count, 32), "\(name): headers kept")
        for header in record.headers.prefix(32) {
            #expect(letter["headers"]?[header.name]?.stringValue == header.stringValue, "\(name): header \(header.name)")
        }
    }

    /// The output belongs to the message's tenant, conversation and the tenant's bot, and its
    /// history row holds the question verbatim.
    func checkOutput(_ output: OutputRecord, answering inbound: InboundFields, name: String) async throws {
        func bytes(_ value: JSONValue?) -> [UInt8]? { value?.stringValue.map { Array($0.utf8) } }
        let bot = bots[Array(inbound.tenant.utf8)]
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
    static func checkCommitsReachTheEnd(_ fixture: WorkerFixture, group: String) async throws {
        let sentinel = "corpus-sentinel-\(UUID())"
        try await fixture.producer.send(topic: "cs.inbound", key: sentinel, value: sentinel)
        var configuration = KafkaConsumerConfiguration(bootstrapServers: fixture.cluster.bootstrapServers, groupID: group)
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
