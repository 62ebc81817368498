import JSON

// The blocking chat call is the worker's hot path: its request and response go through the
// project's JSON parser and writer instead of Foundation's Codable coders (several times cheaper).
// Decoding is as strict as Codable: a member of the wrong type fails the whole response.

extension DifyChatRequest {
    /// The request body, keys sorted.
    var jsonBytes: [UInt8] {
        JSONWriter.bytes(.object([
            "inputs": .object(inputs.mapValues(JSONValue.string)),
            "query": .string(query),
            "response_mode": .string(responseMode.rawValue),
            "user": .string(user),
            "conversation_id": .string(conversationID),
            "auto_generate_name": .bool(autoGenerateName),
        ]))
    }
}

extension DifyChatResponse {
    init(json: JSONValue) throws(DifyJSONMismatch) {
        let object = try JSONFields(json, "chat response")
        event = try object.string("event")
        taskID = try object.string("task_id")
        id = try object.string("id")
        messageID = try object.string("message_id")
        conversationID = try object.string("conversation_id")
        mode = try object.string("mode")
        answer = try object.string("answer")
        metadata = try object.value("metadata").map { value throws(DifyJSONMismatch) in try DifyMetadata(json: value) }
        createdAt = try object.int("created_at")
    }
}

extension DifyMetadata {
    init(json: JSONValue) throws(DifyJSONMismatch) {
        let object = try JSONFields(json, "metadata")
        usage = try object.value("usage").map { value throws(DifyJSONMismatch) in try DifyUsage(json: value) }
        retrieverResources = try object.array("retriever_resources").map { items throws(DifyJSONMismatch) in
            var resources: [DifyRetrieverResource] = []
            for item in items { resources.append(try DifyRetrieverResource(json: item)) }
            return resources
        }
    }
}

extension DifyUsage {
    init(json: JSONValue) throws(DifyJSONMismatch) {
        let object = try JSONFields(json, "usage")
        promptTokens = try object.requiredInt("prompt_tokens")
        completionTokens = try object.requiredInt("completion_tokens")
        totalTokens = try object.requiredInt("total_tokens")
        latency = try object.double("latency")
    }
}

extension DifyRetrieverResource {
    init(json: JSONValue) throws(DifyJSONMismatch) {
        let object = try JSONFields(json, "retriever resource")
        position = try object.int("position")
        datasetID = try object.string("dataset_id")
        documentID = try object.string("document_id")
        documentName = try object.string("document_name")
        segmentID = try object.string("segment_id")
        score = try object.double("score")
        content = try object.string("content")
    }
}

/// A member of Dify's JSON had a type the API reference does not give it.
struct DifyJSONMismatch: Error {
    let message: String
}

/// Typed, optional members of one JSON object; null counts as absent (as with Codable optionals).
private struct JSONFields {
    let members: [String: JSONValue]
    let what: String

    init(_ value: JSONValue, _ what: String) throws(DifyJSONMismatch) {
        guard case .object(let members) = value else { throw DifyJSONMismatch(message: "\(what) is not an object") }
        self.members = members
        self.what = what
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(DifyJSONMismatch) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a string") }
        return text
    }

    func double(_ key: String) throws(DifyJSONMismatch) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, "a number") }
        return number
    }

    func int(_ key: String) throws(DifyJSONMismatch) -> Int? {
        guard let number = try double(key) else { return nil }
        guard let integer = Int(exactly: number) else { throw mismatch(key, "an integer") }
        return integer
    }

    func requiredInt(_ key: String) throws(DifyJSONMismatch) -> Int {
        guard let integer = try int(key) else { throw mismatch(key, "present") }
        return integer
    }

    func array(_ key: String) throws(DifyJSONMismatch) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw mismatch(key, "an array") }
        return items
    }

    private func mismatch(_ key: String, _ expected: String) -> DifyJSONMismatch {
        DifyJSONMismatch(message: "\(what).\(key) is not \(expected)")
    }
}
