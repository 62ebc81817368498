/// The Response object (API reference B.3): the blocking body and the `response` of stream events.
public struct OpenAIResponse: Sendable, Equatable, Decodable {
    public var id: String
    public var status: String?
    public var output: [OpenAIOutputItem]?
    public var usage: OpenAIUsage?
    public var error: OpenAIResponseError?
    public var incompleteDetails: IncompleteDetails?

    public struct IncompleteDetails: Sendable, Equatable, Decodable {
        public var reason: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, status, output, usage, error
        case incompleteDetails = "incomplete_details"
    }
}

/// `response.error` of a failed response.
public struct OpenAIResponseError: Sendable, Equatable, Decodable {
    public var code: String?
    public var message: String?
}

/// One output item; only `file_search_call` and `message` matter here, others decode loosely.
public struct OpenAIOutputItem: Sendable, Equatable, Decodable {
    public var id: String?
    public var type: String
    public var status: String?
    public var results: [OpenAIFileSearchResult]?
    public var content: [OpenAIContentPart]?
}

public struct OpenAIFileSearchResult: Sendable, Equatable, Decodable {
    public var fileID: String?
    public var filename: String?
    public var score: Double?
    public var text: String?

    enum CodingKeys: String, CodingKey {
        case filename, score, text
        case fileID = "file_id"
    }
}

/// `output_text` (or `refusal`) part of a message.
public struct OpenAIContentPart: Sendable, Equatable, Decodable {
    public var type: String
    public var text: String?
    public var annotations: [OpenAIAnnotation]?
}

/// An annotation; `file_citation` has `file_id`, `filename` and `index`.
public struct OpenAIAnnotation: Sendable, Equatable, Decodable {
    public var type: String
    public var fileID: String?
    public var filename: String?
    public var index: Int?

    enum CodingKeys: String, CodingKey {
        case type, filename, index
        case fileID = "file_id"
    }
}

public struct OpenAIUsage: Sendable, Equatable, Decodable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalTokens: Int

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case totalTokens = "total_tokens"
    }
}

/// The error envelope `{"error": {"message", "type", "param", "code"}}` (API reference B.7).
public struct OpenAIErrorEnvelope: Sendable, Equatable, Decodable {
    public struct Body: Sendable, Equatable, Decodable {
        public var message: String?
        public var type: String?
        public var param: String?
        public var code: String?
    }

    public var error: Body
}

/// `GET /v1/vector_stores/{id}`.
public struct OpenAIVectorStore: Sendable, Equatable, Decodable {
    public var id: String
    public var name: String?
    public var status: String?
}

/// `POST /v1/vector_stores/{id}/search` response page.
public struct OpenAIVectorStoreSearchPage: Sendable, Equatable, Decodable {
    public struct Result: Sendable, Equatable, Decodable {
        public struct Content: Sendable, Equatable, Decodable {
            public var type: String?
            public var text: String?
        }

        public var fileID: String?
        public var filename: String?
        public var score: Double?
        public var content: [Content]?

        enum CodingKeys: String, CodingKey {
            case filename, score, content
            case fileID = "file_id"
        }
    }

    public var data: [Result]

    /// The results as provider sources.
    public var sources: [ProviderSource] {
        data.map {
            ProviderSource(
                title: $0.filename ?? "",
                snippet: ($0.content ?? []).compactMap(\.text).joined(separator: "\n"),
                score: $0.score, documentID: $0.fileID)
        }
    }
}
