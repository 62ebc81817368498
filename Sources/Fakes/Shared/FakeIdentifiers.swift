import Foundation

/// Id formats of the real providers: UUIDs for Dify, prefixed hex for OpenAI.
enum FakeIdentifiers {
    static func uuid() -> String { UUID().uuidString.lowercased() }

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

    static func isUUID(_ text: String) -> Bool { UUID(uuidString: text) != nil }
}
