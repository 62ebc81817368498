import Foundation
import JSON

/// The `cs.dead-letter` value for a record aics could not accept: the original bytes, where they
/// came from, and a readable reason (schemas/topics/cs.dead-letter.schema.json).
public enum DeadLetter {
    public static func value(
        topic: String, partition: Int32, offset: Int64,
        key: [UInt8]?, value: [UInt8], headers: [(name: String, value: String)],
        rejection: InboundRejection, at date: Date = Date()
    ) -> [UInt8] {
        var headerObject: [String: JSONValue] = [:]
        for header in headers { headerObject[header.name] = .string(header.value) }
        let document: JSONValue = .object([
            "topic": .string(topic),
            "partition": .number(Double(partition)),
            "offset": .number(Double(offset)),
            "key_base64": key.map { .string(Data($0).base64EncodedString()) } ?? .null,
            "value_base64": .string(Data(value).base64EncodedString()),
            "headers": .object(headerObject),
            "error_kind": .string(rejection.kind.rawValue),
            "error": .string(rejection.message),
            "dead_lettered_at": .string(Timestamps.rfc3339(date)),
        ])
        return JSONWriter.bytes(document)
    }
}
