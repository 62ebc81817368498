/// `POST /datasets/{id}/retrieve` request body (API reference A.6). Without `retrieval_model`
/// the knowledge base's saved retrieval settings apply.
public struct DifyRetrieveRequest: Sendable, Equatable, Encodable {
    public struct RetrievalModel: Sendable, Equatable, Encodable {
        public var searchMethod: String
        public var rerankingEnable: Bool
        public var topK: Int
        public var scoreThresholdEnabled: Bool
        public var scoreThreshold: Double?

        public init(searchMethod: String = "semantic_search", topK: Int, scoreThreshold: Double? = nil) {
            self.searchMethod = searchMethod
            // Dify indexes these two keys directly: they must always be sent.
            self.rerankingEnable = false
            self.topK = topK
            self.scoreThresholdEnabled = scoreThreshold != nil
            self.scoreThreshold = scoreThreshold
        }

        enum CodingKeys: String, CodingKey {
            case searchMethod = "search_method"
            case rerankingEnable = "reranking_enable"
            case topK = "top_k"
            case scoreThresholdEnabled = "score_threshold_enabled"
            case scoreThreshold = "score_threshold"
        }
    }

    /// At most 250 characters (see `KnowledgeQuery.shortened`).
    public var query: String
    public var retrievalModel: RetrievalModel?

    public init(query: String, retrievalModel: RetrievalModel? = nil) {
        self.query = KnowledgeQuery.shortened(query)
        self.retrievalModel = retrievalModel
    }

    enum CodingKeys: String, CodingKey {
        case query
        case retrievalModel = "retrieval_model"
    }
}

/// `POST /datasets/{id}/retrieve` response.
public struct DifyRetrieveResponse: Sendable, Equatable, Decodable {
    public struct Record: Sendable, Equatable, Decodable {
        public var segment: Segment?
        public var score: Double?
        /// External knowledge bases return `{content, title, score, metadata}` instead.
        public var content: String?
        public var title: String?
    }

    public struct Segment: Sendable, Equatable, Decodable {
        public var id: String?
        public var documentID: String?
        public var content: String?
        public var answer: String?
        public var document: Document?

        enum CodingKeys: String, CodingKey {
            case id, content, answer, document
            case documentID = "document_id"
        }
    }

    public struct Document: Sendable, Equatable, Decodable {
        public var id: String?
        public var name: String?
    }

    public var records: [Record]
}

/// `GET /info` (newer builds add `mode` and `author_name`).
public struct DifyAppInfo: Sendable, Equatable, Decodable {
    public var name: String?
    public var description: String?
    public var mode: String?

    /// Agent apps reject blocking calls: a bot configured as blocking must stream for them.
    public var requiresStreaming: Bool { mode == "agent-chat" }
}
