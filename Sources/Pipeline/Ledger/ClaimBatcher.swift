import Catalog
import Conversations
import Foundation
import Postgres
import Providers

/// Ledger claims as group commits: the claims of concurrent messages share one statement
/// (unnest arrays). The same statement counts the attempt and reads each conversation's provider
/// memory (not idle longer than `memoryIdle`), what agents did in it and its agent's presence, so
/// deciding and asking the provider need no further round trip.
struct ClaimBatcher: Sendable {
    struct Request: Sendable {
        var message: InboundMessage
        var topic: String
        var partition: Int32
        var offset: Int64
        /// Whether this claim spends one of the message's attempts (a retry after an outage does not).
        var counted: Bool

        var identity: String { Ledger.identity(tenantID: message.tenantID, messageID: message.messageID) }
    }

    private let commit: GroupCommit<Request, Ledger.Claimed>

    init(pool: PostgresPool, memoryIdle: Duration? = nil, batchSize: Int = 256, maxWriters: Int = 4) {
        let idleMilliseconds = memoryIdle?.wholeMilliseconds
        commit = GroupCommit(batchSize: batchSize, maxWriters: maxWriters, keys: { [$0.identity] }) { requests in
            try await Self.write(requests, pool: pool, memoryIdleMilliseconds: idleMilliseconds)
        }
    }

    /// Claims one message; returns when the statement holding it finished.
    func claim(_ request: Request) async throws -> Ledger.Claimed {
        try await commit.submit(request)
    }

    /// Claims the batch. A row that another worker inserted while this statement ran is invisible
    /// to it (the insert conflicts, the read does not see the row yet): such claims are read again
    /// by a new statement, which sees the committed row; they are never taken for new work.
    private static func write(_ requests: [Request], pool: PostgresPool, memoryIdleMilliseconds: Int?) async throws -> [Ledger.Claimed] {
        var claims: [String: Ledger.Claimed] = [:]
        claims.reserveCapacity(requests.count)
        var missing = requests
        for _ in 0..<3 where !missing.isEmpty {
            for (identity, claim) in try await claimOnce(missing, pool: pool, memoryIdleMilliseconds: memoryIdleMilliseconds) {
                claims[identity] = claim
            }
            missing = missing.filter { claims[$0.identity] == nil }
        }
        return try requests.map { request in
            guard let claim = claims[request.identity] else {
                throw LedgerError("the ledger row of message \(request.message.messageID) of tenant \(request.message.tenantID) could not be read")
            }
            return claim
        }
    }

    /// Inserts the new messages (state received, first attempt), counts an attempt on unfinished
    /// ones, and reads what is stored for the others, with the conversation's provider memory per
    /// bot (bot id, Dify conversation, OpenAI response; flattened).
    private static func claimOnce(_ requests: [Request], pool: PostgresPool, memoryIdleMilliseconds: Int?) async throws -> [(String, Ledger.Claimed)] {
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bigint[], $8::boolean[],
                                     $9::text[])
                    AS t(message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset, counted, agent_id)
            ),
            inserted AS (
                INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset, attempts)
                SELECT message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset, 1 FROM input
                ON CONFLICT (tenant_id, message_id) DO NOTHING
                RETURNING tenant_id, message_id
            ),
            retried AS (
                UPDATE inbound_messages m SET attempts = m.attempts + 1
                FROM input i
                WHERE m.tenant_id = i.tenant_id AND m.message_id = i.message_id AND m.outcome IS NULL AND i.counted
                RETURNING m.tenant_id, m.message_id, m.attempts
            ),
            claims AS (
                SELECT tenant_id, message_id, true AS fresh, NULL::text AS outcome, NULL::text AS output_id, NULL::text AS output_topic,
                       NULL::text AS output_payload, 1 AS attempts, NULL::text AS last_error
                FROM inserted
                UNION ALL
                SELECT m.tenant_id, m.message_id, false, m.outcome, m.output_id, m.output_topic, m.output_payload,
                       coalesce(r.attempts, m.attempts), m.last_error
                FROM inbound_messages m
                JOIN input i ON m.tenant_id = i.tenant_id AND m.message_id = i.message_id
                LEFT JOIN retried r ON r.tenant_id = m.tenant_id AND r.message_id = m.message_id
            )
            SELECT c.tenant_id, c.message_id, c.fresh, c.outcome, c.output_id, c.output_topic, c.output_payload, c.attempts, c.last_error,
                   ARRAY(SELECT u.part FROM conversation_memory cm
                         CROSS JOIN LATERAL unnest(ARRAY[cm.bot_id::text, cm.memory->>'conversation_id', cm.memory->>'previous_response_id'])
                             WITH ORDINALITY AS u(part, position)
                         WHERE cm.tenant_id = i.tenant_id AND cm.conversation_id = i.conversation_id
                           AND ($10::bigint IS NULL OR cm.updated_at > now() - $10::bigint * interval '1 millisecond')
                         ORDER BY cm.bot_id, u.position),
                   cs.last_agent_message_at, cs.taken_over_at, cs.released_at, cs.handed_off_at,
                   coalesce(ap.status = 'online', false), now()
            FROM claims c JOIN input i ON c.tenant_id = i.tenant_id AND c.message_id = i.message_id
            LEFT JOIN conversation_state cs ON cs.tenant_id = i.tenant_id AND cs.conversation_id = i.conversation_id
            LEFT JOIN agent_presence ap ON ap.tenant_id = i.tenant_id AND ap.agent_id = coalesce(i.agent_id, cs.agent_id)
            """, [
                requests.map(\.message.messageID), requests.map(\.message.tenantID), requests.map(\.message.accountID),
                requests.map(\.message.conversationID), requests.map(\.topic), requests.map { Int($0.partition) },
                requests.map { Int($0.offset) }, requests.map(\.counted), requests.map(\.message.agentID), memoryIdleMilliseconds,
            ])
        return try rows.map { row in
            let identity = Ledger.identity(tenantID: try row.decode(0), messageID: try row.decode(1))
            let claim = try row.decode(2, as: Bool.self) ? .work : try Ledger.claim(from: row, offset: 3)
            return (identity, Ledger.Claimed(
                claim: claim, attempts: try row.decode(7), lastError: try row.decode(8),
                memories: try Self.memories(try row.decode(9, as: [String?].self)),
                conversation: Ledger.ConversationView(
                    control: ConversationControl(
                        lastAgentMessageAt: try row.decode(10), takenOverAt: try row.decode(11), releasedAt: try row.decode(12),
                        handedOffAt: try row.decode(13)),
                    agentOnline: try row.decode(14), databaseNow: try row.decode(15))))
        }
    }

    /// Triples of bot id, Dify conversation id, OpenAI response id.
    private static func memories(_ parts: [String?]) throws -> [UUID: ProviderMemory] {
        guard parts.count % 3 == 0 else { throw LedgerError("conversation memory came back as \(parts.count) parts") }
        var memories: [UUID: ProviderMemory] = [:]
        var index = 0
        while index < parts.count {
            if let bot = parts[index].flatMap(UUID.init(uuidString:)) {
                if let id = parts[index + 1] {
                    memories[bot] = .difyConversation(id: id)
                } else if let id = parts[index + 2] {
                    memories[bot] = .openAIResponse(id: id)
                }
            }
            index += 3
        }
        return memories
    }
}
