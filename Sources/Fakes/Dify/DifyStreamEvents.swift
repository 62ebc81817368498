import Foundation

/// The frames of a Dify stream for each app mode, following the reference's event catalogue:
/// data-only lines with the type in the JSON `event` field, and bare `event: ping` keep-alives.
struct DifyStreamEvents {
    var answer: DifyAnswer
    var chunkCount: Int
    /// An `error` event that replaces everything after the first answer chunk.
    var midStreamError: (status: Int, code: String, message: String)?

    static let ping = "event: ping\n\n"

    func frames() -> [String] {
        switch answer.mode {
        case .chat: return chatFrames()
        case .agentChat: return agentFrames()
        case .advancedChat: return chatflowFrames()
        }
    }

    private func data(_ event: String, _ fields: [String: Any], withTaskID: Bool = true) -> String {
        var object = fields
        object["event"] = event
        object["conversation_id"] = answer.conversationID
        object["message_id"] = answer.messageID
        object["created_at"] = answer.createdAt
        if withTaskID { object["task_id"] = answer.taskID }
        return "data: \(FakeJSON.encode(object))\n\n"
    }

    /// Answer chunks with one ping after the first, or the error event in place of the rest.
    private func answerFrames(event: String, extra: [String: Any] = [:]) -> (frames: [String], failed: Bool) {
        var frames: [String] = []
        for (index, chunk) in answer.chunks(chunkCount).enumerated() {
            var fields = extra
            fields["id"] = answer.messageID
            fields["answer"] = chunk
            frames.append(data(event, fields))
            if index == 0 {
                frames.append(Self.ping)
                if let error = midStreamError {
                    frames.append(data("error", ["status": error.status, "code": error.code, "message": error.message], withTaskID: false))
                    return (frames, true)
                }
            }
        }
        if let replacement = answer.replacement {
            frames.append(data("message_replace", ["answer": replacement, "reason": "output_moderation"]))
        }
        return (frames, false)
    }

    private var messageEnd: String {
        data("message_end", ["id": answer.messageID, "metadata": answer.metadata, "files": [Any]()])
    }

    private func chatFrames() -> [String] {
        let (frames, failed) = answerFrames(event: "message")
        return failed ? frames : frames + [messageEnd]
    }

    private func agentFrames() -> [String] {
        let thoughtID = FakeIdentifiers.uuid()
        func thought(_ text: String, observation: String) -> String {
            data("agent_thought", [
                "id": thoughtID, "position": 1, "thought": text, "observation": observation,
                "tool": answer.hits.isEmpty ? "" : "dataset_\(answer.datasetID.prefix(8))",
                "tool_input": answer.hits.isEmpty ? "" : FakeJSON.encode(["query": "knowledge"]),
                "tool_labels": [String: Any](), "message_files": [String](),
            ])
        }
        var frames = [thought("", observation: "")]
        let (answerFrames, failed) = answerFrames(event: "agent_message")
        frames += answerFrames
        if failed { return frames }
        let observation = answer.hits.first?.document.content ?? ""
        frames.append(thought(answer.answer, observation: observation))
        frames.append(messageEnd)
        return frames
    }

    private func chatflowFrames() -> [String] {
        let runID = FakeIdentifiers.uuid()
        let workflowID = FakeIdentifiers.stableUUID("workflow")
        let now = answer.createdAt
        func workflow(_ event: String, _ data: [String: Any]) -> String {
            self.data(event, ["workflow_run_id": runID, "data": data])
        }
        func node(_ index: Int, _ nodeID: String, _ type: String, _ title: String, predecessor: String?) -> (started: String, finished: String) {
            let executionID = FakeIdentifiers.uuid()
            let base: [String: Any] = [
                "id": executionID, "node_id": nodeID, "node_type": type, "title": title, "index": index,
                "predecessor_node_id": predecessor ?? NSNull(), "inputs": [String: Any](), "created_at": now,
            ]
            var finished = base
            finished["process_data"] = NSNull()
            finished["outputs"] = type == "llm" || type == "answer" ? ["text": answer.answer] : [String: Any]()
            finished["status"] = "succeeded"
            finished["error"] = NSNull()
            finished["elapsed_time"] = 0.01
            finished["execution_metadata"] = type == "llm"
                ? ["total_tokens": answer.promptTokens + answer.completionTokens, "total_price": "0.0001", "currency": "USD"] as [String: Any]
                : [String: Any]()
            finished["finished_at"] = now
            finished["files"] = [Any]()
            return (workflow("node_started", base), workflow("node_finished", finished))
        }
        var frames = [workflow("workflow_started", [
            "id": runID, "workflow_id": workflowID, "sequence_number": 1, "inputs": ["sys.query": answer.query, "sys.user_id": answer.user], "created_at": now,
        ])]
        let start = node(1, "start", "start", "Start", predecessor: nil)
        let retrieval = node(2, "knowledge", "knowledge-retrieval", "Knowledge Retrieval", predecessor: "start")
        let llm = node(3, "llm", "llm", "LLM", predecessor: "knowledge")
        let reply = node(4, "answer", "answer", "Answer", predecessor: "llm")
        frames += [start.started, start.finished, retrieval.started, retrieval.finished, llm.started]
        let (answerFrames, failed) = answerFrames(event: "message", extra: ["from_variable_selector": ["llm", "text"]])
        frames += answerFrames
        if failed { return frames }
        frames += [llm.finished, reply.started, reply.finished, messageEnd]
        frames.append(workflow("workflow_finished", [
            "id": runID, "workflow_id": workflowID, "status": "succeeded", "outputs": ["answer": answer.finalAnswer],
            "error": NSNull(), "elapsed_time": answer.latency, "total_tokens": answer.promptTokens + answer.completionTokens,
            "total_steps": 4, "created_at": now, "finished_at": now, "exceptions_count": 0, "files": [Any](),
        ]))
        return frames
    }
}
