import Kafka

/// How `aics tail` and `aics demo` show records: one line of metadata, then the value.
enum RecordFormatting {
    static func headerLine(_ message: KafkaMessage) -> String {
        var parts = ["\(message.topic)[\(message.partition)]@\(message.offset)"]
        parts.append("key=\(message.keyString.map(quoted) ?? "null")")
        if !message.headers.isEmpty {
            let headers = message.headers.map { "\($0.name)=\($0.stringValue ?? "<\($0.value.count) bytes>")" }
            parts.append("headers={\(headers.joined(separator: ", "))}")
        }
        return parts.joined(separator: " ")
    }

    static func value(_ message: KafkaMessage) -> String {
        message.valueString ?? "<\(message.value.count) bytes, not UTF-8>"
    }

    private static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
