import Foundation
import HTTP

/// Folds a Responses API stream into the final response (API reference B.4).
///
/// A value type without I/O: feed it every `ServerSentEvent` in order until `consume` returns
/// `.finished`, then call `finish()`. `response.completed` carries the authoritative response;
/// deltas, annotations and file-search results are collected too, so that a stream without a
/// terminal event can still be told apart from an empty one. `response.failed`, the bare `error`
/// event and `response.incomplete` end the stream with a classified failure.
public struct OpenAIStreamAccumulator: Sendable {
    public enum Progress: Sendable, Equatable { case needsMore, finished }

    private var responseID: String?
    private var text = ""
    private var annotations: [OpenAIAnnotation] = []
    private var searchResults: [OpenAIFileSearchResult] = []
    private var completed: OpenAIResponse?
    private var lastSequence = -1

    public init() {}

    /// Text streamed so far.
    public var partialText: String { text }

    private struct Event: Decodable {
        var type: String
        var sequenceNumber: Int?
        var response: OpenAIResponse?
        var delta: String?
        var annotation: OpenAIAnnotation?
        var item: OpenAIOutputItem?
        var code: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case type, response, delta, annotation, item, code, message
            case sequenceNumber = "sequence_number"
        }
    }

    public mutating func consume(_ event: ServerSentEvent) throws(ProviderFailure) -> Progress {
        guard !event.data.isEmpty else { return .needsMore }
        if event.data == "[DONE]" { return completed == nil ? .needsMore : .finished }
        guard let decoded = try? JSONDecoder().decode(Event.self, from: Data(event.data.utf8)) else {
            throw ProviderFailure(.retryLater, message: "OpenAI sent a stream event that is not JSON")
        }
        if let sequence = decoded.sequenceNumber {
            // A replayed event (same or lower sequence number) must not duplicate text.
            guard sequence > lastSequence else { return .needsMore }
            lastSequence = sequence
        }
        if let id = decoded.response?.id { responseID = id }
        switch decoded.type {
        case "response.output_text.delta":
            text += decoded.delta ?? ""
        case "response.output_text.annotation.added":
            if let annotation = decoded.annotation { annotations.append(annotation) }
        case "response.output_item.done":
            if let item = decoded.item, item.type == "file_search_call" { searchResults += item.results ?? [] }
        case "response.completed":
            completed = decoded.response
            return .finished
        case "response.failed":
            let error = decoded.response?.error
            throw OpenAIFailureClassifier.classifyStreamError(code: error?.code, message: error?.message ?? "response failed")
        case "response.incomplete":
            let reason = decoded.response?.incompleteDetails?.reason
            throw ProviderFailure(.noAnswer, message: "OpenAI response incomplete: \(reason ?? "unknown reason")", code: reason)
        case "error":
            throw OpenAIFailureClassifier.classifyStreamError(code: decoded.code, message: decoded.message ?? "stream error")
        default:
            break
        }
        return .needsMore
    }

    /// The final response: the one `response.completed` carried, with the streamed text,
    /// citations and results filled in where it left them out.
    public func finish() throws(ProviderFailure) -> OpenAIResponse {
        guard var response = completed else {
            throw ProviderFailure(.retryLater, message: "OpenAI's stream ended before response.completed", code: "stream_incomplete")
        }
        if response.outputText.isEmpty, !text.isEmpty {
            let part = OpenAIContentPart(type: "output_text", text: text, annotations: annotations)
            let searches = searchResults.isEmpty ? [] : [OpenAIOutputItem(id: nil, type: "file_search_call", status: "completed", results: searchResults, content: nil)]
            response.output = searches + [OpenAIOutputItem(id: nil, type: "message", status: "completed", results: nil, content: [part])]
        }
        return response
    }
}
