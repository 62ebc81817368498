import Catalog
import Foundation
import Postgres

/// `reply_timers` in Postgres: claiming due timers across workers, and recording the sent ones.
struct ReplyTimerStore: Sendable {
    /// A claimed timer: send it (`firing`) or it was just cancelled.
    struct Claimed: Sendable {
        var id: Int64
        var tenantID: String
        var conversationID: String
        var firing: Bool
        var cancelReason: String?
        var topic: String
        var payload: String
        var dueAt: Date
        var now: Date
    }

    let pool: PostgresPool
    /// A worker that claimed a timer and died: another one takes it over after this.
    let lease: Duration

    /// Claims up to `limit` due timers (and firing ones whose lease ran out) with SKIP LOCKED, so
    /// workers never take the same one. A pending timer whose conversation a human took meanwhile
    /// is cancelled here, with its reason: an agent wrote after the customer, a takeover pause
    /// is running, or aics handed the conversation off. A firing one is always sent (again): its
    /// payload is fixed, so the chat platform drops a repeat by its reply_id.
    func claimDue(limit: Int) async throws -> [Claimed] {
        let rows = try await pool.query("""
            WITH due AS (
                SELECT t.id, t.state AS previous,
                       CASE WHEN t.state = 'firing' THEN NULL
                            WHEN c.last_agent_message_at >= t.customer_at THEN 'agent_replied'
                            WHEN c.handed_off_at IS NOT NULL
                                 AND c.handed_off_at > GREATEST(c.last_agent_message_at, c.released_at, '-infinity') THEN 'handed_off'
                            WHEN GREATEST(c.last_agent_message_at, c.taken_over_at) > coalesce(c.released_at, '-infinity')
                                 AND now() < GREATEST(c.last_agent_message_at, c.taken_over_at) + t.takeover_pause_ms * interval '1 millisecond'
                                 THEN 'taken_over'
                       END AS cancel_reason
                FROM reply_timers t
                LEFT JOIN conversation_state c ON c.tenant_id = t.tenant_id AND c.conversation_id = t.conversation_id
                WHERE (t.state = 'pending' AND t.due_at <= now()) OR (t.state = 'firing' AND t.lease_until <= now())
                ORDER BY t.due_at
                LIMIT $1
                FOR UPDATE OF t SKIP LOCKED
            )
            UPDATE reply_timers t
            SET state = CASE WHEN d.cancel_reason IS NULL THEN 'firing' ELSE 'cancelled' END,
                cancel_reason = d.cancel_reason,
                lease_until = CASE WHEN d.cancel_reason IS NULL THEN now() + $2::bigint * interval '1 millisecond' END,
                fired_at = coalesce(t.fired_at, now())
            FROM due d
            WHERE t.id = d.id
            RETURNING t.id, t.tenant_id, t.conversation_id, t.state = 'firing', t.cancel_reason, t.reply_topic, t.reply_payload, t.due_at, now()
            """, [limit, lease.wholeMilliseconds])
        return try rows.map { row in
            Claimed(
                id: try row.decode(0), tenantID: try row.decode(1), conversationID: try row.decode(2), firing: try row.decode(3),
                cancelReason: try row.decode(4), topic: try row.decode(5), payload: try row.decode(6), dueAt: try row.decode(7),
                now: try row.decode(8))
        }
    }

    /// Marks timers sent (the broker acknowledged their replies) and writes each reply's history
    /// row (kind answer, reason reply_timeout), once.
    func markSent(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.execute("""
            WITH sent AS (
                UPDATE reply_timers SET state = 'sent', sent_at = now(), lease_until = NULL
                WHERE id = ANY($1::bigint[]) AND state = 'firing'
                RETURNING *
            )
            INSERT INTO reply_history (output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider, kind,
                                       outcome, reason, question, answer, sources, total_latency_ms)
            SELECT reply_id, tenant_id, account_id, conversation_id, message_ids, bot_id, 'auto', provider, 'answer',
                   'reply', 'reply_timeout', question, answer, sources, (extract(epoch FROM sent_at - created_at) * 1000)::integer
            FROM sent
            ON CONFLICT (output_id) DO NOTHING
            """, [ids.map(Int.init)])
    }

    /// Timers not sent or cancelled yet, of every worker.
    func pendingCount() async throws -> Int {
        try await pool.query("SELECT count(*) FROM reply_timers WHERE state IN ('pending', 'firing')").first?.decode(0) ?? 0
    }
}
