import Foundation
import Secrets

/// Why a catalog operation was refused. Texts are meant for operators and never contain secrets.
public enum CatalogError: Error, Equatable, CustomStringConvertible {
    /// A bot with this name already exists in the tenant (names are unique per tenant).
    case duplicateName
    /// The bot (or binding) does not exist.
    case notFound
    /// The bot is still referenced by this many bindings.
    case inUse(bindings: Int)
    /// A binding names a bot that belongs to another tenant.
    case botOfAnotherTenant
    /// A binding names a bot that does not exist.
    case unknownBot(UUID)
    /// The input breaks a rule; the text says which.
    case invalid(String)
    /// The stored secrets could not be opened with the configured key(s).
    case secretsUnreadable(botID: UUID, SecretBoxError)
    /// A stored row could not be read back (e.g. settings that do not match the provider).
    case corruptRow(String)

    public var description: String {
        switch self {
        case .duplicateName:
            "a bot with this name already exists in this tenant (bot names are unique per tenant)"
        case .notFound:
            "not found"
        case .inUse(let bindings):
            "the bot is still used by \(bindings) binding\(bindings == 1 ? "" : "s"); remove or rebind them first"
        case .botOfAnotherTenant:
            "the bot belongs to another tenant"
        case .unknownBot(let id):
            "no bot with id \(id.uuidString.lowercased())"
        case .invalid(let reason):
            reason
        case .secretsUnreadable(let id, let error):
            "the secrets of bot \(id.uuidString.lowercased()) cannot be opened: \(error) (is AICS_SECRET_KEY the key they were sealed with?)"
        case .corruptRow(let reason):
            "a stored row cannot be read: \(reason)"
        }
    }
}
