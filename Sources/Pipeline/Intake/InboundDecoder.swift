import JSON

/// Turns the bytes of a `cs.inbound` record into an `InboundMessage`, or says exactly why not.
public struct InboundDecoder: Sendable {
    /// Records larger than this are rejected before parsing.
    public let maxBytes: Int
    private let validator: SchemaValidator

    public init(schemas: TopicSchemas, maxBytes: Int = 64 * 1024) {
        self.maxBytes = maxBytes
        self.validator = schemas.validator(for: "cs.inbound")
    }

    public func decode(_ bytes: some Collection<UInt8>) -> Result<InboundMessage, InboundRejection> {
        guard bytes.count <= maxBytes else {
            return .failure(InboundRejection(.oversize, "record is \(bytes.count) bytes, the limit is \(maxBytes)"))
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return .failure(InboundRejection(.notJSON, "value is not JSON: \(error)"))
        }
        let violations = validator.validate(document)
        guard violations.isEmpty else {
            let shown = violations.prefix(5).map(\.description).joined(separator: "; ")
            let more = violations.count > 5 ? " (and \(violations.count - 5) more)" : ""
            return .failure(InboundRejection(.schema, "does not match cs.inbound.schema.json: \(shown)\(more)"))
        }
        // The schema guarantees every required field below is present and a string.
        func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }
        let content = document["content"]
        return .success(InboundMessage(
            messageID: text(document["message_id"]),
            tenantID: text(document["tenant_id"]),
            accountID: text(document["account_id"]),
            channel: text(document["channel"]),
            conversationID: text(document["conversation_id"]),
            customer: .init(id: text(document["customer"]?["id"]), name: document["customer"]?["name"]?.stringValue),
            agentID: document["agent_id"]?.stringValue,
            contentType: text(content?["type"]),
            text: text(content?["text"]),
            sentAt: text(document["sent_at"])
        ))
    }
}
