import Fakes
import HTTP
import Providers
import Testing

/// Every failure the fakes inject lands in the right `ProviderFailure.Kind` through the real clients.
@Suite("Provider failures through HTTPClient")
struct FailureClassificationTests {
    struct DifyCase: Sendable, CustomStringConvertible {
        var failure: DifyFailure
        var streaming: Bool
        var kind: ProviderFailure.Kind
        var code: String?
        var description: String { "\(failure) streaming: \(streaming)" }
    }

    static let difyCases: [DifyCase] = [
        .init(failure: .tooManyRequests, streaming: false, kind: .rateLimited, code: "too_many_requests"),
        .init(failure: .rateLimitError, streaming: true, kind: .rateLimited, code: "rate_limit_error"),
        .init(failure: .providerQuotaExceeded, streaming: false, kind: .quotaExhausted, code: "provider_quota_exceeded"),
        .init(failure: .providerNotInitialize, streaming: true, kind: .invalidConfiguration),
        .init(failure: .appUnavailable, streaming: false, kind: .invalidConfiguration),
        .init(failure: .completionRequestError, streaming: true, kind: .retryLater),
        .init(failure: .internalServerError, streaming: false, kind: .retryLater),
        .init(failure: .serviceUnavailable, streaming: true, kind: .retryLater),
        .init(failure: .unauthorized, streaming: false, kind: .invalidConfiguration),
        .init(failure: .forbidden, streaming: true, kind: .invalidConfiguration),
        .init(failure: .conversationNotExists, streaming: false, kind: .conversationMemoryInvalid),
        .init(failure: .malformedJSON, streaming: false, kind: .retryLater, code: "malformed_response"),
        .init(failure: .malformedJSON, streaming: true, kind: .retryLater),
        .init(failure: .hang, streaming: false, kind: .retryLater, code: "timeout"),
        .init(failure: .hang, streaming: true, kind: .retryLater, code: "timeout"),
        .init(failure: .slowStream(.seconds(3)), streaming: true, kind: .retryLater, code: "timeout"),
        .init(failure: .cutStream(afterEvents: 1), streaming: true, kind: .retryLater),
        .init(failure: .errorEvent(status: 429, code: "rate_limit_error", message: "Rate Limit Error"), streaming: true, kind: .rateLimited),
        .init(failure: .errorEvent(status: 400, code: "provider_quota_exceeded", message: "quota"), streaming: true, kind: .quotaExhausted),
        .init(failure: .errorEvent(status: 500, code: "internal_server_error", message: "boom"), streaming: false, kind: .retryLater),
    ]

