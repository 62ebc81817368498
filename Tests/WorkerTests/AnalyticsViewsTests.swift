import Foundation
import Postgres
import Testing

/// The analytics views of migration 0008, checked number by number on rows made for them in a
/// fresh schema (the latency view spans every tenant, so no other test's rows may be there).
@Suite("Analytics views", .enabled(if: WorkerFixture.isConfigured, "needs AICS_TEST_DATABASE_URL (deploy/local/test.sh)"))
struct AnalyticsViewsTests {
    static let day1 = "2026-11-24", day2 = "2026-11-25"

    /// A ledger row, and its history row when it has an output.
    struct Message {
        var id: String
        var day: String
        var time = "12:00:00"
        var outcome: String?
        var reason: String?
        var output: Output?
    }

    struct Output {
        var mode: String
        var provider: String
        var kind: String
        var outcome: String
        var reason: String? = nil
        var latency: Int?
        var feedback: String? = nil
    }

    static let messages: [Message] = [
        Message(id: "m1", day: day1, outcome: "suggestion", output: Output(mode: "assist", provider: "dify", kind: "suggestion", outcome: "suggestion", latency: 100, feedback: "sent_as_is")),
        Message(id: "m2", day: day1, outcome: "suggestion", output: Output(mode: "assist", provider: "dify", kind: "suggestion", outcome: "suggestion", latency: 200, feedback: "edited")),
        Message(id: "m3", day: day1, outcome: "suggestion", output: Output(mode: "assist", provider: "dify", kind: "suggestion", outcome: "suggestion", latency: 300, feedback: "dismissed")),
        Message(id: "m4", day: day1, outcome: "suggestion", output: Output(mode: "assist", provider: "openai", kind: "suggestion", outcome: "suggestion", latency: 1000)),
        Message(id: "m5", day: day1, outcome: "reply", output: Output(mode: "hosted", provider: "openai", kind: "answer", outcome: "reply", latency: 2000)),
        Message(id: "m6", day: day1, outcome: "handoff", reason: "customer_requested_human",
                output: Output(mode: "hosted", provider: "openai", kind: "handoff", outcome: "handoff", reason: "customer_requested_human", latency: nil)),
        Message(id: "m7", day: day1, outcome: "handoff", reason: "no_answer",
                output: Output(mode: "hosted", provider: "dify", kind: "handoff", outcome: "handoff", reason: "no_answer", latency: 400)),
        Message(id: "m8", day: day1, outcome: "skip", reason: "mode_off"),
        Message(id: "m9", day: day1, outcome: "failed", reason: "attempts_exhausted: gave up after 5 attempts; last error: boom"),
        Message(id: "m10", day: day1, time: "23:59:59", outcome: "dead_letter", reason: "tenant TENANT has no bots or bindings"),
        Message(id: "m11", day: day1, outcome: "failed", reason: "provider_failing: retry_later (HTTP 503): down",
                output: Output(mode: "assist", provider: "dify", kind: "suggestion", outcome: "failed", reason: "provider_failing: retry_later (HTTP 503): down", latency: 500)),
        Message(id: "m12", day: day2, time: "00:00:00", outcome: "reply", output: Output(mode: "hosted", provider: "local", kind: "answer", outcome: "reply", latency: 10)),
        Message(id: "m13", day: day2, outcome: nil),
    ]

    static func insert(_ messages: [Message], tenant: String, pool: PostgresPool) async throws {
        for (offset, message) in messages.enumerated() {
            let at = "\(message.day) \(message.time)+00"
            let outputID = message.output.map { _ in "out-\(tenant)-\(message.id)" }
            try await pool.execute("""
                INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset,
                                              state, outcome, outcome_reason, output_id, received_at)
                VALUES ($1, $2, 'acct', $3, 'cs.inbound', 0, $4, $5, $6, $7, $8, $9::timestamptz)
                """, [message.id, tenant, "c-\(message.id)", offset, message.outcome == nil ? "received" : "published",
                      message.outcome, message.reason?.replacingOccurrences(of: "TENANT", with: tenant), outputID, at])
            guard let output = message.output, let outputID else { continue }
            try await pool.execute("""
                INSERT INTO reply_history (output_id, tenant_id, account_id, conversation_id, message_ids, mode, provider, kind, outcome,
                                           reason, question, provider_latency_ms, feedback, created_at)
                VALUES ($1, $2, 'acct', $3, ARRAY[$4], $5, $6, $7, $8, $9, 'question?', $10, $11, $12::timestamptz)
                """, [outputID, tenant, "c-\(message.id)", message.id, output.mode, output.provider, output.kind, output.outcome,
                      output.reason, output.latency, output.feedback, at])
        }
    }

