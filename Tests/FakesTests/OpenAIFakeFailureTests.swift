import Fakes
import Foundation
import Testing

@Suite("OpenAI fake: injected failures")
struct OpenAIFakeFailureTests {
    private func ask(_ fake: OpenAIFake, stream: Bool = false) async throws -> RawHTTP.Response {
        try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "refund", stream: stream))
    }

    @Test func rateLimitCarriesRetryHeaders() async throws {
        try await withOpenAI { fake in
            fake.inject(.rateLimited(retryAfter: .milliseconds(1400)))
            let response = try await ask(fake)
            #expect(response.status == 429)
            let error = response.json["error"] as? [String: Any]
            #expect(error?["code"] as? String == "rate_limit_exceeded")
            #expect(error?["type"] as? String == "requests")
            #expect(response.headers["retry-after-ms"] == "1400")
            #expect(response.headers["retry-after"] == "2")
            #expect(response.headers["x-ratelimit-remaining-requests"] == "0")
            #expect(response.headers["x-request-id"] != nil)
        }
    }

    @Test func insufficientQuotaSaysDoNotRetry() async throws {
        try await withOpenAI { fake in
            fake.inject(.insufficientQuota)
            let response = try await ask(fake)
            #expect(response.status == 429)
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == "insufficient_quota")
            #expect(response.headers["x-should-retry"] == "false")
        }
    }

    @Test(arguments: [(OpenAIFailure.serverError, 500), (.overloaded, 503), (.unauthorized, 401),
                      (.error(status: 403, type: "invalid_request_error", code: "unsupported_country_region_territory", message: "Country, region, or territory not supported", param: nil), 403)])
    func errorStatuses(failure: OpenAIFailure, status: Int) async throws {
        try await withOpenAI { fake in
            fake.inject(failure)
            let response = try await ask(fake)
            #expect(response.status == status)
            #expect(response.json["error"] is [String: Any])
            #expect(try await ask(fake).status == 200)
        }
    }

    @Test func responseFailedAndErrorEventEndTheStream() async throws {
        try await withOpenAI { fake in
            fake.inject(.responseFailed)
            let failed = SSE.dataObjects(try await ask(fake, stream: true).body)
            #expect(failed.last?["type"] as? String == "response.failed")
            let failedResponse = failed.last?["response"] as? [String: Any]
            #expect((failedResponse?["error"] as? [String: Any])?["code"] as? String == "server_error")

            fake.inject(.errorEvent)
            let bare = SSE.dataObjects(try await ask(fake, stream: true).body)
            #expect(bare.last?["type"] as? String == "error")
            #expect(bare.last?["param"] is NSNull)

            fake.inject(.responseFailed)
            #expect(try await ask(fake).status == 500)
        }
    }

    @Test func cutIncompleteAndMalformed() async throws {
        try await withOpenAI { fake in
            fake.inject(.cutStream(afterEvents: 5))
            let cut = try await ask(fake, stream: true)
            #expect(!cut.complete)
            #expect(SSE.dataObjects(cut.body).count == 5)

            fake.inject(.incomplete, times: 2)
            #expect(SSE.dataObjects(try await ask(fake, stream: true).body).last?["type"] as? String == "response.incomplete")
            let blocking = try await ask(fake)
            #expect(blocking.json["status"] as? String == "incomplete")
            #expect((blocking.json["incomplete_details"] as? [String: Any])?["reason"] as? String == "max_output_tokens")

            fake.inject(.malformedJSON)
            let malformed = try await ask(fake)
            #expect((try? JSONSerialization.jsonObject(with: Data(malformed.body.utf8))) == nil)
        }
    }

    @Test func hangEndsOnClientTimeoutAndFailuresCanTargetSearch() async throws {
        try await withOpenAI { fake in
            fake.inject(.hang)
            await #expect(throws: RawHTTP.Failure.self) {
                _ = try await RawHTTP.post(fake.baseURL + "/responses", bearer: fake.apiKey, json: responsesBody(fake, "refund"), timeout: 1)
            }
            fake.inject(.serverError, on: .vectorStoreSearch)
            #expect(try await ask(fake).status == 200)
            let search = try await RawHTTP.post(fake.baseURL + "/vector_stores/\(fake.vectorStoreID)/search", bearer: fake.apiKey, json: ["query": "refund"])
            #expect(search.status == 500)
        }
    }
}
