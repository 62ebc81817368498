import Foundation
import HTTP

/// Builds the HTTP requests of OpenAI's Responses and Vector Store APIs for one bot (API
/// reference B.1–B.6). The base URL is configurable for OpenAI-compatible gateways.
public struct OpenAIRequests: Sendable {
    public static let defaultBaseURL = "https://api.openai.com/v1"

    public var baseURL: String
    public var apiKey: String
    public var organization: String?
    public var project: String?
    public var blockingTimeout: Duration = .seconds(120)
    public var streamingTimeout: Duration = .seconds(300)

    public init(baseURL: String = defaultBaseURL, apiKey: String, organization: String? = nil, project: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.organization = organization
        self.project = project
    }

    private func headers(json: Bool, stream: Bool = false, vectorStores: Bool = false) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(apiKey)")
        if json { headers.add("Content-Type", "application/json") }
        headers.add("Accept", stream ? "text/event-stream" : "application/json")
        if let organization { headers.add("OpenAI-Organization", organization) }
        if let project { headers.add("OpenAI-Project", project) }
        // Believed optional since vector stores went GA; the official SDK still sends it.
        if vectorStores { headers.add("OpenAI-Beta", "assistants=v2") }
        return headers
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        (try? Array(JSONEncoder().encode(value))) ?? Array("{}".utf8)
    }

    /// `POST /v1/responses`, streaming when the request says so.
    public func responses(_ request: OpenAIResponsesRequest) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: baseURL + "/responses",
            headers: headers(json: true, stream: request.stream), body: Self.encode(request),
            timeout: request.stream ? streamingTimeout : blockingTimeout)
    }

    /// `GET /v1/vector_stores/{id}`: checks the key and the vector store together.
    public func vectorStore(id: String) -> HTTPRequest {
        HTTPRequest(
            method: .get, url: baseURL + "/vector_stores/\(DifyRequests.pathComponent(id))",
            headers: headers(json: false, vectorStores: true), timeout: .seconds(15))
    }

    /// `POST /v1/vector_stores/{id}/search`, for source previews.
    public func search(vectorStoreID: String, query: String, limit: Int = 5) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: baseURL + "/vector_stores/\(DifyRequests.pathComponent(vectorStoreID))/search",
            headers: headers(json: true, vectorStores: true),
            body: Self.encode(OpenAIVectorStoreSearchRequest(query: query, maxNumResults: limit)), timeout: .seconds(30))
    }
}
