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

    /// A claim with the conversation's provider memory per bot, read in the same round trip.
    public struct Claimed: Sendable {
        public var claim: Claim
        public var memories: [UUID: ProviderMemory]
    }

    let pool: PostgresPool
    private let claims: ClaimBatcher
    private let outputs: OutputBatcher

    public init(pool: PostgresPool) {
        self.pool = pool
        self.claims = ClaimBatcher(pool: pool)
        self.outputs = OutputBatcher(pool: pool)
    }

    /// Inserts the message in state received, or reports what is stored for it, and reads the
    /// conversation's provider memory. Claims of concurrent messages share one round trip (`ClaimBatcher`).
    public func claim(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64) async throws -> Claimed {
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

        public init(tenantID: String, conversationID: String, botID: UUID, provider: String, memory: ProviderMemory) {
            self.tenantID = tenantID
            self.conversationID = conversationID
            self.botID = botID
            self.provider = provider
            self.memory = memory
        }
    }

    /// Stores the output (state answered) and the conversation's new provider memory atomically.
    /// Returns nil when this call stored it, or the output another worker stored first (publish
    /// that one, never a second, different answer). Outputs of concurrent messages share one
    /// statement (`OutputBatcher`).
    public func recordOutput(
        messageID: String, outcome: String, reason: String?, output: StoredOutput, memory: MemoryUpdate?
    ) async throws -> StoredOutput? {
        try await outputs.record(OutputBatcher.Request(messageID: messageID, outcome: outcome, reason: reason, output: output, memory: memory))
    }

    /// Marks messages whose output the broker acknowledged.
    public func markPublished(_ messageIDs: [String]) async throws {
        guard !messageIDs.isEmpty else { return }
        try await pool.execute("""
            UPDATE inbound_messages SET state = 'published', published_at = now()
            WHERE message_id = ANY($1::text[]) AND state = 'answered'
            """, [messageIDs])
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
