/// A file attached to a vector store, as the sync sees it.
public struct OpenAIVectorStoreFile: Sendable, Equatable {
    public var id: String
    /// in_progress, completed, cancelled or failed.
    public var status: String
    public var lastError: String?
    /// String values only (numbers and booleans as text).
    public var attributes: [String: String]

    public init(id: String, status: String, lastError: String? = nil, attributes: [String: String] = [:]) {
        self.id = id
        self.status = status
        self.lastError = lastError
        self.attributes = attributes
    }
}

struct OpenAIVectorStoreFileBody: Decodable {
    struct LastError: Decodable {
        var code: String?
        var message: String?
    }

    enum Attribute: Decodable {
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let flag = try? container.decode(Bool.self) {
                self = .text(String(flag))
            } else {
                self = .text(String(try container.decode(Double.self)))
            }
        }

        var text: String {
            switch self { case .text(let value): value }
        }
    }

    var id: String
    var status: String
    var lastError: LastError?
    var attributes: [String: Attribute]?

    enum CodingKeys: String, CodingKey {
        case id, status, attributes
        case lastError = "last_error"
    }

    var file: OpenAIVectorStoreFile {
        OpenAIVectorStoreFile(
            id: id, status: status,
            lastError: lastError.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") },
            attributes: (attributes ?? [:]).mapValues(\.text))
    }
}

struct OpenAIVectorStoreFilePage: Decodable {
    var data: [OpenAIVectorStoreFileBody]
    var hasMore: Bool
    var lastID: String?

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
        case lastID = "last_id"
    }
}

struct OpenAIFileObject: Decodable {
    var id: String
}
