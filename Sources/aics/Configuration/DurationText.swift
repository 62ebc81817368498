import Foundation
import ArgumentParser

/// Durations on the command line: "500ms", "30s", "5m", "2h", or "0".
enum DurationText {
    static func parse(_ text: String, flag: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "0" { return .zero }
        let units: [(suffix: String, milliseconds: Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            guard let value = Int(number), value >= 0, value <= Int(Int32.max) / unit.milliseconds else { break }
            return .milliseconds(value * unit.milliseconds)
        }
        throw CommandFailure("\(flag) '\(text)' is not a duration: use a whole number with ms, s, m or h, e.g. 30s or 5m")
    }

    /// The shortest exact spelling: 1800000 ms prints as "30m".
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        if milliseconds == 0 { return "0" }
        for (suffix, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1000)] where milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
