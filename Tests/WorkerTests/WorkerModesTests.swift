import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

@Suite("Worker: modes, outputs and the ledger", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct WorkerModesTests {
    @Test("assist → suggestion with sources, hosted → reply, off → recorded skip, keywords and no answer → handoffs; outputs follow the schemas")
    func modes() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "assist", bot: bot, mode: "assist")
            try await fixture.bind(tenant: tenant, account: "hosted", bot: bot, mode: "hosted", keywords: ["转人工", "human"])
            try await fixture.bind(tenant: tenant, account: "off", bot: nil, mode: "off")
            let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            try await fixture.withWorker { _ in
                try await fixture.send(id: "\(tenant)-1", tenant: tenant, account: "assist", conversation: "c1", text: "How long does shipping take?",
                                       headers: [KafkaHeader(name: "traceparent", value: trace)])
                try await fixture.send(id: "\(tenant)-2", tenant: tenant, account: "hosted", conversation: "c2", text: "What is your return policy?")
                try await fixture.send(id: "\(tenant)-3", tenant: tenant, account: "off", conversation: "c3", text: "hello")
                try await fixture.send(id: "\(tenant)-4", tenant: tenant, account: "hosted", conversation: "c4", text: "转人工")
                try await fixture.send(id: "\(tenant)-5", tenant: tenant, account: "hosted", conversation: "c5", text: "quantum chromodynamics lattice")
                try await fixture.send(id: "\(tenant)-6", tenant: tenant, account: "assist", conversation: "c6", text: "quantum chromodynamics lattice")
                try await fixture.send(id: "\(tenant)-7", tenant: tenant, account: "nobody", conversation: "c7", text: "hello")
                let records = try await fixture.read(5, from: ["cs.suggestions", "cs.replies"]).map(OutputRecord.init)
                let byMessage = Dictionary(uniqueKeysWithValues: records.map { ($0.inReplyTo, $0) })
                let schemas = TopicSchemas()
                for record in records {
                    let violations = schemas.validator(for: record.message.topic).validate(record.json)
                    #expect(violations.isEmpty, "\(record.message.topic): \(violations)")
                    #expect(record.header("content-type") == "application/json")
                    #expect(record.header("tenant-id") == tenant)
                    #expect(record.message.keyString == record.json["conversation_id"]?.stringValue)
                }
                let suggestion = try #require(byMessage["\(tenant)-1"])
                #expect(suggestion.message.topic == "cs.suggestions")
                #expect(suggestion.text == "We ship within 24 hours on weekdays.")
                #expect(suggestion.sourceCount > 0)
                #expect(suggestion.header("traceparent") == trace)
                let reply = try #require(byMessage["\(tenant)-2"])
                #expect(reply.message.topic == "cs.replies" && reply.kind == "answer")
                #expect(reply.text.contains("30 days"))
                #expect(byMessage["\(tenant)-4"]?.kind == "handoff" && byMessage["\(tenant)-4"]?.reason == "customer_requested_human")
                #expect(byMessage["\(tenant)-5"]?.kind == "handoff" && byMessage["\(tenant)-5"]?.reason == "no_answer")
                #expect(byMessage["\(tenant)-6"]?.kind == "suggestion_failed")
                #expect(byMessage["\(tenant)-3"] == nil && byMessage["\(tenant)-7"] == nil)

                // Every message has exactly one outcome in the ledger; skips carry their reason.
                try await eventually("ledger complete") {
                    let rows = try await fixture.pool.query(
                        "SELECT count(*) FROM inbound_messages WHERE tenant_id = $1 AND state = 'published'", [tenant])
                    return try rows[0].decode(0, as: Int.self) == 7
                }
                let skips = try await fixture.pool.query(
                    "SELECT message_id, outcome_reason FROM inbound_messages WHERE tenant_id = $1 AND outcome = 'skip' ORDER BY message_id", [tenant])
                #expect(try skips.map { try $0.decode(1, as: String.self) } == ["mode_off", "no_binding"])
                try await eventually("history written") {
                    let rows = try await fixture.pool.query("SELECT count(*) FROM reply_history WHERE tenant_id = $1", [tenant])
                    return try rows[0].decode(0, as: Int.self) == 5
                }
                let history = try await fixture.pool.query(
                    "SELECT mode, provider, kind, outcome, question, answer, jsonb_array_length(sources) FROM reply_history WHERE output_id = $1",
                    [suggestion.id])
                #expect(try history[0].decode(0, as: String.self) == "assist")
                #expect(try history[0].decode(2, as: String.self) == "suggestion")
                #expect(try history[0].decode(4, as: String.self) == "How long does shipping take?")
                #expect(try history[0].decode(6, as: Int.self) > 0)
            }
        }
    }

    @Test("a mode change in Postgres reaches a running worker without restart")
    func modeChange() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "assist")
            try await fixture.withWorker { _ in
                try await fixture.send(id: "\(tenant)-1", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
                _ = try await fixture.read(1, from: ["cs.suggestions"])
                try await fixture.pool.execute("UPDATE bindings SET mode = 'hosted' WHERE tenant_id = $1", [tenant])
                // NOTIFY empties the cache; the 30 s TTL alone would be far too slow for this test.
                try await Task.sleep(for: .milliseconds(1000))
                try await fixture.send(id: "\(tenant)-2", tenant: tenant, conversation: "c1", text: "What is your return policy?")
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.first?.inReplyTo == "\(tenant)-2")
                #expect(replies.first?.kind == "answer")
            }
        }
    }
}

/// Polls `condition` until it holds, failing after `seconds`.
func eventually(_ what: String, seconds: Double = 20, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    _ = try await Deadline.run(seconds, what) {
        while try await !condition() { try await Task.sleep(for: .milliseconds(50)) }
        return true
    }
}
