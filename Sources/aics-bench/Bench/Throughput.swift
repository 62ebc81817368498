import Catalog

/// One measured run: how many messages and bytes in how long.
struct Throughput {
    var label: String
    /// Position in the printed summary.
    var order: Int
    var messages: Int
    var bytes: Int
    var elapsed: Duration

    var seconds: Double { elapsed.seconds }

    var messagesPerSecond: Double { Double(messages) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / seconds / 1_000_000 }

    var line: String {
        "\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(format(messagesPerSecond, 0).leftPadded(10)) msg/s \(format(megabytesPerSecond, 1).leftPadded(7)) MB/s  (\(messages) in \(format(seconds, 3)) s)"
    }

    /// How many times slower `self` is than `baseline` (1.0 = as fast).
    func slowdown(against baseline: Throughput) -> Double {
        baseline.messagesPerSecond / messagesPerSecond
    }
}

func format(_ value: Double, _ decimals: Int) -> String {
    var text = String(Int((value * pow10(decimals)).rounded()))
    guard decimals > 0 else { return text }
    while text.count <= decimals { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
    return text
}

private func pow10(_ exponent: Int) -> Double {
    (0..<exponent).reduce(1.0) { value, _ in value * 10 }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
