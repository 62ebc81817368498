import Foundation

/// Id formats of the real providers: UUIDs for Dify, prefixed hex for OpenAI.
enum FakeIdentifiers {
    /// A random (version 4) UUID in lowercase, formatted without Foundation.
    static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = hexDigits[Int(value >> UInt64(shift) & 0xF)]
                    index += 1
                }
            }
            put(high, nibbles: 16)
            put(low, nibbles: 16)
            return index
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `prefix` followed by `length` random lowercase hex digits, e.g. `resp_68a1f0c2d3e4...`.
    static func hex(_ prefix: String, length: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return prefix + String((0..<length).map { _ in digits[Int(generator.next() % 16)] })
    }

    /// A deterministic UUID-shaped id derived from a name, so that documents keep their ids.
    static func stableUUID(_ name: String) -> String {
        // FNV-1a, twice with different seeds, gives 128 bits; enough for fixture ids.
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in name.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let high = fnv(0xcbf2_9ce4_8422_2325), low = fnv(0x84222325_cbf29ce4)
        let hex = String(format: "%016llx%016llx", high, low)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-8\(String(c[17..<20]))-\(String(c[20..<32]))"
    }

    /// Whether `text` is 8-4-4-4-12 hex digits (either case), what `UUID(uuidString:)` accepts.
    static func isUUID(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            if count == 8 || count == 13 || count == 18 || count == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): break
                default: return false
                }
            }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }
}
