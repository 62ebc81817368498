import Conversations
import Foundation
import Postgres

/// What agents' events change in Postgres. Every statement keeps the newest time per column
/// (`ConversationControl.apply` is the model), so events applied late, twice or out of order
/// give the same state.
struct AgentEventStore: Sendable {
    let pool: PostgresPool

    /// Presence: the newest event wins.
    func setPresence(tenantID: String, agentID: String, status: AgentEvent.Presence, at time: Date) async throws {
        try await pool.execute("""
            INSERT INTO agent_presence (tenant_id, agent_id, status, event_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET status = EXCLUDED.status, event_at = EXCLUDED.event_at
            WHERE agent_presence.event_at <= EXCLUDED.event_at
            """, [tenantID, agentID, status.rawValue, time])
    }

    /// An agent wrote, or took the conversation over: automatic replies pause, and reply timers of
    /// customer messages written before it are cancelled (the agent answers). The agent becomes the
    /// conversation's agent if this is its newest event.
    func agentActed(tenantID: String, conversationID: String, agentID: String, takeover: Bool, at time: Date) async throws {
        let column = takeover ? "taken_over_at" : "last_agent_message_at"
        try await pool.execute("""
            WITH state AS (
                INSERT INTO conversation_state (tenant_id, conversation_id, agent_id, \(column)\(takeover ? ", taken_over_by" : ""))
                VALUES ($1, $2, $3, $4\(takeover ? ", $3" : ""))
                ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET
                    agent_id = CASE WHEN GREATEST(conversation_state.last_agent_message_at, conversation_state.taken_over_at) > $4
                                    THEN conversation_state.agent_id ELSE $3 END,
                    \(takeover ? "taken_over_by = CASE WHEN conversation_state.taken_over_at > $4 THEN conversation_state.taken_over_by ELSE $3 END," : "")
                    \(column) = GREATEST(conversation_state.\(column), $4)
                RETURNING 1
            )
            UPDATE reply_timers SET state = 'cancelled', cancel_reason = $5
            WHERE tenant_id = $1 AND conversation_id = $2 AND state = 'pending' AND customer_at <= $4
            """, [tenantID, conversationID, agentID, time, takeover ? "taken_over" : "agent_replied"])
    }

    /// A release: ends the takeover pause and a handoff that came before it.
    func released(tenantID: String, conversationID: String, at time: Date) async throws {
        try await pool.execute("""
            INSERT INTO conversation_state (tenant_id, conversation_id, released_at) VALUES ($1, $2, $3)
            ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET
                released_at = GREATEST(conversation_state.released_at, $3),
                taken_over_by = CASE WHEN conversation_state.taken_over_at <= GREATEST(conversation_state.released_at, $3)
                                     THEN NULL ELSE conversation_state.taken_over_by END
            """, [tenantID, conversationID, time])
    }

    /// The suggestion feedback is about, if it exists in this tenant and conversation.
    func suggestion(tenantID: String, conversationID: String, suggestionID: String) async throws -> (answer: String, createdAt: Date)? {
        let rows = try await pool.query("""
            SELECT coalesce(answer, ''), created_at FROM reply_history
            WHERE tenant_id = $1 AND output_id = $2 AND conversation_id = $3 AND kind = 'suggestion'
            """, [tenantID, suggestionID, conversationID])
        guard let row = rows.first else { return nil }
        return (try row.decode(0), try row.decode(1))
    }

    /// The agent's feedback on the suggestion's history row (the newest feedback wins).
    func recordFeedback(
        tenantID: String, suggestionID: String, action: AgentEvent.Feedback, finalText: String?, editDistance: Int?,
        latencyMilliseconds: Int, at time: Date
    ) async throws {
        try await pool.execute("""
            UPDATE reply_history
            SET feedback = $3, feedback_text = $4, feedback_at = $5, feedback_edit_distance = $6, feedback_latency_ms = $7
            WHERE tenant_id = $1 AND output_id = $2 AND (feedback_at IS NULL OR feedback_at <= $5)
            """, [tenantID, suggestionID, action.rawValue, finalText, time, editDistance, latencyMilliseconds])
    }
}
