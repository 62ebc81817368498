import Foundation
import JSON

extension HistoryRecord {
    /// A history row rebuilt from a stored output, for a redelivered message whose first worker
    /// may have died before its history batch was written. Latencies and token usage are lost
    /// with that worker; `ON CONFLICT (output_id) DO NOTHING` keeps the original row when it exists.
    static func recovered(from stored: Ledger.StoredOutput, message: InboundMessage) -> HistoryRecord? {
        recovered(from: stored, messages: [message])
    }

    /// The same for a burst's output (`messages` oldest first; the newest holds the output).
    static func recovered(from stored: Ledger.StoredOutput, messages: [InboundMessage]) -> HistoryRecord? {
        guard let message = messages.last else { return nil }
        guard let json = try? JSONParser.parse(Array(stored.payload.utf8)) else { return nil }
        let isSuggestion = json["suggestion_id"] != nil
        let kind: Output.Kind
        if isSuggestion {
            kind = json["status"]?.stringValue == "ok" ? .suggestion : .suggestionFailed
        } else {
            guard let parsed = json["kind"]?.stringValue.flatMap(Output.Kind.init(rawValue:)) else { return nil }
            kind = parsed
        }
        let sources = (json["sources"]?.arrayValue ?? []).map { source in
            AnswerSource(
                title: source["title"]?.stringValue ?? "", snippet: source["snippet"]?.stringValue ?? "",
                score: source["score"]?.numberValue ?? 0, documentID: source["document_id"]?.stringValue)
        }
        let text = json["text"]?.stringValue ?? ""
        let skipped = (json["skipped_bots"]?.arrayValue ?? []).map { bot in
            Output.SkippedBot(
                botID: bot["bot_id"]?.stringValue ?? "", provider: bot["provider"]?.stringValue, reason: bot["reason"]?.stringValue ?? "")
        }
        return HistoryRecord(
            outputID: stored.outputID, tenantID: message.tenantID, accountID: message.accountID, conversationID: message.conversationID,
            messageIDs: messages.map(\.messageID), botID: json["bot_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
            mode: isSuggestion ? "assist" : "hosted", provider: json["provider"]?.stringValue, kind: kind.historyKind,
            outcome: kind.ledgerOutcome, reason: json["reason"]?.stringValue ?? json["error"]?.stringValue,
            question: messages.map(\.text).joined(separator: "\n"),
            answer: text.isEmpty ? nil : text, sources: sources, agentID: message.agentID, skippedBots: skipped)
    }
}
