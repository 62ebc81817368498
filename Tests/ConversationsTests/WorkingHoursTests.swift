import Catalog
import Foundation
import Testing

@Suite("WorkingHours: weekly schedule, time zone, holidays, readable errors")
struct WorkingHoursTests {
    /// 2027-01-15 is a Friday.
    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test func schedule() throws {
        let hours = try WorkingHours(json: #"{"timezone": "Asia/Shanghai", "days": {"fri": [["09:00", "12:00"], ["13:00", "24:00"]]}}"#)
        #expect(hours.contains(utc("2027-01-15T01:00:00Z")))  // 09:00 local
        #expect(!hours.contains(utc("2027-01-15T04:30:00Z")))  // 12:30 local, lunch
        #expect(hours.contains(utc("2027-01-15T15:59:00Z")))  // 23:59 local
        #expect(!hours.contains(utc("2027-01-15T16:00:00Z")))  // Saturday 00:00 local
        #expect(!hours.contains(utc("2027-01-14T02:00:00Z")))  // Thursday: no hours listed
    }

    @Test func holidaysAreLocalDates() throws {
        let hours = try WorkingHours(json: #"{"timezone": "America/New_York", "days": {"fri": [["00:00", "24:00"]]}, "holidays": ["2027-01-15"]}"#)
        #expect(!hours.contains(utc("2027-01-15T12:00:00Z")))  // 07:00 on the holiday in New York
        #expect(!hours.contains(utc("2027-01-16T03:00:00Z")))  // 22:00 on the holiday in New York (Saturday in UTC)
        #expect(hours.contains(utc("2027-01-22T12:00:00Z")))  // the next Friday
    }

    @Test func errorsNameThePart() {
        let cases: [(String, String)] = [
            ("[1]", "must be a JSON object"),
            (#"{"days": {}}"#, "\"timezone\" is required"),
            (#"{"timezone": "Mars/Olympus"}"#, "unknown time zone"),
            (#"{"timezone": "UTC", "days": {"monday": []}}"#, "unknown day"),
            (#"{"timezone": "UTC", "days": {"mon": [["18:00", "09:00"]]}}"#, "start before end"),
            (#"{"timezone": "UTC", "days": {"mon": [["9", "18:00"]]}}"#, "HH:MM"),
            (#"{"timezone": "UTC", "holidays": ["tomorrow"]}"#, "YYYY-MM-DD"),
            (#"{"timezone": "UTC", "weekends": true}"#, "unknown member"),
        ]
        for (json, expected) in cases {
            do {
                _ = try WorkingHours(json: json)
                Issue.record("\(json) was accepted")
            } catch {
                let message = error.message(.flag)
                #expect(message.contains(expected), "\(json): \(message)")
                #expect(message.contains("--working-hours"))
            }
        }
    }
}
