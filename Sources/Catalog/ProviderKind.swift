/// Where a bot's answers come from (the `bots.provider` column).
public enum ProviderKind: String, Sendable, Codable, CaseIterable {
    case dify
    case openai
    case local
}
