import Hummingbird
import JSON

/// A validated `POST /chat-messages` body.
struct DifyChatRequest {
    var query: String
    var user: String
    var streaming: Bool
    /// nil for a new conversation.
    var conversationID: String?

    /// Validates like Dify does: the first problem found becomes a 400 response.
    static func parse(_ body: [String: JSONValue]) -> Result<DifyChatRequest, DifyRejection> {
        guard let queryValue = body["query"] else { return .failure(.invalidParam("query is required")) }
        guard let query = queryValue.stringValue else { return .failure(.invalidParam("query must be a string")) }
        guard let inputs = body["inputs"] else { return .failure(.invalidParam("inputs is required")) }
        guard inputs.objectValue != nil else { return .failure(.invalidParam("inputs must be a dict")) }
        guard let user = body["user"]?.stringValue, !user.isEmpty else {
            return .failure(.invalidParam("Arg user must be provided."))
        }
        // Anything other than "streaming" (including an omitted mode) means blocking.
        let streaming = body["response_mode"]?.stringValue == "streaming"
        var conversationID: String?
        switch body["conversation_id"] {
        case nil, .null:
            conversationID = nil
        case .string(let text) where text.isEmpty:
            conversationID = nil
        case .string(let text) where FakeIdentifiers.isUUID(text):
            conversationID = text.lowercased()
        default:
            return .failure(.invalidParam("conversation_id must be a valid UUID"))
        }
        if let files = body["files"], files.arrayValue == nil {
            return .failure(.invalidParam("files must be a list"))
        }
        if let autoName = body["auto_generate_name"], autoName.boolValue == nil {
            return .failure(.invalidParam("auto_generate_name must be a boolean"))
        }
        return .success(DifyChatRequest(query: query, user: user, streaming: streaming, conversationID: conversationID))
    }
}

/// A 400 of request validation.
struct DifyRejection: Error {
    var response: Response

    static func invalidParam(_ message: String) -> DifyRejection {
        DifyRejection(response: DifyErrors.invalidParam(message))
    }
}
