import Catalog
import Testing

@Suite struct BotSettingsCodingTests {
    @Test(arguments: [
        BotSettings.dify(DifySettings(baseURL: "http://dify.local/v1", responseMode: .blocking, datasetIDs: ["ds-1"])),
        .openai(OpenAISettings(model: "gpt-4.1-mini", vectorStoreIDs: ["vs_1", "vs_2"], instructions: "Be brief.", baseURL: nil)),
        .local(LocalSettings(threshold: 0.5)),
    ])
    func roundTrips(settings: BotSettings) throws {
        let json = try BotSettingsCoding.encode(settings)
        #expect(try BotSettingsCoding.decode(provider: settings.provider, json: json) == settings)
    }

    @Test func usesTheDocumentedColumnKeys() throws {
        let json = try BotSettingsCoding.encode(.dify(DifySettings(baseURL: "https://api.dify.ai/v1", responseMode: .streaming, datasetIDs: [])))
        #expect(json == #"{"base_url":"https://api.dify.ai/v1","dataset_ids":[],"response_mode":"streaming"}"#)
    }

    @Test func secretsNeverPrint() {
        let secrets = BotSecrets(apiKey: "app-abcdefghijklmnopqrstuvwx", knowledgeKey: nil)
        #expect(!"\(secrets)".contains("abcdef"))
        #expect(!String(reflecting: secrets).contains("abcdef"))
        #expect(BotSecrets.hint("app-abcdefghijklmnopqrstuvwx") == "app-…uvwx")
        #expect(BotSecrets.hint("sk-proj-abcdefghijklmnop1234") == "sk-…1234")
    }
}
