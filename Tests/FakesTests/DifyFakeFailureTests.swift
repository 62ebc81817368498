import Fakes
import Foundation
import Testing

@Suite("Dify fake: injected failures")
struct DifyFakeFailureTests {
    @Test(arguments: [
        (DifyFailure.tooManyRequests, 429, "too_many_requests"),
        (.rateLimitError, 429, "rate_limit_error"),
        (.providerQuotaExceeded, 400, "provider_quota_exceeded"),
        (.providerNotInitialize, 400, "provider_not_initialize"),
        (.appUnavailable, 400, "app_unavailable"),
        (.completionRequestError, 400, "completion_request_error"),
        (.internalServerError, 500, "internal_server_error"),
        (.serviceUnavailable, 503, "service_unavailable"),
        (.unauthorized, 401, "unauthorized"),
        (.forbidden, 403, "forbidden"),
        (.conversationNotExists, 404, "not_found"),
        (.error(status: 400, code: "conversation_completed", message: "Conversation has ended."), 400, "conversation_completed"),
    ])
    func injectedErrorsUseDifyEnvelope(failure: DifyFailure, status: Int, code: String) async throws {
        try await withDify { fake in
            fake.inject(failure, times: 2)
            for mode in ["blocking", "streaming"] {
                let response = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund", mode: mode))
                #expect(response.status == status)
                #expect(response.json["code"] as? String == code)
                #expect(response.json["status"] as? Int == status)
            }
            let healthy = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(healthy.status == 200)
        }
    }

    @Test func knowledgeRateLimitIsA403OnRetrieve() async throws {
        try await withDify { fake in
            fake.inject(.knowledgeRateLimit, on: .retrieve)
            let response = try await RawHTTP.post(
                fake.baseURL + "/datasets/\(fake.datasetID)/retrieve", bearer: fake.datasetKey, json: ["query": "refund"])
            #expect(response.status == 403)
            #expect(response.json["message"] as? String == "Sorry, you have reached the knowledge base request rate limit of your subscription.")
            // The chat endpoint was not affected.
            #expect(fake.pendingFailures == 0)
        }
    }

    @Test func malformedJSONBody() async throws {
        try await withDify { fake in
            fake.inject(.malformedJSON)
            let response = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(response.status == 200)
            #expect((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) == nil)
        }
    }

    @Test func hangNeverAnswersUntilTheClientGivesUp() async throws {
        try await withDify { fake in
            fake.inject(.hang)
            await #expect(throws: RawHTTP.Failure.self) {
                _ = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"), timeout: 1)
            }
        }
    }

    @Test func delayAndSlowStreamStillAnswer() async throws {
        try await withDify { fake in
            fake.inject(.delay(.milliseconds(200)))
            fake.inject(.slowStream(.milliseconds(50)))
            let clock = ContinuousClock()
            let started = clock.now
            let delayed = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(delayed.status == 200)
            #expect(clock.now - started >= .milliseconds(200))
            let slow = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund", mode: "streaming"))
            #expect(SSE.dataObjects(slow.body).last?["event"] as? String == "message_end")
        }
    }

    @Test func concurrencyCeilingGivesTooManyRequests() async throws {
        try await withDify(.init(maxActiveRequests: 1, latency: .fixed(.seconds(2)))) { fake in
            async let first = RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            // Wait until the first request holds the app's only slot.
            while fake.activeRequests == 0 { try await Task.sleep(for: .milliseconds(20)) }
            let second = try await RawHTTP.post(fake.baseURL + "/chat-messages", bearer: fake.appKey, json: chatBody("refund"))
            #expect(second.status == 429)
            #expect(second.json["code"] as? String == "too_many_requests")
            #expect((second.json["message"] as? String)?.hasSuffix("is 1.") == true)
            #expect(try await first.status == 200)
        }
    }
}
