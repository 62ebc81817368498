import JSON
import Kafka

/// A message's identity by bytes: canonically equivalent Swift Strings compare equal, ids do not
/// (`"K"` and U+212A KELVIN SIGN are one String, two tenant ids).
struct MessageKey: Hashable, CustomStringConvertible {
    let tenant: [UInt8]
    let message: [UInt8]

    init(tenant: String, message: String) {
        self.tenant = Array(tenant.utf8)
        self.message = Array(message.utf8)
    }

    var description: String {
        "\(String(decoding: tenant, as: UTF8.self).debugDescription)/\(String(decoding: message, as: UTF8.self).debugDescription)"
    }
}

/// The fields of an inbound record that its outcome is checked against; nil when the value has
/// no string tenant_id and message_id.
struct InboundFields {
    let key: MessageKey
    let tenant: String
    let messageID: String
    let conversation: String
    let text: String

    init?(_ value: [UInt8]) {
        guard let document = try? JSONParser.parse(value), let tenant = document["tenant_id"]?.stringValue,
              let messageID = document["message_id"]?.stringValue else { return nil }
        self.key = MessageKey(tenant: tenant, message: messageID)
        self.tenant = tenant
        self.messageID = messageID
        self.conversation = document["conversation_id"]?.stringValue ?? ""
        self.text = document["content"]?["text"]?.stringValue ?? ""
    }
}

/// Everything a worker published, indexed: outputs by the message they answer, dead letters by
/// the inbound offset they name (one partition).
struct PublishedOutcomes {
    static let outputTopics = ["cs.suggestions", "cs.replies"]

    let outputs: [MessageKey: [OutputRecord]]
    let deadLetters: [Int64: [JSONValue]]
    /// Outputs whose `in_reply_to` is not exactly one message.
    let malformed: [OutputRecord]

    init(_ records: [KafkaMessage]) throws {
        var outputs: [MessageKey: [OutputRecord]] = [:]
        var deadLetters: [Int64: [JSONValue]] = [:]
        var malformed: [OutputRecord] = []
        for record in records {
            if Self.outputTopics.contains(record.topic) {
                let output = try OutputRecord(record)
                if output.json["in_reply_to"]?.arrayValue?.count != 1 { malformed.append(output) }
                outputs[MessageKey(tenant: output.json["tenant_id"]?.stringValue ?? "", message: output.inReplyTo), default: []].append(output)
            } else {
                let letter = try JSONParser.parse(record.value)
                deadLetters[Int64(letter["offset"]?.numberValue ?? -1), default: []].append(letter)
            }
        }
        self.outputs = outputs
        self.deadLetters = deadLetters
        self.malformed = malformed
    }

    /// What happened to the record at `offset`, for failure messages.
    func observed(offset: Int64, _ inbound: InboundFields?) -> String {
        var parts: [String] = []
        for letter in deadLetters[offset] ?? [] {
            parts.append("dead letter \(letter["error_kind"]?.stringValue ?? "?"): \(letter["error"]?.stringValue ?? "")")
        }
        for output in inbound.flatMap({ outputs[$0.key] }) ?? [] {
            parts.append("\(output.message.topic) \(output.kind) \(output.reason ?? "") \(output.text.prefix(40).debugDescription)")
        }
        return parts.isEmpty ? "nothing published" : parts.joined(separator: " | ")
    }
}
