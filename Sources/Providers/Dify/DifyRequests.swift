import Foundation
import HTTP

/// Builds the HTTP requests of Dify's service API for one bot (API reference A.1–A.6).
/// Values only: the client executes them. The keys travel in `Authorization` headers only.
public struct DifyRequests: Sendable {
    /// e.g. `https://api.dify.ai/v1` or `http://dify.internal/v1`; a trailing slash is dropped.
    public var baseURL: String
    public var appKey: String
    /// The knowledge (dataset) key, for `/datasets/...` routes.
    public var datasetKey: String?
    /// Dify Cloud's proxy cuts blocking calls at about 100 s.
    public var blockingTimeout: Duration = .seconds(100)
    /// A stream lives as long as the model writes.
    public var streamingTimeout: Duration = .seconds(300)

    public init(baseURL: String, appKey: String, datasetKey: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.appKey = appKey
        self.datasetKey = datasetKey
    }

    private func headers(key: String, json: Bool, stream: Bool = false) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(key)")
        if json { headers.add("Content-Type", "application/json") }
        headers.add("Accept", stream ? "text/event-stream" : "application/json")
        return headers
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        // Our request types always encode; an empty object would be rejected by Dify anyway.
        (try? Array(JSONEncoder().encode(value))) ?? Array("{}".utf8)
    }

    /// `POST /chat-messages`, blocking or streaming as the request says.
    public func chat(_ request: DifyChatRequest) -> HTTPRequest {
        let streaming = request.responseMode == .streaming
        return HTTPRequest(
            method: .post, url: baseURL + "/chat-messages",
            headers: headers(key: appKey, json: true, stream: streaming),
            body: request.jsonBytes,
            timeout: streaming ? streamingTimeout : blockingTimeout)
    }

    /// `POST /datasets/{id}/retrieve` with the knowledge key; the query is shortened to 250 characters.
    public func retrieve(datasetID: String, query: String, topK: Int = 4) -> HTTPRequest? {
        guard let datasetKey else { return nil }
        let body = DifyRetrieveRequest(query: query, retrievalModel: .init(topK: topK))
        return HTTPRequest(
            method: .post, url: baseURL + "/datasets/\(Self.pathComponent(datasetID))/retrieve",
            headers: headers(key: datasetKey, json: true), body: Self.encode(body), timeout: .seconds(30))
    }

    /// `GET /info`: checks the app key (and tells the app's mode on newer Dify).
    public func info() -> HTTPRequest {
        HTTPRequest(method: .get, url: baseURL + "/info", headers: headers(key: appKey, json: false), timeout: .seconds(15))
    }

    /// `GET /parameters`: the app's settings, e.g. whether citations are enabled.
    public func parameters() -> HTTPRequest {
        HTTPRequest(method: .get, url: baseURL + "/parameters", headers: headers(key: appKey, json: false), timeout: .seconds(15))
    }

    /// `GET /datasets/{id}`: checks the knowledge key and the dataset id together.
    public func dataset(id: String) -> HTTPRequest? {
        guard let datasetKey else { return nil }
        return HTTPRequest(
            method: .get, url: baseURL + "/datasets/\(Self.pathComponent(id))",
            headers: headers(key: datasetKey, json: false), timeout: .seconds(15))
    }

    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
