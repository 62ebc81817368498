import Catalog
import Foundation
import JSON
import Kafka
import Pipeline
import Postgres
import Testing

/// Conversation behaviour end to end: a real worker (its whole service group: intake, the
/// agent-events consumer, the reply timers), embedded Kafka, Postgres.
@Suite("Conversation behaviour: auto mode, takeover, handoff, content, feedback", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct ConversationBehaviourTests {
    @Test("auto: agent online → suggestion, then the reply_timeout reply; agent writes first → no reply; agent offline or outside working hours → immediate reply")
    func autoMode() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "auto", bot: bot, mode: "auto")
            try await fixture.bind(tenant: tenant, account: "closed", bot: bot, mode: "auto")
            try await fixture.pool.execute("UPDATE bindings SET reply_timeout_ms = 8000 WHERE tenant_id = $1", [tenant])
            // Working hours on Mondays only from 00:00 to 00:01 in UTC: practically always closed.
            try await fixture.pool.execute(
                #"UPDATE bindings SET working_hours = '{"timezone": "UTC", "days": {"mon": [["00:00", "00:01"]]}}' WHERE tenant_id = $1 AND account_id = 'closed'"#,
                [tenant])
            try await fixture.withWorker { _ in
                try await fixture.sendEvent(tenant: tenant, type: "agent_status", ["agent_id": .string("li"), "status": .string("online")])
                try await fixture.sendEvent(tenant: tenant, type: "agent_status", ["agent_id": .string("wang"), "status": .string("offline")])
                try await eventually("presence applied") {
                    try await fixture.pool.query("SELECT count(*) FROM agent_presence WHERE tenant_id = $1", [tenant])[0].decode(0, as: Int.self) == 2
                }
                try await fixture.send(id: "m-silent", tenant: tenant, account: "auto", conversation: "c-silent", text: "How long does shipping take?", agent: "li")
                try await fixture.send(id: "m-answered", tenant: tenant, account: "auto", conversation: "c-answered", text: "What is your return policy?", agent: "li")
                try await fixture.send(id: "m-offline", tenant: tenant, account: "auto", conversation: "c-offline", text: "How long does shipping take?", agent: "wang")
                try await fixture.send(id: "m-closed", tenant: tenant, account: "closed", conversation: "c-closed", text: "How long does shipping take?", agent: "li")
                let suggestions = try await fixture.read(2, from: ["cs.suggestions"]).map(OutputRecord.init)
                #expect(Set(suggestions.map(\.inReplyTo)) == ["m-silent", "m-answered"])
                // The agent answers c-answered before its timeout.
                try await fixture.sendEvent(tenant: tenant, type: "agent_message", ["agent_id": .string("li"), "conversation_id": .string("c-answered")])

                let replies = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                let byMessage = Dictionary(grouping: replies, by: \.inReplyTo)
                #expect(byMessage["m-offline"]?.first?.kind == "answer" && byMessage["m-offline"]?.first?.reason == nil)
                #expect(byMessage["m-closed"]?.first?.kind == "answer")
                let seen = replies.map { "\($0.inReplyTo):\($0.kind):\($0.reason ?? "-")" }
                let timeout = try #require(byMessage["m-silent"]?.first, "replies: \(seen)")
                let suggestion = try #require(suggestions.first { $0.inReplyTo == "m-silent" })
                #expect(timeout.reason == "reply_timeout" && timeout.kind == "answer")
                #expect(timeout.text == suggestion.text && timeout.id != suggestion.id && timeout.id.hasPrefix("r-"))
                for record in replies {
                    #expect(TopicSchemas().validator(for: "cs.replies").validate(record.json).isEmpty)
                }
                // Nothing more: c-answered got no reply, and nobody got two.
                let all = try await fixture.collect(from: ["cs.replies"], seconds: 4) { _ in false }.map(OutputRecord.init)
                #expect(all.count == 3, "\(all.map(\.inReplyTo))")
                let timers = try await fixture.pool.query(
                    "SELECT conversation_id, state, coalesce(cancel_reason, '') FROM reply_timers WHERE tenant_id = $1 ORDER BY conversation_id", [tenant])
                let states = try timers.map { "\(try $0.decode(0, as: String.self)):\(try $0.decode(1, as: String.self)):\(try $0.decode(2, as: String.self))" }
                #expect(states == ["c-answered:cancelled:agent_replied", "c-silent:sent:"], "replies: \(seen)")
                try await eventually("history of the timeout reply") {
                    let rows = try await fixture.pool.query(
                        "SELECT mode, kind, outcome, reason, answer FROM reply_history WHERE output_id = $1", [timeout.id])
                    guard let row = rows.first else { return false }
                    return try row.decode(0, as: String.self) == "auto" && row.decode(3, as: String.self) == "reply_timeout"
                        && row.decode(4, as: String.self) == suggestion.text
                }
            }
        }
    }

    @Test("takeover pauses automatic replies (suggestions go on), release resumes them")
    func takeoverAndRelease() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.withWorker { _ in
                try await fixture.sendEvent(tenant: tenant, type: "conversation_takeover", ["agent_id": .string("li"), "conversation_id": .string("c1")])
                try await eventually("takeover applied") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM conversation_state WHERE tenant_id = $1 AND taken_over_by = 'li'", [tenant])[0].decode(0, as: Int.self) == 1
                }
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
                let suggestion = try await fixture.read(1, from: ["cs.suggestions"]).map(OutputRecord.init)
                #expect(suggestion.first?.inReplyTo == "m1")
                try await fixture.sendEvent(tenant: tenant, type: "conversation_release", ["agent_id": .string("li"), "conversation_id": .string("c1")])
                try await eventually("release applied") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM conversation_state WHERE tenant_id = $1 AND released_at IS NOT NULL AND taken_over_by IS NULL",
                        [tenant])[0].decode(0, as: Int.self) == 1
                }
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c1", text: "What is your return policy?")
                let reply = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(reply.first?.inReplyTo == "m2" && reply.first?.kind == "answer")
            }
        }
    }

    @Test("handoff for a keyword, no answer and a failing provider; silence after it until an agent writes")
    func handoffs() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            let failing = try await fixture.localBot(tenant: tenant, name: "failing")
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.bind(tenant: tenant, account: "broken", bot: failing, mode: "hosted")
            try await fixture.pool.execute(
                "UPDATE bindings SET handoff_text = '正在为您转接人工客服' WHERE tenant_id = $1 AND account_id = 'acct'", [tenant])
            let factory = CountingProviderFactory(base: fixture.providerFactory, failingBots: [failing])
            try await fixture.withWorker(factory: factory) { _ in
                // Default keywords (the binding names none).
                try await fixture.send(id: "m-kw", tenant: tenant, conversation: "c-kw", text: "请帮我转人工")
                try await fixture.send(id: "m-none", tenant: tenant, conversation: "c-none", text: "quantum chromodynamics lattice")
                try await fixture.send(id: "m-fail", tenant: tenant, account: "broken", conversation: "c-fail", text: "How long does shipping take?")
                let handoffs = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                let reasons = Dictionary(uniqueKeysWithValues: handoffs.map { ($0.inReplyTo, "\($0.kind):\($0.reason ?? "-")") })
                #expect(reasons == ["m-kw": "handoff:customer_requested_human", "m-none": "handoff:no_answer", "m-fail": "handoff:provider_failing"])
                // The binding's handoff text goes with its handoffs (the other binding has none).
                #expect(handoffs.first { $0.inReplyTo == "m-kw" }?.text == "正在为您转接人工客服")
                #expect(handoffs.first { $0.inReplyTo == "m-fail" }?.text == "")
                // Silence: the next message of c-kw becomes a suggestion for the agent.
                try await fixture.send(id: "m-kw-2", tenant: tenant, conversation: "c-kw", text: "What is your return policy?")
                let suggestion = try await fixture.read(1, from: ["cs.suggestions"]).map(OutputRecord.init)
                #expect(suggestion.first?.inReplyTo == "m-kw-2")
                // An agent writes, the pause after it is 0: automatic replies resume.
                try await fixture.pool.execute("UPDATE bindings SET takeover_pause_ms = 0 WHERE tenant_id = $1", [tenant])
                try await fixture.sendEvent(tenant: tenant, type: "agent_message", ["agent_id": .string("li"), "conversation_id": .string("c-kw")])
                try await eventually("agent message applied") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM conversation_state WHERE tenant_id = $1 AND conversation_id = 'c-kw' AND last_agent_message_at IS NOT NULL",
                        [tenant])[0].decode(0, as: Int.self) == 1
                }
                try await Task.sleep(for: .milliseconds(1200))  // the binding change reaches the cache (NOTIFY)
                try await fixture.send(id: "m-kw-3", tenant: tenant, conversation: "c-kw", text: "How long does shipping take?")
                let replies = try await fixture.read(4, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.contains { $0.inReplyTo == "m-kw-3" && $0.kind == "answer" })
            }
        }
    }

    @Test("an image is routed by the binding (skip or handoff), never dead-lettered")
    func contentOtherThanText() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "skip", bot: bot, mode: "hosted")
            try await fixture.bind(tenant: tenant, account: "handoff", bot: bot, mode: "hosted")
            try await fixture.pool.execute("UPDATE bindings SET unsupported_content = 'handoff' WHERE tenant_id = $1 AND account_id = 'handoff'", [tenant])
            try await fixture.withWorker { _ in
                try await fixture.send(id: "m-img-1", tenant: tenant, account: "skip", conversation: "c1", content: ["type": .string("image"), "url": .string("https://files.example/1.jpg")])
                try await fixture.send(id: "m-img-2", tenant: tenant, account: "handoff", conversation: "c2", content: ["type": .string("voice")])
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(replies.first?.inReplyTo == "m-img-2" && replies.first?.kind == "handoff" && replies.first?.reason == "unsupported_content")
                try await eventually("image skipped") {
                    let rows = try await fixture.pool.query(
                        "SELECT outcome, outcome_reason FROM inbound_messages WHERE tenant_id = $1 AND message_id = 'm-img-1'", [tenant])
                    guard let row = rows.first, let outcome: String = try row.decode(0) else { return false }
                    let reason: String? = try row.decode(1)
                    return outcome == "skip" && reason == "unsupported_content"
                }
                // Both images have their outcome in the ledger; none is a dead letter.
                let outcomes = try await fixture.pool.query(
                    "SELECT message_id, outcome FROM inbound_messages WHERE tenant_id = $1 ORDER BY message_id", [tenant])
                #expect(try outcomes.map { try $0.decode(1, as: String.self) } == ["skip", "handoff"])
            }
        }
    }

    @Test("a burst of five messages within the merge window gets one answer listing the five ids, oldest first; the others are recorded as merged")
    func burst() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted")
            try await fixture.pool.execute("UPDATE bindings SET merge_window_ms = 2500 WHERE tenant_id = $1", [tenant])
            try await fixture.withWorker { _ in
                let texts = ["hi", "one question", "How long does shipping take?", "to Shanghai", "thanks"]
                for (index, text) in texts.enumerated() {
                    try await fixture.send(id: "m\(index + 1)", tenant: tenant, conversation: "c1", text: text)
                }
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                let ids = replies[0].json["in_reply_to"]?.arrayValue?.compactMap(\.stringValue)
                #expect(ids == ["m1", "m2", "m3", "m4", "m5"])
                #expect(replies[0].kind == "answer" && replies[0].text == "We ship within 24 hours on weekdays.")
                // After the window: a message of its own.
                try await fixture.send(id: "m6", tenant: tenant, conversation: "c1", text: "What is your return policy?")
                let all = try await fixture.read(2, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(all.last?.json["in_reply_to"]?.arrayValue?.compactMap(\.stringValue) == ["m6"])
                let extra = try await fixture.collect(from: ["cs.replies"], seconds: 6) { _ in false }
                #expect(extra.count == 2)
                try await eventually("ledger and history") {
                    let merged = try await fixture.pool.query(
                        "SELECT count(*) FROM inbound_messages WHERE tenant_id = $1 AND outcome = 'skip' AND outcome_reason = 'merged' AND output_id = $2",
                        [tenant, replies[0].id])[0].decode(0, as: Int.self)
                    let rows = try await fixture.pool.query(
                        "SELECT message_ids, question FROM reply_history WHERE tenant_id = $1 AND output_id = $2", [tenant, replies[0].id])
                    guard merged == 4, let row = rows.first else { return false }
                    return try row.decode(0, as: [String].self) == ["m1", "m2", "m3", "m4", "m5"]
                        && row.decode(1, as: String.self) == texts.joined(separator: "\n")
                }
                let newest = try await fixture.pool.query(
                    "SELECT outcome FROM inbound_messages WHERE tenant_id = $1 AND message_id = 'm5'", [tenant])
                #expect(try newest[0].decode(0, as: String.self) == "reply")
            }
        }
    }

    @Test("content rules: output words replaced or blocked never reach the customer; input words hand off or block; the history names the rule")
    func contentRules() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "hosted", fallback: "An agent will answer you shortly.")
            let rules = ContentRuleStore(pool: fixture.pool)
            try await rules.set(ContentRule(tenantID: tenant, appliesTo: .output, word: "24 HOURS", action: .replace, replacement: "one day"))
            try await rules.set(ContentRule(tenantID: tenant, appliesTo: .output, word: "full refund", action: .block))
            try await rules.set(ContentRule(tenantID: tenant, appliesTo: .input, word: "投诉", action: .handoff))
            try await rules.set(ContentRule(tenantID: tenant, appliesTo: .input, word: "casino", action: .block))
            // Another tenant's rule never applies here.
            try await rules.set(ContentRule(tenantID: "other-\(tenant)", appliesTo: .output, word: "weekdays", action: .block))
            try await fixture.withWorker { _ in
                try await fixture.send(id: "m1", tenant: tenant, conversation: "c1", text: "How long does shipping take?")
                try await fixture.send(id: "m2", tenant: tenant, conversation: "c2", text: "What is your return policy?")
                try await fixture.send(id: "m3", tenant: tenant, conversation: "c3", text: "我要投诉")
                try await fixture.send(id: "m4", tenant: tenant, conversation: "c4", text: "best casino bonus")
                let replies = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                let byMessage = Dictionary(uniqueKeysWithValues: replies.map { ($0.inReplyTo, $0) })
                #expect(byMessage["m1"]?.text == "We ship within one day on weekdays.")
                #expect(byMessage["m2"]?.kind == "fallback" && byMessage["m2"]?.text == "An agent will answer you shortly.")
                #expect(byMessage["m3"]?.kind == "handoff" && byMessage["m3"]?.reason == "content_rule")
                for reply in replies {
                    let bytes = String(decoding: reply.message.value, as: UTF8.self)
                    #expect(!bytes.contains("full refund") && !bytes.contains("24 hours"), "\(bytes)")
                }
                try await eventually("history and the skip") {
                    let rows = try await fixture.pool.query(
                        "SELECT count(*) FROM reply_history WHERE tenant_id = $1 AND content_rule IS NOT NULL", [tenant])
                    let skip = try await fixture.pool.query(
                        "SELECT outcome_reason FROM inbound_messages WHERE tenant_id = $1 AND message_id = 'm4' AND outcome = 'skip'", [tenant])
                    return try rows[0].decode(0, as: Int.self) == 3 && skip.count == 1
                }
                let fired = try await fixture.pool.query(
                    "SELECT content_rule FROM reply_history WHERE tenant_id = $1 AND 'm2' = ANY(message_ids)", [tenant])
                #expect(try fired[0].decode(0, as: String.self).hasPrefix("output:block#"))
            }
        }
    }

    @Test("hosted: a slow answer is preceded by one holding message; a fast one is not")
    func holdingMessage() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let slow = try await fixture.localBot(tenant: tenant, name: "slow")
            let fast = try await fixture.localBot(tenant: tenant, name: "fast")
            try await fixture.bind(tenant: tenant, account: "slow", bot: slow, mode: "hosted")
            try await fixture.bind(tenant: tenant, account: "fast", bot: fast, mode: "hosted")
            try await fixture.pool.execute(
                "UPDATE bindings SET holding_after_ms = 300, holding_text = '正在为您查询，请稍候' WHERE tenant_id = $1", [tenant])
            let factory = CountingProviderFactory(base: fixture.providerFactory, delays: [slow: .milliseconds(1500)])
            try await fixture.withWorker(factory: factory) { _ in
                try await fixture.send(id: "m-slow", tenant: tenant, account: "slow", conversation: "c-slow", text: "How long does shipping take?")
                try await fixture.send(id: "m-fast", tenant: tenant, account: "fast", conversation: "c-fast", text: "How long does shipping take?")
                let replies = try await fixture.read(3, from: ["cs.replies"]).map(OutputRecord.init)
                let slowOnes = replies.filter { $0.inReplyTo == "m-slow" }
                #expect(slowOnes.map(\.kind) == ["holding", "answer"], "\(replies.map { "\($0.inReplyTo):\($0.kind)" })")
                #expect(slowOnes.first?.text == "正在为您查询，请稍候")
                #expect(replies.filter { $0.inReplyTo == "m-fast" }.map(\.kind) == ["answer"])
                for reply in replies { #expect(TopicSchemas().validator(for: "cs.replies").validate(reply.json).isEmpty) }
                let extra = try await fixture.collect(from: ["cs.replies"], seconds: 6) { _ in false }
                #expect(extra.count == 3)
            }
        }
    }

    @Test("suggestion feedback lands on the history row; an analyst tells sent as is, edited and dismissed apart")
    func feedback() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "assist")
            try await fixture.withWorker { _ in
                for (index, conversation) in ["c1", "c2", "c3"].enumerated() {
                    try await fixture.send(id: "m\(index)", tenant: tenant, conversation: conversation, text: "What is your return policy?")
                }
                let suggestions = try await fixture.read(3, from: ["cs.suggestions"]).map(OutputRecord.init)
                try await eventually("suggestion history") {
                    try await fixture.pool.query("SELECT count(*) FROM reply_history WHERE tenant_id = $1", [tenant])[0].decode(0, as: Int.self) == 3
                }
                let byConversation = Dictionary(uniqueKeysWithValues: suggestions.map { ($0.json["conversation_id"]?.stringValue ?? "", $0) })
                func feedback(_ conversation: String, _ action: String, final: String? = nil) async throws {
                    var fields: [String: JSONValue] = [
                        "agent_id": .string("li"), "conversation_id": .string(conversation),
                        "suggestion_id": .string(byConversation[conversation]!.id), "action": .string(action),
                    ]
                    if let final { fields["final_text"] = .string(final) }
                    try await fixture.sendEvent(tenant: tenant, type: "suggestion_feedback", fields)
                }
                let original = byConversation["c2"]!.text
                try await feedback("c1", "sent_as_is")
                try await feedback("c2", "edited", final: original + " Thanks!")
                try await feedback("c3", "dismissed")
                // Unknown suggestion (another conversation's id): a dead letter, nothing changed.
                try await fixture.sendEvent(tenant: tenant, type: "suggestion_feedback", [
                    "agent_id": .string("li"), "conversation_id": .string("c9"), "suggestion_id": .string(byConversation["c1"]!.id),
                    "action": .string("dismissed"),
                ])
                try await eventually("feedback applied") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM reply_history WHERE tenant_id = $1 AND feedback IS NOT NULL", [tenant])[0].decode(0, as: Int.self) == 3
                }
                let edited = try await fixture.pool.query(
                    "SELECT feedback_text, feedback_edit_distance, feedback_latency_ms FROM reply_history WHERE output_id = $1", [byConversation["c2"]!.id])
                #expect(try edited[0].decode(0, as: String.self) == original + " Thanks!")
                #expect(try edited[0].decode(1, as: Int.self) == 8)
                #expect(try edited[0].decode(2, as: Int.self) >= 0)
                let adoption = try await fixture.pool.query(
                    "SELECT sent_as_is, edited, dismissed FROM analytics_suggestion_adoption WHERE tenant_id = $1", [tenant])
                #expect(try adoption[0].decode(0, as: Int.self) == 1 && adoption[0].decode(1, as: Int.self) == 1 && adoption[0].decode(2, as: Int.self) == 1)
                // A broken event goes to the dead-letter topic too, and the events after it are applied.
                try await fixture.producer.send(topic: "cs.agent-events", key: Array("c1".utf8), value: Array("not json".utf8))
                try await fixture.sendEvent(tenant: tenant, type: "agent_status", ["agent_id": .string("li"), "status": .string("away")])
                let letters = try await fixture.read(2, from: ["cs.dead-letter"]).map { try JSONParser.parse($0.value) }
                #expect(letters.allSatisfy { $0["topic"]?.stringValue == "cs.agent-events" })
                #expect(Set(letters.compactMap { $0["error_kind"]?.stringValue }) == ["unknown_reference", "not_json"])
                try await eventually("the event after the broken one") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM agent_presence WHERE tenant_id = $1 AND status = 'away'", [tenant])[0].decode(0, as: Int.self) == 1
                }
            }
        }
    }
}

