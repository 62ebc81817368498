/// What a `DifyProvider` needs of a bot: where its app is, its keys and how to ask.
public struct DifyProviderConfiguration: Sendable {
    /// e.g. `https://api.dify.ai/v1`.
    public var baseURL: String
    /// The app key (`app-...`); travels only in the Authorization header.
    public var appKey: String
    /// The knowledge key (`dataset-...`) for `/datasets/...`; needed for `datasetIDs`.
    public var knowledgeKey: String?
    /// Knowledge bases asked for sources when an answer carries no `retriever_resources`.
    public var datasetIDs: [String]
    /// Stream answers (`response_mode: streaming`) rather than block.
    public var streaming: Bool
    public var timeouts: ProviderTimeouts
    /// Sources kept per answer or preview.
    public var sourceLimit: Int

    public init(
        baseURL: String, appKey: String, knowledgeKey: String? = nil, datasetIDs: [String] = [],
        streaming: Bool = true, timeouts: ProviderTimeouts = ProviderTimeouts(), sourceLimit: Int = 4
    ) {
        self.baseURL = baseURL
        self.appKey = appKey
        self.knowledgeKey = knowledgeKey
        self.datasetIDs = datasetIDs
        self.streaming = streaming
        self.timeouts = timeouts
        self.sourceLimit = sourceLimit
    }
}
