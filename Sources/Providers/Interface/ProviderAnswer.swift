/// What a bot answered, with everything the pipeline stores about it.
public struct ProviderAnswer: Sendable, Equatable {
    public var text: String
    /// Knowledge-base passages the answer rests on, best first.
    public var sources: [ProviderSource]
    public var usage: TokenUsage?
    public var ids: ProviderIDs
    /// The memory to store for the conversation's next turn.
    public var memory: ProviderMemory?
    /// The provider's rate-limit headers on this answer, if it sends them (OpenAI does).
    public var rateLimit: RateLimitStatus?

    public init(
        text: String, sources: [ProviderSource], usage: TokenUsage?, ids: ProviderIDs, memory: ProviderMemory?,
        rateLimit: RateLimitStatus? = nil
    ) {
        self.text = text
        self.sources = sources
        self.usage = usage
        self.ids = ids
        self.memory = memory
        self.rateLimit = rateLimit
    }
}

/// One knowledge-base passage: a Dify segment, an OpenAI file-search result or a local entry.
public struct ProviderSource: Sendable, Hashable, Codable {
    /// Document name, e.g. "refunds.md", or the local entry's question.
    public var title: String
    public var snippet: String
    /// Relevance 0...1 as the provider reports it; nil when it gave none (a bare citation).
    public var score: Double?
    public var documentID: String?

    public init(title: String, snippet: String, score: Double?, documentID: String?) {
        self.title = title
        self.snippet = snippet
        self.score = score
        self.documentID = documentID
    }
}

/// Tokens the provider counted for one answer.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var input: Int
    public var output: Int
    public var total: Int

    public init(input: Int, output: Int, total: Int? = nil) {
        self.input = input
        self.output = output
        self.total = total ?? input + output
    }
}

/// The provider's ids of one answer, kept for support requests and analysis.
public struct ProviderIDs: Sendable, Hashable, Codable {
    /// Dify's message id.
    public var messageID: String?
    /// OpenAI's response id.
    public var responseID: String?
    /// OpenAI's `x-request-id` (Dify's task id for Dify).
    public var requestID: String?

    public init(messageID: String? = nil, responseID: String? = nil, requestID: String? = nil) {
        self.messageID = messageID
        self.responseID = responseID
        self.requestID = requestID
    }
}
