import Foundation
import HTTP

/// The retry advice a server gives in its headers and messages.
public struct RetryHints: Sendable, Equatable {
    /// From `retry-after-ms`, else `retry-after` (seconds or an HTTP date).
    public var retryAfter: Duration?
    /// `x-should-retry: true|false`, when present.
    public var shouldRetry: Bool?

    public init(retryAfter: Duration? = nil, shouldRetry: Bool? = nil) {
        self.retryAfter = retryAfter
        self.shouldRetry = shouldRetry
    }

    /// Reads the hints the way the OpenAI SDK honours them: `retry-after-ms`, then `retry-after`.
    public init(headers: HTTPHeaders, now: Date = Date()) {
        if let text = headers["retry-after-ms"], let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)), milliseconds >= 0 {
            retryAfter = .milliseconds(Int64(milliseconds.rounded(.up)))
        } else if let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(text), seconds >= 0 {
                retryAfter = .milliseconds(Int64((seconds * 1000).rounded(.up)))
            } else if let date = Self.httpDate(text) {
                retryAfter = .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
            }
        }
        switch headers["x-should-retry"]?.lowercased() {
        case "true": shouldRetry = true
        case "false": shouldRetry = false
        default: shouldRetry = nil
        }
    }

    /// "Please try again in 1.4s" / "in 120ms" / "in 6m0s" in an OpenAI rate-limit message.
    public static func delay(inMessage message: String) -> Duration? {
        guard let range = message.range(of: "try again in ") else { return nil }
        let rest = message[range.upperBound...]
        let token = rest.prefix { !$0.isWhitespace && $0 != "," }
        let cleaned = token.hasSuffix(".") ? token.dropLast() : token[...]
        return goDuration(String(cleaned))
    }

    /// A Go-style duration ("12ms", "1.5s", "6m0s", "1h2m") as used by OpenAI's reset headers.
    public static func goDuration(_ text: String) -> Duration? {
        var total = 0.0
        var number = ""
        var index = text.startIndex
        var parsedAny = false
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = text.index(after: index)
                continue
            }
            var unit = String(character)
            index = text.index(after: index)
            if unit == "m", index < text.endIndex, text[index] == "s" { unit = "ms"; index = text.index(after: index) }
            guard let value = Double(number) else { return nil }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            default: return nil
            }
            number = ""
            parsedAny = true
        }
        guard parsedAny, number.isEmpty else { return nil }
        return .milliseconds(Int64((total * 1000).rounded(.up)))
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
