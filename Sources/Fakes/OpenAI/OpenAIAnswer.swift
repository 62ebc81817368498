import Foundation

/// Everything one fake OpenAI response carries, and its JSON shapes (API reference B.3, B.4).
struct OpenAIAnswer {
    enum Ending: Equatable { case completed, incomplete }

    var id = FakeIdentifiers.hex("resp_", length: 48)
    var fileSearchID = FakeIdentifiers.hex("fs_", length: 48)
    var messageID = FakeIdentifiers.hex("msg_", length: 48)
    var createdAt = Int(Date().timeIntervalSince1970)
    var request: OpenAIResponsesRequest
    var hits: [FakeKnowledgeBase.Hit]
    var text: String
    var ending: Ending = .completed
    var inputTokens: Int
    var outputTokens: Int

    /// One `file_citation` per distinct cited file, placed at the end of the text.
    var annotations: [[String: Any]] {
        guard let top = hits.first, text != "" else { return [] }
        return [["type": "file_citation", "file_id": top.document.fileID, "filename": top.document.name, "index": text.count]]
    }

    var usage: [String: Any] {
        [
            "input_tokens": inputTokens, "input_tokens_details": ["cached_tokens": 0],
            "output_tokens": outputTokens, "output_tokens_details": ["reasoning_tokens": 0],
            "total_tokens": inputTokens + outputTokens,
        ]
    }

    func fileSearchItem(status: String, final: Bool) -> [String: Any] {
        let results: Any = final && request.includeResults
            ? hits.map { hit -> [String: Any] in
                ["file_id": hit.document.fileID, "filename": hit.document.name, "score": hit.score,
                 "text": hit.document.content, "attributes": [String: Any]()]
            }
            : NSNull()
        return [
            "id": fileSearchID, "type": "file_search_call", "status": status,
            "queries": final ? [request.question] : [String](), "results": results,
        ]
    }

    func textPart(final: Bool) -> [String: Any] {
        let annotations: [[String: Any]] = final ? self.annotations : []
        return ["type": "output_text", "text": final ? text : "", "annotations": annotations, "logprobs": [Any]()]
    }

    func messageItem(final: Bool) -> [String: Any] {
        let status = final ? (ending == .completed ? "completed" : "incomplete") : "in_progress"
        let content: [Any] = final ? [textPart(final: true)] : []
        return ["id": messageID, "type": "message", "role": "assistant", "status": status, "content": content]
    }

    var searched: Bool { request.fileSearch != nil }

    var finalOutput: [Any] {
        (searched ? [fileSearchItem(status: "completed", final: true)] : []) + [messageItem(final: true)]
    }

    /// The response object; `status` decides which of output, usage and error are filled.
    func object(status: String, output: [Any]? = nil, error: [String: Any]? = nil) -> [String: Any] {
        let done = status != "in_progress"
        let null = NSNull()
        var object: [String: Any] = [
            "id": id, "object": "response", "created_at": createdAt, "status": status,
            "model": request.model, "output": output ?? (done ? finalOutput : []),
            "parallel_tool_calls": true, "store": request.store, "temperature": 1.0, "top_p": 1.0,
            "text": ["format": ["type": "text"]], "tool_choice": "auto", "tools": request.tools,
            "truncation": "disabled", "user": null, "metadata": [String: Any](), "max_output_tokens": null,
        ]
        object["completed_at"] = status == "completed" ? createdAt : null
        object["error"] = error ?? null
        object["incomplete_details"] = status == "incomplete" ? ["reason": "max_output_tokens"] : null
        object["instructions"] = request.instructions ?? null
        object["previous_response_id"] = request.previousResponseID ?? null
        object["usage"] = done && status != "failed" ? usage : null
        return object
    }

    /// The answer cut into `count` pieces that concatenate back to it.
    func chunks(_ count: Int) -> [String] {
        let characters = Array(text)
        guard count > 1, characters.count > 1 else { return [text] }
        let size = (characters.count + count - 1) / count
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}

extension FakeKnowledgeBase.Document {
    /// The document's OpenAI file id, derived from its stable id.
    var fileID: String { ownerID ?? "file-" + id.replacingOccurrences(of: "-", with: "").prefix(22) }
}
