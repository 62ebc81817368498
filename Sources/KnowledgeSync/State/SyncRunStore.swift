import Foundation
import Postgres

/// Sync runs in Postgres (`knowledge_sync_runs`) and the per-bot advisory lock that lets one
/// process at a time sync a bot.
public struct SyncRunStore: Sendable {
    /// One run as the admin API's status shows it.
    public struct Run: Sendable {
        public var id: Int64
        public var target: String
        public var source: String
        public var status: String
        public var startedAt: String
        public var finishedAt: String?
        public var added: Int
        public var updated: Int
        public var removed: Int
        public var unchanged: Int
        public var failed: Int
        /// `SyncReport` as JSON text.
        public var report: String?
    }

    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Runs `body` while holding the bot's session advisory lock on one connection of the pool;
    /// nil without running it when another process holds the lock. The pool needs a second
    /// connection for `body`'s own queries.
    public func withBotLock<T>(_ botID: UUID, _ body: () async throws -> T) async throws -> T? {
        try await pool.withConnection { connection in
            let key = "aics.kb-sync:" + botID.uuidString.lowercased()
            let rows = try await connection.query("SELECT pg_try_advisory_lock(hashtext($1))", [key])
            guard try rows[0].decode(0, as: Bool.self) else { return nil }
            do {
                let value = try await body()
                try await connection.query("SELECT pg_advisory_unlock(hashtext($1))", [key])
                return value
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext($1))", [key])
                throw error
            }
        }
    }

    /// Seconds since the bot's target last started a run that did not fail to start; nil: never.
    public func secondsSinceLastRun(botID: UUID, target: String) async throws -> Double? {
        let rows = try await pool.query(
            """
            SELECT extract(epoch FROM now() - max(started_at))::float8 FROM knowledge_sync_runs
            WHERE bot_id = $1::uuid AND target = $2
            """, [botID.uuidString.lowercased(), target])
        return try rows.first?.decode(0, as: Double?.self)
    }

    /// Starts a run; a run of this bot still marked running was cut short (we hold the lock).
    public func start(botID: UUID, target: String, source: String) async throws -> Int64 {
        let bot = botID.uuidString.lowercased()
        try await pool.execute(
            """
            UPDATE knowledge_sync_runs SET status = 'interrupted', finished_at = now()
            WHERE bot_id = $1::uuid AND status = 'running'
            """, [bot])
        let rows = try await pool.query(
            "INSERT INTO knowledge_sync_runs (bot_id, target, source, status) VALUES ($1::uuid, $2, $3, 'running') RETURNING id",
            [bot, target, source])
        return try rows[0].decode(0, as: Int64.self)
    }

    public func finish(_ id: Int64, report: SyncReport) async throws {
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        try await pool.execute(
            """
            UPDATE knowledge_sync_runs SET status = $2, finished_at = now(), added = $3, updated = $4, removed = $5,
                unchanged = $6, failed = $7, report = $8::jsonb
            WHERE id = $1
            """,
            [id, report.succeeded ? "succeeded" : "failed", report.added, report.updated, report.removed, report.unchanged,
             report.failed, json])
    }

    /// The bot's latest run, whoever started it; nil: never synced.
    public func latest(botID: UUID) async throws -> Run? {
        let rows = try await pool.query(
            """
            SELECT id, target, source, status, \(UTCText.of("started_at")), \(UTCText.of("finished_at")), added, updated, removed, unchanged, failed,
                report::text
            FROM knowledge_sync_runs WHERE bot_id = $1::uuid ORDER BY id DESC LIMIT 1
            """, [botID.uuidString.lowercased()])
        return try rows.first.map { row in
            Run(
                id: try row.decode(0), target: try row.decode(1), source: try row.decode(2), status: try row.decode(3),
                startedAt: try row.decode(4), finishedAt: try row.decode(5), added: try row.decode(6), updated: try row.decode(7),
                removed: try row.decode(8), unchanged: try row.decode(9), failed: try row.decode(10), report: try row.decode(11))
        }
    }
}
