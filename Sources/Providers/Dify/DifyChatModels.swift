/// `POST /chat-messages` request body (API reference A.3).
public struct DifyChatRequest: Sendable, Equatable, Codable {
    public enum ResponseMode: String, Sendable, Codable { case blocking, streaming }

    public var inputs: [String: String]
    public var query: String
    public var responseMode: ResponseMode
    public var user: String
    /// Empty for a new conversation.
    public var conversationID: String
    public var autoGenerateName: Bool

    public init(query: String, user: String, conversationID: String?, responseMode: ResponseMode, inputs: [String: String] = [:]) {
        self.inputs = inputs
        self.query = query
        self.responseMode = responseMode
        self.user = user
        self.conversationID = conversationID ?? ""
        // Titling every support conversation would cost an extra LLM call per conversation.
        self.autoGenerateName = false
    }

    enum CodingKeys: String, CodingKey {
        case inputs, query, user
        case responseMode = "response_mode"
        case conversationID = "conversation_id"
        case autoGenerateName = "auto_generate_name"
    }
}

/// The blocking `/chat-messages` response; also the fields common to stream chunks.
public struct DifyChatResponse: Sendable, Equatable, Decodable {
    public var event: String?
    public var taskID: String?
    public var id: String?
    public var messageID: String?
    public var conversationID: String?
    public var mode: String?
    public var answer: String?
    public var metadata: DifyMetadata?
    public var createdAt: Int?

    enum CodingKeys: String, CodingKey {
        case event, id, mode, answer, metadata
        case taskID = "task_id"
        case messageID = "message_id"
        case conversationID = "conversation_id"
        case createdAt = "created_at"
    }
}

/// `metadata` of a message: usage and the retrieved knowledge.
public struct DifyMetadata: Sendable, Equatable, Decodable {
    public var usage: DifyUsage?
    public var retrieverResources: [DifyRetrieverResource]?

    enum CodingKeys: String, CodingKey {
        case usage
        case retrieverResources = "retriever_resources"
    }
}

/// Dify's Usage; prices are decimal strings and are not needed here.
public struct DifyUsage: Sendable, Equatable, Decodable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var latency: Double?

    enum CodingKeys: String, CodingKey {
        case latency
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
    }
}

/// One `retriever_resources` item.
public struct DifyRetrieverResource: Sendable, Equatable, Decodable {
    public var position: Int?
    public var datasetID: String?
    public var documentID: String?
    public var documentName: String?
    public var segmentID: String?
    public var score: Double?
    public var content: String?

    enum CodingKeys: String, CodingKey {
        case position, score, content
        case datasetID = "dataset_id"
        case documentID = "document_id"
        case documentName = "document_name"
        case segmentID = "segment_id"
    }
}

/// Dify's error envelope `{"code", "message", "status"}`, also the fields of an `error` event.
public struct DifyErrorBody: Sendable, Equatable, Decodable {
    public var code: String?
    public var message: String?
    public var status: Int?
}
