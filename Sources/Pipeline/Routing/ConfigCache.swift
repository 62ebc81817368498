import Catalog
import Foundation
import Providers
import Synchronization

/// What the worker remembers of the configuration between messages: bindings, bots, tenants
/// and provider instances. Every NOTIFY on `aics_config` empties it (`invalidateAll`), so a mode
/// change reaches the worker within a second; entries also expire after `ttl` as a safety net
/// against a lost notification.
public final class ConfigCache: Sendable {
    private struct Entry {
        var value: any Sendable
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every invalidation: a load that started before one does not store its result.
        var generation = 0
    }

    private let state = Mutex(State())
    public let ttl: Duration

    public init(ttl: Duration = .seconds(30)) {
        self.ttl = ttl
    }

    /// Forgets everything (a configuration row changed, or the listener reconnected).
    public func invalidateAll() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.generation += 1
        }
    }

    /// The cached value for `key`, else the result of `load`, cached.
    func value<Value: Sendable>(_ key: String, load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let (cached, generation): (Value?, Int) = state.withLock { state in
            if let entry = state.entries[key], entry.expires > now, let value = entry.value as? Value {
                return (value, state.generation)
            }
            return (nil, state.generation)
        }
        if let cached { return cached }
        let value = try await load()
        state.withLock { state in
            guard state.generation == generation else { return }
            state.entries[key] = Entry(value: value, expires: now + ttl)
        }
        return value
    }

    // MARK: Typed access

    /// A cached "no binding" is stored as an explicit absence.
    private struct Absent: Sendable {}

    func binding(tenantID: String, accountID: String, conversationID: String, catalog: any WorkerCatalog) async throws -> Binding? {
        try await value("binding\u{0}\(tenantID)\u{0}\(accountID)\u{0}\(conversationID)") {
            try await catalog.binding(tenantID: tenantID, accountID: accountID, conversationID: conversationID)
        }
    }

    func bot(id: UUID, catalog: any WorkerCatalog) async throws -> Bot? {
        try await value("bot\u{0}\(id)") { try await catalog.bot(id: id) }
    }

    func tenantExists(_ tenantID: String, catalog: any WorkerCatalog) async throws -> Bool {
        try await value("tenant\u{0}\(tenantID)") { try await catalog.tenantExists(tenantID) }
    }

    /// The provider instance for a bot, built once per configuration generation.
    func provider(for bot: Bot, factory: any ProviderFactory) async throws -> any KnowledgeProvider {
        let box: ProviderBox = try await value("provider\u{0}\(bot.id)") { ProviderBox(provider: try await factory.provider(for: bot)) }
        return box.provider
    }

    private struct ProviderBox: Sendable {
        var provider: any KnowledgeProvider
    }
}
