import Foundation

/// Everything one fake Dify answer carries, whichever way it is delivered.
struct DifyAnswer {
    var taskID = FakeIdentifiers.uuid()
    var messageID = FakeIdentifiers.uuid()
    var conversationID: String
    var createdAt = Int(Date().timeIntervalSince1970)
    var mode: DifyFake.AppMode
    var query: String
    var user: String
    var answer: String
    /// Text that replaces the answer after output moderation, if any.
    var replacement: String?
    var hits: [FakeKnowledgeBase.Hit]
    var datasetID: String
    var datasetName: String
    var citationsEnabled: Bool
    var promptTokens: Int
    var completionTokens: Int
    var latency: Double

    /// The answer as the client ends up with it.
    var finalAnswer: String { replacement ?? answer }

    var usage: [String: Any] {
        let promptPrice = Double(promptTokens) * 0.000001
        let completionPrice = Double(completionTokens) * 0.000002
        return [
            "prompt_tokens": promptTokens, "prompt_unit_price": "0.001", "prompt_price_unit": "0.001",
            "prompt_price": String(format: "%.7f", promptPrice),
            "completion_tokens": completionTokens, "completion_unit_price": "0.002", "completion_price_unit": "0.001",
            "completion_price": String(format: "%.7f", completionPrice),
            "total_tokens": promptTokens + completionTokens,
            "total_price": String(format: "%.7f", promptPrice + completionPrice),
            "currency": "USD", "latency": latency,
        ]
    }

    var retrieverResources: [[String: Any]] {
        guard citationsEnabled else { return [] }
        return hits.enumerated().map { index, hit in
            [
                "position": index + 1, "dataset_id": datasetID, "dataset_name": datasetName,
                "document_id": hit.document.id, "document_name": hit.document.name,
                "segment_id": FakeIdentifiers.stableUUID("segment:" + hit.document.id),
                "score": hit.score, "content": hit.document.content,
            ]
        }
    }

    var metadata: [String: Any] { ["usage": usage, "retriever_resources": retrieverResources] }

    /// The blocking response body.
    var blockingBody: [String: Any] {
        [
            "event": "message", "task_id": taskID, "id": messageID, "message_id": messageID,
            "conversation_id": conversationID, "mode": mode.rawValue, "answer": finalAnswer,
            "metadata": metadata, "created_at": createdAt,
        ]
    }

    /// The answer cut into `count` pieces that concatenate back to it (by characters, so CJK works).
    func chunks(_ count: Int) -> [String] {
        let characters = Array(answer)
        guard count > 1, characters.count > 1 else { return [answer] }
        let size = (characters.count + count - 1) / count
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}
