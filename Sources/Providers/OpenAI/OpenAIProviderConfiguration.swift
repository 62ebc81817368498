/// What an `OpenAIProvider` needs of a bot: key, model, vector stores and instructions.
public struct OpenAIProviderConfiguration: Sendable {
    /// `https://api.openai.com/v1` or an OpenAI-compatible gateway's base URL.
    public var baseURL: String
    /// Travels only in the Authorization header.
    public var apiKey: String
    public var model: String
    public var vectorStoreIDs: [String]
    /// Sent on every turn (`previous_response_id` does not carry them over); empty: none.
    public var instructions: String
    public var streaming: Bool
    public var timeouts: ProviderTimeouts
    /// File-search results per answer (`max_num_results`) and sources kept.
    public var sourceLimit: Int

    public init(
        baseURL: String? = nil, apiKey: String, model: String, vectorStoreIDs: [String], instructions: String = "",
        streaming: Bool = true, timeouts: ProviderTimeouts = ProviderTimeouts(blocking: .seconds(120)), sourceLimit: Int = 5
    ) {
        self.baseURL = baseURL ?? OpenAIRequests.defaultBaseURL
        self.apiKey = apiKey
        self.model = model
        self.vectorStoreIDs = vectorStoreIDs
        self.instructions = instructions
        self.streaming = streaming
        self.timeouts = timeouts
        self.sourceLimit = sourceLimit
    }
}
