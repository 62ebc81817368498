// Text-format codecs for the scalar types the product stores.

extension String: PostgresArrayElement {
    public var postgresText: String? { self }
    public static func decode(postgresText text: String) -> String { text }
}

extension Bool: PostgresArrayElement {
    public var postgresText: String? { self ? "t" : "f" }
    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Bool {
        switch text {
        case "t", "true": return true
        case "f", "false": return false
        default: throw PostgresDecodingFailure("not a boolean")
        }
    }
}

/// Integers share one codec; decoding checks the range of the Swift type.
public protocol PostgresInteger: FixedWidthInteger, PostgresArrayElement {}

extension PostgresInteger {
    public var postgresText: String? { String(self) }
    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Self {
        guard let value = Self(text) else { throw PostgresDecodingFailure("not a \(Self.self) (or out of range)") }
        return value
    }
}

extension Int: PostgresInteger {}
extension Int64: PostgresInteger {}
extension Int32: PostgresInteger {}
extension Int16: PostgresInteger {}

/// A byte; `[UInt8]` is `bytea` (hex format), not an array of numbers.
extension UInt8: PostgresInteger {
    public static func postgresText(array: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + array.count * 2)
        for byte in array {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func decode(postgresArrayText text: String) throws(PostgresDecodingFailure) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0 else {
            throw PostgresDecodingFailure("not bytea in hex format")
        }
        func nibble(_ character: UInt8) throws(PostgresDecodingFailure) -> UInt8 {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
            default: throw PostgresDecodingFailure("not bytea in hex format")
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count / 2 - 1)
        var index = 2
        while index < bytes.count {
            result.append(try nibble(bytes[index]) << 4 | nibble(bytes[index + 1]))
            index += 2
        }
        return result
    }
}

extension Double: PostgresArrayElement {
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return String(self)
    }

    public static func decode(postgresText text: String) throws(PostgresDecodingFailure) -> Double {
        guard let value = Double(text) else { throw PostgresDecodingFailure("not a number") }
        return value
    }
}
