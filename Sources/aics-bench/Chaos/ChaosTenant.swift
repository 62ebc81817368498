import Catalog
import Fakes
import Foundation
import Postgres
import Providers
import Secrets

/// The run's tenant in Postgres, made through the same stores `aics bot` and `aics binding` use:
/// one bot per kind (Dify blocking and streaming, OpenAI blocking and streaming against the
/// fakes, a local bot with the sample FAQ) and a binding per account of `ChaosAccount.all`.
struct ChaosTenant {
    let database: BenchDatabase
    let tenantID: String

    /// Creates the bots and bindings; returns the bots' ids.
    func create(accounts: [ChaosAccount], dify: DifyFake, openAI: OpenAIFake) async throws -> [UUID] {
        let bots = BotStore(pool: database.pool, secretBox: try SecretBox(key: database.secretKey))
        var botIDs: [ChaosAccount.Bot: UUID] = [:]
        for kind in Set(accounts.map(\.bot)).sorted(by: { $0.rawValue < $1.rawValue }) {
            let settings: BotSettings
            var secrets = BotSecrets()
            switch kind {
            case .difyBlocking, .difyStreaming:
                settings = .dify(DifySettings(baseURL: dify.baseURL, responseMode: kind == .difyBlocking ? .blocking : .streaming))
                secrets = BotSecrets(apiKey: dify.appKey)
            case .openAIBlocking, .openAIStreaming:
                settings = .openai(OpenAISettings(model: "gpt-4o-mini", vectorStoreIDs: [openAI.vectorStoreID],
                                                  baseURL: openAI.baseURL, stream: kind == .openAIStreaming))
                secrets = BotSecrets(apiKey: openAI.apiKey)
            case .local:
                settings = .local(LocalSettings())
            }
            let bot = try await bots.create(Bot(tenantID: tenantID, name: "chaos \(kind.rawValue)", settings: settings, secrets: secrets))
            if kind == .local {
                _ = try await KnowledgeStore(pool: database.pool).replace(botID: bot.id, entries: SampleFAQ.entries, source: "SampleFAQ")
            }
            botIDs[kind] = bot.id
        }
        let bindings = BindingStore(pool: database.pool)
        for account in accounts {
            let mode: Mode = switch account.mode { case .assist: .assist; case .hosted: .hosted; case .off: .off }
            try await bindings.set(Binding(
                tenantID: tenantID, accountID: account.id, botID: account.mode == .off ? nil : botIDs[account.bot], mode: mode,
                fallbackText: account.fallback ? ChaosAccount.fallbackText : nil,
                handoffKeywords: account.mode == .hosted ? [ChaosAccount.handoffKeyword] : []))
        }
        return Array(botIDs.values)
    }

    /// What an operator does after fixing a provider's credentials or quota: the bots are active
    /// again (the worker stops asking a bot whose provider reported either).
    func reactivate(_ botIDs: [UUID]) async throws {
        let bots = BotStore(pool: database.pool, secretBox: try SecretBox(key: database.secretKey))
        for id in botIDs { try await bots.setStatus(id: id, .active, reason: nil) }
    }

    /// Every ledger row of the tenant, by message id.
    func ledger() async throws -> [String: LedgerEntry] {
        let rows = try await database.pool.query(
            "SELECT message_id, outcome, output_id, outcome_reason FROM inbound_messages WHERE tenant_id = $1", [tenantID])
        var entries: [String: LedgerEntry] = [:]
        entries.reserveCapacity(rows.count)
        for row in rows {
            entries[row.text(0) ?? ""] = LedgerEntry(outcome: row.text(1), outputID: row.text(2), reason: row.text(3))
        }
        return entries
    }

    /// How many of the tenant's ledger rows have an outcome.
    func finishedCount() async throws -> Int {
        let rows = try await database.pool.query(
            "SELECT count(*)::bigint FROM inbound_messages WHERE tenant_id = $1 AND outcome IS NOT NULL", [tenantID])
        return try rows.first?.decode(0, as: Int.self) ?? 0
    }
}
