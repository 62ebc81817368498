import Foundation
import JSON
import Logging
import Postgres

/// One `reply_history` row: what an analyst sees about one answer, suggestion, handoff or failure.
public struct HistoryRecord: Sendable {
    public var outputID: String
    public var tenantID: String
    public var accountID: String
    public var conversationID: String
    public var messageIDs: [String]
    public var botID: UUID?
    public var mode: String
    public var provider: String?
    public var kind: String
    public var outcome: String
    public var reason: String?
    public var question: String
    public var answer: String?
    public var sources: [AnswerSource]
    public var providerLatencyMilliseconds: Int? = nil
    public var totalLatencyMilliseconds: Int? = nil
    public var promptTokens: Int? = nil
    public var completionTokens: Int? = nil
    public var totalTokens: Int? = nil
    public var providerMessageID: String? = nil
    public var providerRequestID: String? = nil
    public var agentID: String?
}

/// A history row and what to do once it is in Postgres (the worker commits the message's offset
/// only then, so a killed worker's unwritten rows come back through redelivery).
public struct HistoryEntry: Sendable {
    public var record: HistoryRecord
    public var written: @Sendable () -> Void
}

/// Writes history rows in batches (one pipelined round trip per batch). A redelivered message's
/// row already exists (`output_id` is unique) and is not written twice.
public enum HistoryWriter {
    public static func make(pool: PostgresPool, logger: Logger) -> BatchWriter<HistoryEntry> {
        BatchWriter(name: "reply history", logger: logger) { entries in
            try await write(entries.map(\.record), pool: pool)
            for entry in entries { entry.written() }
        }
    }

    static let insert = """
        INSERT INTO reply_history (output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider,
            kind, outcome, reason, question, answer, sources, provider_latency_ms, total_latency_ms,
            prompt_tokens, completion_tokens, total_tokens, provider_message_id, provider_request_id, agent_id)
        VALUES ($1, $2, $3, $4, $5::text[], $6::uuid, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20, $21, $22)
        ON CONFLICT (output_id) DO NOTHING
        """

    static func write(_ records: [HistoryRecord], pool: PostgresPool) async throws {
        let statements = records.map { record in
            PostgresStatement(insert, [
                record.outputID, record.tenantID, record.accountID, record.conversationID, record.messageIDs,
                record.botID?.uuidString.lowercased(), record.mode, record.provider, record.kind, record.outcome, record.reason,
                record.question, record.answer, sourcesJSON(record.sources), record.providerLatencyMilliseconds,
                record.totalLatencyMilliseconds, record.promptTokens, record.completionTokens, record.totalTokens,
                record.providerMessageID, record.providerRequestID, record.agentID,
            ])
        }
        try await pool.withConnection { connection in
            _ = try await connection.pipeline(statements)
        }
    }

    static func sourcesJSON(_ sources: [AnswerSource]) -> String {
        let array = JSONValue.array(sources.map { source in
            .object([
                "title": .string(source.title),
                "snippet": .string(source.snippet),
                "score": .number(source.score),
                "document_id": source.documentID.map(JSONValue.string) ?? .null,
            ])
        })
        return String(decoding: JSONWriter.bytes(array), as: UTF8.self)
    }
}
