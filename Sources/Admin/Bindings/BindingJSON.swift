import Catalog
import JSON

/// A binding as the admin API shows it (the fields of `aics binding set`, durations in ms).
enum BindingJSON {
    static func make(_ binding: Binding, botName: String?) -> JSONValue {
        var object: [String: JSONValue] = [
            "tenant_id": .string(binding.tenantID), "account_id": .string(binding.accountID), "mode": .string(binding.mode.rawValue),
            "handoff_keywords": .array(binding.handoffKeywords.map(JSONValue.string)),
            "merge_window_ms": .number(Double(binding.mergeWindow.wholeMilliseconds)),
            "takeover_pause_ms": .number(Double(binding.takeoverPause.wholeMilliseconds)),
            "unsupported_content": .string(binding.unsupportedContent.rawValue),
        ]
        if let conversation = binding.conversationID { object["conversation_id"] = .string(conversation) }
        if let id = binding.botID { object["bot_id"] = .string(id.uuidString.lowercased()) }
        if let botName { object["bot_name"] = .string(botName) }
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
