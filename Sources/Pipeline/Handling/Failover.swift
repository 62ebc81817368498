import Catalog
import Foundation
import Providers

/// The product decisions of provider failover along a binding's chain (its bot, then its
/// fallback bots in order): which bot is passed over before it is asked, and which failures let
/// the next bot try. Pure: `MessageHandler` acts on them.
public enum Failover {
    /// Reasons recorded for a bot that did not answer (`skipped_bots` on outputs and history).
    public enum Reason: String, Sendable, CaseIterable {
        /// Marked by an earlier failure; the worker stops asking until an operator fixes it.
        case quotaExhausted = "quota_exhausted"
        case credentialsInvalid = "credentials_invalid"
        case disabled
        /// The fallback bot no longer exists in the tenant (deleted after the binding named it).
        case botMissing = "bot_missing"
        /// The bot's circuit breaker rests it after repeated failures.
        case circuitOpen = "circuit_open"
        /// No slot of the bot within the binding's patience.
        case providerBusy = "provider_busy"
        /// Rate-limited beyond what could be waited out.
        case rateLimited = "rate_limited"
        /// The provider refused the key or the configuration on this request.
        case invalidConfiguration = "invalid_configuration"
        /// Server errors or timeouts on every retry.
        case failedAfterRetries = "failed_after_retries"
    }

    /// Before asking: why a bot in this state is passed over, nil when it may be asked.
    public static func passOver(status: Bot.Status) -> Reason? {
        switch status {
        case .active: nil
        case .disabled: .disabled
        case .quotaExhausted: .quotaExhausted
        case .credentialsInvalid: .credentialsInvalid
        }
    }

    /// After asking: the reason the next bot is asked, or nil when the failure is final (no
    /// answer to this question, a bad request, lost memory): another bot would not help, or the
    /// question itself is the problem, so the binding's fallback or handoff takes over as without
    /// failover.
    public static func reason(after failure: ProviderFailure) -> Reason? {
        switch failure.code {
        case ProviderCaller.circuitOpenCode: return .circuitOpen
        case ProviderCaller.providerBusyCode: return .providerBusy
        default: break
        }
        switch failure.kind {
        case .quotaExhausted: return .quotaExhausted
        case .invalidConfiguration: return .invalidConfiguration
        case .rateLimited: return .rateLimited
        case .retryLater: return .failedAfterRetries
        case .conversationMemoryInvalid, .badRequest, .noAnswer: return nil
        }
    }
}
