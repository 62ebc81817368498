import Catalog
import Foundation
import Providers
import Synchronization

/// What the worker remembers of the configuration between messages: bindings, bots, tenants
/// and provider instances, each entry filed under the tenant it belongs to. A NOTIFY on
/// `aics_config` drops what the changed row can affect (`ConfigChange`): a binding change its
/// tenant's entries, a bot change that bot's entries and its tenant's; a change it cannot read,
/// or a listener that reconnected, drops everything. Entries also expire after `ttl` as a safety
/// net against a lost notification, and the cache holds at most `capacity` entries (a worker
/// sees an unbounded number of conversations): past that, expired and then the oldest go first.
public final class ConfigCache: Sendable {
    private struct Entry {
        var value: any Sendable
        var tenantID: ExactKey
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [ExactKey: Entry] = [:]
        /// Bumped by every invalidation of everything: a load that started before one does not store its result.
        var generation = 0
        /// The same per tenant, for invalidations of one tenant.
        var tenantGenerations: [ExactKey: Int] = [:]
    }

    private let state = Mutex(State())
    public let ttl: Duration
    public let capacity: Int

    public init(ttl: Duration = .seconds(30), capacity: Int = 100_000) {
        precondition(capacity >= 1, "capacity must be positive")
        self.ttl = ttl
        self.capacity = capacity
    }

    /// Entries held now.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Forgets everything (a change that cannot be read, or the listener reconnected).
    public func invalidateAll() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.tenantGenerations.removeAll()
            state.generation += 1
        }
    }

    /// Forgets what a configuration change can affect.
    public func invalidate(_ change: ConfigChange) {
        switch change {
        case .everything:
            invalidateAll()
        case .tenant(let tenantID):
            let tenant = ExactKey(tenantID)
            state.withLock { state in
                state.entries = state.entries.filter { $0.value.tenantID != tenant }
                state.tenantGenerations[tenant, default: 0] += 1
            }
        }
    }

    /// The cached value for `key` of `tenantID`, else the result of `load`, cached. Keys and
    /// tenants compare byte by byte (`ExactKey`), like the database that answers `load`.
    func value<Value: Sendable>(_ text: String, tenantID tenantText: String, load: () async throws -> Value) async throws -> Value {
        let key = ExactKey(text), tenantID = ExactKey(tenantText)
        let now = ContinuousClock.now
        let (cached, generation, tenantGeneration): (Value?, Int, Int) = state.withLock { state in
            let generations = (state.generation, state.tenantGenerations[tenantID] ?? 0)
            if let entry = state.entries[key], entry.expires > now, let value = entry.value as? Value {
                return (value, generations.0, generations.1)
            }
            return (nil, generations.0, generations.1)
        }
        if let cached { return cached }
        let value = try await load()
        state.withLock { state in
            guard state.generation == generation, (state.tenantGenerations[tenantID] ?? 0) == tenantGeneration else { return }
            if state.entries[key] == nil, state.entries.count >= capacity { Self.makeRoom(&state.entries, capacity: capacity, now: now) }
            state.entries[key] = Entry(value: value, tenantID: tenantID, expires: now + ttl)
        }
        return value
    }

    /// Drops expired entries; if that frees too little, the tenth that expires soonest.
    private static func makeRoom(_ entries: inout [ExactKey: Entry], capacity: Int, now: ContinuousClock.Instant) {
        entries = entries.filter { $0.value.expires > now }
        guard entries.count >= capacity else { return }
        let keep = capacity - max(1, capacity / 10)
        let newest = entries.sorted { $0.value.expires > $1.value.expires }.prefix(keep)
        entries = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }

    // MARK: Typed access

    func binding(tenantID: String, accountID: String, conversationID: String, catalog: any WorkerCatalog) async throws -> Binding? {
        try await value("binding\u{0}\(tenantID)\u{0}\(accountID)\u{0}\(conversationID)", tenantID: tenantID) {
            try await catalog.binding(tenantID: tenantID, accountID: accountID, conversationID: conversationID)
        }
    }

    /// A bot, filed under the tenant that asks: a bot id of another tenant never becomes a hit for this one.
    func bot(id: UUID, tenantID: String, catalog: any WorkerCatalog) async throws -> Bot? {
        try await value("bot\u{0}\(tenantID)\u{0}\(id)", tenantID: tenantID) { try await catalog.bot(id: id) }
    }

    func contentRules(tenantID: String, catalog: any WorkerCatalog) async throws -> [ContentRule] {
        try await value("rules\u{0}\(tenantID)", tenantID: tenantID) { try await catalog.contentRules(tenantID: tenantID) }
    }

    func tenantExists(_ tenantID: String, catalog: any WorkerCatalog) async throws -> Bool {
        try await value("tenant\u{0}\(tenantID)", tenantID: tenantID) { try await catalog.tenantExists(tenantID) }
    }

    /// The provider instance for a bot, built once per configuration generation.
    func provider(for bot: Bot, factory: any ProviderFactory) async throws -> any KnowledgeProvider {
        let box: ProviderBox = try await value("provider\u{0}\(bot.tenantID)\u{0}\(bot.id)", tenantID: bot.tenantID) {
            ProviderBox(provider: try await factory.provider(for: bot))
        }
        return box.provider
    }

    private struct ProviderBox: Sendable {
        var provider: any KnowledgeProvider
    }
}
