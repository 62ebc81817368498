import Foundation
import Hummingbird

/// The dataset document routes of the knowledge API (API reference A.6, "Other essentials"),
/// with the dataset key. `update-by-text` is Dify's real route though the reference's table
/// leaves it out: same body as create (name and text, both optional here) and the same
/// `{document, batch}` answer.
extension DifyFakeState {
    /// `POST /datasets/{id}/document/create-by-text`.
    func createDocument(_ request: Request, datasetID: String) async -> Response {
        if let refused = await admitDataset(request, .createDocument, datasetID: datasetID) { return refused }
        guard let body = await FakeJSON.object(from: request) else { return DifyErrors.invalidJSON }
        guard let name = body["name"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            return DifyErrors.invalidParam("name is required")
        }
        guard let text = body["text"] as? String, !text.isEmpty else { return DifyErrors.invalidParam("text is required") }
        if let rejection = Self.checkOptions(body) { return rejection }
        if name.count > 255 { return DifyErrors.invalidParam("Document name must be less than 255 characters") }
        let document = datasetDocuments.withLock { $0.create(name: name, text: text) }
        return written(document)
    }

    /// `POST /datasets/{id}/documents/{document_id}/update-by-text`.
    func updateDocument(_ request: Request, datasetID: String, documentID: String) async -> Response {
        if let refused = await admitDataset(request, .updateDocument, datasetID: datasetID) { return refused }
        guard let body = await FakeJSON.object(from: request) else { return DifyErrors.invalidJSON }
        let name = body["name"] as? String
        let text = body["text"] as? String
        if body["name"] != nil, name?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            return DifyErrors.invalidParam("name must be a non-empty string")
        }
        if body["text"] != nil, text?.isEmpty ?? true { return DifyErrors.invalidParam("text must be a non-empty string") }
        if text != nil, name == nil { return DifyErrors.invalidParam("name is required when text is provided") }
        if let rejection = Self.checkOptions(body) { return rejection }
        guard let document = datasetDocuments.withLock({ $0.update(id: documentID, name: name, text: text) }) else {
            return DifyErrors.response(404, "not_found", "Document not found.")
        }
        return written(document)
    }

    /// `GET /datasets/{id}/documents?page=&limit=&keyword=`.
    func listDocuments(_ request: Request, datasetID: String) async -> Response {
        if let refused = await admitDataset(request, .listDocuments, datasetID: datasetID) { return refused }
        let query = request.uri.queryParameters
        let page = query["page"].map { Int(String($0)) } ?? 1
        let limit = query["limit"].map { Int(String($0)) } ?? 20
        guard let page, page >= 1 else { return DifyErrors.invalidParam("page must be a positive integer") }
        guard let limit, (1...100).contains(limit) else { return DifyErrors.invalidParam("limit must be between 1 and 100") }
        let keyword = query["keyword"].map(String.init) ?? ""
        let all = datasetDocuments.withLock { $0.documents }
            .filter { keyword.isEmpty || $0.name.localizedCaseInsensitiveContains(keyword) }
            .sorted { $0.position > $1.position }
        let pageItems = all.dropFirst((page - 1) * limit).prefix(limit)
        return FakeJSON.response(status: .ok, [
            "data": pageItems.map { DifyDocumentJSON.document($0, phase: $0.progress.peek()) },
            "has_more": page * limit < all.count, "limit": limit, "total": all.count, "page": page,
        ])
    }

    /// `GET /datasets/{id}/documents/{batch}/indexing-status`.
    func indexingStatus(_ request: Request, datasetID: String, batch: String) async -> Response {
        if let refused = await admitDataset(request, .indexingStatus, datasetID: datasetID) { return refused }
        guard let documents = datasetDocuments.withLock({ $0.poll(batch: batch) }) else {
            return DifyErrors.response(404, "not_found", "Documents not found.")
        }
        return FakeJSON.response(status: .ok, ["data": documents.map { DifyDocumentJSON.status($0.0, phase: $0.1) }])
    }

    /// `DELETE /datasets/{id}/documents/{document_id}`: 204 without a body.
    func deleteDocument(_ request: Request, datasetID: String, documentID: String) async -> Response {
        if let refused = await admitDataset(request, .deleteDocument, datasetID: datasetID) { return refused }
        guard datasetDocuments.withLock({ $0.delete(id: documentID) }) else {
            return DifyErrors.response(404, "not_found", "Document Not Exists.")
        }
        return Response(status: .noContent)
    }

    /// The key, a scripted failure and the dataset id, in Dify's order.
    private func admitDataset(_ request: Request, _ endpoint: DifyFake.Endpoint, datasetID: String) async -> Response? {
        let (immediate, _) = await admit(request, endpoint, key: configuration.datasetKey)
        if let immediate { return immediate }
        guard datasetID == configuration.datasetID else { return DifyErrors.response(404, "not_found", "Dataset not found.") }
        return nil
    }

    private func written(_ document: DifyDatasetDocuments.Document) -> Response {
        FakeJSON.response(status: .ok, [
            "document": DifyDocumentJSON.document(document, phase: document.progress.peek()), "batch": document.batch,
        ])
    }

    /// The optional settings Dify validates: indexing technique, document form, process rule mode.
    private static func checkOptions(_ body: [String: Any]) -> Response? {
        if let value = body["indexing_technique"], !(value is NSNull) {
            guard let technique = value as? String, ["high_quality", "economy"].contains(technique) else {
                return DifyErrors.invalidParam("indexing_technique must be high_quality or economy")
            }
        }
        if let value = body["doc_form"] {
            guard let form = value as? String, ["text_model", "hierarchical_model", "qa_model"].contains(form) else {
                return DifyErrors.invalidParam("doc_form must be text_model, hierarchical_model or qa_model")
            }
        }
        if let value = body["process_rule"] {
            guard let rule = value as? [String: Any], let mode = rule["mode"] as? String,
                  ["automatic", "custom", "hierarchical"].contains(mode)
            else { return DifyErrors.invalidParam("process_rule.mode must be automatic, custom or hierarchical") }
        }
        return nil
    }
}
