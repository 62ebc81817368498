import Foundation
import Postgres
import Providers

/// Ledger claims as group commits: the claims of concurrent messages share one statement
/// (unnest arrays). The same statement reads each conversation's provider memory, so asking
/// the provider needs no further round trip.
struct ClaimBatcher: Sendable {
    struct Request: Sendable {
        var message: InboundMessage
        var topic: String
        var partition: Int32
        var offset: Int64
    }

    private let commit: GroupCommit<Request, Ledger.Claimed>

    init(pool: PostgresPool, batchSize: Int = 256, maxWriters: Int = 4) {
        commit = GroupCommit(batchSize: batchSize, maxWriters: maxWriters, keys: { [$0.message.messageID] }) { requests in
            try await Self.write(requests, pool: pool)
        }
    }

    /// Claims one message; returns when the statement holding it finished.
    func claim(_ request: Request) async throws -> Ledger.Claimed {
        try await commit.submit(request)
    }

    /// Inserts the new messages (state received) and reads what is stored for the others, with
    /// the conversation's provider memory per bot (bot id, Dify conversation, OpenAI response; flattened).
    private static func write(_ requests: [Request], pool: PostgresPool) async throws -> [Ledger.Claimed] {
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::bigint[])
                    AS t(message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset)
            ),
            inserted AS (
                INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset)
                SELECT message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset FROM input
                ON CONFLICT (message_id) DO NOTHING
                RETURNING message_id
            ),
            claims AS (
                SELECT message_id, true AS fresh, NULL::text AS outcome, NULL::text AS output_id, NULL::text AS output_topic,
                       NULL::text AS output_payload
                FROM inserted
                UNION ALL
                SELECT m.message_id, false, m.outcome, m.output_id, m.output_topic, m.output_payload
                FROM inbound_messages m JOIN input USING (message_id)
            )
            SELECT c.message_id, c.fresh, c.outcome, c.output_id, c.output_topic, c.output_payload,
                   ARRAY(SELECT u.part FROM conversation_memory cm
                         CROSS JOIN LATERAL unnest(ARRAY[cm.bot_id::text, cm.memory->>'conversation_id', cm.memory->>'previous_response_id'])
                             WITH ORDINALITY AS u(part, position)
                         WHERE cm.tenant_id = i.tenant_id AND cm.conversation_id = i.conversation_id
                         ORDER BY cm.bot_id, u.position)
            FROM claims c JOIN input i USING (message_id)
            """, [
                requests.map(\.message.messageID), requests.map(\.message.tenantID), requests.map(\.message.accountID),
                requests.map(\.message.conversationID), requests.map(\.topic), requests.map { Int($0.partition) },
                requests.map { Int($0.offset) },
            ])
        var claims: [String: Ledger.Claimed] = [:]
        claims.reserveCapacity(rows.count)
        for row in rows {
            let messageID: String = try row.decode(0)
            let claim = try row.decode(1, as: Bool.self) ? .work : try Ledger.claim(from: row, offset: 2)
            claims[messageID] = Ledger.Claimed(claim: claim, memories: try Self.memories(try row.decode(6, as: [String?].self)))
        }
        return requests.map { claims[$0.message.messageID] ?? Ledger.Claimed(claim: .work, memories: [:]) }
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
