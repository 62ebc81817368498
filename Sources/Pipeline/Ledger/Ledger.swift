import Foundation
import Postgres
import Providers

/// The inbound ledger (`inbound_messages`): exactly one outcome per message. A message is claimed
/// before anything else happens; its output is stored (durably) before it is published, so a
/// redelivered message re-sends the stored bytes instead of asking the provider again.
public struct Ledger: Sendable {
    /// What the ledger already knows about a message.
    public enum Claim: Sendable, Equatable {
        /// First sight, or an earlier attempt died before storing an outcome: work on it.
        case work
        /// An output is stored: publish exactly these bytes again.
        case republish(StoredOutput)
        /// A skip or dead letter is recorded: nothing more to do.
        case finished
    }

    public struct StoredOutput: Sendable, Equatable {
        public var outputID: String
        public var topic: String
        public var payload: String

        public init(outputID: String, topic: String, payload: String) {
            self.outputID = outputID
            self.topic = topic
            self.payload = payload
        }
    }

    let pool: PostgresPool
    private let claims: ClaimBatcher

    public init(pool: PostgresPool) {
        self.pool = pool
        self.claims = ClaimBatcher(pool: pool)
    }

    /// Inserts the message in state received, or reports what is stored for it. Claims of
    /// concurrent messages share one round trip (`ClaimBatcher`).
    public func claim(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64) async throws -> Claim {
        try await claims.claim(ClaimBatcher.Request(message: message, topic: topic, partition: partition, offset: offset))
    }

    /// Records a deliberate skip (mode off, no binding); the message is done.
    public func recordSkip(messageID: String, reason: String) async throws {
        try await pool.execute("""
            UPDATE inbound_messages
            SET state = 'published', outcome = 'skip', outcome_reason = $2, answered_at = now(), published_at = now()
            WHERE message_id = $1 AND outcome IS NULL
            """, [messageID, reason])
    }

    /// Records a message of an unknown tenant that went to the dead-letter topic.
    public func recordDeadLetter(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64, reason: String) async throws {
        try await pool.execute("""
            INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset,
                                          state, outcome, outcome_reason, answered_at, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'published', 'dead_letter', $8, now(), now())
            ON CONFLICT (message_id) DO NOTHING
            """, [message.messageID, message.tenantID, message.accountID, message.conversationID, topic, Int(partition), Int(offset), reason])
    }

    /// The provider memory to store with an output.
    public struct MemoryUpdate: Sendable {
        public var tenantID: String
        public var conversationID: String
        public var botID: UUID
        public var provider: String
        public var memory: ProviderMemory
    }

    /// Stores the output (state answered) and the conversation's new provider memory atomically.
    /// Returns nil when this call stored it, or the output another worker stored first (publish
    /// that one, never a second, different answer).
    public func recordOutput(
        messageID: String, outcome: String, reason: String?, output: StoredOutput, memory: MemoryUpdate?
    ) async throws -> StoredOutput? {
        let stored = try await pool.execute("""
            WITH memory AS (
                INSERT INTO conversation_memory (tenant_id, conversation_id, bot_id, provider, memory)
                SELECT $7, $8, $9::uuid, $10, $11::jsonb WHERE $11::jsonb IS NOT NULL
                ON CONFLICT (tenant_id, conversation_id, bot_id) DO UPDATE SET memory = EXCLUDED.memory, provider = EXCLUDED.provider
                RETURNING 1
            )
            UPDATE inbound_messages
            SET state = 'answered', outcome = $2, outcome_reason = $3, output_id = $4, output_topic = $5, output_payload = $6,
                answered_at = now(), attempts = attempts + 1
            WHERE message_id = $1 AND outcome IS NULL
            """, [
                messageID, outcome, reason, output.outputID, output.topic, output.payload,
                memory?.tenantID, memory?.conversationID, memory?.botID.uuidString.lowercased(), memory?.provider,
                memory.map { Self.json($0.memory) },
            ])
        if stored == 1 { return nil }
        let rows = try await pool.query(
            "SELECT false, outcome, output_id, output_topic, output_payload FROM inbound_messages WHERE message_id = $1", [messageID])
        guard let row = rows.first, case .republish(let existing) = try Self.claim(from: row, offset: 1) else {
            throw LedgerError("message \(messageID) has an outcome without a stored output")
        }
        return existing
    }

    /// Marks messages whose output the broker acknowledged.
    public func markPublished(_ messageIDs: [String]) async throws {
        guard !messageIDs.isEmpty else { return }
        try await pool.execute("""
            UPDATE inbound_messages SET state = 'published', published_at = now()
            WHERE message_id = ANY($1::text[]) AND state = 'answered'
            """, [messageIDs])
    }

    /// The provider's memory of a conversation, if any.
    public func memory(tenantID: String, conversationID: String, botID: UUID) async throws -> ProviderMemory? {
        let rows = try await pool.query("""
            SELECT memory->>'conversation_id', memory->>'previous_response_id' FROM conversation_memory
            WHERE tenant_id = $1 AND conversation_id = $2 AND bot_id = $3::uuid
            """, [tenantID, conversationID, botID.uuidString.lowercased()])
        guard let row = rows.first else { return nil }
        if let id: String = try row.decode(0) { return .difyConversation(id: id) }
        if let id: String = try row.decode(1) { return .openAIResponse(id: id) }
        return nil
    }

    /// Forgets a conversation's memory (the provider lost it and no new one came back).
    public func dropMemory(tenantID: String, conversationID: String, botID: UUID) async throws {
        try await pool.execute(
            "DELETE FROM conversation_memory WHERE tenant_id = $1 AND conversation_id = $2 AND bot_id = $3::uuid",
            [tenantID, conversationID, botID.uuidString.lowercased()])
    }

    static func claim(from row: PostgresRow, offset: Int) throws -> Claim {
        let outcome: String? = try row.decode(offset)
        if let payload: String = try row.decode(offset + 3), let id: String = try row.decode(offset + 1),
           let topic: String = try row.decode(offset + 2) {
            return .republish(StoredOutput(outputID: id, topic: topic, payload: payload))
        }
        return outcome == nil ? .work : .finished
    }

    static func json(_ memory: ProviderMemory) -> String {
        switch memory {
        case .difyConversation(let id): "{\"conversation_id\": \(jsonString(id))}"
        case .openAIResponse(let id): "{\"previous_response_id\": \(jsonString(id))}"
        }
    }

    private static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The ledger holds something it should not (a bug or a manual edit).
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
