import Crypto
import Foundation

/// A bearer token of the admin API: `aics_` and 43 base64url characters (256 random bits).
/// Only its SHA-256 is stored; the token is shown once, when it is created.
public struct AdminToken: Sendable {
    public static let prefix = "aics_"

    /// The token itself.
    public let value: String

    public init(value: String) {
        self.value = value
    }

    /// A new token from the system's secure random generator.
    public static func generate() -> AdminToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return AdminToken(value: prefix + text)
    }

    /// Lowercase hex SHA-256 of the token: what the database keeps and looks tokens up by.
    public var sha256: String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// "aics_…wxyz": enough to tell tokens apart, useless to an attacker.
    public var hint: String { Self.prefix + "…" + value.suffix(4) }
}
