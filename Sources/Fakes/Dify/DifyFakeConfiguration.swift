extension DifyFake {
    /// The app type behind the app key; it decides the stream's events.
    public enum AppMode: String, Sendable {
        /// Chatbot: `message` chunks and `message_end`.
        case chat
        /// Agent: `agent_thought` and `agent_message` events; streaming only.
        case agentChat = "agent-chat"
        /// Chatflow: workflow and node events around the `message` chunks.
        case advancedChat = "advanced-chat"
    }

    /// How a fake Dify behaves. Every field has a default that works for tests.
    public struct Configuration: Sendable {
        public var appMode: AppMode
        /// `app-` + 24 characters, like Dify's app keys.
        public var appKey: String
        /// `dataset-` + 24 characters, like Dify's knowledge keys.
        public var datasetKey: String
        /// The one knowledge base of the workspace (its id and name).
        public var datasetID: String
        public var datasetName: String
        public var knowledgeBase: FakeKnowledgeBase
        /// What the app says when nothing in the knowledge base matches.
        public var noAnswerText: String
        /// Whether answers carry `retriever_resources` ("citations" enabled in the app).
        public var citationsEnabled: Bool
        /// The app's concurrency ceiling (`max_active_requests`); 0 means unlimited.
        public var maxActiveRequests: Int
        /// Delay before each answer.
        public var latency: LatencyDistribution
        /// Pause between stream events (the model's token rate).
        public var streamInterval: Duration
        /// How many `message` chunks an answer is split into.
        public var answerChunks: Int
        /// A stream silent this long gets an `event: ping` (Dify sends one about every 10 s).
        public var pingInterval: Duration
        public var appName: String
        /// Indexing of a created or updated document finishes after this many status polls and
        /// at least `indexingTime` (both 0: at the first poll).
        public var indexingPolls: Int
        public var indexingTime: Duration

        public init(
            appMode: AppMode = .chat,
            appKey: String = "app-FakeDifyAppKey0000000001",
            datasetKey: String = "dataset-FakeDifyDatasetKey00001",
            datasetID: String = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
            datasetName: String = "Sample FAQ",
            knowledgeBase: FakeKnowledgeBase = .sample,
            noAnswerText: String = "Sorry, I could not find an answer to that in our knowledge base.",
            citationsEnabled: Bool = true,
            maxActiveRequests: Int = 0,
            latency: LatencyDistribution = .none,
            streamInterval: Duration = .zero,
            answerChunks: Int = 3,
            pingInterval: Duration = .seconds(10),
            appName: String = "Customer Service",
            indexingPolls: Int = 2,
            indexingTime: Duration = .zero
        ) {
            self.appMode = appMode
            self.appKey = appKey
            self.datasetKey = datasetKey
            self.datasetID = datasetID
            self.datasetName = datasetName
            self.knowledgeBase = knowledgeBase
            self.noAnswerText = noAnswerText
            self.citationsEnabled = citationsEnabled
            self.maxActiveRequests = maxActiveRequests
            self.latency = latency
            self.streamInterval = streamInterval
            self.answerChunks = answerChunks
            self.pingInterval = pingInterval
            self.appName = appName
            self.indexingPolls = indexingPolls
            self.indexingTime = indexingTime
        }
    }
}
