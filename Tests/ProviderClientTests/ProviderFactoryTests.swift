import Catalog
import Fakes
import HTTP
import Providers
import Testing

@Suite("Bot.makeProvider")
struct ProviderFactoryTests {
    @Test func storedBotsBecomeWorkingClients() async throws {
        let dify = try await DifyFake.start(.init(appMode: .agentChat))
        let openAI = try await OpenAIFake.start()
        let client = try HTTPClient()
        defer { client.shutdown() }
        do {
            // A blocking agent bot: the client must fall back to streaming on its own.
            let difyBot = Bot(
                tenantID: "t", name: "dify",
                settings: .dify(DifySettings(baseURL: dify.baseURL, responseMode: .blocking, datasetIDs: [dify.datasetID])),
                secrets: BotSecrets(apiKey: dify.appKey, knowledgeKey: dify.datasetKey))
            let openAIBot = Bot(
                tenantID: "t", name: "openai",
                settings: .openai(OpenAISettings(model: "gpt-4.1-mini", vectorStoreIDs: [openAI.vectorStoreID], baseURL: openAI.baseURL, stream: false)),
                secrets: BotSecrets(apiKey: openAI.apiKey))
            for bot in [difyBot, openAIBot] {
                let provider = try bot.makeProvider(httpClient: client)
                let answer = try await provider.answer(Harness.ask(Harness.question))
                #expect(answer.text.contains("30 days"), "\(bot.name)")
                #expect(await provider.checkCredentials().isValid, "\(bot.name)")
            }
            let local = try Bot(tenantID: "t", name: "local", settings: .local(LocalSettings()))
                .makeProvider(httpClient: client, knowledge: SampleFAQ.entries)
            #expect(try await local.answer(Harness.ask(Harness.question)).text.contains("30 days"))
        } catch {
            await dify.stop()
            await openAI.stop()
            throw error
        }
        await dify.stop()
        await openAI.stop()
    }

    @Test func aBotWithoutItsKeyIsInvalidConfiguration() throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        let bot = Bot(tenantID: "t", name: "no key", settings: .openai(OpenAISettings(model: "gpt-4.1", vectorStoreIDs: ["vs_1"])))
        do throws(ProviderFailure) {
            _ = try bot.makeProvider(httpClient: client)
            Issue.record("a bot without an API key must not get a client")
        } catch {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.message.contains("OpenAI API key"))
        }
    }
}
