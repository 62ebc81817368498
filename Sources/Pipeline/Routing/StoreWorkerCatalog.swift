import Catalog
import Foundation

/// `WorkerCatalog` over the Catalog stores (`bots`, `bindings` in Postgres).
public struct StoreWorkerCatalog: WorkerCatalog {
    let bots: BotStore
    let bindings: BindingStore
    let rules: ContentRuleStore

    public init(bots: BotStore, bindings: BindingStore) {
        self.bots = bots
        self.bindings = bindings
        self.rules = ContentRuleStore(pool: bindings.pool)
    }

    public func contentRules(tenantID: String) async throws -> [ContentRule] {
        try await rules.list(tenantID: tenantID)
    }

    public func binding(tenantID: String, accountID: String, conversationID: String) async throws -> Binding? {
        try await bindings.resolve(tenantID: tenantID, accountID: accountID, conversationID: conversationID)
    }

    public func bot(id: UUID) async throws -> Bot? {
        try await bots.bot(id: id)
    }

    public func tenantExists(_ tenantID: String) async throws -> Bool {
        try await bindings.tenantExists(tenantID)
    }

    public func setStatus(botID: UUID, _ status: Bot.Status, reason: String) async throws {
        try await bots.setStatus(id: botID, status, reason: reason)
    }
}
