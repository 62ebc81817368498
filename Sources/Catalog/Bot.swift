import Foundation

/// A bot as stored in `bots`: one tenant, one provider, its settings and (sealed) secrets.
public struct Bot: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active
        case disabled
        /// The provider said the quota or billing is exhausted; the worker stops asking.
        case quotaExhausted = "quota_exhausted"
        /// The provider rejected the key or configuration; the worker stops asking.
        case credentialsInvalid = "credentials_invalid"
    }

    public var id: UUID
    public var tenantID: String
    public var name: String
    public var settings: BotSettings
    public var secrets: BotSecrets
    public var status: Status
    public var statusReason: String?

    public init(
        id: UUID = UUID(), tenantID: String, name: String, settings: BotSettings, secrets: BotSecrets = BotSecrets(),
        status: Status = .active, statusReason: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.settings = settings
        self.secrets = secrets
        self.status = status
        self.statusReason = statusReason
    }

    public var provider: ProviderKind { settings.provider }

    /// The owner string sealed secrets are bound to: a ciphertext copied to another bot does not open.
    public static func secretOwner(_ id: UUID) -> String { "bot:\(id.uuidString.lowercased()):secrets" }
}