    @Test(arguments: difyCases)
    func dify(_ scenario: DifyCase) async throws {
        try await Harness.withDify(streaming: scenario.streaming, timeouts: Harness.shortTimeouts) { fake, provider in
            fake.inject(scenario.failure)
            let failure = await Harness.failure { () throws(ProviderFailure) in try await provider.answer(Harness.ask(Harness.question)) }
            #expect(failure?.kind == scenario.kind, "\(failure.map(String.init(describing:)) ?? "no failure")")
            if let code = scenario.code { #expect(failure?.code == code) }
            #expect(failure?.isRetryable == [.retryLater, .rateLimited].contains(scenario.kind))
        }
    }

    @Test func difyKnowledgeRateLimitIsA403ThatMeansRateLimited() async throws {
        try await Harness.withDify { fake, provider in
            fake.inject(.knowledgeRateLimit, on: .retrieve)
            do throws(ProviderFailure) {
                _ = try await provider.sources(for: Harness.question, limit: 3)
                Issue.record("the knowledge rate limit must fail the preview")
            } catch {
                #expect(error.kind == .rateLimited)
                #expect(error.status == 403)
            }
            // In an answer the lost sources do not cost the answer.
            let uncited = try await Harness.withDify(.init(citationsEnabled: false)) { fake, provider in
                fake.inject(.knowledgeRateLimit, on: .retrieve)
                return try await provider.answer(Harness.ask(Harness.question))
            }
            #expect(uncited.text.contains("30 days"))
            #expect(uncited.sources.isEmpty)
        }
    }

    struct OpenAICase: Sendable, CustomStringConvertible {
        var failure: OpenAIFailure
        var streaming: Bool
        var kind: ProviderFailure.Kind
        var retryable: Bool
        var description: String { "\(failure) streaming: \(streaming)" }
    }

    static let openAICases: [OpenAICase] = [
        .init(failure: .rateLimited(retryAfter: .milliseconds(1500)), streaming: false, kind: .rateLimited, retryable: true),
        .init(failure: .rateLimited(retryAfter: .milliseconds(1500)), streaming: true, kind: .rateLimited, retryable: true),
        .init(failure: .insufficientQuota, streaming: false, kind: .quotaExhausted, retryable: false),
        .init(failure: .insufficientQuota, streaming: true, kind: .quotaExhausted, retryable: false),
        .init(failure: .serverError, streaming: false, kind: .retryLater, retryable: true),
        .init(failure: .overloaded, streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .unauthorized, streaming: false, kind: .invalidConfiguration, retryable: false),
        .init(failure: .malformedJSON, streaming: false, kind: .retryLater, retryable: true),
        .init(failure: .malformedJSON, streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .hang, streaming: false, kind: .retryLater, retryable: true),
        .init(failure: .hang, streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .slowStream(.seconds(3)), streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .cutStream(afterEvents: 3), streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .responseFailed, streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .errorEvent, streaming: true, kind: .retryLater, retryable: true),
        .init(failure: .incomplete, streaming: false, kind: .noAnswer, retryable: false),
        .init(failure: .incomplete, streaming: true, kind: .noAnswer, retryable: false),
        .init(
            failure: .error(status: 400, type: "invalid_request_error", code: "invalid_value", message: "bad tool", param: "tools"),
            streaming: false, kind: .badRequest, retryable: false),
    ]

    @Test(arguments: openAICases)
    func openAI(_ scenario: OpenAICase) async throws {
        try await Harness.withOpenAI(streaming: scenario.streaming, timeouts: Harness.shortTimeouts) { fake, provider in
            fake.inject(scenario.failure)
            let failure = await Harness.failure { () throws(ProviderFailure) in try await provider.answer(Harness.ask(Harness.question)) }
            #expect(failure?.kind == scenario.kind, "\(failure.map(String.init(describing:)) ?? "no failure")")
            #expect(failure?.isRetryable == scenario.retryable)
            if case .rateLimited(let delay) = scenario.failure { #expect(failure?.retryAfter == delay) }
            if let status = failure?.status, status >= 400 { #expect(failure?.requestID != nil) }
        }
    }

    /// The fake rejects only requests that chain onto a response: the client drops the memory
    /// and the retry without it succeeds.
    @Test(arguments: [false, true])
    func openAIUnknownPreviousResponseIsRecovered(streaming: Bool) async throws {
        try await Harness.withOpenAI(streaming: streaming) { fake, provider in
            let first = try await provider.answer(Harness.ask("refund"))
            fake.inject(.previousResponseNotFound)
            let second = try await provider.answer(Harness.ask("shipping", memory: first.memory))
            #expect(fake.requestCount(.responses) == 3)
            #expect(second.memory != first.memory)
            guard case .openAIResponse(let id) = second.memory else { return }
            #expect(fake.chainLength(endingAt: id) == 1)
        }
    }

    @Test func couldNotConnectIsRetryLater() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        // Port 9 (discard) on 127.0.0.1: nothing listens there in the test environment.
        let dify = DifyProvider(configuration: DifyProviderConfiguration(baseURL: "http://127.0.0.1:9/v1", appKey: "app-x"), httpClient: client)
        let failure = await Harness.failure { () throws(ProviderFailure) in try await dify.answer(Harness.ask(Harness.question)) }
        #expect(failure?.kind == .retryLater)
        #expect(failure?.code == "could_not_connect")
    }

    @Test(arguments: [false, true])
    func cancellingASlowAnswerEndsItAtOnce(streaming: Bool) async throws {
        try await Harness.withOpenAI(streaming: streaming) { fake, provider in
            fake.inject(streaming ? .slowStream(.seconds(5)) : .delay(.seconds(30)))
            let task = Task { await Harness.failure { () throws(ProviderFailure) in try await provider.answer(Harness.ask(Harness.question)) } }
            try await Task.sleep(for: .milliseconds(200))
            let started = ContinuousClock.now
            task.cancel()
            let failure = await task.value
            #expect(failure?.code == "cancelled")
            // Generous: only proves the call did not wait for the fake's delay.
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }
}
