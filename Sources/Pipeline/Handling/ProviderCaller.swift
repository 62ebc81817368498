import Foundation
import Providers
import Synchronization

/// Asks a provider with retries (exponential backoff with jitter, the provider's own delay hints
/// honoured), and a circuit breaker per bot.
public final class ProviderCaller: Sendable {
    public let retryPolicy: RetryPolicy
    private let breakerTemplate: CircuitBreaker
    private let breakers = Mutex<[UUID: CircuitBreaker]>([:])

    public init(retryPolicy: RetryPolicy = RetryPolicy(), breaker: CircuitBreaker = CircuitBreaker()) {
        self.retryPolicy = retryPolicy
        self.breakerTemplate = breaker
    }

    /// The answer, or the last failure once retrying cannot help or attempts are exhausted.
    /// Lost conversation memory is the provider's to recover from (`MemoryRecovery`): a
    /// `conversationMemoryInvalid` that reaches this point is final.
    public func ask(
        _ provider: any KnowledgeProvider, botID: UUID, question: ProviderQuestion
    ) async -> Result<ProviderAnswer, ProviderFailure> {
        var attempt = 0
        while true {
            guard admit(botID) else {
                return .failure(ProviderFailure(.retryLater, message: "circuit open: the bot failed repeatedly and rests for a while"))
            }
            let outcome: Result<ProviderAnswer, ProviderFailure>
            do {
                outcome = .success(try await provider.answer(question))
            } catch {
                outcome = .failure(error)
            }
            report(botID, outcome)
            guard case .failure(let failure) = outcome else { return outcome }
            attempt += 1
            guard failure.isRetryable,
                  let delay = retryPolicy.delay(afterAttempt: attempt, hint: failure.retryAfter, random: Double.random(in: 0..<1))
            else { return outcome }
            do { try await Task.sleep(for: delay) } catch { return outcome }
        }
    }

    private func admit(_ botID: UUID) -> Bool {
        breakers.withLock { breakers in
            breakers[botID, default: breakerTemplate].admit(now: .now)
        }
    }

    private func report(_ botID: UUID, _ outcome: Result<ProviderAnswer, ProviderFailure>) {
        breakers.withLock { breakers in
            switch outcome {
            case .success:
                breakers[botID, default: breakerTemplate].recordSuccess()
            case .failure(let failure) where failure.kind.countsAgainstProvider:
                breakers[botID, default: breakerTemplate].recordFailure(now: .now)
            case .failure:
                // Not the provider's fault (no answer, bad request): let a half-open trial close.
                breakers[botID, default: breakerTemplate].recordSuccess()
            }
        }
    }
}

extension ProviderFailure.Kind {
    /// Failures that say the provider is unwell, as opposed to "no answer to this question".
    var countsAgainstProvider: Bool {
        switch self {
        case .retryLater, .rateLimited, .quotaExhausted, .invalidConfiguration: true
        case .conversationMemoryInvalid, .badRequest, .noAnswer: false
        }
    }
}
