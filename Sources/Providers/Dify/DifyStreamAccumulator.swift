import Foundation
import HTTP

/// Folds a Dify `/chat-messages` stream into the final answer (API reference A.4).
///
/// A value type without I/O: feed it every `ServerSentEvent` in order, stop when `consume`
/// returns `.finished`, then call `finish()`. `message` / `agent_message` chunks are
/// concatenated, `message_replace` replaces the text, `message_end` carries usage and sources,
/// an `error` event fails the stream; `ping` and unknown events are ignored.
public struct DifyStreamAccumulator: Sendable {
    public enum Progress: Sendable, Equatable { case needsMore, finished }

    private var answer = ""
    private var replaced = false
    private var conversationID: String?
    private var messageID: String?
    private var taskID: String?
    private var metadata: DifyMetadata?
    private var sawMessageEnd = false
    private var workflowRunning = false

    public init() {}

    private struct Chunk: Decodable {
        var event: String?
        var conversationID: String?
        var messageID: String?
        var taskID: String?
        var answer: String?
        var metadata: DifyMetadata?
        var code: String?
        var message: String?
        var status: Int?
        var data: WorkflowData?

        struct WorkflowData: Decodable {
            var status: String?
            var error: String?
        }

        enum CodingKeys: String, CodingKey {
            case event, answer, metadata, code, message, status, data
            case conversationID = "conversation_id"
            case messageID = "message_id"
            case taskID = "task_id"
        }
    }

    /// Takes one event; throws the classified failure of an `error` event or a broken chunk.
    public mutating func consume(_ event: ServerSentEvent) throws(ProviderFailure) -> Progress {
        // Keep-alives are `event: ping` without data; Dify's data events carry no `event:` line.
        guard event.event != "ping", !event.data.isEmpty else { return .needsMore }
        guard let chunk = try? JSONDecoder().decode(Chunk.self, from: Data(event.data.utf8)) else {
            throw ProviderFailure(.retryLater, message: "Dify sent a stream event that is not JSON")
        }
        if let id = chunk.conversationID, !id.isEmpty { conversationID = id }
        if let id = chunk.messageID, !id.isEmpty { messageID = id }
        if let id = chunk.taskID, !id.isEmpty { taskID = id }
        switch chunk.event {
        case "message", "agent_message":
            answer += chunk.answer ?? ""
        case "message_replace":
            answer = chunk.answer ?? ""
            replaced = true
        case "message_end":
            metadata = chunk.metadata
            sawMessageEnd = true
        case "workflow_started":
            workflowRunning = true
        case "workflow_finished":
            workflowRunning = false
            if chunk.data?.status == "failed", !sawMessageEnd {
                throw ProviderFailure(.retryLater, message: "Dify workflow failed: \(chunk.data?.error ?? "no detail")", code: "workflow_failed")
            }
        case "error":
            throw DifyFailureClassifier.classify(
                status: chunk.status ?? 500, code: chunk.code,
                message: chunk.message ?? "Dify reported an error mid-stream")
        default:
            // agent_thought, message_file, tts, node and iteration events, and future ones.
            break
        }
        return sawMessageEnd && !workflowRunning ? .finished : .needsMore
    }

    /// The answer once the stream has ended; a stream cut before `message_end` is retryable.
    public func finish() throws(ProviderFailure) -> DifyChatResult {
        guard sawMessageEnd else {
            throw ProviderFailure(.retryLater, message: "Dify's stream ended before message_end", code: "stream_incomplete")
        }
        return DifyChatResult(
            answer: answer, conversationID: conversationID, messageID: messageID, taskID: taskID,
            usage: metadata?.usage, retrieverResources: metadata?.retrieverResources ?? [], wasReplaced: replaced)
    }
}
