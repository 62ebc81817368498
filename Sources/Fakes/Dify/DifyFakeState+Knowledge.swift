import Foundation
import Hummingbird

extension DifyFakeState {
    /// `GET /datasets/{id}`: the dataset object (the knowledge key's credentials check).
    func dataset(_ request: Request, id: String) async -> Response {
        let (immediate, _) = await admit(request, .dataset, key: configuration.datasetKey)
        if let immediate { return immediate }
        guard id == configuration.datasetID else { return DifyErrors.response(404, "not_found", "Dataset not found.") }
        let documents = knowledgeBase.documents
        return FakeJSON.response(status: .ok, [
            "id": id, "name": configuration.datasetName, "description": "Fake knowledge base",
            "provider": "vendor", "permission": "only_me", "data_source_type": "upload_file",
            "indexing_technique": "high_quality", "app_count": 1, "document_count": documents.count,
            "word_count": documents.reduce(0) { $0 + $1.content.count }, "created_by": FakeIdentifiers.stableUUID("owner"),
            "created_at": 1_735_600_000, "updated_by": FakeIdentifiers.stableUUID("owner"), "updated_at": 1_735_600_000,
            "embedding_model": "text-embedding-3-small", "embedding_model_provider": "langgenius/openai/openai",
            "embedding_available": true, "tags": [String](), "doc_form": "text_model",
            "retrieval_model_dict": [
                "search_method": "semantic_search", "reranking_enable": false, "top_k": 4,
                "score_threshold_enabled": false, "score_threshold": NSNull(),
            ],
        ])
    }

    /// `POST /datasets/{id}/retrieve`.
    func retrieve(_ request: Request, id: String) async -> Response {
        let (immediate, _) = await admit(request, .retrieve, key: configuration.datasetKey)
        if let immediate { return immediate }
        guard id == configuration.datasetID else { return DifyErrors.response(404, "not_found", "Dataset not found.") }
        guard let body = await FakeJSON.object(from: request) else { return DifyErrors.invalidJSON }
        let query = body["query"] as? String ?? ""
        if query.isEmpty, (body["attachment_ids"] as? [Any])?.isEmpty ?? true {
            return DifyErrors.invalidParam("query is required")
        }
        if query.count > 250 { return DifyErrors.invalidParam("Query cannot exceed 250 characters") }
        var topK = 4
        var threshold: Double?
        if let model = body["retrieval_model"] as? [String: Any], !model.isEmpty {
            let methods = ["keyword_search", "semantic_search", "full_text_search", "hybrid_search"]
            guard let method = model["search_method"] as? String, methods.contains(method) else {
                return DifyErrors.invalidParam("search_method is required and must be one of \(methods.joined(separator: ", "))")
            }
            // Dify indexes these keys directly: leaving them out surfaces as a 500.
            guard FakeJSON.boolean(model["reranking_enable"]) != nil,
                  let thresholdEnabled = FakeJSON.boolean(model["score_threshold_enabled"])
            else {
                return DifyErrors.response(500, "internal_server_error", "Internal Server Error, please contact support.")
            }
            guard let k = FakeJSON.integer(model["top_k"]), k > 0 else { return DifyErrors.invalidParam("top_k is required") }
            topK = k
            if thresholdEnabled { threshold = FakeJSON.number(model["score_threshold"]) }
        }
        await lifecycle.wait(configuration.latency.sample())
        let hits = knowledgeBase.search(query, limit: topK).filter { $0.score >= (threshold ?? 0) }
        return FakeJSON.response(status: .ok, [
            "query": ["content": query],
            "records": hits.enumerated().map { index, hit in record(hit, position: index + 1) },
        ])
    }

    private func record(_ hit: FakeKnowledgeBase.Hit, position: Int) -> [String: Any] {
        let document = hit.document
        let segment: [String: Any] = [
            "id": FakeIdentifiers.stableUUID("segment:" + document.id), "position": position,
            "document_id": document.ownerID ?? document.id, "content": document.content, "sign_content": "", "answer": "",
            "word_count": document.content.count, "tokens": max(1, document.content.utf8.count / 3),
            "keywords": [String](), "index_node_id": FakeIdentifiers.stableUUID("node:" + document.id),
            "index_node_hash": String(FakeIdentifiers.stableUUID("hash:" + document.id).prefix(8)),
            "hit_count": 1, "enabled": true, "disabled_at": NSNull(), "disabled_by": NSNull(),
            "status": "completed", "created_by": FakeIdentifiers.stableUUID("owner"),
            "created_at": 1_735_600_000, "indexing_at": 1_735_600_001, "completed_at": 1_735_600_005,
            "error": NSNull(), "stopped_at": NSNull(),
            "document": [
                "id": document.ownerID ?? document.id, "data_source_type": "upload_file", "name": document.name,
                "doc_type": NSNull(), "doc_metadata": NSNull(),
            ],
        ]
        return [
            "segment": segment, "child_chunks": [Any](), "score": hit.score,
            "tsne_position": NSNull(), "files": [Any](), "summary": NSNull(),
        ]
    }
}
