/// A bot's non-secret settings, stored as JSON in `bots.settings` (keys in snake_case, as the
/// column comment documents for analysts). Secrets live in `BotSecrets`, sealed.
public enum BotSettings: Sendable, Equatable {
    case dify(DifySettings)
    case openai(OpenAISettings)
    case local(LocalSettings)

    public var provider: ProviderKind {
        switch self {
        case .dify: .dify
        case .openai: .openai
        case .local: .local
        }
    }
}

public struct DifySettings: Sendable, Equatable, Codable {
    public enum ResponseMode: String, Sendable, Codable, CaseIterable {
        case blocking
        case streaming
    }

    /// e.g. "https://api.dify.ai/v1" or "http://dify.internal/v1".
    public var baseURL: String
    public var responseMode: ResponseMode
    /// Knowledge bases queried with the knowledge key for sources (optional).
    public var datasetIDs: [String]

    public init(baseURL: String = "https://api.dify.ai/v1", responseMode: ResponseMode = .streaming, datasetIDs: [String] = []) {
        self.baseURL = baseURL
        self.responseMode = responseMode
        self.datasetIDs = datasetIDs
    }

    enum CodingKeys: String, CodingKey {
        case baseURL = "base_url"
        case responseMode = "response_mode"
        case datasetIDs = "dataset_ids"
    }
}

public struct OpenAISettings: Sendable, Equatable, Codable {
    public var model: String
    public var vectorStoreIDs: [String]
    public var instructions: String
    /// nil: https://api.openai.com/v1; set for OpenAI-compatible gateways.
    public var baseURL: String?
    public var stream: Bool

    public init(model: String, vectorStoreIDs: [String], instructions: String = "", baseURL: String? = nil, stream: Bool = true) {
        self.model = model
        self.vectorStoreIDs = vectorStoreIDs
        self.instructions = instructions
        self.baseURL = baseURL
        self.stream = stream
    }

    enum CodingKeys: String, CodingKey {
        case model
        case vectorStoreIDs = "vector_store_ids"
        case instructions
        case baseURL = "base_url"
        case stream
    }
}

public struct LocalSettings: Sendable, Equatable, Codable {
    /// Answers scoring below this (0...1) count as "no answer".
    public var threshold: Double

    public init(threshold: Double = 0.35) {
        self.threshold = threshold
    }
}
