import Catalog
import Foundation
import JSON

/// A binding as the admin API shows it (the fields of `aics binding set`, durations in ms).
enum BindingJSON {
    /// `names`: the tenant's bot names by id.
    static func make(_ binding: Binding, names: [UUID: String]) -> JSONValue {
        var object: [String: JSONValue] = [
            "tenant_id": .string(binding.tenantID), "account_id": .string(binding.accountID), "mode": .string(binding.mode.rawValue),
            "handoff_keywords": .array(binding.handoffKeywords.map(JSONValue.string)),
            "merge_window_ms": .number(Double(binding.mergeWindow.wholeMilliseconds)),
            "takeover_pause_ms": .number(Double(binding.takeoverPause.wholeMilliseconds)),
            "unsupported_content": .string(binding.unsupportedContent.rawValue),
        ]
        if let conversation = binding.conversationID { object["conversation_id"] = .string(conversation) }
        if let id = binding.botID { object["bot_id"] = .string(id.uuidString.lowercased()) }
        if let botName = binding.botID.flatMap({ names[$0] }) { object["bot_name"] = .string(botName) }
        object["fallback_bot_ids"] = .array(binding.fallbackBotIDs.map { .string($0.uuidString.lowercased()) })
        object["fallback_bot_names"] = .array(binding.fallbackBotIDs.map { .string(names[$0] ?? $0.uuidString.lowercased()) })
        if let text = binding.fallbackText { object["fallback_text"] = .string(text) }
        if let timeout = binding.replyTimeout { object["reply_timeout_ms"] = .number(Double(timeout.wholeMilliseconds)) }
        if let text = binding.handoffText { object["handoff_text"] = .string(text) }
        if let holding = binding.holding {
            object["holding_after_ms"] = .number(Double(holding.after.wholeMilliseconds))
            object["holding_text"] = .string(holding.text)
        }
        if let patience = binding.patience { object["patience_ms"] = .number(Double(patience.wholeMilliseconds)) }
        if let hours = binding.workingHoursJSON, let value = try? JSONParser.parse(hours) { object["working_hours"] = value }
        return .object(object)
    }

}
