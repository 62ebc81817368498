import Foundation
import Hummingbird

/// A validated `POST /v1/responses` body.
struct OpenAIResponsesRequest {
    struct FileSearch {
        var vectorStoreIDs: [String]
        var maxNumResults: Int
        var scoreThreshold: Double
    }

    var model: String
    /// The text of the last user message.
    var question: String
    var instructions: String?
    var fileSearch: FileSearch?
    var tools: [Any]
    var includeResults: Bool
    var previousResponseID: String?
    var store: Bool
    var stream: Bool

    static let knownFields: Set<String> = [
        "model", "input", "instructions", "tools", "tool_choice", "include", "previous_response_id", "store",
        "stream", "stream_options", "max_output_tokens", "temperature", "top_p", "metadata", "parallel_tool_calls",
        "truncation", "text", "reasoning", "user", "safety_identifier", "background", "service_tier",
        "conversation", "max_tool_calls", "prompt", "prompt_cache_key", "top_logprobs",
    ]
    static let toolTypes: Set<String> = [
        "file_search", "function", "web_search", "web_search_preview", "code_interpreter", "image_generation",
        "mcp", "computer_use_preview", "local_shell", "custom",
    ]
    static let includables: Set<String> = [
        "file_search_call.results", "message.input_image.image_url", "computer_call_output.output.image_url",
        "reasoning.encrypted_content", "code_interpreter_call.outputs", "message.output_text.logprobs",
        "web_search_call.action.sources",
    ]
    static let roles: Set<String> = ["user", "assistant", "system", "developer"]

    /// Validates like the Responses API: the first problem found becomes a 400 response.
    static func parse(_ body: [String: Any]) -> Result<OpenAIResponsesRequest, OpenAIRejection> {
        if let unknown = body.keys.sorted().first(where: { !knownFields.contains($0) }) {
            return .reject(OpenAIErrors.invalidRequest("Unknown parameter: '\(unknown)'.", param: unknown, code: "unknown_parameter"))
        }
        guard let modelValue = body["model"] else { return .reject(OpenAIErrors.missing("model")) }
        guard let model = modelValue as? String else { return .reject(OpenAIErrors.invalidType("model", expected: "a string")) }
        guard let input = body["input"] else { return .reject(OpenAIErrors.missing("input")) }
        let question: String
        switch parseInput(input) {
        case .success(let text): question = text
        case .failure(let rejection): return .failure(rejection)
        }
        var instructions: String?
        if let value = body["instructions"], !(value is NSNull) {
            guard let text = value as? String else { return .reject(OpenAIErrors.invalidType("instructions", expected: "a string")) }
            instructions = text
        }
        var fileSearch: FileSearch?
        let tools = body["tools"] as? [Any] ?? []
        if let value = body["tools"], !(value is [Any]) { return .reject(OpenAIErrors.invalidType("tools", expected: "an array")) }
        for (index, tool) in tools.enumerated() {
            switch parseTool(tool, index: index) {
            case .success(let parsed): if let parsed { fileSearch = parsed }
            case .failure(let rejection): return .failure(rejection)
            }
        }
        var includeResults = false
        if let value = body["include"] {
            guard let items = value as? [Any] else { return .reject(OpenAIErrors.invalidType("include", expected: "an array")) }
            for (index, item) in items.enumerated() {
                guard let name = item as? String, includables.contains(name) else {
                    return .reject(OpenAIErrors.invalidValue(
                        "include[\(index)]",
                        "Invalid value: '\(item)'. Supported values are: \(includables.sorted().map { "'\($0)'" }.joined(separator: ", ")).")) 
                }
                if name == "file_search_call.results" { includeResults = true }
            }
        }
        var previous: String?
        if let value = body["previous_response_id"], !(value is NSNull) {
            guard let id = value as? String else { return .reject(OpenAIErrors.invalidType("previous_response_id", expected: "a string")) }
            previous = id
        }
        if body["previous_response_id"] != nil, body["conversation"] != nil {
            return .reject(OpenAIErrors.invalidRequest(
                "Cannot specify both 'previous_response_id' and 'conversation'.", param: "previous_response_id", code: nil))
        }
        var flags: [String: Bool] = ["store": true, "stream": false]
        for name in flags.keys.sorted() {
            guard let value = body[name] else { continue }
            guard let flag = FakeJSON.boolean(value) else { return .reject(OpenAIErrors.invalidType(name, expected: "a boolean")) }
            flags[name] = flag
        }
        return .success(OpenAIResponsesRequest(
            model: model, question: question, instructions: instructions, fileSearch: fileSearch, tools: tools,
            includeResults: includeResults, previousResponseID: previous,
            store: flags["store"] ?? true, stream: flags["stream"] ?? false))
    }

