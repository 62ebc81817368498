/// A bot's API keys. Sealed with `SecretBox` into `bots.secrets`; never printed, logged,
/// echoed by the admin API or put on a topic. `description` is redacted for that reason.
public struct BotSecrets: Sendable, Equatable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Dify app key ("app-...") or OpenAI API key ("sk-...").
    public var apiKey: String?
    /// Dify knowledge-base key ("dataset-..."), for source snippets.
    public var knowledgeKey: String?

    public init(apiKey: String? = nil, knowledgeKey: String? = nil) {
        self.apiKey = apiKey
        self.knowledgeKey = knowledgeKey
    }

    public var isEmpty: Bool { apiKey == nil && knowledgeKey == nil }

    public var description: String {
        "BotSecrets(apiKey: \(apiKey == nil ? "none" : "<redacted>"), knowledgeKey: \(knowledgeKey == nil ? "none" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    /// A hint that lets an operator tell keys apart without revealing them: "app-…wxyz".
    public static func hint(_ key: String) -> String {
        guard key.count > 12 else { return "…" }
        let prefix = key.prefix(while: { $0 != "-" && $0 != "_" })
        return (prefix.count < key.count && prefix.count <= 8 ? "\(prefix)-" : "") + "…" + key.suffix(4)
    }

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case knowledgeKey = "knowledge_key"
    }
}
