import Foundation
import JSON

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

    var usage: JSONValue {
        let promptPrice = Double(promptTokens) * 0.000001
        let completionPrice = Double(completionTokens) * 0.000002
        return .object([
            "prompt_tokens": .number(Double(promptTokens)), "prompt_unit_price": .string("0.001"),
            "prompt_price_unit": .string("0.001"), "prompt_price": .string(FakeJSON.decimal(promptPrice, places: 7)),
            "completion_tokens": .number(Double(completionTokens)), "completion_unit_price": .string("0.002"),
            "completion_price_unit": .string("0.001"), "completion_price": .string(FakeJSON.decimal(completionPrice, places: 7)),
            "total_tokens": .number(Double(promptTokens + completionTokens)),
            "total_price": .string(FakeJSON.decimal(promptPrice + completionPrice, places: 7)),
            "currency": .string("USD"), "latency": .number(latency),
        ])
    }

    var retrieverResources: JSONValue {
        guard citationsEnabled else { return .array([]) }
        return .array(hits.enumerated().map { index, hit in
            .object([
                "position": .number(Double(index + 1)), "dataset_id": .string(datasetID), "dataset_name": .string(datasetName),
                "document_id": .string(hit.document.ownerID ?? hit.document.id), "document_name": .string(hit.document.name),
                "segment_id": .string(FakeIdentifiers.stableUUID("segment:" + hit.document.id)),
                "score": .number(hit.score), "content": .string(hit.document.content),
            ])
        })
    }

    var metadata: JSONValue { .object(["usage": usage, "retriever_resources": retrieverResources]) }

    /// The blocking response body.
    var blockingBody: JSONValue {
        .object([
            "event": .string("message"), "task_id": .string(taskID), "id": .string(messageID), "message_id": .string(messageID),
            "conversation_id": .string(conversationID), "mode": .string(mode.rawValue), "answer": .string(finalAnswer),
            "metadata": metadata, "created_at": .number(Double(createdAt)),
        ])
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
