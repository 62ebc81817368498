import Foundation

/// A binding's working hours (`bindings.working_hours`): a weekly schedule in a time zone, with
/// holiday dates on which the whole day is outside working hours. Outside them, `auto` mode
/// answers customers itself.
///
///     {"timezone": "Asia/Shanghai",
///      "days": {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], "tue": [["09:00", "18:00"]]},
///      "holidays": ["2026-10-01", "2026-10-02"]}
///
/// A day not listed has no working hours; "24:00" ends a range at midnight.
public struct WorkingHours: Sendable, Equatable {
    /// Minutes after local midnight: start inclusive, end exclusive.
    public struct Range: Sendable, Equatable {
        public var start: Int
        public var end: Int
    }

    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public var timeZone: TimeZone
    /// By `Calendar` weekday (1 = Sunday ... 7 = Saturday).
    public var days: [Int: [Range]]
    /// Local dates, "YYYY-MM-DD".
    public var holidays: Set<String>

    /// Parses the JSON text; the error says which part is wrong.
    public init(json: String) throws(InputError) {
        func fail(_ detail: String) -> InputError { InputError(.workingHours) { "\($0): \(detail)" } }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            throw fail(#"must be a JSON object, e.g. {"timezone": "Asia/Shanghai", "days": {"mon": [["09:00", "18:00"]]}}"#)
        }
        for key in object.keys where !["timezone", "days", "holidays"].contains(key) {
            throw fail("unknown member \"\(key)\" (expected timezone, days, holidays)")
        }
        guard let zoneName = object["timezone"] as? String else { throw fail("\"timezone\" is required, e.g. \"Asia/Shanghai\"") }
        guard let zone = TimeZone(identifier: zoneName) else { throw fail("unknown time zone \"\(zoneName)\"") }
        timeZone = zone
        days = [:]
        guard let dayObject = (object["days"] ?? [String: Any]()) as? [String: Any] else {
            throw fail(#""days" must be an object such as {"mon": [["09:00", "18:00"]]}"#)
        }
        for (name, value) in dayObject {
            guard let weekday = Self.dayNames.firstIndex(of: name) else {
                throw fail("unknown day \"\(name)\" (use \(Self.dayNames.joined(separator: ", ")))")
            }
            guard let pairs = value as? [Any] else { throw fail("days.\(name) must be a list of [\"HH:MM\", \"HH:MM\"] ranges") }
            days[weekday + 1] = try pairs.map { pair throws(InputError) in
                guard let bounds = pair as? [String], bounds.count == 2,
                      let start = Self.minutes(bounds[0]), let end = Self.minutes(bounds[1]), start < end else {
                    throw fail("days.\(name) has a range that is not [\"HH:MM\", \"HH:MM\"] with start before end")
                }
                return Range(start: start, end: end)
            }
        }
        guard let dates = (object["holidays"] ?? [Any]()) as? [String] else { throw fail("\"holidays\" must be a list of \"YYYY-MM-DD\" dates") }
        for date in dates where !Self.isDate(date) { throw fail("holiday \"\(date)\" is not a YYYY-MM-DD date") }
        holidays = Set(dates)
    }

    /// Whether `date` falls inside the schedule.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let weekday = parts.weekday else { return false }
        let local = String(format: "%04d-%02d-%02d", year, month, day)
        if holidays.contains(local) { return false }
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return days[weekday, default: []].contains { $0.start <= minute && minute < $0.end }
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0..<60).contains(minute), hour < 24 || minute == 0 else { return nil }
        return hour * 60 + minute
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
