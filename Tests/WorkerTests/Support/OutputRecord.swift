import JSON
import Kafka

/// A published suggestion or reply, parsed for assertions.
struct OutputRecord {
    let message: KafkaMessage
    let json: JSONValue

    init(_ message: KafkaMessage) throws {
        self.message = message
        self.json = try JSONParser.parse(message.value)
    }

    var id: String { json["suggestion_id"]?.stringValue ?? json["reply_id"]?.stringValue ?? "" }
    var inReplyTo: String { json["in_reply_to"]?.arrayValue?.first?.stringValue ?? "" }
    var text: String { json["text"]?.stringValue ?? "" }
    var kind: String { json["kind"]?.stringValue ?? (json["status"]?.stringValue == "ok" ? "suggestion" : "suggestion_failed") }
    var reason: String? { json["reason"]?.stringValue ?? json["error"]?.stringValue }
    var sourceCount: Int { json["sources"]?.arrayValue?.count ?? 0 }
    func header(_ name: String) -> String? { message.header(name).map { String(decoding: $0, as: UTF8.self) } }
}
