import Foundation
import JSON
import Kafka
import Postgres
import Testing

@Suite("Reply timers across worker processes: one SIGKILLed while timers are pending",
       .enabled(if: WorkerFixture.isConfigured && AICSBinary.path != nil, "needs AICS_TEST_DATABASE_URL and a built .build/debug/aics"))
struct ReplyTimerCrashTests {
    @Test("every pending timer fires exactly once: one reply_timeout reply per conversation, none twice, none lost")
    func sigkillWithPendingTimers() async throws {
        try await WorkerFixture.with(partitions: 4) { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "auto")
            try await fixture.pool.execute("UPDATE bindings SET reply_timeout_ms = 6000 WHERE tenant_id = $1", [tenant])
            let first = try WorkerProcessLauncher.launch(fixture, group: "timer-group").process
            let second = try WorkerProcessLauncher.launch(fixture, group: "timer-group").process
            defer {
                if first.isRunning { kill(first.processIdentifier, SIGKILL) }
                if second.isRunning { kill(second.processIdentifier, SIGKILL) }
            }
            try await fixture.sendEvent(tenant: tenant, type: "agent_status", ["agent_id": .string("li"), "status": .string("online")])
            try await eventually("presence applied", seconds: 60) {
                try await fixture.pool.query("SELECT count(*) FROM agent_presence WHERE tenant_id = $1", [tenant])[0].decode(0, as: Int.self) == 1
            }
            let conversations = 40
            for index in 0..<conversations {
                try await fixture.send(id: "m\(index)", tenant: tenant, conversation: "c\(index)", text: "How long does shipping take?", agent: "li")
            }
            // Every suggestion is out, so every timer is stored; then one worker dies before they are due.
            try await eventually("timers stored", seconds: 60) {
                try await fixture.pool.query(
                    "SELECT count(*) FROM reply_timers WHERE tenant_id = $1 AND state = 'pending'", [tenant])[0].decode(0, as: Int.self) == conversations
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            try await eventually("every timer sent by the survivor", seconds: 60) {
                try await fixture.pool.query(
                    "SELECT count(*) FROM reply_timers WHERE tenant_id = $1 AND state = 'sent'", [tenant])[0].decode(0, as: Int.self) == conversations
            }
            let replies = try await fixture.collect(from: ["cs.replies"], seconds: 8) { _ in false }.map(OutputRecord.init)
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()
            print("reply timers: \(replies.count) replies for \(conversations) pending timers after one SIGKILL")
            let byMessage = Dictionary(grouping: replies, by: \.inReplyTo)
            #expect(byMessage.count == conversations)
            #expect(replies.count == conversations, "no timer fired twice")
            #expect(replies.allSatisfy { $0.reason == "reply_timeout" && $0.kind == "answer" })
            let history = try await fixture.pool.query(
                "SELECT count(*) FROM reply_history WHERE tenant_id = $1 AND reason = 'reply_timeout'", [tenant])
            #expect(try history[0].decode(0, as: Int.self) == conversations)
        }
    }

    @Test("a timer claimed by a worker that died (firing, lease run out) is sent by another with the same bytes")
    func expiredLeaseIsTakenOver() async throws {
        try await WorkerFixture.with { fixture in
            let tenant = "t-\(UUID())"
            let bot = try await fixture.localBot(tenant: tenant)
            try await fixture.bind(tenant: tenant, account: "acct", bot: bot, mode: "auto")
            let payload = #"{"reply_id":"r-lease","kind":"answer","reason":"reply_timeout","tenant_id":"\#(tenant)","conversation_id":"c1","in_reply_to":["m1"],"bot_id":"\#(bot.uuidString.lowercased())","provider":"local","text":"We ship within 24 hours on weekdays.","sources":[],"created_at":"2026-12-07T00:00:00.000Z"}"#
            // As a killed worker leaves it: claimed (firing), its lease over, not sent.
            try await fixture.pool.execute("""
                INSERT INTO reply_timers (tenant_id, account_id, conversation_id, message_ids, suggestion_id, reply_id, reply_topic, reply_payload,
                                          bot_id, provider, question, answer, takeover_pause_ms, customer_at, due_at, state, lease_until, fired_at)
                VALUES ($1, 'acct', 'c1', ARRAY['m1'], 's-lease', 'r-lease', 'cs.replies', $2, $3::uuid, 'local', 'q', 'a', 1800000,
                        now() - interval '1 minute', now() - interval '40 seconds', 'firing', now() - interval '1 second', now() - interval '31 seconds')
                """, [tenant, payload, bot.uuidString.lowercased()])
            try await fixture.withWorker { _ in
                let replies = try await fixture.read(1, from: ["cs.replies"]).map(OutputRecord.init)
                #expect(String(decoding: replies[0].message.value, as: UTF8.self) == payload)
                try await eventually("marked sent with its history row") {
                    try await fixture.pool.query(
                        "SELECT count(*) FROM reply_timers t JOIN reply_history h ON h.output_id = t.reply_id WHERE t.tenant_id = $1 AND t.state = 'sent'",
                        [tenant])[0].decode(0, as: Int.self) == 1
                }
            }
        }
    }
}
