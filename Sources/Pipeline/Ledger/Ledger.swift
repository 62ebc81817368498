import Conversations
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
        /// The deliveries this message was worked on, this one included.
        public var attempts: Int
        /// The error the last failed attempt met, if one was recorded.
        public var lastError: String?
        public var memories: [UUID: ProviderMemory]
        /// What agents did in the conversation and whether its agent is online.
        public var conversation: ConversationView
    }

    /// The conversation as the claim read it.
    public struct ConversationView: Sendable, Equatable {
        public var control: ConversationControl
        /// The message's agent (else the conversation's last agent) is online.
        public var agentOnline: Bool
        /// Postgres's clock when the claim ran: pauses compare with it, not with this machine's clock.
        public var databaseNow: Date

        public init(control: ConversationControl = .init(), agentOnline: Bool = false, databaseNow: Date = Date()) {
            self.control = control
            self.agentOnline = agentOnline
            self.databaseNow = databaseNow
        }
    }

    /// The key of a message in memory: a message is identified by (tenant_id, message_id).
    /// Intake refuses U+0000 in ids, so the separator cannot occur inside either part.
    static func identity(tenantID: String, messageID: String) -> String {
        tenantID + "\u{0}" + messageID
    }

    let pool: PostgresPool
    private let claims: ClaimBatcher
    private let outputs: OutputBatcher

    /// - Parameter memoryIdle: provider memory unused this long is not handed back: the next
    ///   question starts a new provider conversation (nil: kept for ever).
    public init(pool: PostgresPool, memoryIdle: Duration? = nil) {
        self.pool = pool
        self.claims = ClaimBatcher(pool: pool, memoryIdle: memoryIdle)
        self.outputs = OutputBatcher(pool: pool)
    }

    /// Inserts the message in state received, or reports what is stored for it, and reads the
    /// conversation's provider memory. Claims of concurrent messages share one round trip (`ClaimBatcher`).
    /// `counted`: this claim spends one of the message's attempts (not so for a retry after an outage).
    public func claim(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64, counted: Bool = true) async throws -> Claimed {
        try await claims.claim(ClaimBatcher.Request(message: message, topic: topic, partition: partition, offset: offset, counted: counted))
    }

    /// Records a deliberate skip (mode off, no binding); the message is done.
    public func recordSkip(_ message: InboundMessage, reason: String) async throws {
        try await pool.execute("""
            UPDATE inbound_messages
            SET state = 'published', outcome = 'skip', outcome_reason = $3, answered_at = now(), published_at = now()
            WHERE tenant_id = $1 AND message_id = $2 AND outcome IS NULL
            """, [message.tenantID, message.messageID, reason])
    }

    /// Records a message that kept failing: outcome failed, done (its dead letter is already sent).
    /// An output stored but never accepted by the broker (say it is too large for the topic) is
    /// dropped with it, so a redelivery does not try to send it again.
    public func recordExhausted(_ message: InboundMessage, reason: String) async throws {
        try await pool.execute("""
            UPDATE inbound_messages
            SET state = 'published', outcome = 'failed', outcome_reason = $3, output_id = NULL, output_topic = NULL,
                output_payload = NULL, answered_at = coalesce(answered_at, now()), published_at = now()
            WHERE tenant_id = $1 AND message_id = $2 AND (outcome IS NULL OR state = 'answered')
            """, [message.tenantID, message.messageID, reason])
    }

    /// Remembers why an attempt failed (shown in the ledger and in the dead letter if the budget runs out).
    public func recordAttemptError(_ message: InboundMessage, error: String) async throws {
        try await pool.execute("""
            UPDATE inbound_messages SET last_error = $3 WHERE tenant_id = $1 AND message_id = $2 AND outcome IS NULL
            """, [message.tenantID, message.messageID, error])
    }

    /// Records a message of an unknown tenant that went to the dead-letter topic.
    public func recordDeadLetter(_ message: InboundMessage, topic: String, partition: Int32, offset: Int64, reason: String) async throws {
        try await pool.execute("""
            INSERT INTO inbound_messages (message_id, tenant_id, account_id, conversation_id, topic, kafka_partition, kafka_offset,
                                          state, outcome, outcome_reason, answered_at, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'published', 'dead_letter', $8, now(), now())
            ON CONFLICT (tenant_id, message_id) DO NOTHING
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
    ///
    /// With the output, atomically: a handoff (`handoffReason`) marks the conversation handed off
    /// and drops its provider memory; an auto-mode suggestion stores its reply timer.
    public func recordOutput(
        _ message: InboundMessage, outcome: String, reason: String?, output: StoredOutput, memory: MemoryUpdate?,
        handoffReason: String? = nil, timer: ReplyTimer? = nil
    ) async throws -> StoredOutput? {
        try await outputs.record(OutputBatcher.Request(
            tenantID: message.tenantID, messageID: message.messageID, outcome: outcome, reason: reason, output: output, memory: memory,
            conversationID: message.conversationID, accountID: message.accountID, handoffReason: handoffReason, timerJSON: timer?.json))
    }

    /// A message by its identity, for writers that only need to find its ledger row.
    public struct MessageKey: Sendable, Hashable {
        public var tenantID: String
        public var messageID: String

        public init(tenantID: String, messageID: String) {
            self.tenantID = tenantID
            self.messageID = messageID
        }
    }

    /// Marks messages whose output the broker acknowledged.
    public func markPublished(_ messages: [MessageKey]) async throws {
        guard !messages.isEmpty else { return }
        try await pool.execute("""
            UPDATE inbound_messages m SET state = 'published', published_at = now()
            FROM unnest($1::text[], $2::text[]) AS i(tenant_id, message_id)
            WHERE m.tenant_id = i.tenant_id AND m.message_id = i.message_id AND m.state = 'answered'
            """, [messages.map(\.tenantID), messages.map(\.messageID)])
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
