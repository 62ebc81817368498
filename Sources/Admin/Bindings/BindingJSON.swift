import Catalog
import JSON

/// A binding as the admin API shows it (the fields of `aics binding set`, durations in ms).
enum BindingJSON {
    static func make(_ binding: Binding, botName: String?) -> JSONValue {
        var object: [String: JSONValue] = [
            "tenant_id": .string(binding.tenantID), "account_id": .string(binding.accountID), "mode": .string(binding.mode.rawValue),
            "handoff_keywords": .array(binding.handoffKeywords.map(JSONValue.string)),
            "merge_window_ms": .number(Double(milliseconds(binding.mergeWindow))),
            "takeover_pause_ms": .number(Double(milliseconds(binding.takeoverPause))),
            "unsupported_content": .string(binding.unsupportedContent.rawValue),
        ]
        if let conversation = binding.conversationID { object["conversation_id"] = .string(conversation) }
        if let id = binding.botID { object["bot_id"] = .string(id.uuidString.lowercased()) }
        if let botName { object["bot_name"] = .string(botName) }
        if let text = binding.fallbackText { object["fallback_text"] = .string(text) }
        if let timeout = binding.replyTimeout { object["reply_timeout_ms"] = .number(Double(milliseconds(timeout))) }
        if let text = binding.handoffText { object["handoff_text"] = .string(text) }
        if let holding = binding.holding {
            object["holding_after_ms"] = .number(Double(milliseconds(holding.after)))
            object["holding_text"] = .string(holding.text)
        }
        if let patience = binding.patience { object["patience_ms"] = .number(Double(milliseconds(patience))) }
        if let hours = binding.workingHoursJSON, let value = try? JSONParser.parse(hours) { object["working_hours"] = value }
        return .object(object)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
