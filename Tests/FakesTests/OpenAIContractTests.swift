import Fakes
import Foundation
import HTTP
import Providers
import Testing

/// The pure OpenAI code of `Providers` against the fake, over real HTTP.
@Suite("OpenAI contract: Providers requests and decoding against the fake")
struct OpenAIContractTests {
    static func ask(_ fake: OpenAIFake, _ question: String, memory: ProviderMemory? = nil, streaming: Bool, apiKey: String? = nil) async throws -> Result<ProviderAnswer, ProviderFailure> {
        var previous: String?
        if case .openAIResponse(let id) = memory { previous = id }
        let requests = OpenAIRequests(baseURL: fake.baseURL, apiKey: apiKey ?? fake.apiKey)
        let request = requests.responses(OpenAIResponsesRequest(
            model: "gpt-4.1", question: question, instructions: "Answer only from the provided files.",
            vectorStoreIDs: [fake.vectorStoreID], maxNumResults: 5, previousResponseID: previous, stream: streaming))
        let response = try await ProviderWire.send(request)
        do throws(ProviderFailure) {
            return .success(streaming ? try ProviderWire.openAIStream(response) : try OpenAIResponses.answer(response))
        } catch {
            return .failure(error)
        }
    }

    @Test func blockingAndStreamingGiveTheSameAnswerAndSources() async throws {
        try await withOpenAI { fake in
            for question in ["What is the refund window?", "支持哪些付款方式？"] {
                let blocking = try await Self.ask(fake, question, streaming: false).get()
                let streaming = try await Self.ask(fake, question, streaming: true).get()
                #expect(blocking.text == streaming.text)
                #expect(blocking.sources == streaming.sources)
                #expect(!blocking.sources.isEmpty && blocking.sources.allSatisfy { $0.score != nil })
                #expect(blocking.usage != nil && streaming.usage != nil)
                #expect(blocking.ids.requestID?.hasPrefix("req_") == true)
                #expect(blocking.ids.responseID?.hasPrefix("resp_") == true)
            }
        }
    }

    @Test func memoryCarriesOverThreeTurnsAndRecoversFromAnExpiredResponse() async throws {
        try await withOpenAI { fake in
            var memory: ProviderMemory?
            for (turn, question) in ["refund", "shipping", "warranty"].enumerated() {
                let answer = try await Self.ask(fake, question, memory: memory, streaming: turn == 1).get()
                #expect(answer.memory != nil && answer.memory != memory)
                memory = answer.memory
            }
            guard case .openAIResponse(let id) = memory else { Issue.record("no memory"); return }
            #expect(fake.chainLength(endingAt: id) == 3)

            fake.forgetResponses()
            guard case .failure(let failure) = try await Self.ask(fake, "opening hours", memory: memory, streaming: true) else {
                Issue.record("an expired previous_response_id must fail")
                return
            }
            #expect(failure.kind == .conversationMemoryInvalid)
            let restarted = try await Self.ask(fake, "opening hours", memory: nil, streaming: true).get()
            #expect(restarted.text.contains("9:00"))
        }
    }

    @Test(arguments: [
        (OpenAIFailure.rateLimited(retryAfter: .milliseconds(1400)), ProviderFailure.Kind.rateLimited),
        (.insufficientQuota, .quotaExhausted),
        (.serverError, .retryLater),
        (.overloaded, .retryLater),
        (.unauthorized, .invalidConfiguration),
        (.previousResponseNotFound, .conversationMemoryInvalid),
        (.malformedJSON, .retryLater),
        (.cutStream(afterEvents: 8), .retryLater),
        (.responseFailed, .retryLater),
        (.errorEvent, .retryLater),
        (.incomplete, .noAnswer),
        (.error(status: 404, type: "invalid_request_error", code: "model_not_found", message: "The model `gpt-9` does not exist.", param: "model"), .invalidConfiguration),
        (.error(status: 400, type: "invalid_request_error", code: "invalid_value", message: "Invalid value.", param: "tools[0].type"), .badRequest),
    ])
    func everyInjectedFailureLandsInItsClass(failure: OpenAIFailure, expected: ProviderFailure.Kind) async throws {
        try await withOpenAI { fake in
            // The previous_response_id failure needs a stored response to chain onto.
            var memory: ProviderMemory?
            if failure == .previousResponseNotFound { memory = try await Self.ask(fake, "refund", streaming: false).get().memory }
            fake.inject(failure)
            let streaming = failure != .malformedJSON
            guard case .failure(let classified) = try await Self.ask(fake, "refund", memory: memory, streaming: streaming) else {
                Issue.record("\(failure) must fail")
                return
            }
            #expect(classified.kind == expected, "\(failure) → \(classified)")
            if case .rateLimited = failure {
                #expect(classified.retryAfter == .milliseconds(1400))
                #expect(classified.requestID != nil)
            }
            if failure == .insufficientQuota { #expect(!classified.isRetryable) }
        }
    }

    @Test func previewSourcesAndCredentialChecks() async throws {
        try await withOpenAI { fake in
            let requests = OpenAIRequests(baseURL: fake.baseURL, apiKey: fake.apiKey)
            let sources = try OpenAIResponses.searchSources(try await ProviderWire.send(requests.search(vectorStoreID: fake.vectorStoreID, query: "reset password", limit: 3)))
            #expect(sources.first?.title == "account.md")
            #expect(sources.first?.snippet.contains("Forgot password") == true)
            #expect(try OpenAIResponses.vectorStore(try await ProviderWire.send(requests.vectorStore(id: fake.vectorStoreID))).id == fake.vectorStoreID)

            for request in [requests.vectorStore(id: "vs_missing"), OpenAIRequests(baseURL: fake.baseURL, apiKey: "sk-wrong-000000").vectorStore(id: fake.vectorStoreID)] {
                do {
                    _ = try OpenAIResponses.vectorStore(try await ProviderWire.send(request))
                    Issue.record("must fail")
                } catch let failure as ProviderFailure {
                    #expect(failure.kind == .invalidConfiguration)
                    #expect(failure.requestID != nil)
                }
            }
        }
    }
}
