import Catalog
import HTTP
import Postgres
import Providers

/// Builds a bot's provider with `Bot.makeProvider`: Dify and OpenAI clients over the shared
/// `HTTPClient`, local bots from their entries in `knowledge_entries`.
public struct CatalogProviderFactory: ProviderFactory {
    let pool: PostgresPool
    let httpClient: HTTPClient
    let timeouts: ProviderTimeouts

    public init(pool: PostgresPool, httpClient: HTTPClient, timeouts: ProviderTimeouts = ProviderTimeouts()) {
        self.pool = pool
        self.httpClient = httpClient
        self.timeouts = timeouts
    }

    public func provider(for bot: Bot) async throws -> any KnowledgeProvider {
        let knowledge = bot.provider == .local ? try await entries(of: bot) : []
        return try bot.makeProvider(httpClient: httpClient, knowledge: knowledge, timeouts: timeouts)
    }

    private func entries(of bot: Bot) async throws -> [KnowledgeEntry] {
        let rows = try await pool.query(
            "SELECT id::text, question, answer, tags FROM knowledge_entries WHERE bot_id = $1::uuid ORDER BY id",
            [bot.id.uuidString.lowercased()])
        var entries: [KnowledgeEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            entries.append(KnowledgeEntry(id: try row.decode(0), question: try row.decode(1), answer: try row.decode(2), tags: try row.decode(3)))
        }
        return entries
    }
}
