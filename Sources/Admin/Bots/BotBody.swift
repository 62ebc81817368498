import Catalog

/// The bot members of a POST or PATCH body, turned into the catalog's shared inputs.
struct BotBody {
    static let settingsFields: Set<String> = ["base_url", "response_mode", "dataset_ids", "model", "vector_store_ids", "instructions", "threshold"]
    static let limitFields: Set<String> = ["max_concurrency", "requests_per_second"]
    static let createFields: Set<String> = settingsFields.union(limitFields)
        .union(["name", "provider", "api_key", "knowledge_key", "status", "status_reason", "check"])
    static let updateFields: Set<String> = settingsFields.union(limitFields)
        .union(["name", "provider", "api_key", "knowledge_key", "remove_knowledge_key", "status", "status_reason"])

    var name: String?
    var provider: ProviderKind?
    var settings: BotSettingsInput
    var keys: BotKeysInput
    var status: Bot.Status?
    var statusReason: String?
    /// POST only: false skips checking the keys against the provider.
    var check: Bool?
    var maxConcurrency: Int?
    var requestsPerSecond: Double?
    /// PATCH: the limits given as null go back to "no limit of aics's own".
    var clearedLimits: Set<String>

    init(_ body: JSONObject, allowed: Set<String>) throws {
        try body.allowOnly(allowed)
        name = try body.string("name")
        if let text = try body.string("provider") { provider = try ProviderKind.parse(text) }
        settings = BotSettingsInput(
            baseURL: try body.string("base_url"), responseMode: try body.string("response_mode"),
            datasetIDs: try body.strings("dataset_ids"), model: try body.string("model"),
            vectorStoreIDs: try body.strings("vector_store_ids"), instructions: try body.string("instructions"),
            threshold: try body.number("threshold"))
        keys = BotKeysInput(
            apiKey: try body.string("api_key"), knowledgeKey: try body.string("knowledge_key"),
            removeKnowledgeKey: try body.bool("remove_knowledge_key") ?? false)
        if let text = try body.string("status") { status = try Bot.Status.parseSettable(text) }
        statusReason = try body.string("status_reason")
        check = try body.bool("check")
        maxConcurrency = try body.integer("max_concurrency")
        requestsPerSecond = try body.number("requests_per_second")
        clearedLimits = Self.limitFields.filter { body.members[$0] == .null }
    }

    /// The limits given, over `existing`.
    func limits(over existing: BotLimits) -> BotLimits {
        var limits = existing
        if let maxConcurrency { limits.maxConcurrency = maxConcurrency }
        if let requestsPerSecond { limits.requestsPerSecond = requestsPerSecond }
        if clearedLimits.contains("max_concurrency") { limits.maxConcurrency = nil }
        if clearedLimits.contains("requests_per_second") { limits.requestsPerSecond = nil }
        return limits
    }
}