    /// Rows of `sql` as text columns joined by "|", sorted.
    static func rows(_ pool: PostgresPool, _ sql: String, _ tenant: String? = nil) async throws -> [String] {
        let rows = try await pool.query(sql, tenant.map { [$0] } ?? [])
        let width = rows.columns.count
        return rows.map { row in (0..<width).map { row.text($0) ?? "NULL" }.joined(separator: "|") }.sorted()
    }

    @Test("volume, adoption, handoffs, provider latency percentiles and failures, per UTC day")
    func views() async throws {
        try await WorkerFixture.with(partitions: 1, poolSize: 2) { fixture in
            let tenant = "t-\(UUID())", other = "t-\(UUID())"
            try await Self.insert(Self.messages, tenant: tenant, pool: fixture.pool)
            // Another tenant's rows stay out of the per-tenant views.
            try await Self.insert([Self.messages[4]], tenant: other, pool: fixture.pool)
            let pool = fixture.pool

            #expect(try await Self.rows(pool, """
                SELECT day::text, mode, outcome, messages::text FROM analytics_daily_volume WHERE tenant_id = $1
                """, tenant) == [
                "\(Self.day1)|assist|failed|1", "\(Self.day1)|assist|suggestion|4", "\(Self.day1)|hosted|handoff|2",
                "\(Self.day1)|hosted|reply|1", "\(Self.day1)|none|dead_letter|1", "\(Self.day1)|none|failed|1", "\(Self.day1)|none|skip|1",
                "\(Self.day2)|hosted|reply|1", "\(Self.day2)|none|in_progress|1",
            ].sorted())

            #expect(try await Self.rows(pool, """
                SELECT day::text, suggestions::text, sent_as_is::text, edited::text, dismissed::text, no_feedback::text, adoption_rate::text
                FROM analytics_suggestion_adoption WHERE tenant_id = $1
                """, tenant) == ["\(Self.day1)|4|1|1|1|1|0.5000"])

            #expect(try await Self.rows(pool, """
                SELECT day::text, outputs::text, handoffs::text, handoff_rate::text FROM analytics_handoff_rate WHERE tenant_id = $1
                """, tenant) == ["\(Self.day1)|8|2|0.2500", "\(Self.day2)|1|0|0.0000"])

            #expect(try await Self.rows(pool, """
                SELECT day::text, reason, handoffs::text FROM analytics_handoff_reasons WHERE tenant_id = $1
                """, tenant) == ["\(Self.day1)|customer_requested_human|1", "\(Self.day1)|no_answer|1"])

            // Every tenant: dify 100..500 ms; openai 1000 and 2000 ms, twice (the other tenant's reply).
            #expect(try await Self.rows(pool, """
                SELECT day::text, provider, answers::text, p50_ms::text, p95_ms::text, p99_ms::text, max_ms::text FROM analytics_provider_latency
                """) == [
                "\(Self.day1)|dify|5|300|500|500|500", "\(Self.day1)|openai|3|2000|2000|2000|2000", "\(Self.day2)|local|1|10|10|10|10",
            ])

            #expect(try await Self.rows(pool, """
                SELECT day::text, outcome, failure_class, messages::text FROM analytics_failures WHERE tenant_id = $1
                """, tenant) == [
                "\(Self.day1)|dead_letter|unknown_tenant|1", "\(Self.day1)|failed|attempts_exhausted|1", "\(Self.day1)|failed|provider_failing|1",
            ])

            // Every view says what it is.
            let comments = try await Self.rows(pool, """
                SELECT c.relname || '=' || (obj_description(c.oid, 'pg_class') IS NOT NULL)::text FROM pg_class c
                WHERE c.relkind = 'v' AND c.relname LIKE 'analytics_%' AND c.relnamespace = to_regnamespace(current_schema())
                """)
            #expect(comments == [
                "analytics_daily_volume=true", "analytics_failovers=true", "analytics_failures=true", "analytics_handoff_rate=true", "analytics_handoff_reasons=true",
                "analytics_provider_latency=true", "analytics_suggestion_adoption=true",
            ])
        }
    }
}
