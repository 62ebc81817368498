/// Dify's `user` for a customer: stable across turns and workers, derived from tenant and
/// customer, and opaque so that the provider never sees our customer ids.
public enum DifyUser {
    /// "aics-" followed by 32 hex digits of a 128-bit FNV-1a hash of tenant and customer.
    public static func id(tenantID: String, customerID: String) -> String {
        let key = Array(tenantID.utf8) + [0] + Array(customerID.utf8)
        func fnv1a(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in key {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let high = fnv1a(0xcbf2_9ce4_8422_2325), low = fnv1a(0x6c62_272e_07bb_0142)
        return "aics-" + hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
