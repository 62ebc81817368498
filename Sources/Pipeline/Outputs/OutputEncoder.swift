import JSON

/// Encodes an `Output` as the JSON value of its topic (schemas/topics/cs.suggestions and
/// cs.replies). Sorted keys: the same output always gives the same bytes.
public enum OutputEncoder {
    public static func encode(_ output: Output) -> [UInt8] {
        var members: [String: JSONValue] = [
            "tenant_id": .string(output.tenantID),
            "conversation_id": .string(output.conversationID),
            "in_reply_to": .array(output.inReplyTo.map(JSONValue.string)),
            "bot_id": .string(output.botID),
            "provider": .string(output.provider),
            "text": .string(output.text),
            "sources": .array(output.sources.map(encode)),
            "created_at": .string(Timestamps.rfc3339(output.createdAt)),
        ]
        if !output.skippedBots.isEmpty { members["skipped_bots"] = skippedBotsJSON(output.skippedBots) }
        switch output.kind {
        case .suggestion, .suggestionFailed:
            members["suggestion_id"] = .string(output.id)
            members["status"] = .string(output.kind == .suggestion ? "ok" : "failed")
            if let reason = output.reason { members["error"] = .string(reason) }
        case .answer, .fallback, .handoff, .holding:
            members["reply_id"] = .string(output.id)
            members["kind"] = .string(output.kind.rawValue)
            if let reason = output.reason { members["reason"] = .string(reason) }
        }
        return JSONWriter.bytes(.object(members))
    }

    /// `skipped_bots` as the topics and `reply_history.skipped_bots` carry it.
    public static func skippedBotsJSON(_ skipped: [Output.SkippedBot]) -> JSONValue {
        .array(skipped.map { bot in
            var members: [String: JSONValue] = ["bot_id": .string(bot.botID), "reason": .string(bot.reason)]
            if let provider = bot.provider { members["provider"] = .string(provider) }
            return .object(members)
        })
    }

    private static func encode(_ source: AnswerSource) -> JSONValue {
        .object([
            "title": .string(source.title),
            "snippet": .string(source.snippet),
            "score": .number(min(1, max(0, source.score))),
            "document_id": source.documentID.map(JSONValue.string) ?? .null,
        ])
    }
}
