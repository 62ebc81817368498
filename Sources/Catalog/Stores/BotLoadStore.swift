import Foundation
import Postgres

/// What workers report of their admission to each bot (`bot_admission_stats`), and the live
/// sum over workers that `aics bot list` shows.
public struct BotLoad: Sendable, Equatable {
    /// The concurrency limit learned from the provider (summed over workers).
    public var limit: Int
    public var inFlight: Int
    /// Messages waiting for a slot of the bot.
    public var queued: Int
    /// The worst of the workers' 95th-percentile waits for a slot.
    public var waitP95Milliseconds: Int
    public var workers: Int

    public init(limit: Int, inFlight: Int, queued: Int, waitP95Milliseconds: Int, workers: Int = 1) {
        self.limit = limit
        self.inFlight = inFlight
        self.queued = queued
        self.waitP95Milliseconds = waitP95Milliseconds
        self.workers = workers
    }
}

public struct BotLoadStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Replaces this worker's rows with `loads` (one statement; bots deleted meanwhile are skipped).
    public func report(workerID: String, _ loads: [UUID: BotLoad]) async throws {
        let bots = Array(loads.keys)
        try await pool.execute("""
            WITH input AS (
                SELECT * FROM unnest($2::uuid[], $3::integer[], $4::integer[], $5::integer[], $6::integer[])
                    AS t(bot_id, current_limit, in_flight, queued, wait_p95_ms)
            ),
            gone AS (
                DELETE FROM bot_admission_stats WHERE worker_id = $1 AND bot_id <> ALL ($2::uuid[])
            )
            INSERT INTO bot_admission_stats (worker_id, bot_id, tenant_id, current_limit, in_flight, queued, wait_p95_ms, updated_at)
            SELECT $1, i.bot_id, b.tenant_id, i.current_limit, i.in_flight, i.queued, i.wait_p95_ms, now()
            FROM input i JOIN bots b ON b.id = i.bot_id
            ON CONFLICT (worker_id, bot_id) DO UPDATE SET
                current_limit = EXCLUDED.current_limit, in_flight = EXCLUDED.in_flight, queued = EXCLUDED.queued,
                wait_p95_ms = EXCLUDED.wait_p95_ms, updated_at = now()
            """, [
                workerID, bots.map { $0.uuidString.lowercased() }, bots.map { loads[$0]!.limit }, bots.map { loads[$0]!.inFlight },
                bots.map { loads[$0]!.queued }, bots.map { loads[$0]!.waitP95Milliseconds },
            ])
    }

    /// Removes this worker's rows (on shutdown).
    public func forget(workerID: String) async throws {
        try await pool.execute("DELETE FROM bot_admission_stats WHERE worker_id = $1", [workerID])
    }

    /// The sum over workers that reported within `freshness`, per bot.
    public func live(freshness: Duration = .seconds(30)) async throws -> [UUID: BotLoad] {
        let rows = try await pool.query("""
            SELECT bot_id::text, sum(current_limit)::bigint, sum(in_flight)::bigint, sum(queued)::bigint, max(wait_p95_ms), count(*)::bigint
            FROM bot_admission_stats WHERE updated_at > now() - make_interval(secs => $1::double precision)
            GROUP BY bot_id
            """, [Double(freshness.components.seconds)])
        var loads: [UUID: BotLoad] = [:]
        for row in rows {
            guard let id = UUID(uuidString: try row.decode(0, as: String.self)) else { continue }
            loads[id] = BotLoad(
                limit: try row.decode(1), inFlight: try row.decode(2), queued: try row.decode(3),
                waitP95Milliseconds: try row.decode(4), workers: try row.decode(5))
        }
        return loads
    }
}
