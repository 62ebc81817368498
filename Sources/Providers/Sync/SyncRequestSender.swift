import Foundation
import HTTP

/// Sends a sync job's requests: one at a time, pausing while the provider's rate-limit headers
/// say the budget is spent (`x-ratelimit-remaining-*` 0 until `x-ratelimit-reset-*`), retrying
/// 429s and transient failures after `retry-after` (else a backoff) within `SyncRetryPolicy`.
/// Failures come back classified by the provider's classifier, the bot's keys scrubbed out.
struct SyncRequestSender: Sendable {
    let http: ProviderHTTP
    let policy: SyncRetryPolicy
    let scrubber: SecretScrubber
    let classify: @Sendable (HTTPResponse) -> ProviderFailure
    let pacing: SyncPacing

    /// A 2xx response, or the failure after the retries the policy allows.
    func send(_ request: HTTPRequest) async throws(ProviderFailure) -> HTTPResponse {
        var attempt = 1
        while true {
            await pacing.waitTurn()
            let failure: ProviderFailure
            do {
                let response = try await http.execute(request)
                if let exhausted = RateLimitStatus(headers: response.headers)?.exhaustedFor { pacing.pause(exhausted) }
                if (200..<300).contains(response.status) { return response }
                failure = scrubber.scrub(classify(response))
            } catch {
                failure = scrubber.scrub(error)
            }
            guard let delay = policy.delay(after: failure, attempt: attempt) else { throw failure }
            pacing.noteRetry(failure, waiting: delay)
            pacing.pause(delay)
            if Task.isCancelled {
                throw ProviderFailure(.retryLater, message: "\(http.provider) request was cancelled", code: "cancelled")
            }
            attempt += 1
        }
    }
}

/// When the next request of a sync may go out, and what the waits were: shared by all requests
/// of one provider client, read by the sync's report.
public final class SyncPacing: @unchecked Sendable {
    public struct Figures: Sendable, Equatable {
        /// Requests sent again after a failure.
        public var retries = 0
        /// Of those, after a rate limit (429, or Dify's knowledge rate limit 403).
        public var rateLimited = 0
        /// Time spent waiting for the provider's budget or a retry.
        public var waited: Duration = .zero
        /// The last retried failure's reason.
        public var lastReason: String?
    }

    private let lock = NSLock()
    private var notBefore = ContinuousClock.now
    private var current = Figures()

    public init() {}

    public var figures: Figures { lock.withLock { current } }

    func pause(_ duration: Duration) {
        lock.withLock { notBefore = max(notBefore, ContinuousClock.now + duration) }
    }

    func noteRetry(_ failure: ProviderFailure, waiting: Duration) {
        lock.withLock {
            current.retries += 1
            if failure.kind == .rateLimited { current.rateLimited += 1 }
            current.lastReason = failure.description
        }
    }

    func waitTurn() async {
        let until = lock.withLock { notBefore }
        let wait = until - ContinuousClock.now
        guard wait > .zero else { return }
        lock.withLock { current.waited += wait }
        try? await Task.sleep(until: until, clock: .continuous)
    }
}
