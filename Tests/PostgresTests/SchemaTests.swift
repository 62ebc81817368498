import Foundation
import Postgres
import Testing

/// The product's migrations in `schemas/migrations`: they apply, enforce their enums and
/// announce configuration changes.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct SchemaTests {
    @Test func productMigrationsApplyAndEnforceTheModel() async throws {
        try await TestDatabase.withPool { pool in
            let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
            #expect(migrations.count >= 4)
            #expect(try await PostgresMigrator(pool: pool, logger: TestDatabase.logger).migrate(migrations).count == migrations.count)

            let botID = try await pool.query(
                "INSERT INTO bots (tenant_id, name, provider, settings, secrets, secrets_key_id, secrets_key_version) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING id",
                ["t1", "faq", "dify", #"{"base_url": "https://api.dify.ai/v1"}"#, [UInt8](arrayLiteral: 1, 2, 3), "k1", 1]
            )[0].decode(0, as: String.self)
            try await pool.execute(
                "INSERT INTO bindings (tenant_id, account_id, bot_id, mode, handoff_keywords) VALUES ($1, $2, $3::uuid, $4, $5)",
                ["t1", "wecom-1", botID, "assist", ["转人工", "human"]])
            let badMode = await #expect(throws: PostgresError.self) {
                try await pool.execute("INSERT INTO bindings (tenant_id, account_id, bot_id, mode) VALUES ($1, $2, $3::uuid, $4)", ["t1", "wecom-2", botID, "sometimes"])
            }
            #expect(badMode?.sqlState == "23514")
            let secondAccountBinding = await #expect(throws: PostgresError.self) {
                try await pool.execute("INSERT INTO bindings (tenant_id, account_id, bot_id, mode) VALUES ($1, $2, $3::uuid, $4)", ["t1", "wecom-1", botID, "hosted"])
            }
            #expect(secondAccountBinding?.sqlState == "23505")
            try await pool.execute(
                "INSERT INTO bindings (tenant_id, account_id, conversation_id, bot_id, mode) VALUES ($1, $2, $3, $4::uuid, $5)",
                ["t1", "wecom-1", "conv-9", botID, "hosted"])
            let history = try await pool.execute(
                """
                INSERT INTO reply_history (output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider, kind, outcome, question, answer, sources)
                VALUES ($1, $2, $3, $4, $5, $6::uuid, $7, $8, $9, $10, $11, $12, $13::jsonb)
                """,
                ["s-1", "t1", "wecom-1", "conv-9", ["m-1"], botID, "assist", "dify", "suggestion", "suggestion", "退货政策?", "七天无理由", #"[{"title": "FAQ"}]"#])
            #expect(history == 1)
            try await pool.execute(
                "INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                ["m-1", "t1", "wecom-1", "conv-9", "cs.inbound", 0, Int64(42)])
            let answeredWithoutOutcome = await #expect(throws: PostgresError.self) {
                try await pool.execute("UPDATE inbound_messages SET state = 'answered' WHERE message_id = $1", ["m-1"])
            }
            #expect(answeredWithoutOutcome?.sqlState == "23514")
        }
    }

    @Test func configurationChangesAreAnnouncedOnAicsConfig() async throws {
        try await TestDatabase.withPool { pool in
            try await PostgresMigrator(pool: pool, logger: TestDatabase.logger).migrate(try Migration.load(from: TestDatabase.migrationsDirectory))
            let schema = pool.configuration.schema!
            let events = pool.listen(to: ["aics_config"])
            let payload = try await withDeadline(60, waitingFor: "the bots NOTIFY") {
                var iterator = events.makeAsyncIterator()
                guard await iterator.next() == .listening else { return "" }
                try await pool.execute("INSERT INTO bots (tenant_id, name, provider) VALUES ($1, $2, $3)", ["t2", "kb", "local"])
                // Other tests may change bots in their own schemas at the same time: filter on ours.
                while let event = await iterator.next() {
                    if case .notification(let notification) = event, notification.channel == "aics_config",
                       notification.payload.contains("\"schema\" : \"\(schema)\"") {
                        return notification.payload
                    }
                }
                return ""
            }
            #expect(payload.contains("\"table\" : \"bots\""))
            #expect(payload.contains("\"op\" : \"INSERT\""))
            #expect(payload.contains("\"tenant_id\" : \"t2\""))
        }
    }
}
