import Fakes
import HTTP
import Providers
import Testing

@Suite("OpenAIProvider against the OpenAI fake over HTTPClient")
struct OpenAIProviderTests {
    @Test func blockingAndStreamingGiveTheSameAnswerAndSources() async throws {
        for question in [Harness.question, "下单后多久发货？"] {
            let blocking = try await Harness.withOpenAI(streaming: false) { _, provider in
                try await provider.answer(Harness.ask(question))
            }
            let streaming = try await Harness.withOpenAI(streaming: true) { _, provider in
                try await provider.answer(Harness.ask(question))
            }
            #expect(blocking.text == streaming.text)
            #expect(blocking.sources == streaming.sources)
            #expect(!blocking.sources.isEmpty)
            #expect(blocking.usage != nil && streaming.usage != nil)
            #expect(blocking.ids.responseID != nil && streaming.ids.responseID != nil)
            #expect(blocking.ids.requestID != nil && streaming.ids.requestID != nil)
        }
    }

    @Test func memoryCarriesOverThreeTurnsAndRecoversFromAnExpiredResponse() async throws {
        try await Harness.withOpenAI { fake, provider in
            var memory: ProviderMemory?
            var last = ""
            for question in ["refund", "shipping", "warranty"] {
                let answer = try await provider.answer(Harness.ask(question, memory: memory))
                memory = answer.memory
                last = answer.ids.responseID ?? ""
            }
            #expect(memory == .openAIResponse(id: last))
            #expect(fake.chainLength(endingAt: last) == 3)

            fake.forgetResponses()
            let recovered = try await provider.answer(Harness.ask("refund", memory: memory))
            guard case .openAIResponse(let id) = recovered.memory else {
                Issue.record("no response id")
                return
            }
            #expect(id != last)
            #expect(fake.chainLength(endingAt: id) == 1)
        }
    }

    @Test func previewsSearchTheVectorStore() async throws {
        try await Harness.withOpenAI { fake, provider in
            let previews = try await provider.sources(for: Harness.question, limit: 2)
            #expect(!previews.isEmpty && previews.count <= 2)
            #expect(fake.requestCount(.vectorStoreSearch) == 1)
        }
    }

    @Test func credentialsCheckPassesAndNamesWhatFailed() async throws {
        try await Harness.withOpenAI { fake, provider in
            let good = await provider.checkCredentials()
            #expect(good.isValid, "\(good)")

            let client = try HTTPClient()
            defer { client.shutdown() }
            let wrong = OpenAIProvider(
                configuration: OpenAIProviderConfiguration(
                    baseURL: fake.baseURL, apiKey: "sk-wrong-secret-key-1234", model: "gpt-4.1", vectorStoreIDs: [fake.vectorStoreID, "vs_missing"]),
                httpClient: client)
            let bad = await wrong.checkCredentials()
            #expect(!bad.isValid)
            #expect(bad.items.count == 2)
            #expect(bad.items.allSatisfy { $0.failure?.kind == .invalidConfiguration })
            #expect(!bad.description.contains("wrong-secret"))

            let unknownStore = OpenAIProvider(
                configuration: OpenAIProviderConfiguration(
                    baseURL: fake.baseURL, apiKey: fake.apiKey, model: "gpt-4.1", vectorStoreIDs: ["vs_missing"]),
                httpClient: client)
            let missing = await unknownStore.checkCredentials()
            #expect(missing.items.first?.failure?.status == 404)
        }
    }
}
