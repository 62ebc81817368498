import Catalog
import Foundation

/// What commands show of a bot: everything but the keys, which appear as hints ("app-…wxyz").
struct BotView: Encodable {
    var bot: Bot
    var bindings: Int?
    /// False when the keys could not be opened with the configured secret key.
    var keysReadable = true
    /// What the running workers report for the bot (`aics bot list`); nil: not asked or none running.
    var load: BotLoad?

    var apiKeyHint: String? { keysReadable ? bot.secrets.apiKey.map(BotSecrets.hint) : "unreadable" }
    var knowledgeKeyHint: String? { keysReadable ? bot.secrets.knowledgeKey.map(BotSecrets.hint) : "unreadable" }

    enum CodingKeys: String, CodingKey {
        case id, tenant_id, name, provider, status, status_reason, settings, api_key_hint, knowledge_key_hint, bindings
        case max_concurrency, requests_per_second, load
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bot.id.uuidString.lowercased(), forKey: .id)
        try container.encode(bot.tenantID, forKey: .tenant_id)
        try container.encode(bot.name, forKey: .name)
        try container.encode(bot.provider.rawValue, forKey: .provider)
        try container.encode(bot.status.rawValue, forKey: .status)
        try container.encodeIfPresent(bot.statusReason, forKey: .status_reason)
        switch bot.settings {
        case .dify(let settings): try container.encode(settings, forKey: .settings)
        case .openai(let settings): try container.encode(settings, forKey: .settings)
        case .local(let settings): try container.encode(settings, forKey: .settings)
        }
        try container.encodeIfPresent(apiKeyHint, forKey: .api_key_hint)
        try container.encodeIfPresent(knowledgeKeyHint, forKey: .knowledge_key_hint)
        try container.encodeIfPresent(bindings, forKey: .bindings)
        try container.encodeIfPresent(bot.limits.maxConcurrency, forKey: .max_concurrency)
        try container.encodeIfPresent(bot.limits.requestsPerSecond, forKey: .requests_per_second)
        if let load {
            try container.encode([
                "limit": load.limit, "in_flight": load.inFlight, "queued": load.queued,
                "wait_p95_ms": load.waitP95Milliseconds, "workers": load.workers,
            ], forKey: .load)
        }
    }

    /// "10 (learned 8)" style text of the configured ceiling and the workers' learned limit.
    var limitText: String {
        let configured = bot.limits.maxConcurrency.map(String.init) ?? "max-in-flight"
        guard let load else { return configured }
        return "\(configured) (now \(load.limit))"
    }

    var statusText: String {
        bot.status.rawValue + (bot.statusReason.map { " (\($0))" } ?? "")
    }

    /// "name: value" lines for `bot show`.
    var details: String {
        var lines: [(String, String)] = [
            ("id", bot.id.uuidString.lowercased()), ("tenant", bot.tenantID), ("name", bot.name),
            ("provider", bot.provider.rawValue), ("status", statusText),
        ]
        switch bot.settings {
        case .dify(let settings):
            lines += [
                ("base url", settings.baseURL), ("response mode", settings.responseMode.rawValue),
                ("dataset ids", settings.datasetIDs.isEmpty ? "none" : settings.datasetIDs.joined(separator: ", ")),
                ("api key", apiKeyHint ?? "none"), ("knowledge key", knowledgeKeyHint ?? "none"),
            ]
        case .openai(let settings):
            lines += [
                ("model", settings.model), ("vector store ids", settings.vectorStoreIDs.joined(separator: ", ")),
                ("instructions", settings.instructions.isEmpty ? "none" : settings.instructions),
                ("base url", settings.baseURL ?? "https://api.openai.com/v1 (default)"),
                ("response mode", settings.stream ? "streaming" : "blocking"), ("api key", apiKeyHint ?? "none"),
            ]
        case .local(let settings):
            lines += [("threshold", String(settings.threshold))]
        }
        lines.append(("max concurrency", bot.limits.maxConcurrency.map(String.init) ?? "the worker's --max-in-flight"))
        lines.append(("requests/s", bot.limits.requestsPerSecond.map { String($0) } ?? "no limit of aics's own"))
        if let bindings { lines.append(("bindings", String(bindings))) }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
    }

    /// `loads`: what running workers report per bot (LIMIT shows the configured ceiling and the
    /// limit they learned, QUEUED the messages waiting for a slot, WAIT the p95 wait for one).
    static func table(_ entries: [BotEntry], loads: [UUID: BotLoad] = [:]) -> String {
        var table = TextTable(["ID", "TENANT", "NAME", "PROVIDER", "STATUS", "API KEY", "KNOWLEDGE KEY", "LIMIT", "QUEUED", "WAIT P95"])
        for entry in entries {
            let bot = entry.bot
            let view = BotView(bot: bot, keysReadable: entry.secretsReadable, load: loads[bot.id])
            let queued: String = view.load.map { String($0.queued) } ?? "-"
            let wait: String = view.load.map { "\($0.waitP95Milliseconds) ms" } ?? "-"
            let row: [String] = [
                bot.id.uuidString.lowercased(), bot.tenantID, bot.name, bot.provider.rawValue, view.statusText,
                view.apiKeyHint ?? "-", view.knowledgeKeyHint ?? "-", view.limitText, queued, wait,
            ]
            table.append(row)
        }
        return table.rendered
    }
}
