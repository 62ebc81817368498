import Foundation
import HTTP

/// Writes one Dify dataset's documents for the knowledge sync: create, update, list, delete and
/// indexing status, with the knowledge key, rate limits honoured (`SyncRequestSender`).
public struct DifyDocumentsClient: Sendable {
    let requests: DifyDocumentRequests
    let sender: SyncRequestSender
    public let pacing: SyncPacing

    public init(
        baseURL: String, knowledgeKey: String, datasetID: String, httpClient: HTTPClient,
        policy: SyncRetryPolicy = SyncRetryPolicy(), timeout: Duration = .seconds(60)
    ) {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var requests = DifyDocumentRequests(baseURL: base, knowledgeKey: knowledgeKey, datasetID: datasetID)
        requests.timeout = timeout
        self.requests = requests
        pacing = SyncPacing()
        sender = SyncRequestSender(
            http: ProviderHTTP(client: httpClient, provider: "Dify"), policy: policy,
            scrubber: SecretScrubber(secrets: [knowledgeKey]),
            classify: { DifyFailureClassifier.classify(status: $0.status, body: $0.body, headers: $0.headers) },
            pacing: pacing)
    }

    public func create(name: String, text: String) async throws(ProviderFailure) -> DifyDocumentWrite {
        try decode(DifyDocumentWrite.self, try await sender.send(requests.create(name: name, text: text)), what: "create-by-text")
    }

    public func update(documentID: String, name: String, text: String) async throws(ProviderFailure) -> DifyDocumentWrite {
        try decode(
            DifyDocumentWrite.self, try await sender.send(requests.update(documentID: documentID, name: name, text: text)),
            what: "update-by-text")
    }

    /// Every document of the dataset, page by page.
    public func list() async throws(ProviderFailure) -> [DifyDatasetDocument] {
        var documents: [DifyDatasetDocument] = []
        var page = 1
        while true {
            let body = try decode(DifyDocumentPage.self, try await sender.send(requests.list(page: page, limit: 100)), what: "documents")
            documents += body.data
            guard body.hasMore, !body.data.isEmpty, page < 10_000 else { return documents }
            page += 1
        }
    }

    public func indexingStatus(batch: String) async throws(ProviderFailure) -> DifyIndexingState {
        let body = try decode(DifyIndexingStatusBody.self, try await sender.send(requests.indexingStatus(batch: batch)), what: "indexing-status")
        guard let item = body.data.first else {
            throw ProviderFailure(.retryLater, message: "Dify's indexing status of batch \(batch) lists no document", code: "malformed_response")
        }
        switch item.indexingStatus {
        case "completed": return .completed
        case "error": return .failed(item.error ?? "indexing failed")
        default: return .running(item.indexingStatus)
        }
    }

    /// Deletes a document; one that is already gone counts as deleted.
    public func delete(documentID: String) async throws(ProviderFailure) {
        do {
            _ = try await sender.send(requests.delete(documentID: documentID))
        } catch where error.status == 404 && error.message.lowercased().contains("document") {
            return
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ProviderFailure) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw ProviderFailure(.retryLater, message: "Dify's \(what) response is not valid JSON", status: response.status, code: "malformed_response")
        }
    }
}
