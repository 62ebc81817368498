import Foundation
import HTTP

/// The requests of Dify's dataset document API (API reference A.6, "Other essentials") for one
/// dataset, with the knowledge key. `update-by-text` is Dify's real route, missing from the
/// reference's table: same body as create, same `{document, batch}` answer.
struct DifyDocumentRequests: Sendable {
    var baseURL: String
    var knowledgeKey: String
    var datasetID: String
    var timeout: Duration = .seconds(60)

    private var dataset: String { baseURL + "/datasets/\(DifyRequests.pathComponent(datasetID))" }

    private func request(_ method: HTTPRequest.Method, _ url: String, body: [String: Any]? = nil) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(knowledgeKey)")
        headers.add("Accept", "application/json")
        var bytes: [UInt8]?
        if let body {
            headers.add("Content-Type", "application/json")
            bytes = (try? Array(JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))) ?? Array("{}".utf8)
        }
        return HTTPRequest(method: method, url: url, headers: headers, body: bytes, timeout: timeout)
    }

    /// `POST /datasets/{id}/document/create-by-text`: segments split on blank lines, so that
    /// each question/answer block of the synced document is one segment.
    func create(name: String, text: String) -> HTTPRequest {
        request(.post, dataset + "/document/create-by-text", body: [
            "name": name, "text": text, "indexing_technique": "high_quality", "doc_form": "text_model",
            "process_rule": Self.processRule,
        ])
    }

    /// `POST /datasets/{id}/documents/{document_id}/update-by-text`.
    func update(documentID: String, name: String, text: String) -> HTTPRequest {
        request(.post, dataset + "/documents/\(DifyRequests.pathComponent(documentID))/update-by-text", body: [
            "name": name, "text": text, "process_rule": Self.processRule,
        ])
    }

    /// `GET /datasets/{id}/documents?page=&limit=`.
    func list(page: Int, limit: Int) -> HTTPRequest {
        request(.get, dataset + "/documents?page=\(page)&limit=\(limit)")
    }

    /// `GET /datasets/{id}/documents/{batch}/indexing-status`.
    func indexingStatus(batch: String) -> HTTPRequest {
        request(.get, dataset + "/documents/\(DifyRequests.pathComponent(batch))/indexing-status")
    }

    /// `DELETE /datasets/{id}/documents/{document_id}`: 204.
    func delete(documentID: String) -> HTTPRequest {
        request(.delete, dataset + "/documents/\(DifyRequests.pathComponent(documentID))")
    }

    static var processRule: [String: Any] { [
        "mode": "custom",
        "rules": [
            "pre_processing_rules": [["id": "remove_extra_spaces", "enabled": false], ["id": "remove_urls_emails", "enabled": false]],
            "segmentation": ["separator": "\n\n", "max_tokens": 1000, "chunk_overlap": 0],
        ] as [String: Any],
    ] }
}
