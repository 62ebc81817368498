import Crypto
import Foundation
import JSON

/// The `cs.dead-letter` value for a record aics could not accept: the original bytes, where they
/// came from, and a readable reason (schemas/topics/cs.dead-letter.schema.json).
///
/// A dead letter always fits the topic, whatever the original's size: the value keeps at most its
/// first `maxValueBytes` (base64 grows it by a third), with the original's size and SHA-256 so it
/// can be matched to the source; key, headers and the reason are bounded the same way.
public enum DeadLetter {
    public static let maxValueBytes = 16 * 1024
    public static let maxKeyBytes = 1024
    public static let maxHeaders = 32
    public static let maxHeaderBytes = 1024
    public static let maxErrorBytes = 2048

    public static func value(
        topic: String, partition: Int32, offset: Int64,
        key: [UInt8]?, value: [UInt8], headers: [(name: String, value: String)],
        rejection: InboundRejection, at date: Date = Date()
    ) -> [UInt8] {
        var headerObject: [String: JSONValue] = [:]
        for header in headers.prefix(maxHeaders) {
            headerObject[String(utf8Prefix: header.name, maxBytes: maxHeaderBytes)] = .string(String(utf8Prefix: header.value, maxBytes: maxHeaderBytes))
        }
        var document: [String: JSONValue] = [
            "topic": .string(topic),
            "partition": .number(Double(partition)),
            "offset": .number(Double(offset)),
            "key_base64": key.map { .string(Data(Self.key($0)).base64EncodedString()) } ?? .null,
            "value_base64": .string(Data(value.prefix(maxValueBytes)).base64EncodedString()),
            "value_bytes": .number(Double(value.count)),
            "value_sha256": .string(sha256Hex(value)),
            "value_truncated": .bool(value.count > maxValueBytes),
            "headers": .object(headerObject),
            "error_kind": .string(rejection.kind.rawValue),
            "error": .string(String(utf8Prefix: rejection.message, maxBytes: maxErrorBytes)),
            "dead_lettered_at": .string(Timestamps.rfc3339(date)),
        ]
        if let key, key.count > maxKeyBytes { document["key_truncated"] = .bool(true) }
        return JSONWriter.bytes(.object(document))
    }

    /// The record key as the dead letter carries it (also the dead letter's own Kafka key).
    public static func key(_ key: [UInt8]) -> [UInt8] { Array(key.prefix(maxKeyBytes)) }

    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.string(SHA256.hash(data: bytes)) }
}

extension String {
    /// At most `maxBytes` of UTF-8, cut at a character boundary, with "…" when cut.
    init(utf8Prefix text: String, maxBytes: Int) {
        guard text.utf8.count > maxBytes else {
            self = text
            return
        }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > maxBytes - 3 { break }
            result.append(character)
            used += size
        }
        self = result + "…"
    }
}
