import JSON
import Pipeline

/// Any bytes as a `cs.inbound` record value: the decoder ends in a message or in a rejection with
/// a reason, and a message carries what the schema promises.
enum InboundFuzzing {
    /// Built once: the schemas are embedded and parsing them per input would dominate.
    private static let decoder = InboundDecoder(schemas: TopicSchemas())

    static func check(_ bytes: [UInt8]) throws(InvariantViolation) {
        switch decoder.decode(bytes) {
        case .failure(let rejection):
            guard !rejection.message.isEmpty else {
                throw InvariantViolation(.inbound, "rejection \(rejection.kind.rawValue) without a reason")
            }
        case .success(let message):
            let required = [
                ("message_id", message.messageID), ("tenant_id", message.tenantID), ("account_id", message.accountID),
                ("channel", message.channel), ("conversation_id", message.conversationID), ("customer.id", message.customer.id),
                ("content.type", message.contentType), ("sent_at", message.sentAt),
            ]
            for (field, value) in required where value.isEmpty {
                throw InvariantViolation(.inbound, "accepted a record whose \(field) is empty")
            }
            // Text is answered, so it must say something; other content (image, voice, ...) is routed.
            if message.contentType == "text", message.text.allSatisfy(\.isWhitespace) {
                throw InvariantViolation(.inbound, "accepted a text message without text")
            }
            // What was accepted is what the record says.
            guard case .some(let document) = try? JSONParser.parse(bytes),
                document["message_id"]?.stringValue == message.messageID,
                (document["content"]?["text"]?.stringValue ?? "") == message.text,
                document["content"]?["type"]?.stringValue == message.contentType
            else {
                throw InvariantViolation(.inbound, "the accepted message differs from the record's fields")
            }
        }
    }
}
