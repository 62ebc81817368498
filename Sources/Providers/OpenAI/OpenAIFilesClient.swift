import Foundation
import HTTP

/// Keeps one vector store's files for the knowledge sync: upload (`purpose` assistants), attach
/// with attributes, read (poll), list, detach and delete, with OpenAI's rate limits honoured
/// (`SyncRequestSender`: `retry-after-ms`, `retry-after`, `x-ratelimit-*`).
public struct OpenAIFilesClient: Sendable {
    let baseURL: String
    let apiKey: String
    let vectorStoreID: String
    let timeout: Duration
    let sender: SyncRequestSender
    public let pacing: SyncPacing

    public init(
        baseURL: String?, apiKey: String, vectorStoreID: String, httpClient: HTTPClient,
        policy: SyncRetryPolicy = SyncRetryPolicy(), timeout: Duration = .seconds(120)
    ) {
        let base = baseURL ?? OpenAIRequests.defaultBaseURL
        self.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.apiKey = apiKey
        self.vectorStoreID = vectorStoreID
        self.timeout = timeout
        pacing = SyncPacing()
        sender = SyncRequestSender(
            http: ProviderHTTP(client: httpClient, provider: "OpenAI"), policy: policy, scrubber: SecretScrubber(secrets: [apiKey]),
            classify: { OpenAIFailureClassifier.classify(status: $0.status, body: $0.body, headers: $0.headers) },
            pacing: pacing)
    }

    private var store: String { baseURL + "/vector_stores/\(DifyRequests.pathComponent(vectorStoreID))" }

    private func request(_ method: HTTPRequest.Method, _ url: String, json: [String: Any]? = nil) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(apiKey)")
        headers.add("Accept", "application/json")
        headers.add("OpenAI-Beta", "assistants=v2")
        var body: [UInt8]?
        if let json {
            headers.add("Content-Type", "application/json")
            body = (try? Array(JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))) ?? Array("{}".utf8)
        }
        return HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: timeout)
    }

    /// `POST /v1/files`: the file's id.
    public func upload(filename: String, content: [UInt8]) async throws(ProviderFailure) -> String {
        var multipart = MultipartBody()
        multipart.field("purpose", "assistants")
        multipart.file("file", filename: filename, contentType: "text/plain", content: content)
        var upload = request(.post, baseURL + "/files")
        upload.headers.set("Content-Type", multipart.contentType)
        upload.body = multipart.finished()
        return try decode(OpenAIFileObject.self, try await sender.send(upload), what: "files").id
    }

    /// `POST /v1/vector_stores/{id}/files` with attributes.
    public func attach(fileID: String, attributes: [String: String]) async throws(ProviderFailure) -> OpenAIVectorStoreFile {
        let body = try decode(
            OpenAIVectorStoreFileBody.self,
            try await sender.send(request(.post, store + "/files", json: ["file_id": fileID, "attributes": attributes])),
            what: "vector store file")
        return body.file
    }

    /// `GET /v1/vector_stores/{id}/files/{file_id}`.
    public func file(_ fileID: String) async throws(ProviderFailure) -> OpenAIVectorStoreFile {
        try decode(
            OpenAIVectorStoreFileBody.self, try await sender.send(request(.get, store + "/files/\(DifyRequests.pathComponent(fileID))")),
            what: "vector store file"
        ).file
    }

    /// Every file of the vector store, following the cursor.
    public func list() async throws(ProviderFailure) -> [OpenAIVectorStoreFile] {
        var files: [OpenAIVectorStoreFile] = []
        var after: String?
        while true {
            let cursor = after.map { "&after=\(DifyRequests.pathComponent($0))" } ?? ""
            let page = try decode(
                OpenAIVectorStoreFilePage.self, try await sender.send(request(.get, store + "/files?limit=100&order=asc" + cursor)),
                what: "vector store files")
            files += page.data.map(\.file)
            guard page.hasMore, let last = page.lastID ?? page.data.last?.id, files.count < 1_000_000 else { return files }
            after = last
        }
    }

    /// Detaches the file from the vector store and deletes it; either already gone counts as done.
    public func remove(fileID: String) async throws(ProviderFailure) {
        let path = DifyRequests.pathComponent(fileID)
        for url in [store + "/files/\(path)", baseURL + "/files/\(path)"] {
            do {
                _ = try await sender.send(request(.delete, url))
            } catch where error.status == 404 && error.message.lowercased().contains("file") {
                continue
            }
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ProviderFailure) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw ProviderFailure(
                .retryLater, message: "OpenAI's \(what) response is not valid JSON", status: response.status,
                code: "malformed_response", requestID: response.headers["x-request-id"])
        }
    }
}
