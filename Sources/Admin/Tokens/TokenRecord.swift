import Foundation

/// A stored token as `aics token list` shows it: never the token, only its hint.
public struct TokenRecord: Sendable, Equatable {
    public var id: UUID
    public var tenantID: String
    public var name: String
    public var hint: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public var isRevoked: Bool { revokedAt != nil }
}
