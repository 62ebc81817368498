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
    public var limits: BotLimits

    public init(
        id: UUID = UUID(), tenantID: String, name: String, settings: BotSettings, secrets: BotSecrets = BotSecrets(),
        status: Status = .active, statusReason: String? = nil, limits: BotLimits = BotLimits()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.settings = settings
        self.secrets = secrets
        self.status = status
        self.statusReason = statusReason
        self.limits = limits
    }

    public var provider: ProviderKind { settings.provider }

    /// The owner string sealed secrets are bound to: a ciphertext copied to another bot does not open.
    public static func secretOwner(_ id: UUID) -> String { "bot:\(id.uuidString.lowercased()):secrets" }
}

/// How hard a worker may press a bot's provider: at most `maxConcurrency` requests at once (nil:
/// the worker's --max-in-flight) and `requestsPerSecond` (nil: no rate of aics's own). Within
/// them the worker learns the provider's real limit from its 429s.
public struct BotLimits: Sendable, Equatable {
    public var maxConcurrency: Int?
    public var requestsPerSecond: Double?

    public init(maxConcurrency: Int? = nil, requestsPerSecond: Double? = nil) {
        self.maxConcurrency = maxConcurrency
        self.requestsPerSecond = requestsPerSecond
    }

    /// Refuses what no worker could honour (errors name the field; shared by the CLI and the admin API).
    public func validate() throws(InputError) {
        if let maxConcurrency, maxConcurrency < 1 { throw InputError(.maxConcurrency) { "\($0) must be at least 1" } }
        if let requestsPerSecond, !(requestsPerSecond > 0 && requestsPerSecond.isFinite) {
            throw InputError(.requestsPerSecond) { "\($0) must be a positive number" }
        }
    }
}
