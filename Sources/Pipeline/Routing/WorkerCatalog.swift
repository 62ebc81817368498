import Catalog
import Foundation
import Providers

/// The configuration the worker reads: bindings, bots and tenants. Backed by Postgres in
/// production (`PostgresWorkerCatalog`); the worker reads it through `ConfigCache`.
public protocol WorkerCatalog: Sendable {
    /// The conversation's override, else the account's binding; nil when there is none.
    func binding(tenantID: String, accountID: String, conversationID: String) async throws -> Binding?
    /// The bot with its secrets opened; nil when it does not exist.
    func bot(id: UUID) async throws -> Bot?
    /// Whether the tenant has any bot or binding (messages of unknown tenants are dead-lettered).
    func tenantExists(_ tenantID: String) async throws -> Bool
    /// The tenant's content rules (sensitive words on input and output).
    func contentRules(tenantID: String) async throws -> [ContentRule]
    /// Marks a bot (quota exhausted, credentials invalid) so operators see it and workers stop asking.
    func setStatus(botID: UUID, _ status: Bot.Status, reason: String) async throws
}

/// Builds the provider that answers for a bot (Dify, OpenAI or the local knowledge base).
public protocol ProviderFactory: Sendable {
    func provider(for bot: Bot) async throws -> any KnowledgeProvider
}
