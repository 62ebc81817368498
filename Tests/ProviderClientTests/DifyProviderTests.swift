import Fakes
import HTTP
import Providers
import Testing

@Suite("DifyProvider against the Dify fake over HTTPClient")
struct DifyProviderTests {
    @Test(arguments: [DifyFake.AppMode.chat, .advancedChat])
    func blockingAndStreamingGiveTheSameAnswerAndSources(mode: DifyFake.AppMode) async throws {
        for question in [Harness.question, "下单后多久发货？"] {
            let blocking = try await Harness.withDify(.init(appMode: mode), streaming: false) { _, provider in
                try await provider.answer(Harness.ask(question))
            }
            let streaming = try await Harness.withDify(.init(appMode: mode), streaming: true) { _, provider in
                try await provider.answer(Harness.ask(question))
            }
            #expect(blocking.text == streaming.text)
            #expect(blocking.sources == streaming.sources)
            #expect(!blocking.sources.isEmpty)
            #expect(blocking.usage != nil && streaming.usage != nil)
            #expect(blocking.ids.messageID != nil && streaming.ids.messageID != nil)
            #expect(blocking.memory != nil && streaming.memory != nil)
        }
    }

    @Test func agentAppConfiguredAsBlockingFallsBackToStreaming() async throws {
        try await Harness.withDify(.init(appMode: .agentChat), streaming: false) { fake, provider in
            let first = try await provider.answer(Harness.ask("Do you offer a warranty?"))
            #expect(first.text.contains("warranty"))
            // One rejected blocking call, then streaming from the start.
            _ = try await provider.answer(Harness.ask("Do you offer a warranty?"))
            #expect(fake.requestCount(.chat) == 3)
        }
    }

    @Test func sourcesComeFromRetrieveWhenCitationsAreOff() async throws {
        try await Harness.withDify(.init(citationsEnabled: false)) { fake, provider in
            let answer = try await provider.answer(Harness.ask(Harness.question))
            #expect(!answer.sources.isEmpty)
            #expect(fake.requestCount(.retrieve) == 1)
            let previews = try await provider.sources(for: Harness.question, limit: 2)
            #expect(!previews.isEmpty && previews.count <= 2)
            #expect(previews.first?.title == answer.sources.first?.title)
        }
    }

    @Test func memoryCarriesOverThreeTurnsAndRecoversFromALostConversation() async throws {
        try await Harness.withDify { fake, provider in
            var memory: ProviderMemory?
            for question in ["refund", "shipping", "warranty"] {
                let answer = try await provider.answer(Harness.ask(question, memory: memory))
                if let memory { #expect(answer.memory == memory) }
                memory = answer.memory
            }
            guard case .difyConversation(let id) = memory else {
                Issue.record("no Dify conversation id")
                return
            }
            #expect(fake.turns(inConversation: id) == 3)

            fake.forgetConversations()
            let recovered = try await provider.answer(Harness.ask("refund", memory: memory))
            #expect(recovered.memory != nil && recovered.memory != memory)
            guard case .difyConversation(let newID) = recovered.memory else { return }
            #expect(fake.turns(inConversation: newID) == 1)
        }
    }

    @Test func aConversationLostTwiceFailsAsMemoryInvalid() async throws {
        try await Harness.withDify { fake, provider in
            let first = try await provider.answer(Harness.ask("refund"))
            fake.inject(.conversationNotExists, times: 2)
            let failure = await Harness.failure { () throws(ProviderFailure) in try await provider.answer(Harness.ask("refund", memory: first.memory)) }
            #expect(failure?.kind == .conversationMemoryInvalid)
        }
    }

    @Test func messageReplaceReplacesTheAnswer() async throws {
        for streaming in [false, true] {
            try await Harness.withDify(streaming: streaming) { fake, provider in
                fake.inject(.messageReplace("This answer was withheld."))
                let answer = try await provider.answer(Harness.ask(Harness.question))
                #expect(answer.text == "This answer was withheld.")
            }
        }
    }

    @Test func pingsKeepASlowStreamAlive() async throws {
        try await Harness.withDify(.init(streamInterval: .milliseconds(300), pingInterval: .milliseconds(100))) { _, provider in
            let answer = try await provider.answer(Harness.ask(Harness.question))
            #expect(answer.text.contains("30 days"))
        }
    }

    @Test func credentialsCheckPassesAndNamesWhatFailed() async throws {
        try await Harness.withDify { fake, provider in
            let good = await provider.checkCredentials()
            #expect(good.isValid, "\(good)")
            #expect(good.items.count == 2)

            let client = try HTTPClient()
            defer { client.shutdown() }
            let wrong = DifyProvider(
                configuration: DifyProviderConfiguration(
                    baseURL: fake.baseURL, appKey: "app-WrongKey000000000000000", knowledgeKey: "dataset-WrongKey0000000000000",
                    datasetIDs: [fake.datasetID]),
                httpClient: client)
            let bad = await wrong.checkCredentials()
            #expect(!bad.isValid)
            #expect(bad.items.allSatisfy { $0.failure?.kind == .invalidConfiguration })
            #expect(!bad.description.contains("WrongKey"))
        }
    }
}
