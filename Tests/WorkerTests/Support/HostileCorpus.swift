import Foundation
import JSON
import Kafka

/// The records of Tests/WorkerTests/HostileCorpus/corpus.jsonl, one JSON object a line:
///
/// - `name`: unique, says what is hostile about the record; `why`: the reason for its outcome.
/// - `key` (text, or null for no key) or `key_base64`; `value` (text) or `value_base64` (bytes
///   that are not UTF-8). The value is the record's bytes exactly: a JSON-level escape inside it
///   (`\u0000`) is written `\\u0000` in the manifest, a raw byte (`\u0000`) stays a raw byte.
/// - `fill` (optional): `marker` in the value is replaced by `unit` repeated `count` times, or as
///   often as makes the value `total_bytes` long, so that megabyte records stay one short line.
/// - `headers` (optional): `[{"name", "value"}]`.
/// - `expect`: `{"outcome": "dead_letter", "error_kind", "error_contains": [...]}`,
///   `{"outcome": "reply" | "suggestion", "kind", "reason", "text_contains"}`,
///   `{"outcome": "skip", "reason"}` (recorded in the ledger, nothing published), or
///   `{"outcome": "redelivery", "of": name}` (the output of `name` is sent again, identical).
///
/// Records are produced in file order to one partition: a redelivery follows its original.
struct HostileCorpus {
    enum Outcome: Equatable {
        case deadLetter(kind: String, contains: [String])
        /// `topic` is cs.replies (hosted) or cs.suggestions (assist).
        case answer(topic: String, kind: String, reason: String?, textContains: String?)
        case skip(reason: String)
        case redelivery(of: String)
    }

    struct Case {
        let name: String
        let why: String
        let key: [UInt8]?
        let value: [UInt8]
        let headers: [KafkaHeader]
        let expected: Outcome
    }

    let cases: [Case]

    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("HostileCorpus/corpus.jsonl")

    static func load() throws -> HostileCorpus {
        let bytes = Array(try Data(contentsOf: file))
        var cases: [Case] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            do {
                cases.append(try parse(try JSONParser.parse(line)))
            } catch {
                throw Malformed(description: "\(file.lastPathComponent) line \(number + 1): \(error)")
            }
        }
        let names = cases.map(\.name)
        guard Set(names).count == names.count else { throw Malformed(description: "\(file.lastPathComponent): duplicate case names") }
        return HostileCorpus(cases: cases)
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private static func parse(_ line: JSONValue) throws -> Case {
        func text(_ value: JSONValue?, _ what: String) throws -> String {
            guard let text = value?.stringValue else { throw Malformed(description: "\(what) missing") }
            return text
        }
        func base64(_ text: String, _ what: String) throws -> [UInt8] {
            guard let data = Data(base64Encoded: text) else { throw Malformed(description: "\(what) is not base64") }
            return Array(data)
        }
        let name = try text(line["name"], "name")
        let key: [UInt8]? = if let encoded = line["key_base64"]?.stringValue {
            try base64(encoded, "key_base64")
        } else {
            line["key"]?.stringValue.map { Array($0.utf8) }
        }
        var value = if let encoded = line["value_base64"]?.stringValue {
            try base64(encoded, "value_base64")
        } else {
            Array(try text(line["value"], "value").utf8)
        }
        if let fill = line["fill"] { value = try expand(value, fill) }
        let headers = try (line["headers"]?.arrayValue ?? []).map {
            KafkaHeader(name: try text($0["name"], "header name"), value: try text($0["value"], "header value"))
        }
        let expect = line["expect"]
        let expected: Outcome = switch try text(expect?["outcome"], "expect.outcome") {
        case "dead_letter":
            .deadLetter(kind: try text(expect?["error_kind"], "error_kind"),
                        contains: (expect?["error_contains"]?.arrayValue ?? []).compactMap(\.stringValue))
        case let outcome where outcome == "reply" || outcome == "suggestion":
            .answer(topic: outcome == "reply" ? "cs.replies" : "cs.suggestions", kind: try text(expect?["kind"], "kind"),
                    reason: expect?["reason"]?.stringValue, textContains: expect?["text_contains"]?.stringValue)
        case "skip": .skip(reason: try text(expect?["reason"], "reason"))
        case "redelivery": .redelivery(of: try text(expect?["of"], "of"))
        case let other: throw Malformed(description: "unknown outcome \(other)")
        }
        return Case(name: name, why: line["why"]?.stringValue ?? "", key: key, value: value, headers: headers, expected: expected)
    }

    private static func expand(_ value: [UInt8], _ fill: JSONValue) throws -> [UInt8] {
        guard let marker = fill["marker"]?.stringValue.map({ Array($0.utf8) }), let unit = fill["unit"]?.stringValue.map({ Array($0.utf8) }),
              let start = (0...(value.count - marker.count)).first(where: { value[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { throw Malformed(description: "fill needs a marker that occurs in the value, and a unit") }
        let rest = value.count - marker.count
        let count: Int
        if let total = fill["total_bytes"]?.numberValue.map(Int.init) {
            guard total >= rest, (total - rest) % unit.count == 0 else { throw Malformed(description: "fill cannot reach \(total) bytes") }
            count = (total - rest) / unit.count
        } else {
            count = fill["count"]?.numberValue.map(Int.init) ?? 0
        }
        var result = Array(value[..<start])
        result.reserveCapacity(rest + count * unit.count)
        for _ in 0..<count { result += unit }
        result += value[(start + marker.count)...]
        return result
    }
}
