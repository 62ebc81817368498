import Foundation
import JSON
import Kafka

/// One record seen on cs.suggestions, cs.replies or cs.dead-letter, reduced to what the checker
/// compares: where it was (topic, partition, offset), when it arrived, which messages it
/// answers, its id and kind, and its payload (a re-send must repeat it byte for byte).
struct ObservedOutput: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var offset: Int64
    /// Seconds since the run's epoch.
    var arrival: Double
    var messageIDs: [String]
    /// `suggestion_id` / `reply_id`; for a dead letter "dead-letter".
    var outputID: String
    /// answer, fallback, handoff, suggestion, failed (a suggestion with status failed), or dead_letter.
    var kind: String
    /// What must be identical when the same output is sent again: the whole value for a suggestion
    /// or reply; error kind and error for a dead letter (its time and coordinates differ).
    var payload: String

    /// nil for a record that is none of those (the reason says why).
    static func decode(_ message: KafkaMessage, arrival: Double) -> Result<ObservedOutput, ObservationError> {
        guard let value = try? JSONParser.parse(message.value) else { return .failure(.init("not JSON at \(message.topic)/\(message.partition)@\(message.offset)")) }
        let text = String(decoding: message.value, as: UTF8.self)
        let inReplyTo = value["in_reply_to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var output = ObservedOutput(topic: message.topic, partition: message.partition, offset: message.offset, arrival: arrival,
                                    messageIDs: inReplyTo, outputID: "", kind: "", payload: text)
        if let id = value["reply_id"]?.stringValue {
            output.outputID = id
            output.kind = value["kind"]?.stringValue ?? "reply"
        } else if let id = value["suggestion_id"]?.stringValue {
            output.outputID = id
            output.kind = value["status"]?.stringValue == "failed" ? "failed" : "suggestion"
        } else if let original = value["value_base64"]?.stringValue {
            // A dead letter: the message id comes from the original record, when it had one.
            let bytes = Data(base64Encoded: original).map { [UInt8]($0) } ?? []
            let messageID = (try? JSONParser.parse(bytes))?["message_id"]?.stringValue
            output.messageIDs = messageID.map { [$0] } ?? []
            output.outputID = "dead-letter"
            output.kind = "dead_letter"
            output.payload = (value["error_kind"]?.stringValue ?? "") + ": " + (value["error"]?.stringValue ?? "")
        } else {
            return .failure(.init("neither reply_id, suggestion_id nor value_base64 at \(message.topic)/\(message.partition)@\(message.offset)"))
        }
        return .success(output)
    }
}

struct ObservationError: Error, Sendable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
