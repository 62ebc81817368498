/// The API keys an operator gives for a bot (nil: not given, keep the stored one). Shared by
/// `aics bot create|update` and the admin API: which provider needs or refuses which key.
public struct BotKeysInput: Sendable, Equatable, CustomStringConvertible {
    public var apiKey: String?
    public var knowledgeKey: String?
    /// Forget the stored knowledge key (dify).
    public var removeKnowledgeKey: Bool

    public init(apiKey: String? = nil, knowledgeKey: String? = nil, removeKnowledgeKey: Bool = false) {
        self.apiKey = apiKey
        self.knowledgeKey = knowledgeKey
        self.removeKnowledgeKey = removeKnowledgeKey
    }

    public var description: String {
        "BotKeysInput(apiKey: \(apiKey == nil ? "none" : "<redacted>"), knowledgeKey: \(knowledgeKey == nil ? "none" : "<redacted>"))"
    }

    /// A key as typed: trimmed; blank keys and keys with inner whitespace are refused without
    /// ever quoting the key.
    public static func checkedKey(_ key: String, field: InputField) throws(InputError) -> String {
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InputError(field) { "\($0) holds an empty key" } }
        guard !trimmed.contains(where: { $0.isWhitespace }) else { throw InputError(field) { "the key in \($0) contains whitespace" } }
        return trimmed
    }

    /// The keys given applied over `existing`, enforcing what each provider needs.
    public func secrets(for settings: BotSettings, over existing: BotSecrets) throws(InputError) -> BotSecrets {
        var secrets = existing
        if removeKnowledgeKey { secrets.knowledgeKey = nil }
        if let apiKey { secrets.apiKey = try Self.checkedKey(apiKey, field: .apiKey) }
        switch settings {
        case .local:
            if apiKey != nil { throw InputError(.apiKey) { "local bots take no API keys (\($0))" } }
            if knowledgeKey != nil { throw InputError(.knowledgeKey) { "local bots take no API keys (\($0))" } }
            return BotSecrets()
        case .openai:
            if knowledgeKey != nil { throw InputError(.knowledgeKey) { "\($0) applies to dify bots only" } }
            secrets.knowledgeKey = nil
        case .dify(let dify):
            if let knowledgeKey { secrets.knowledgeKey = try Self.checkedKey(knowledgeKey, field: .knowledgeKey) }
            if !dify.datasetIDs.isEmpty, secrets.knowledgeKey == nil {
                throw InputError(.knowledgeKey) { "dataset ids need a knowledge key: give \($0)" }
            }
        }
        guard secrets.apiKey != nil else {
            throw InputError(.apiKey) { "\(settings.provider.rawValue) bots need an API key: give \($0)" }
        }
        return secrets
    }
}
