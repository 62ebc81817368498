/// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that
/// check `/metrics`: every line is a `# HELP`, a `# TYPE`, another comment, blank, or a sample
/// `name{label="value",...} value`, with valid names, escapes and numbers; every sample belongs to
/// a family whose TYPE came before it (histograms: `_bucket` with `le`, `_sum`, `_count`).
public struct PrometheusText: Sendable {
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var text: String
        public var description: String { "line \(line): \(reason): \(text)" }
    }

    public private(set) var samples: [Sample] = []
    /// Metric family name → type (counter, gauge, histogram, summary, untyped).
    public private(set) var types: [String: String] = [:]

    public init(_ text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func fail(_ reason: String) -> Malformed { Malformed(line: number, reason: reason, text: String(line)) }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
                guard words.count >= 2, words[0] == "#" else { continue }
                if words[1] == "TYPE" {
                    guard words.count == 4, Self.isMetricName(words[2]),
                          ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]) else { throw fail("bad TYPE line") }
                    guard types[String(words[2])] == nil else { throw fail("second TYPE line for \(words[2])") }
                    types[String(words[2])] = String(words[3])
                } else if words[1] == "HELP" {
                    guard words.count >= 3, Self.isMetricName(words[2]) else { throw fail("bad HELP line") }
                }
                continue
            }
            var scanner = Substring(line)
            let sample = try Self.sample(&scanner, fail: fail)
            guard let family = family(of: sample) else { throw fail("sample without a TYPE line before it") }
            if types[family] == "histogram", sample.name.hasSuffix("_bucket"), sample.labels["le"] == nil { throw fail("bucket without le") }
            if types[family] == "counter", sample.value < 0 { throw fail("negative counter") }
            samples.append(sample)
        }
    }

    /// Samples named `name` whose labels include `labels`.
    public func samples(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }

    /// The sum of the matching samples' values (0 when none match).
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples(name, labels).reduce(0) { $0 + $1.value }
    }

    private func family(of sample: Sample) -> String? {
        if types[sample.name] != nil { return sample.name }
        for suffix in ["_bucket", "_sum", "_count"] where sample.name.hasSuffix(suffix) {
            let base = String(sample.name.dropLast(suffix.count))
            if let type = types[base], type == "histogram" || type == "summary" { return base }
        }
        return nil
    }

    private static func sample(_ text: inout Substring, fail: (String) -> Malformed) throws -> Sample {
        let name = String(text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard isMetricName(Substring(name)) else { throw fail("bad metric name") }
        text = text.dropFirst(name.count)
        var labels: [String: String] = [:]
        if text.first == "{" {
            text = text.dropFirst()
            while text.first != "}" {
                let label = String(text.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard let first = label.first, first.isLetter || first == "_", label.allSatisfy(\.isASCII) else { throw fail("bad label name") }
                text = text.dropFirst(label.count)
                guard text.hasPrefix("=\"") else { throw fail("label without =\"") }
                text = text.dropFirst(2)
                var value = ""
                while true {
                    guard let character = text.popFirst() else { throw fail("unterminated label value") }
                    if character == "\"" { break }
                    if character == "\\" {
                        switch text.popFirst() {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw fail("bad escape in label value")
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard labels.updateValue(value, forKey: label) == nil else { throw fail("label \(label) twice") }
                if text.first == "," { text = text.dropFirst() } else if text.first != "}" { throw fail("expected , or }") }
            }
            text = text.dropFirst()
        }
        guard text.first == " " else { throw fail("no space before the value") }
        let fields = text.split(separator: " ")
        guard fields.count == 1 || fields.count == 2 else { throw fail("expected a value and at most a timestamp") }
        guard let value = number(fields[0]) else { throw fail("bad value") }
        if fields.count == 2, Int64(fields[1]) == nil { throw fail("bad timestamp") }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    static func isMetricName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }
}
