import Foundation
import Hummingbird

extension OpenAIFakeState {
    /// `GET /v1/vector_stores/{id}`.
    func vectorStore(_ request: Request, id: String) async -> Response {
        let (immediate, _) = await admit(request, .vectorStore)
        if let immediate { return immediate }
        guard let store = store(id: id) else { return OpenAIErrors.vectorStoreNotFound(id) }
        let count = store.knowledgeBase.documents.count
        return FakeJSON.response(status: .ok, [
            "id": store.id, "object": "vector_store", "created_at": 1_735_680_000, "name": store.name,
            "usage_bytes": store.knowledgeBase.documents.reduce(0) { $0 + $1.content.utf8.count }, "status": "completed",
            "file_counts": ["in_progress": 0, "completed": count, "failed": 0, "cancelled": 0, "total": count],
            "last_active_at": Int(Date().timeIntervalSince1970), "expires_after": NSNull(), "expires_at": NSNull(),
            "metadata": [String: Any](),
        ])
    }

    /// `POST /v1/vector_stores/{id}/search`.
    func search(_ request: Request, id: String) async -> Response {
        let (immediate, _) = await admit(request, .vectorStoreSearch)
        if let immediate { return immediate }
        guard let store = store(id: id) else { return OpenAIErrors.vectorStoreNotFound(id) }
        guard let body = await FakeJSON.object(from: request) else { return OpenAIErrors.invalidJSON }
        let known: Set<String> = ["query", "max_num_results", "filters", "ranking_options", "rewrite_query"]
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) }) {
            return OpenAIErrors.invalidRequest("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter")
        }
        let queries: [String]
        switch body["query"] {
        case nil: return OpenAIErrors.missing("query")
        case let text as String: queries = [text]
        case let texts as [String]: queries = texts
        default: return OpenAIErrors.invalidType("query", expected: "a string or an array of strings")
        }
        var limit = 10
        if let value = body["max_num_results"] {
            guard let number = FakeJSON.integer(value), (1...50).contains(number) else {
                return OpenAIErrors.invalidValue("max_num_results", "Invalid 'max_num_results': expected an integer between 1 and 50.")
            }
            limit = number
        }
        var threshold = 0.0
        if let ranking = body["ranking_options"] as? [String: Any], let value = ranking["score_threshold"] {
            guard let number = FakeJSON.number(value), (0...1).contains(number) else {
                return OpenAIErrors.invalidValue("ranking_options.score_threshold", "Invalid 'ranking_options.score_threshold': expected a number between 0 and 1.")
            }
            threshold = number
        }
        await lifecycle.wait(configuration.latency.sample())
        let hits = store.knowledgeBase.search(queries.joined(separator: " "), limit: limit).filter { $0.score >= threshold }
        return FakeJSON.response(status: .ok, [
            "object": "vector_store.search_results.page",
            "search_query": queries,
            "data": hits.map { hit -> [String: Any] in
                [
                    "file_id": hit.document.fileID, "filename": hit.document.name, "score": hit.score,
                    "attributes": [String: Any](), "content": [["type": "text", "text": hit.document.content]],
                ]
            },
            "has_more": false, "next_page": NSNull(),
        ])
    }
}
