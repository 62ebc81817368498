import Catalog
import Postgres
import Providers

/// Builds `LocalKnowledgeProvider`s from a local bot's entries in `knowledge_entries`. Other
/// providers are delegated to `remote` (the Dify / OpenAI factory) when one is given.
public struct LocalProviderFactory: ProviderFactory {
    let pool: PostgresPool
    let remote: (any ProviderFactory)?

    public init(pool: PostgresPool, remote: (any ProviderFactory)? = nil) {
        self.pool = pool
        self.remote = remote
    }

    public func provider(for bot: Bot) async throws -> any KnowledgeProvider {
        switch bot.settings {
        case .local(let settings):
            let rows = try await pool.query(
                "SELECT id::text, question, answer, tags FROM knowledge_entries WHERE bot_id = $1::uuid ORDER BY id",
                [bot.id.uuidString.lowercased()])
            var entries: [KnowledgeEntry] = []
            entries.reserveCapacity(rows.count)
            for row in rows {
                entries.append(KnowledgeEntry(id: try row.decode(0), question: try row.decode(1), answer: try row.decode(2), tags: try row.decode(3)))
            }
            return LocalKnowledgeProvider(entries: entries, threshold: settings.threshold)
        case .dify, .openai:
            guard let remote else {
                throw ProviderFailure(.invalidConfiguration, message: "this worker has no \(bot.provider.rawValue) client")
            }
            return try await remote.provider(for: bot)
        }
    }
}
