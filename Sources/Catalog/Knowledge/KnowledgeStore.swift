import Foundation
import Postgres
import Providers

/// The local knowledge base in Postgres (`knowledge_entries`): a bot's question/answer entries,
/// grouped by the file they were imported from.
public struct KnowledgeStore: Sendable {
    public let pool: PostgresPool
    /// Rows per INSERT; each batch is one statement with one array parameter per column.
    static let batchSize = 1000

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Replaces the bot's entries from `source` with `entries`, in one transaction: a re-import of
    /// the same file replaces what the last import of it brought, entries of other files stay.
    /// - Parameter source: what names the file, e.g. its file name ("faq.csv").
    /// - Returns: how many entries are stored for `source` now.
    @discardableResult
    public func replace(botID: UUID, entries: [KnowledgeEntry], source: String) async throws -> Int {
        let bot = botID.uuidString.lowercased()
        return try await pool.withTransaction { connection in
            // Two imports of the same bot at once queue up instead of interleaving their rows.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext($1))", ["aics.knowledge:" + bot])
            try await connection.execute("DELETE FROM knowledge_entries WHERE bot_id = $1::uuid AND source = $2", [bot, source])
            var start = 0
            while start < entries.count {
                let batch = entries[start..<min(entries.count, start + Self.batchSize)]
                // text[][] cannot hold ragged tag lists: each entry's tags travel as one string
                // joined by the ASCII unit separator, split again in SQL.
                try await connection.execute(
                    """
                    INSERT INTO knowledge_entries (bot_id, question, answer, tags, source)
                    SELECT $1::uuid, q, a, string_to_array(t, E'\\x1f'), $5
                    FROM unnest($2::text[], $3::text[], $4::text[]) AS rows (q, a, t)
                    """,
                    [bot, batch.map(\.question), batch.map(\.answer), batch.map { Self.joinedTags($0.tags) }, source])
                start += Self.batchSize
            }
            return entries.count
        }
    }

    static func joinedTags(_ tags: [String]) -> String {
        tags.map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.filter { !$0.isEmpty }.joined(separator: "\u{1F}")
    }

    /// Every entry of the bot in import order, with its database id.
    public func entries(botID: UUID) async throws -> [KnowledgeEntry] {
        let rows = try await pool.query(
            "SELECT id, question, answer, tags FROM knowledge_entries WHERE bot_id = $1::uuid ORDER BY id",
            [botID.uuidString.lowercased()])
        var entries: [KnowledgeEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            entries.append(KnowledgeEntry(
                id: String(try row.decode(0, as: Int64.self)),
                question: try row.decode(1, as: String.self),
                answer: try row.decode(2, as: String.self),
                tags: try row.decode(3, as: [String].self)))
        }
        return entries
    }

    /// How many entries the bot has.
    public func count(botID: UUID) async throws -> Int {
        let rows = try await pool.query(
            "SELECT count(*) FROM knowledge_entries WHERE bot_id = $1::uuid", [botID.uuidString.lowercased()])
        return Int(try rows[0].decode(0, as: Int64.self))
    }

    /// Entries per source file, for listings.
    public func sources(botID: UUID) async throws -> [(source: String?, count: Int)] {
        let rows = try await pool.query(
            "SELECT source, count(*) FROM knowledge_entries WHERE bot_id = $1::uuid GROUP BY source ORDER BY min(id)",
            [botID.uuidString.lowercased()])
        return try rows.map { (try $0.decode(0, as: String?.self), Int(try $0.decode(1, as: Int64.self))) }
    }
}
