import Catalog
import Foundation
import Postgres

/// Syncs asked for through the admin API (`knowledge_sync_sources`, `knowledge_sync_requests`):
/// the uploaded source and its schedule, and the queue any worker takes requests from once.
public struct SyncRequestStore: Sendable {
    /// A request a worker took.
    public struct Claimed: Sendable, Equatable {
        public var id: Int64
        public var botID: UUID
        public var target: String
        /// How many times a worker took it, this one included.
        public var attempts: Int
    }

    /// What the status endpoint shows of one request.
    public struct Request: Sendable {
        public var id: Int64
        public var target: String
        public var reason: String
        public var status: String
        public var attempts: Int
        public var error: String?
        /// The report as JSON text (`SyncReport`'s coding).
        public var report: String?
        public var requestedAt: String
        public var finishedAt: String?
    }

    /// The uploaded source of one target and its schedule.
    public struct Source: Sendable {
        public var target: String
        public var files: Int
        public var everyMilliseconds: Int?
        public var nextDueAt: String?
        public var uploadedAt: String
    }

    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Replaces the target's source and schedule, and queues a sync unless one is queued already
    /// (that one will sync this source). Returns the queued request's id.
    public func submit(botID: UUID, target: String, files: [UploadedFile], every: Duration?) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        let rows = try await pool.query(
            """
            WITH source AS (
                INSERT INTO knowledge_sync_sources (bot_id, target, files, every_ms, next_due_at)
                VALUES ($1::uuid, $2, $3::jsonb, $4::bigint, now() + $4::bigint * interval '1 millisecond')
                ON CONFLICT (bot_id, target) DO UPDATE SET files = EXCLUDED.files, every_ms = EXCLUDED.every_ms,
                    next_due_at = EXCLUDED.next_due_at, uploaded_at = now()
            )
            INSERT INTO knowledge_sync_requests (bot_id, target, reason) VALUES ($1::uuid, $2, 'upload')
            ON CONFLICT (bot_id, target) WHERE status = 'queued' DO UPDATE SET reason = 'upload'
            RETURNING id
            """,
            [botID.uuidString.lowercased(), target, json, every?.wholeMilliseconds])
        return try rows[0].decode(0, as: Int64.self)
    }

    /// Turns scheduled syncs that fell due into queued requests (none when one is queued already)
    /// and moves their next due time on. Returns how many were queued.
    @discardableResult
    public func queueDueSchedules(limit: Int = 20) async throws -> Int {
        try await pool.execute(
            """
            WITH due AS (
                UPDATE knowledge_sync_sources s SET next_due_at = now() + s.every_ms * interval '1 millisecond'
                FROM (SELECT bot_id, target FROM knowledge_sync_sources WHERE next_due_at <= now()
                      ORDER BY next_due_at LIMIT $1 FOR UPDATE SKIP LOCKED) d
                WHERE s.bot_id = d.bot_id AND s.target = d.target
                RETURNING s.bot_id, s.target
            )
            INSERT INTO knowledge_sync_requests (bot_id, target, reason) SELECT bot_id, target, 'schedule' FROM due
            ON CONFLICT (bot_id, target) WHERE status = 'queued' DO NOTHING
            """, [limit])
    }

    /// Takes the oldest queued request, or a running one whose worker's lease ran out; nil: none.
    public func claim(lease: Duration) async throws -> Claimed? {
        let rows = try await pool.query(
            """
            UPDATE knowledge_sync_requests SET status = 'running', attempts = attempts + 1,
                lease_until = now() + $1::bigint * interval '1 millisecond', started_at = coalesce(started_at, now())
            WHERE id = (SELECT id FROM knowledge_sync_requests
                        WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, bot_id::text, target, attempts
            """, [lease.wholeMilliseconds])
        guard let row = rows.first else { return nil }
        guard let botID = UUID(uuidString: try row.decode(1, as: String.self)) else { return nil }
        return Claimed(id: try row.decode(0), botID: botID, target: try row.decode(2), attempts: try row.decode(3))
    }

    /// The request waits: another process holds the bot's sync lock. Taken again after `after`,
    /// without spending an attempt.
    public func postpone(_ id: Int64, after: Duration) async throws {
        try await pool.execute(
            """
            UPDATE knowledge_sync_requests SET attempts = greatest(attempts - 1, 0),
                lease_until = now() + $2::bigint * interval '1 millisecond'
            WHERE id = $1 AND status = 'running'
            """, [id, after.wholeMilliseconds])
    }

    public func finish(_ id: Int64, succeeded: Bool, error: String?, report: SyncReport?) async throws {
        let json = try report.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await pool.execute(
            """
            UPDATE knowledge_sync_requests SET status = $2, error = $3, report = $4::jsonb, finished_at = now(), lease_until = NULL
            WHERE id = $1
            """, [id, succeeded ? "succeeded" : "failed", error, json])
    }

    /// The uploaded files of a target; nil when nothing was uploaded.
    public func files(botID: UUID, target: String) async throws -> [UploadedFile]? {
        let rows = try await pool.query(
            "SELECT files::text FROM knowledge_sync_sources WHERE bot_id = $1::uuid AND target = $2", [botID.uuidString.lowercased(), target])
        guard let text = try rows.first?.decode(0, as: String.self) else { return nil }
        return try JSONDecoder().decode([UploadedFile].self, from: Data(text.utf8))
    }

    /// The bot's uploaded sources and schedules.
    public func sources(botID: UUID) async throws -> [Source] {
        let rows = try await pool.query(
            """
            SELECT target, jsonb_array_length(files), every_ms, \(UTCText.of("next_due_at")), \(UTCText.of("uploaded_at"))
            FROM knowledge_sync_sources WHERE bot_id = $1::uuid ORDER BY target
            """, [botID.uuidString.lowercased()])
        return try rows.map { row in
            Source(
                target: try row.decode(0), files: try row.decode(1), everyMilliseconds: try row.decode(2, as: Int?.self),
                nextDueAt: try row.decode(3), uploadedAt: try row.decode(4))
        }
    }

    /// The bot's latest requests, newest first.
    public func requests(botID: UUID, limit: Int = 10) async throws -> [Request] {
        let rows = try await pool.query(
            """
            SELECT id, target, reason, status, attempts, error, report::text, \(UTCText.of("requested_at")), \(UTCText.of("finished_at"))
            FROM knowledge_sync_requests WHERE bot_id = $1::uuid ORDER BY id DESC LIMIT $2
            """, [botID.uuidString.lowercased(), limit])
        return try rows.map { row in
            Request(
                id: try row.decode(0), target: try row.decode(1), reason: try row.decode(2), status: try row.decode(3),
                attempts: try row.decode(4), error: try row.decode(5), report: try row.decode(6), requestedAt: try row.decode(7),
                finishedAt: try row.decode(8))
        }
    }
}
