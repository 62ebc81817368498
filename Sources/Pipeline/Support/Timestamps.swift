import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as every aics output writes them.
public enum Timestamps {
    public static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
