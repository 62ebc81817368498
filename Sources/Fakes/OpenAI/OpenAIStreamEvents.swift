import Foundation

/// The frames of a Responses API stream: `event:` + `data:` pairs with increasing
/// `sequence_number` from 0, in the file_search order of the reference (B.4).
struct OpenAIStreamEvents {
    enum MidStreamFailure { case responseFailed, errorEvent }

    var answer: OpenAIAnswer
    var chunkCount: Int
    var failure: MidStreamFailure?

    func frames() -> [String] {
        var frames: [String] = []
        func emit(_ type: String, _ fields: [String: Any]) {
            var object = fields
            object["type"] = type
            object["sequence_number"] = frames.count
            frames.append("event: \(type)\ndata: \(FakeJSON.encode(object))\n\n")
        }
        emit("response.created", ["response": answer.object(status: "in_progress")])
        emit("response.in_progress", ["response": answer.object(status: "in_progress")])
        var outputIndex = 0
        if answer.searched {
            let item = answer.fileSearchID
            emit("response.output_item.added", ["output_index": 0, "item": answer.fileSearchItem(status: "in_progress", final: false)])
            emit("response.file_search_call.in_progress", ["output_index": 0, "item_id": item])
            emit("response.file_search_call.searching", ["output_index": 0, "item_id": item])
            emit("response.file_search_call.completed", ["output_index": 0, "item_id": item])
            emit("response.output_item.done", ["output_index": 0, "item": answer.fileSearchItem(status: "completed", final: true)])
            outputIndex = 1
        }
        let position: [String: Any] = ["item_id": answer.messageID, "output_index": outputIndex, "content_index": 0]
        func at(_ fields: [String: Any]) -> [String: Any] { position.merging(fields) { $1 } }
        emit("response.output_item.added", ["output_index": outputIndex, "item": answer.messageItem(final: false)])
        emit("response.content_part.added", at(["part": answer.textPart(final: false)]))
        for (index, chunk) in answer.chunks(chunkCount).enumerated() {
            emit("response.output_text.delta", at(["delta": chunk, "logprobs": [Any]()]))
            guard index == 0, let failure else { continue }
            switch failure {
            case .responseFailed:
                emit("response.failed", ["response": answer.object(
                    status: "failed", output: [],
                    error: ["code": "server_error", "message": "The server had an error while processing your request. Sorry about that!"])])
            case .errorEvent:
                emit("error", ["code": "server_error", "message": "The server had an error while processing your request.", "param": NSNull()])
            }
            return frames
        }
        for (index, annotation) in answer.annotations.enumerated() {
            emit("response.output_text.annotation.added", at(["annotation_index": index, "annotation": annotation]))
        }
        emit("response.output_text.done", at(["text": answer.text, "logprobs": [Any]()]))
        emit("response.content_part.done", at(["part": answer.textPart(final: true)]))
        emit("response.output_item.done", ["output_index": outputIndex, "item": answer.messageItem(final: true)])
        if answer.ending == .incomplete {
            emit("response.incomplete", ["response": answer.object(status: "incomplete")])
        } else {
            emit("response.completed", ["response": answer.object(status: "completed")])
        }
        return frames
    }
}