    /// The last user message of `input` (a string, or an array of message items).
    private static func parseInput(_ input: Any) -> Result<String, OpenAIRejection> {
        if let text = input as? String { return .success(text) }
        guard let items = input as? [Any], !items.isEmpty else {
            return .reject(OpenAIErrors.invalidType("input", expected: "a string or an array of input items"))
        }
        var lastUser: String?
        for (index, item) in items.enumerated() {
            guard let message = item as? [String: Any] else {
                return .reject(OpenAIErrors.invalidType("input[\(index)]", expected: "an object"))
            }
            guard let role = message["role"] as? String, roles.contains(role) else {
                return .reject(OpenAIErrors.invalidValue(
                    "input[\(index)].role",
                    "Invalid value: '\(message["role"] ?? "")'. Supported values are: 'assistant', 'system', 'developer', and 'user'."))
            }
            let text: String
            if let content = message["content"] as? String {
                text = content
            } else if let parts = message["content"] as? [[String: Any]] {
                text = parts.compactMap { part -> String? in
                    guard let type = part["type"] as? String, ["input_text", "output_text"].contains(type) else { return nil }
                    return part["text"] as? String
                }.joined(separator: "\n")
            } else {
                return .reject(OpenAIErrors.missing("input[\(index)].content"))
            }
            if role == "user" { lastUser = text }
        }
        return .success(lastUser ?? "")
    }

    /// A file_search tool's settings, nil for other known tool types.
    private static func parseTool(_ tool: Any, index: Int) -> Result<FileSearch?, OpenAIRejection> {
        let prefix = "tools[\(index)]"
        guard let object = tool as? [String: Any] else { return .reject(OpenAIErrors.invalidType(prefix, expected: "an object")) }
        guard let type = object["type"] as? String else { return .reject(OpenAIErrors.missing("\(prefix).type")) }
        guard toolTypes.contains(type) else {
            return .reject(OpenAIErrors.invalidValue(
                "\(prefix).type",
                "Invalid value: '\(type)'. Supported values are: \(toolTypes.sorted().map { "'\($0)'" }.joined(separator: ", "))."))
        }
        guard type == "file_search" else { return .success(nil) }
        guard let idsValue = object["vector_store_ids"] else { return .reject(OpenAIErrors.missing("\(prefix).vector_store_ids")) }
        guard let ids = idsValue as? [String], !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else {
            return .reject(OpenAIErrors.invalidValue("\(prefix).vector_store_ids", "Invalid '\(prefix).vector_store_ids': expected a non-empty array of vector store ids."))
        }
        var maxResults = 10
        if let value = object["max_num_results"] {
            guard let number = FakeJSON.integer(value), (1...50).contains(number) else {
                return .reject(OpenAIErrors.invalidValue("\(prefix).max_num_results", "Invalid '\(prefix).max_num_results': expected an integer between 1 and 50."))
            }
            maxResults = number
        }
        var threshold = 0.0
        if let ranking = object["ranking_options"] as? [String: Any], let value = ranking["score_threshold"] {
            guard let number = FakeJSON.number(value), (0...1).contains(number) else {
                return .reject(OpenAIErrors.invalidValue("\(prefix).ranking_options.score_threshold", "Invalid '\(prefix).ranking_options.score_threshold': expected a number between 0 and 1."))
            }
            threshold = number
        }
        return .success(FileSearch(vectorStoreIDs: ids, maxNumResults: maxResults, scoreThreshold: threshold))
    }
}

/// A rejected request and its error response.
struct OpenAIRejection: Error {
    var response: Response
}

extension Result where Failure == OpenAIRejection {
    static func reject(_ response: Response) -> Self { .failure(OpenAIRejection(response: response)) }
}
