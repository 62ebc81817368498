/// `POST /v1/responses` request body with the `file_search` tool (API reference B.2).
public struct OpenAIResponsesRequest: Sendable, Equatable, Encodable {
    public struct InputMessage: Sendable, Equatable, Encodable {
        public var role: String
        public var content: String

        public init(role: String = "user", content: String) {
            self.role = role
            self.content = content
        }
    }

    public struct FileSearchTool: Sendable, Equatable, Encodable {
        public var type = "file_search"
        public var vectorStoreIDs: [String]
        public var maxNumResults: Int?

        public init(vectorStoreIDs: [String], maxNumResults: Int? = nil) {
            self.vectorStoreIDs = vectorStoreIDs
            self.maxNumResults = maxNumResults
        }

        enum CodingKeys: String, CodingKey {
            case type
            case vectorStoreIDs = "vector_store_ids"
            case maxNumResults = "max_num_results"
        }
    }

    public var model: String
    public var input: [InputMessage]
    /// Not carried over by `previous_response_id`: sent on every turn.
    public var instructions: String?
    public var tools: [FileSearchTool]
    public var include: [String]
    public var previousResponseID: String?
    /// Stored responses are what `previous_response_id` chains onto.
    public var store: Bool
    public var stream: Bool

    public init(
        model: String, question: String, instructions: String?, vectorStoreIDs: [String],
        maxNumResults: Int? = nil, previousResponseID: String?, stream: Bool
    ) {
        self.model = model
        self.input = [InputMessage(content: question)]
        self.instructions = instructions
        self.tools = vectorStoreIDs.isEmpty ? [] : [FileSearchTool(vectorStoreIDs: vectorStoreIDs, maxNumResults: maxNumResults)]
        self.include = vectorStoreIDs.isEmpty ? [] : ["file_search_call.results"]
        self.previousResponseID = previousResponseID
        self.store = true
        self.stream = stream
    }

    enum CodingKeys: String, CodingKey {
        case model, input, instructions, tools, include, store, stream
        case previousResponseID = "previous_response_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(instructions, forKey: .instructions)
        if !tools.isEmpty { try container.encode(tools, forKey: .tools) }
        if !include.isEmpty { try container.encode(include, forKey: .include) }
        try container.encodeIfPresent(previousResponseID, forKey: .previousResponseID)
        try container.encode(store, forKey: .store)
        if stream { try container.encode(true, forKey: .stream) }
    }
}

/// `POST /v1/vector_stores/{id}/search` request body (API reference B.5).
public struct OpenAIVectorStoreSearchRequest: Sendable, Equatable, Encodable {
    public var query: String
    public var maxNumResults: Int

    public init(query: String, maxNumResults: Int = 5) {
        self.query = query
        self.maxNumResults = min(50, max(1, maxNumResults))
    }

    enum CodingKeys: String, CodingKey {
        case query
        case maxNumResults = "max_num_results"
    }
}
