import Catalog
import Foundation
import Logging
import Postgres
import Providers
import Schemas

/// Prepares the demo's tenant in Postgres: the built-in migrations, a local bot loaded with the
/// sample FAQ, and its bindings. Every run uses a fresh tenant id, so runs never collide and the
/// same database can be used again and again.
struct DemoSetup {
    let pool: PostgresPool
    let logger: Logger

    /// A tenant id unique to this run, e.g. `demo-3fa9c2`.
    static func newTenantID() -> String {
        "demo-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(6).lowercased()
    }

    /// Applies the migrations built into the binary; returns the labels of those applied now.
    func migrate() async throws -> [String] {
        let migrations = try Migration.parse(Schemas.migrations)
        return try await PostgresMigrator(pool: pool, logger: logger).migrate(migrations).map(\.label)
    }

    /// Creates the bot, its knowledge entries and the bindings; returns the bot.
    func createTenant(_ scenario: DemoScenario) async throws -> Bot {
        let bot = Bot(tenantID: scenario.tenantID, name: "Demo shop FAQ", settings: .local(LocalSettings()))
        try await pool.withTransaction { connection in
            try await connection.execute(
                "INSERT INTO bots (id, tenant_id, name, provider, settings) VALUES ($1::uuid, $2, $3, $4, $5::jsonb)",
                [bot.id.uuidString.lowercased(), bot.tenantID, bot.name, bot.provider.rawValue, try BotSettingsCoding.encode(bot.settings)])
            for entry in SampleFAQ.entries {
                try await connection.execute(
                    "INSERT INTO knowledge_entries (bot_id, question, answer, tags, source) VALUES ($1::uuid, $2, $3, $4::text[], 'SampleFAQ')",
                    [bot.id.uuidString.lowercased(), entry.question, entry.answer, entry.tags])
            }
            let bindings = [
                Binding(tenantID: scenario.tenantID, accountID: DemoScenario.assistAccount, botID: bot.id, mode: .assist),
                Binding(
                    tenantID: scenario.tenantID, accountID: DemoScenario.hostedAccount, botID: bot.id, mode: .hosted,
                    fallbackText: DemoScenario.fallbackText, handoffKeywords: DemoScenario.handoffKeywords),
                Binding(
                    tenantID: scenario.tenantID, accountID: DemoScenario.hostedAccount, conversationID: DemoScenario.offConversation,
                    botID: nil, mode: .off),
            ]
            for binding in bindings {
                try await connection.execute("""
                    INSERT INTO bindings (tenant_id, account_id, conversation_id, bot_id, mode, fallback_text, handoff_keywords)
                    VALUES ($1, $2, $3, $4::uuid, $5, $6, $7::text[])
                    """,
                    [binding.tenantID, binding.accountID, binding.conversationID, binding.botID.map { $0.uuidString.lowercased() },
                     binding.mode.rawValue, binding.fallbackText, binding.handoffKeywords])
            }
        }
        return bot
    }
}
