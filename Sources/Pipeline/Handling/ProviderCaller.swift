import Catalog
import Foundation
import Logging
import Providers
import Synchronization

/// Asks a provider: first a slot of the bot (`BotAdmissions`: its learned concurrency limit,
/// its rate, pauses its provider asked for), then the request, with retries (exponential backoff
/// with jitter, the provider's own delay hints honoured) and a circuit breaker per bot.
///
/// A concurrency or rate 429 means "wait": the request goes back to the front of its bot's queue
/// and is sent again when the bot has room, without counting as a failure for the breaker or as a
/// retry, until the binding's patience runs out (then it fails with code `provider_busy`).
public final class ProviderCaller: Sendable {
    /// The failure codes of a request that never reached the provider.
    public static let circuitOpenCode = "circuit_open"
    public static let providerBusyCode = "provider_busy"

    public let retryPolicy: RetryPolicy
    public let admissions: BotAdmissions
    public let metrics: PipelineMetrics
    private let breakerTemplate: CircuitBreaker
    private let breakers = Mutex<[UUID: CircuitBreaker]>([:])

    public init(
        retryPolicy: RetryPolicy = RetryPolicy(), breaker: CircuitBreaker = CircuitBreaker(),
        admissions: BotAdmissions = BotAdmissions(logger: Logger(label: "aics.admission")),
        metrics: PipelineMetrics = PipelineMetrics()
    ) {
        self.retryPolicy = retryPolicy
        self.metrics = metrics
        self.breakerTemplate = breaker
        self.admissions = admissions
    }

    /// How a request waits for its bot, and what the worker does meanwhile.
    public struct Admission: Sendable {
        public var settings: BotAdmissions.Settings
        /// How long the message may wait for a slot of its bot in all (the binding's patience).
        public var patience: Duration
        /// Called when the request must wait for a slot, and when it has one again: the worker
        /// lends the message's in-flight slot to other messages meanwhile.
        public var willWait: @Sendable () -> Void
        public var didWait: @Sendable () -> Void

        public init(
            settings: BotAdmissions.Settings, patience: Duration,
            willWait: @escaping @Sendable () -> Void = {}, didWait: @escaping @Sendable () -> Void = {}
        ) {
            self.settings = settings
            self.patience = patience
            self.willWait = willWait
            self.didWait = didWait
        }
    }

    /// The answer, or the last failure once retrying cannot help or attempts are exhausted.
    /// Lost conversation memory is the provider's to recover from (`MemoryRecovery`): a
    /// `conversationMemoryInvalid` that reaches this point is final. `kind` labels the metrics.
    public func ask(
        _ provider: any KnowledgeProvider, botID: UUID, question: ProviderQuestion, admission: Admission, kind: ProviderKind? = nil
    ) async -> Result<ProviderAnswer, ProviderFailure> {
        let deadline = ContinuousClock.now + admission.patience
        var attempt = 0
        var retryAfterWait = false
        while true {
            guard admit(botID) else {
                return .failure(ProviderFailure(
                    .retryLater, message: "circuit open: the bot failed repeatedly and rests for a while", code: Self.circuitOpenCode))
            }
            var waited = false
            let ticket = await admissions.acquire(
                bot: botID, settings: admission.settings, retry: retryAfterWait, deadline: deadline,
                willWait: { waited = true; admission.willWait() })
            if waited { admission.didWait() }
            guard let ticket else {
                releaseTrial(botID)
                return .failure(ProviderFailure(
                    .retryLater, message: "the bot had no free slot within the binding's patience (\(admission.patience))",
                    code: Self.providerBusyCode))
            }
            let outcome: Result<ProviderAnswer, ProviderFailure>
            let sent = ContinuousClock.now
            do {
                outcome = .success(try await provider.answer(question))
            } catch {
                outcome = .failure(error)
            }
            metrics.providerAnswered(kind, after: ContinuousClock.now - sent)
            let signal = BotAdmissionState.Signal(outcome)
            admissions.release(bot: botID, ticket, signal)
            if signal.meansWait {
                // Not the provider failing: keep the breaker as it is and wait for the bot again.
                releaseTrial(botID)
                retryAfterWait = true
                continue
            }
            retryAfterWait = false
            report(botID, outcome)
            guard case .failure(let failure) = outcome else { return outcome }
            attempt += 1
            guard failure.isRetryable,
                  let delay = retryPolicy.delay(afterAttempt: attempt, hint: failure.retryAfter, random: Double.random(in: 0..<1))
            else { return outcome }
            metrics.retried(.provider)
            do { try await Task.sleep(for: delay) } catch { return outcome }
        }
    }

    /// Each bot's circuit as it is now (bots this worker asked).
    public func circuitStates() -> [UUID: CircuitBreaker.State] {
        breakers.withLock { breakers in breakers.mapValues(\.state) }
    }

    private func admit(_ botID: UUID) -> Bool {
        breakers.withLock { breakers in
            breakers[botID, default: breakerTemplate].admit(now: .now)
        }
    }

    /// A half-open trial that ended in "wait" decided nothing: let the next request be the trial.
    private func releaseTrial(_ botID: UUID) {
        breakers.withLock { breakers in
            breakers[botID, default: breakerTemplate].abandonTrial()
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
        // A rate or concurrency 429 only gets here when it could not be waited out.
        case .retryLater, .rateLimited, .quotaExhausted, .invalidConfiguration: true
        case .conversationMemoryInvalid, .badRequest, .noAnswer: false
        }
    }
}
