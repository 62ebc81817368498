import Catalog
import Foundation
import Logging
import Postgres
import Providers
import Schemas
import Secrets

/// Prepares the demo's tenant in Postgres through the same stores `aics bot`, `aics binding` and
/// `aics kb import` use: the built-in migrations, a local bot loaded with the sample FAQ, and its
/// bindings. Every run uses a fresh tenant id, so runs never collide and the same database can
/// be used again and again.
struct DemoSetup {
    let pool: PostgresPool
    let secretBox: SecretBox
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
        let bot = try await BotStore(pool: pool, secretBox: secretBox).create(
            Bot(tenantID: scenario.tenantID, name: "Demo shop FAQ", settings: .local(LocalSettings())))
        try await KnowledgeStore(pool: pool).replace(botID: bot.id, entries: SampleFAQ.entries, source: "SampleFAQ")
        let bindings = BindingStore(pool: pool)
        try await bindings.set(Binding(tenantID: scenario.tenantID, accountID: DemoScenario.assistAccount, botID: bot.id, mode: .assist))
        try await bindings.set(Binding(
            tenantID: scenario.tenantID, accountID: DemoScenario.hostedAccount, botID: bot.id, mode: .hosted,
            fallbackText: DemoScenario.fallbackText, handoffKeywords: DemoScenario.handoffKeywords))
        try await bindings.set(Binding(
            tenantID: scenario.tenantID, accountID: DemoScenario.hostedAccount, conversationID: DemoScenario.offConversation,
            botID: nil, mode: .off))
        try await bindings.set(Binding(
            tenantID: scenario.tenantID, accountID: DemoAutoMode.account, botID: bot.id, mode: .auto, replyTimeout: DemoAutoMode.replyTimeout))
        return bot
    }
}
