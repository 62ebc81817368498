import Foundation
import Postgres

/// A synthetic reply-history row, shaped like what the worker writes.
struct HistoryRowSample: Sendable {
    var outputID: String
    var tenantID: String
    var accountID: String
    var conversationID: String
    var messageID: String
    var botID: String
    var question: String
    var answer: String
    var sources: String
    var providerLatencyMS: Int
    var totalLatencyMS: Int
    var promptTokens: Int
    var completionTokens: Int
    var createdAt: Date

    static func make(count: Int, prefix: String) -> [HistoryRowSample] {
        let botID = UUID().uuidString
        let answer = String(repeating: "您好，退货需要在签收后七天内提出申请。Returns are accepted within seven days. ", count: 4)
        return (0..<count).map { index in
            HistoryRowSample(
                outputID: "\(prefix)-\(index)",
                tenantID: "tenant-\(index % 10)",
                accountID: "wecom-\(index % 50)",
                conversationID: "conv-\(index % 1000)",
                messageID: "msg-\(prefix)-\(index)",
                botID: botID,
                question: "请问退货政策是什么？What is the return policy for order \(index)?",
                answer: answer,
                sources: #"[{"title": "退货政策", "snippet": "签收后七天内可申请退货", "score": 0.87, "document_id": "doc-\#(index % 20)"}]"#,
                providerLatencyMS: 800 + index % 400,
                totalLatencyMS: 900 + index % 500,
                promptTokens: 300 + index % 50,
                completionTokens: 80 + index % 40,
                createdAt: Date()
            )
        }
    }

    static let columns = """
        output_id, tenant_id, account_id, conversation_id, message_ids, bot_id, mode, provider, kind, outcome,
        question, answer, sources, provider_latency_ms, total_latency_ms, prompt_tokens, completion_tokens, total_tokens, created_at
        """

    /// One row per statement.
    static let insertOne = """
        INSERT INTO reply_history (\(columns))
        VALUES ($1, $2, $3, $4, ARRAY[$5], $6::uuid, 'assist', 'dify', 'suggestion', 'suggestion',
                $7, $8, $9::jsonb, $10::int, $11::int, $12::int, $13::int, $12::int + $13::int, $14::timestamptz)
        """

    var parameters: [any PostgresEncodable] {
        [outputID, tenantID, accountID, conversationID, messageID, botID, question, answer, sources,
         providerLatencyMS, totalLatencyMS, promptTokens, completionTokens, createdAt]
    }

    /// Many rows per statement: one array parameter per column, zipped by `unnest`.
    static let insertMany = """
        INSERT INTO reply_history (\(columns))
        SELECT o, t, a, c, ARRAY[m], b::uuid, 'assist', 'dify', 'suggestion', 'suggestion',
               q, ans, s::jsonb, pl, tl, pt, ct, pt + ct, at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::int[], $11::int[], $12::int[], $13::int[], $14::timestamptz[])
             AS r(o, t, a, c, m, b, q, ans, s, pl, tl, pt, ct, at)
        """

    static func arrayParameters(_ rows: ArraySlice<HistoryRowSample>) -> [any PostgresEncodable] {
        [rows.map(\.outputID), rows.map(\.tenantID), rows.map(\.accountID), rows.map(\.conversationID),
         rows.map(\.messageID), rows.map(\.botID), rows.map(\.question), rows.map(\.answer), rows.map(\.sources),
         rows.map(\.providerLatencyMS), rows.map(\.totalLatencyMS), rows.map(\.promptTokens),
         rows.map(\.completionTokens), rows.map(\.createdAt)]
    }
}
