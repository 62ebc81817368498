import Fakes
import Foundation
import HTTP
import Providers
import Testing

/// The pure Dify code of `Providers` against the fake, over real HTTP.
@Suite("Dify contract: Providers requests and decoding against the fake")
struct DifyContractTests {
    static let user = DifyUser.id(tenantID: "tenant-1", customerID: "customer-1")

    static func ask(_ fake: DifyFake, _ question: String, memory: ProviderMemory? = nil, streaming: Bool) async throws -> Result<ProviderAnswer, ProviderFailure> {
        var conversation: String?
        if case .difyConversation(let id) = memory { conversation = id }
        let requests = DifyRequests(baseURL: fake.baseURL, appKey: fake.appKey, datasetKey: fake.datasetKey)
        let request = requests.chat(DifyChatRequest(query: question, user: user, conversationID: conversation, responseMode: streaming ? .streaming : .blocking))
        let response = try await ProviderWire.send(request)
        do throws(ProviderFailure) {
            let result = streaming ? try ProviderWire.difyStream(response) : try DifyResponses.chat(response)
            return .success(try result.providerAnswer())
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: [DifyFake.AppMode.chat, .advancedChat])
    func blockingAndStreamingGiveTheSameAnswerAndSources(mode: DifyFake.AppMode) async throws {
        try await withDify(.init(appMode: mode)) { fake in
            for question in ["How long do I have to request a refund?", "下单后多久发货？"] {
                let blocking = try await Self.ask(fake, question, streaming: false).get()
                let streaming = try await Self.ask(fake, question, streaming: true).get()
                #expect(blocking.text == streaming.text)
                #expect(blocking.sources == streaming.sources)
                #expect(!blocking.sources.isEmpty)
                #expect(blocking.usage != nil && streaming.usage != nil)
                #expect(blocking.ids.messageID != nil && streaming.ids.requestID != nil)
            }
        }
    }

    @Test func agentAppsStreamOnly() async throws {
        try await withDify(.init(appMode: .agentChat)) { fake in
            let requests = DifyRequests(baseURL: fake.baseURL, appKey: fake.appKey)
            #expect(try DifyResponses.info(try await ProviderWire.send(requests.info())).requiresStreaming)
            let streaming = try await Self.ask(fake, "Do you offer a warranty?", streaming: true).get()
            #expect(streaming.text.contains("two-year warranty"))
            guard case .failure(let failure) = try await Self.ask(fake, "Do you offer a warranty?", streaming: false) else {
                Issue.record("blocking on an agent app must fail")
                return
            }
            #expect(failure.kind == .badRequest)
        }
    }

    @Test func memoryCarriesOverThreeTurnsAndRecoversFromALostConversation() async throws {
        try await withDify { fake in
            var memory: ProviderMemory?
            for (turn, question) in ["refund", "shipping", "warranty"].enumerated() {
                let answer = try await Self.ask(fake, question, memory: memory, streaming: turn % 2 == 1).get()
                if let memory { #expect(answer.memory == memory) }
                memory = answer.memory
            }
            guard case .difyConversation(let id) = memory else { Issue.record("no memory"); return }
            #expect(fake.turns(inConversation: id) == 3)

            fake.forgetConversations()
            guard case .failure(let failure) = try await Self.ask(fake, "opening hours", memory: memory, streaming: false) else {
                Issue.record("a lost conversation must fail")
                return
            }
            #expect(failure.kind == .conversationMemoryInvalid)
            // What the client does on that class: start a new conversation and retry once.
            let restarted = try await Self.ask(fake, "opening hours", memory: nil, streaming: false).get()
            #expect(restarted.memory != nil && restarted.memory != memory)
        }
    }

    @Test(arguments: [
        (DifyFailure.tooManyRequests, ProviderFailure.Kind.rateLimited),
        (.rateLimitError, .rateLimited),
        (.providerQuotaExceeded, .quotaExhausted),
        (.providerNotInitialize, .invalidConfiguration),
        (.appUnavailable, .invalidConfiguration),
        (.completionRequestError, .retryLater),
        (.internalServerError, .retryLater),
        (.serviceUnavailable, .retryLater),
        (.unauthorized, .invalidConfiguration),
        (.forbidden, .invalidConfiguration),
        (.conversationNotExists, .conversationMemoryInvalid),
        (.malformedJSON, .retryLater),
        (.cutStream(afterEvents: 2), .retryLater),
        (.errorEvent(status: 400, code: "provider_quota_exceeded", message: "quota"), .quotaExhausted),
        (.errorEvent(status: 500, code: "internal_server_error", message: "Internal Server Error, please contact support."), .retryLater),
    ])
    func everyInjectedFailureLandsInItsClass(failure: DifyFailure, expected: ProviderFailure.Kind) async throws {
        try await withDify { fake in
            fake.inject(failure)
            let streaming = failure != .malformedJSON
            guard case .failure(let classified) = try await Self.ask(fake, "refund", streaming: streaming) else {
                Issue.record("\(failure) must fail")
                return
            }
            #expect(classified.kind == expected, "\(failure) → \(classified)")
        }
    }

    @Test func knowledgeRetrievalAndCredentialChecks() async throws {
        try await withDify { fake in
            let requests = DifyRequests(baseURL: fake.baseURL + "/", appKey: fake.appKey, datasetKey: fake.datasetKey)
            let longQuestion = String(repeating: "I bought a jacket last month and the zipper broke after a week. ", count: 5) + "How do I get my money back for a damaged item?"
            let sources = try DifyResponses.retrieve(try await ProviderWire.send(try #require(requests.retrieve(datasetID: fake.datasetID, query: longQuestion))))
            #expect(sources.first?.title == "refunds.md")
            #expect(sources.first?.snippet.contains("money back") == true)

            #expect(try DifyResponses.info(try await ProviderWire.send(requests.info())).mode == "chat")
            try DifyResponses.check(try await ProviderWire.send(try #require(requests.dataset(id: fake.datasetID))))

            fake.inject(.knowledgeRateLimit, on: .retrieve)
            do {
                _ = try DifyResponses.retrieve(try await ProviderWire.send(try #require(requests.retrieve(datasetID: fake.datasetID, query: "refund"))))
                Issue.record("expected the knowledge rate limit")
            } catch let failure as ProviderFailure {
                #expect(failure.kind == .rateLimited)
            }

            let wrong = DifyRequests(baseURL: fake.baseURL, appKey: "app-wrong", datasetKey: "dataset-wrong")
            for request in [wrong.info(), try #require(wrong.dataset(id: fake.datasetID))] {
                do {
                    try DifyResponses.check(try await ProviderWire.send(request))
                    Issue.record("a wrong key must fail")
                } catch let failure as ProviderFailure {
                    #expect(failure.kind == .invalidConfiguration)
                }
            }
        }
    }
}
