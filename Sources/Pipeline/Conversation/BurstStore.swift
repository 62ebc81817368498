import Catalog
import Foundation
import JSON
import Postgres

/// A message waiting in a burst, with where it was read (for its ledger claim).
public struct BurstMember: Sendable {
    public var message: InboundMessage
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}

/// `bursts` and `burst_messages` in Postgres: messages join the conversation's open burst (or
/// open one), and due bursts are claimed across workers, a conversation's in order.
struct BurstStore: Sendable {
    struct Claimed: Sendable {
        var id: Int64
        var members: [BurstMember]
    }

    let pool: PostgresPool
    /// A worker that claimed a burst and died: another one answers it after this (the ledger
    /// keeps a second, different answer from ever being sent).
    var lease: Duration = .seconds(120)

    /// Adds the message to its conversation's open burst, or opens one that closes after
    /// `window`. Idempotent: a message joins one burst once.
    func join(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64, window: Duration) async throws {
        let rows = try await pool.query("""
            WITH member AS (
                SELECT 1 FROM burst_messages WHERE tenant_id = $1 AND message_id = $3
            ),
            open AS (
                SELECT id FROM bursts
                WHERE tenant_id = $1 AND conversation_id = $2 AND state = 'open' AND due_at > now()
                ORDER BY id DESC LIMIT 1
                FOR UPDATE
            ),
            created AS (
                INSERT INTO bursts (tenant_id, conversation_id, due_at)
                SELECT $1, $2, now() + $4::bigint * interval '1 millisecond'
                WHERE NOT EXISTS (SELECT 1 FROM open) AND NOT EXISTS (SELECT 1 FROM member)
                RETURNING id
            ),
            target AS (SELECT id FROM open UNION ALL SELECT id FROM created)
            INSERT INTO burst_messages (tenant_id, message_id, burst_id, message, topic, kafka_partition, kafka_offset)
            SELECT $1, $3, id, $5::jsonb, $6, $7, $8 FROM target
            ON CONFLICT (tenant_id, message_id) DO NOTHING
            RETURNING burst_id
            """, [message.tenantID, message.conversationID, message.messageID, window.wholeMilliseconds,
                  JSONWriter.string(Self.json(message)), topic, Int(partition), Int(offset)])
        if rows.isEmpty {
            // Nothing inserted: the message is a member already (fine), or the open burst closed
            // while this statement waited for it (then it is not a member: try once more).
            let member = try await pool.query("SELECT 1 FROM burst_messages WHERE tenant_id = $1 AND message_id = $2", [message.tenantID, message.messageID])
            if member.isEmpty { throw BurstError("message \(message.messageID) could not join a burst of conversation \(message.conversationID); retrying") }
        }
    }

    /// Claims up to `limit` bursts whose window closed (and answering ones whose lease ran out),
    /// only the oldest unfinished burst of each conversation, so outputs keep the customer's order.
    func claimDue(limit: Int) async throws -> [Claimed] {
        let rows = try await pool.query("""
            WITH due AS (
                SELECT b.id FROM bursts b
                WHERE ((b.state = 'open' AND b.due_at <= now()) OR (b.state = 'answering' AND b.lease_until <= now()))
                  AND NOT EXISTS (SELECT 1 FROM bursts e WHERE e.tenant_id = b.tenant_id AND e.conversation_id = b.conversation_id
                                  AND e.id < b.id AND e.state <> 'done')
                ORDER BY b.due_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE bursts b SET state = 'answering', lease_until = now() + $2::bigint * interval '1 millisecond'
            FROM due WHERE b.id = due.id
            RETURNING b.id, (SELECT json_agg(json_build_object('message', m.message, 'topic', m.topic, 'partition', m.kafka_partition,
                                                               'offset', m.kafka_offset) ORDER BY m.joined_at, m.message_id)::text
                             FROM burst_messages m WHERE m.burst_id = b.id)
            """, [limit, lease.wholeMilliseconds])
        return try rows.map { row in
            let members: String? = try row.decode(1)
            return Claimed(id: try row.decode(0), members: try members.map(Self.members) ?? [])
        }
    }

    /// A failed answer: the burst is claimed again after `delay` instead of the whole lease.
    func retry(_ id: Int64, after delay: Duration) async throws {
        try await pool.execute(
            "UPDATE bursts SET lease_until = now() + $2::bigint * interval '1 millisecond' WHERE id = $1 AND state = 'answering'",
            [Int(id), delay.wholeMilliseconds])
    }

    /// The burst is answered (its output published and its history row written).
    func markDone(_ id: Int64) async throws {
        try await pool.execute("UPDATE bursts SET state = 'done', done_at = now(), lease_until = NULL WHERE id = $1", [Int(id)])
    }

    static func json(_ message: InboundMessage) -> JSONValue {
        var customer: [String: JSONValue] = ["id": .string(message.customer.id)]
        if let name = message.customer.name { customer["name"] = .string(name) }
        var object: [String: JSONValue] = [
            "message_id": .string(message.messageID), "tenant_id": .string(message.tenantID), "account_id": .string(message.accountID),
            "channel": .string(message.channel), "conversation_id": .string(message.conversationID), "customer": .object(customer),
            "content": .object(["type": .string(message.contentType), "text": .string(message.text)]), "sent_at": .string(message.sentAt),
        ]
        if let agent = message.agentID { object["agent_id"] = .string(agent) }
        return .object(object)
    }

    static func members(_ text: String) throws -> [BurstMember] {
        guard let array = try JSONParser.parse(Array(text.utf8)).arrayValue else { throw BurstError("burst members are not a JSON array") }
        return try array.map { item in
            let message = item["message"]
            func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }
            guard let message, let partition = item["partition"]?.numberValue, let offset = item["offset"]?.numberValue else {
                throw BurstError("a burst member is incomplete")
            }
            return BurstMember(
                message: InboundMessage(
                    messageID: text(message["message_id"]), tenantID: text(message["tenant_id"]), accountID: text(message["account_id"]),
                    channel: text(message["channel"]), conversationID: text(message["conversation_id"]),
                    customer: .init(id: text(message["customer"]?["id"]), name: message["customer"]?["name"]?.stringValue),
                    agentID: message["agent_id"]?.stringValue, contentType: text(message["content"]?["type"]),
                    text: text(message["content"]?["text"]), sentAt: text(message["sent_at"])),
                topic: text(item["topic"]), partition: Int32(partition), offset: Int64(offset))
        }
    }
}

struct BurstError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
