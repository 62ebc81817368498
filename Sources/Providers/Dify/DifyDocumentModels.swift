/// A document of a Dify dataset as the sync sees it.
public struct DifyDatasetDocument: Sendable, Equatable, Decodable {
    public var id: String
    public var name: String
    /// waiting, parsing, cleaning, splitting, indexing, completed, error or paused.
    public var indexingStatus: String?
    public var error: String?

    public init(id: String, name: String, indexingStatus: String? = nil, error: String? = nil) {
        self.id = id
        self.name = name
        self.indexingStatus = indexingStatus
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id, name, error
        case indexingStatus = "indexing_status"
    }
}

/// What create-by-text and update-by-text answer: the document and the batch to poll.
public struct DifyDocumentWrite: Sendable, Equatable, Decodable {
    public var document: DifyDatasetDocument
    public var batch: String
}

/// Where a batch's indexing stands.
public enum DifyIndexingState: Sendable, Equatable {
    case running(String)
    case completed
    case failed(String)
}

struct DifyDocumentPage: Decodable {
    var data: [DifyDatasetDocument]
    var hasMore: Bool

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}

struct DifyIndexingStatusBody: Decodable {
    struct Item: Decodable {
        var id: String?
        var indexingStatus: String
        var error: String?

        enum CodingKeys: String, CodingKey {
            case id, error
            case indexingStatus = "indexing_status"
        }
    }

    var data: [Item]
}
