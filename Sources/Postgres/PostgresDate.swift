import Foundation

/// `Date` <-> `timestamptz` (and `timestamp`, read as UTC) in ISO text form with microseconds.
extension Date: PostgresArrayElement {
    public var postgresText: String? {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        let totalMicros = Int64(micros)
        var seconds = totalMicros / 1_000_000
        var fraction = totalMicros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        let fractionText = String(fraction).leftPadded(to: 6)
        return "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2)) "
            + "\(String(secondOfDay / 3600).leftPadded(to: 2)):\(String(secondOfDay / 60 % 60).leftPadded(to: 2)):"
            + "\(String(secondOfDay % 60).leftPadded(to: 2)).\(fractionText)+00"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]` (DateStyle ISO, which every session sets).
    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Date {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) throws(PostgresDecodingFailure) -> Int {
            guard index + digits <= bytes.count else { throw PostgresDecodingFailure("not an ISO timestamp") }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { throw PostgresDecodingFailure("not an ISO timestamp") }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ character: Character) throws(PostgresDecodingFailure) {
            guard index < bytes.count, bytes[index] == character.asciiValue! else {
                throw PostgresDecodingFailure("not an ISO timestamp (infinite or BC dates are not supported)")
            }
            index += 1
        }
        var yearDigits = 0
        while index + yearDigits < bytes.count, bytes[index + yearDigits] != UInt8(ascii: "-") { yearDigits += 1 }
        let year = try number(max(4, yearDigits))
        try expect("-")
        let month = try number(2)
        try expect("-")
        let day = try number(2)
        var seconds = Double(CivilCalendar.days(year: year, month: month, day: day)) * 86_400
        if index < bytes.count {
            try expect(" ")
            let hour = try number(2)
            try expect(":")
            let minute = try number(2)
            try expect(":")
            let second = try number(2)
            seconds += Double(hour * 3600 + minute * 60 + second)
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var fraction = 0.0, scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                seconds += fraction
            }
            if index < bytes.count {
                let sign: Double = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else {
                    throw PostgresDecodingFailure("not an ISO timestamp (infinite or BC dates are not supported)")
                }
                index += 1
                var offset = try number(2) * 3600
                if index < bytes.count { try expect(":"); offset += try number(2) * 60 }
                if index < bytes.count { try expect(":"); offset += try number(2) }
                seconds -= sign * Double(offset)
            }
        }
        guard index == bytes.count else { throw PostgresDecodingFailure("not an ISO timestamp") }
        return Date(timeIntervalSince1970: seconds)
    }
}

/// Days since 1970-01-01 <-> proleptic Gregorian dates (Howard Hinnant's algorithms).
enum CivilCalendar {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
