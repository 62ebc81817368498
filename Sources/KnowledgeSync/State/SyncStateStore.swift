import Foundation
import Postgres

/// The sync state of one bot's target in Postgres (`knowledge_sync_documents`): read before a
/// plan, written before and after every provider call.
public struct SyncStateStore: Sendable {
    let pool: PostgresPool
    let botID: UUID
    let target: String

    public init(pool: PostgresPool, botID: UUID, target: String) {
        self.pool = pool
        self.botID = botID
        self.target = target
    }

    var bot: String { botID.uuidString.lowercased() }

    public func documents() async throws -> [RecordedDocument] {
        let rows = try await pool.query(
            """
            SELECT path, content_hash, provider_id, status, error FROM knowledge_sync_documents
            WHERE bot_id = $1::uuid AND target = $2 ORDER BY path
            """, [bot, target])
        return try rows.map { row in
            let statusText = try row.decode(3, as: String.self)
            guard let status = RecordedDocument.Status(rawValue: statusText) else {
                throw SyncStoreError("knowledge_sync_documents.status '\(statusText)' is unknown")
            }
            return RecordedDocument(
                path: try row.decode(0, as: String.self), contentHash: try row.decode(1, as: String.self),
                providerID: try row.decode(2, as: String?.self), status: status, error: try row.decode(4, as: String?.self))
        }
    }

    /// Inserts or replaces the row of `document.path`.
    public func record(_ document: RecordedDocument) async throws {
        try await pool.execute(
            """
            INSERT INTO knowledge_sync_documents (bot_id, target, path, content_hash, provider_id, status, error)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (bot_id, target, path) DO UPDATE SET content_hash = EXCLUDED.content_hash,
                provider_id = EXCLUDED.provider_id, status = EXCLUDED.status, error = EXCLUDED.error, updated_at = now()
            """,
            [bot, target, document.path, document.contentHash, document.providerID, document.status.rawValue, document.error])
    }

    /// Changes only the status of the row of `path`.
    public func mark(path: String, status: RecordedDocument.Status) async throws {
        try await pool.execute(
            """
            UPDATE knowledge_sync_documents SET status = $4, updated_at = now()
            WHERE bot_id = $1::uuid AND target = $2 AND path = $3
            """, [bot, target, path, status.rawValue])
    }

    public func forget(path: String) async throws {
        try await pool.execute(
            "DELETE FROM knowledge_sync_documents WHERE bot_id = $1::uuid AND target = $2 AND path = $3", [bot, target, path])
    }
}

public struct SyncStoreError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
