import Catalog
import Foundation

/// What commands show of a binding.
struct BindingView: Encodable {
    var binding: Binding
    var botName: String?
    /// The fallback bots' names (their ids for bots without one), in order.
    var fallbackBotNames: [String] = []

    /// `names`: the tenant's bot names by id.
    init(binding: Binding, names: [UUID: String]) {
        self.binding = binding
        botName = binding.botID.flatMap { names[$0] }
        fallbackBotNames = binding.fallbackBotIDs.map { names[$0] ?? $0.uuidString.lowercased() }
    }

    var scope: String {
        "\(binding.tenantID)/\(binding.accountID)" + (binding.conversationID.map { " conversation \($0)" } ?? "")
    }

    var botText: String {
        guard let id = binding.botID else { return "-" }
        return botName ?? id.uuidString.lowercased()
    }

    enum CodingKeys: String, CodingKey {
        case tenant_id, account_id, conversation_id, bot_id, bot_name, mode, fallback_text, handoff_keywords
        case merge_window_ms, reply_timeout_ms, takeover_pause_ms, working_hours, patience_ms, unsupported_content, holding_after_ms, holding_text, handoff_text
        case fallback_bot_ids, fallback_bot_names
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(binding.tenantID, forKey: .tenant_id)
        try container.encode(binding.accountID, forKey: .account_id)
        try container.encodeIfPresent(binding.conversationID, forKey: .conversation_id)
        try container.encodeIfPresent(binding.botID?.uuidString.lowercased(), forKey: .bot_id)
        try container.encodeIfPresent(botName, forKey: .bot_name)
        try container.encode(binding.mode.rawValue, forKey: .mode)
        try container.encodeIfPresent(binding.fallbackText, forKey: .fallback_text)
        try container.encode(binding.handoffKeywords, forKey: .handoff_keywords)
        try container.encode(binding.mergeWindow.wholeMilliseconds, forKey: .merge_window_ms)
        try container.encodeIfPresent(binding.replyTimeout?.wholeMilliseconds, forKey: .reply_timeout_ms)
        try container.encode(binding.takeoverPause.wholeMilliseconds, forKey: .takeover_pause_ms)
        try container.encodeIfPresent(binding.workingHoursJSON, forKey: .working_hours)
        try container.encode((binding.patience ?? Binding.defaultPatience).wholeMilliseconds, forKey: .patience_ms)
        try container.encode(binding.unsupportedContent.rawValue, forKey: .unsupported_content)
        try container.encodeIfPresent(binding.holding?.after.wholeMilliseconds, forKey: .holding_after_ms)
        try container.encodeIfPresent(binding.holding?.text, forKey: .holding_text)
        try container.encodeIfPresent(binding.handoffText, forKey: .handoff_text)
        try container.encode(binding.fallbackBotIDs.map { $0.uuidString.lowercased() }, forKey: .fallback_bot_ids)
        try container.encode(fallbackBotNames, forKey: .fallback_bot_names)
    }

    var details: String {
        let lines: [(String, String)] = [
            ("bot", botText + (binding.botID.map { botName == nil ? "" : " (\($0.uuidString.lowercased()))" } ?? "")),
            ("mode", binding.mode.rawValue),
            ("fallback bots", fallbackBotNames.isEmpty ? "none" : fallbackBotNames.joined(separator: " → ")),
            ("fallback text", binding.fallbackText ?? "none (hand off instead)"),
            ("handoff keywords", binding.handoffKeywords.isEmpty
                ? "the defaults (" + Binding.defaultHandoffKeywords.joined(separator: ", ") + ")"
                : binding.handoffKeywords.joined(separator: ", ")),
            ("merge window", DurationText.format(binding.mergeWindow)),
            ("reply timeout", binding.replyTimeout.map(DurationText.format) ?? "none"),
            ("takeover pause", DurationText.format(binding.takeoverPause)),
            ("working hours", binding.workingHoursJSON ?? "always"),
            ("patience", DurationText.format(binding.patience ?? Binding.defaultPatience)),
            ("not text", binding.unsupportedContent.rawValue),
            ("handoff text", binding.handoffText ?? "none"),
            ("holding message", binding.holding.map { "after \(DurationText.format($0.after)): \($0.text)" } ?? "none"),
        ]
        return lines.map { $0.0 + String(repeating: " ", count: 18 - $0.0.count) + $0.1 }.joined(separator: "\n")
    }

    static func table(_ views: [BindingView]) -> String {
        var table = TextTable(["TENANT", "ACCOUNT", "CONVERSATION", "BOT", "MODE", "MERGE", "REPLY TIMEOUT", "TAKEOVER", "FALLBACK", "FAILOVER", "HANDOFF KEYWORDS"])
        for view in views {
            let binding = view.binding
            table.append([
                binding.tenantID, binding.accountID, binding.conversationID ?? "(account)", view.botText, binding.mode.rawValue,
                DurationText.format(binding.mergeWindow), binding.replyTimeout.map(DurationText.format) ?? "-",
                DurationText.format(binding.takeoverPause), binding.fallbackText == nil ? "-" : "yes",
                view.fallbackBotNames.isEmpty ? "-" : view.fallbackBotNames.joined(separator: " → "),
                binding.handoffKeywords.isEmpty ? "(defaults)" : binding.handoffKeywords.joined(separator: ", "),
            ])
        }
        return table.rendered
    }
}
