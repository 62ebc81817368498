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
    /// The content rules that fired (`ContentScreen.Result.label`).
    public var contentRule: String? = nil
    /// Failover: the bots passed over before `botID` (empty: the first bot answered).
    public var skippedBots: [Output.SkippedBot] = []
}

/// A history row and what to do once it is in Postgres (the worker commits the message's offset
/// only then, so a killed worker's unwritten rows come back through redelivery).
public struct HistoryEntry: Sendable {
    public var record: HistoryRecord
    public var written: @Sendable () -> Void
}

/// Writes history rows in batches, one statement per batch (unnest arrays), and marks the
/// messages' ledger rows published in the same statement: a history row is queued only after the
/// broker acknowledged the output. A redelivered message's row already exists (`output_id` is
/// unique) and is not written twice.
public enum HistoryWriter {
    public static func make(pool: PostgresPool, ledger: Ledger, logger: Logger) -> BatchWriter<HistoryEntry> {
        BatchWriter(name: "reply history", logger: logger) { entries in
            try await write(entries.map(\.record), pool: pool)
            for entry in entries { entry.written() }
        } reject: { entry, error in
            // The output is on Kafka already; a row Postgres refuses must not hold the message's
            // offset (and every later one of its partition) back. The error line names it.
            logger.error("reply history row refused; the output was published without it", metadata: [
                "tenant": "\(entry.record.tenantID)", "conversation": "\(entry.record.conversationID)",
                "message": "\(entry.record.messageIDs.joined(separator: ","))", "output": "\(entry.record.outputID)", "error": "\(error)",
            ])
            let keys = entry.record.messageIDs.map { Ledger.MessageKey(tenantID: entry.record.tenantID, messageID: $0) }
            try? await ledger.markPublished(keys)
            entry.written()
        }
    }

    static let insert = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                 $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::integer[],
                                 $16::integer[], $17::integer[], $18::integer[], $19::integer[], $20::text[], $21::text[], $22::text[],
                                 $25::text[], $26::text[])
                WITH ORDINALITY
                AS t(output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider, kind, outcome, reason,
                     question, answer, sources, provider_latency_ms, total_latency_ms, prompt_tokens, completion_tokens, total_tokens,
                     provider_message_id, provider_request_id, agent_id, content_rule, skipped_bots, position)
        ),
        published AS (
            -- The answered messages as flat key arrays: a set-returning function over the rows'
            -- JSON made the planner scan the whole ledger instead of using its primary key.
            UPDATE inbound_messages m SET state = 'published', published_at = now()
            FROM unnest($23::text[], $24::text[]) AS p(tenant_id, message_id)
            WHERE m.tenant_id = p.tenant_id AND m.message_id = p.message_id AND m.state = 'answered'
        )
        INSERT INTO reply_history (output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider,
            kind, outcome, reason, question, answer, sources, provider_latency_ms, total_latency_ms,
            prompt_tokens, completion_tokens, total_tokens, provider_message_id, provider_request_id, agent_id, content_rule, skipped_bots)
        SELECT output_id, tenant_id, account_id, conversation_id, ARRAY(SELECT jsonb_array_elements_text(message_ids::jsonb)),
            bot_id::uuid, mode, provider, kind, outcome, reason, question, answer, sources::jsonb, provider_latency_ms, total_latency_ms,
            prompt_tokens, completion_tokens, total_tokens, provider_message_id, provider_request_id, agent_id, content_rule,
            skipped_bots::jsonb
        FROM input ORDER BY position
        ON CONFLICT (output_id) DO NOTHING
        """

    static func write(_ records: [HistoryRecord], pool: PostgresPool) async throws {
        guard !records.isEmpty else { return }
        try await pool.execute(insert, [
            records.map(\.outputID), records.map(\.tenantID), records.map(\.accountID), records.map(\.conversationID),
            records.map { String(decoding: JSONWriter.bytes(.array($0.messageIDs.map(JSONValue.string))), as: UTF8.self) },
            records.map { $0.botID?.uuidString.lowercased() }, records.map(\.mode), records.map(\.provider), records.map(\.kind),
            records.map(\.outcome), records.map(\.reason), records.map(\.question), records.map(\.answer),
            records.map { sourcesJSON($0.sources) }, records.map(\.providerLatencyMilliseconds), records.map(\.totalLatencyMilliseconds),
            records.map(\.promptTokens), records.map(\.completionTokens), records.map(\.totalTokens),
            records.map(\.providerMessageID), records.map(\.providerRequestID), records.map(\.agentID),
            records.flatMap { record in record.messageIDs.map { _ in record.tenantID } }, records.flatMap(\.messageIDs),
            records.map(\.contentRule),
            records.map { $0.skippedBots.isEmpty ? nil : String(decoding: JSONWriter.bytes(OutputEncoder.skippedBotsJSON($0.skippedBots)), as: UTF8.self) },
        ])
    }

    static func sourcesJSON(_ sources: [AnswerSource]) -> String {
        String(decoding: JSONWriter.bytes(.array(sources.map(\.jsonValue))), as: UTF8.self)
    }
}