extension WorkerFixture {
    /// A `cs.agent-events` record of `type` with the common members plus `fields`.
    func sendEvent(tenant: String, type: String, _ fields: [String: JSONValue], at time: Date = Date()) async throws {
        var object = fields
        object["type"] = .string(type)
        object["event_id"] = .string("e-\(UUID())")
        object["tenant_id"] = .string(tenant)
        object["occurred_at"] = .string(Timestamps.rfc3339(time))
        let key = fields["conversation_id"]?.stringValue ?? fields["agent_id"]?.stringValue ?? ""
        try await producer.send(topic: "cs.agent-events", key: Array(key.utf8), value: JSONWriter.bytes(.object(object)))
    }

    /// A text message with the conversation's agent.
    func send(id: String, tenant: String, account: String = "acct", conversation: String, text: String, agent: String) async throws {
        try await send(id: id, tenant: tenant, account: account, conversation: conversation, content: ["type": .string("text"), "text": .string(text)], agent: agent)
    }

    /// A message with any `content` (image, voice, ...).
    func send(id: String, tenant: String, account: String = "acct", conversation: String, content: [String: JSONValue], agent: String? = nil) async throws {
        var document: [String: JSONValue] = [
            "message_id": .string(id), "tenant_id": .string(tenant), "account_id": .string(account), "channel": .string("wecom"),
            "conversation_id": .string(conversation), "customer": .object(["id": .string("cust-\(conversation)")]),
            "content": .object(content), "sent_at": .string("2026-11-25T02:40:00Z"),
        ]
        if let agent { document["agent_id"] = .string(agent) }
        try await producer.send(topic: "cs.inbound", key: Array(conversation.utf8), value: JSONWriter.bytes(.object(document)))
    }
}
