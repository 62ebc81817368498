import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as every aics output writes them.
public enum Timestamps {
    public static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}

extension Timestamps {
    /// An RFC 3339 date-time as the schemas accept it (with or without fraction, any offset).
    public static func parse(_ text: String) -> Date? {
        let normalized = text.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "t", with: "T")
            .replacingOccurrences(of: "z", with: "Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: normalized) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: normalized)
    }
}
