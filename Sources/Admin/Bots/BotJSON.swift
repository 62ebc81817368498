import Catalog
import JSON

/// A bot as the admin API shows it: settings flat beside the bot's fields, keys only as hints.
enum BotJSON {
    static func make(_ bot: Bot, bindings: Int? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(bot.id.uuidString.lowercased()), "tenant_id": .string(bot.tenantID), "name": .string(bot.name),
            "provider": .string(bot.provider.rawValue), "status": .string(bot.status.rawValue),
        ]
        if let reason = bot.statusReason { object["status_reason"] = .string(reason) }
        switch bot.settings {
        case .dify(let dify):
            object["base_url"] = .string(dify.baseURL)
            object["response_mode"] = .string(dify.responseMode.rawValue)
            object["dataset_ids"] = .array(dify.datasetIDs.map(JSONValue.string))
        case .openai(let openAI):
            object["model"] = .string(openAI.model)
            object["vector_store_ids"] = .array(openAI.vectorStoreIDs.map(JSONValue.string))
            object["instructions"] = .string(openAI.instructions)
            if let baseURL = openAI.baseURL { object["base_url"] = .string(baseURL) }
            object["response_mode"] = .string(openAI.stream ? "streaming" : "blocking")
        case .local(let local):
            object["threshold"] = .number(local.threshold)
        }
        if let key = bot.secrets.apiKey { object["api_key_hint"] = .string(BotSecrets.hint(key)) }
        if let key = bot.secrets.knowledgeKey { object["knowledge_key_hint"] = .string(BotSecrets.hint(key)) }
        if let limit = bot.limits.maxConcurrency { object["max_concurrency"] = .number(Double(limit)) }
        if let rate = bot.limits.requestsPerSecond { object["requests_per_second"] = .number(rate) }
        if let bindings { object["bindings"] = .number(Double(bindings)) }
        return .object(object)
    }
}
