extension OpenAIFake {
    /// One vector store of the fake: its id, name and the documents (files) it holds.
    public struct VectorStore: Sendable {
        public var id: String
        public var name: String
        public var knowledgeBase: FakeKnowledgeBase

        public init(id: String, name: String, knowledgeBase: FakeKnowledgeBase) {
            self.id = id
            self.name = name
            self.knowledgeBase = knowledgeBase
        }

        /// The sample FAQ as `vs_sample`.
        public static let sample = VectorStore(id: "vs_6801a2b3c4d5e6f7a8b9c0d1", name: "sample-faq", knowledgeBase: .sample)
    }

    /// How a fake OpenAI behaves. Every field has a default that works for tests.
    public struct Configuration: Sendable {
        public var apiKey: String
        public var vectorStores: [VectorStore]
        /// Models the fake accepts; nil accepts any model name.
        public var models: Set<String>?
        /// What the model says when file search finds nothing.
        public var noAnswerText: String
        /// Delay before each answer.
        public var latency: LatencyDistribution
        /// Pause between stream events.
        public var streamInterval: Duration
        /// How many `response.output_text.delta` events an answer is split into.
        public var answerChunks: Int
        /// `x-ratelimit-limit-requests` / `-tokens`; remaining values count down per minute.
        public var requestsPerMinute: Int
        public var tokensPerMinute: Int
        /// A file attached to a vector store is `in_progress` for this many polls and at least
        /// `processingTime` (both 0: `completed` at the first poll).
        public var processingPolls: Int
        public var processingTime: Duration

        public init(
            apiKey: String = "sk-fake-0000000000000000000000000000000000000001",
            vectorStores: [VectorStore] = [.sample],
            models: Set<String>? = nil,
            noAnswerText: String = "I could not find information about that in the provided files.",
            latency: LatencyDistribution = .none,
            streamInterval: Duration = .zero,
            answerChunks: Int = 3,
            requestsPerMinute: Int = 5000,
            tokensPerMinute: Int = 2_000_000,
            processingPolls: Int = 2,
            processingTime: Duration = .zero
        ) {
            self.apiKey = apiKey
            self.vectorStores = vectorStores
            self.models = models
            self.noAnswerText = noAnswerText
            self.latency = latency
            self.streamInterval = streamInterval
            self.answerChunks = answerChunks
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
            self.processingPolls = processingPolls
            self.processingTime = processingTime
        }
    }
}
