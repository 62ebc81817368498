/// RFC 3339 `date-time` syntax check: 2026-11-25T02:40:00Z, with optional fraction and offset.
enum RFC3339 {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func literal(_ options: String) -> Bool {
            guard index < bytes.count, options.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard digits(4) != nil, literal("-"), let month = digits(2), (1...12).contains(month),
              literal("-"), let day = digits(2), (1...31).contains(day), literal("Tt "),
              let hour = digits(2), hour < 24, literal(":"), let minute = digits(2), minute < 60,
              literal(":"), let second = digits(2), second <= 60
        else { return false }
        if literal(".") {
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return false }
        }
        if literal("Zz") { return index == bytes.count }
        guard literal("+-"), let offsetHour = digits(2), offsetHour < 24, literal(":"),
              let offsetMinute = digits(2), offsetMinute < 60
        else { return false }
        return index == bytes.count
    }
}
