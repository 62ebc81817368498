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
        let document: JSONValue
        switch Self.validated(bytes, maxBytes: maxBytes, validator: validator, schemaName: "cs.inbound.schema.json") {
        case .success(let value): document = value
        case .failure(let rejection): return .failure(rejection)
        }
        // The schema guarantees every required field below is present and a string.
        func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }
        let content = document["content"]
        // Text is what gets answered: it must say something. Other content (image, file, ...) is
        // routed by the binding; its text, if any, is a caption.
        // A type is a word such as image or file: anything else is not a type a chat platform sends.
        if !Self.isTypeWord(text(content?["type"])) {
            return .failure(InboundRejection(.schema, "content.type: must be a lowercase word such as text, image, file or voice"))
        }
        if text(content?["type"]) == "text", text(content?["text"]).allSatisfy(\.isWhitespace) {
            return .failure(InboundRejection(.schema, "content.text: must contain more than whitespace"))
        }
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

    /// a-z, 0-9, _ and - only (the schema already asks for 1 to 64 characters).
    static func isTypeWord(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }

    /// The checks every topic's record passes before its fields are read: size, JSON, no U+0000,
    /// the topic's schema. The rejection says which and where.
    static func validated(
        _ bytes: some Collection<UInt8>, maxBytes: Int, validator: SchemaValidator, schemaName: String
    ) -> Result<JSONValue, InboundRejection> {
        guard bytes.count <= maxBytes else {
            return .failure(InboundRejection(.oversize, "record is \(bytes.count) bytes, the limit is \(maxBytes)"))
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return .failure(InboundRejection(.notJSON, "value is not JSON: \(error)"))
        }
        // Before the schema: its reasons quote values, and a reason must never carry the NUL itself.
        if let path = Self.pathOfNUL(in: document) {
            return .failure(InboundRejection(.schema, "\(path): contains U+0000 (NUL), which aics cannot store or send on"))
        }
        let violations = validator.validate(document)
        guard violations.isEmpty else {
            let shown = violations.prefix(5).map(\.description).joined(separator: "; ")
            let more = violations.count > 5 ? " (and \(violations.count - 5) more)" : ""
            return .failure(InboundRejection(.schema, "does not match \(schemaName): \(shown)\(more)"))
        }
        return .success(document)
    }

    /// Where the first U+0000 is, in a string or a key, as a dotted path ("customer.name",
    /// "content.text"); nil when there is none. Postgres text cannot hold U+0000, and a message
    /// aics cannot store is refused here, whole and with its reason, never altered.
    static func pathOfNUL(in value: JSONValue, path: String = "") -> String? {
        switch value {
        case .string(let text):
            return text.utf8.contains(0) ? (path.isEmpty ? "value" : path) : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = pathOfNUL(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.utf8.contains(0) { return child.replacingNUL() }
                if let found = pathOfNUL(in: members[key]!, path: child) { return found }
            }
            return nil
        case .null, .bool, .number:
            return nil
        }
    }
}

private extension String {
    /// A path shown in a reason must not carry the NUL itself.
    func replacingNUL() -> String { String(decoding: utf8.map { $0 == 0 ? UInt8(ascii: "?") : $0 }, as: UTF8.self) }
}
