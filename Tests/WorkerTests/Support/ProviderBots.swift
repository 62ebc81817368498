import Catalog
import Fakes
import Foundation

/// Bots that answer from the provider fakes, created through the store the CLI uses.
extension WorkerFixture {
    /// A Dify bot (blocking) on `fake`; `knowledge`: with the fake's dataset and knowledge key.
    func difyBot(tenant: String, fake: DifyFake, name: String = "dify", knowledge: Bool = true) async throws -> UUID {
        try await BotStore(pool: pool, secretBox: Self.secretBox).create(Bot(
            tenantID: tenant, name: name,
            settings: .dify(DifySettings(baseURL: fake.baseURL, responseMode: .blocking, datasetIDs: knowledge ? [fake.datasetID] : [])),
            secrets: BotSecrets(apiKey: fake.appKey, knowledgeKey: knowledge ? fake.datasetKey : nil))).id
    }

    /// An OpenAI bot (not streaming) on `fake`'s vector store.
    func openAIBot(tenant: String, fake: OpenAIFake, name: String = "openai") async throws -> UUID {
        try await BotStore(pool: pool, secretBox: Self.secretBox).create(Bot(
            tenantID: tenant, name: name,
            settings: .openai(OpenAISettings(model: "gpt-4.1-mini", vectorStoreIDs: [fake.vectorStoreID], baseURL: fake.baseURL, stream: false)),
            secrets: BotSecrets(apiKey: fake.apiKey))).id
    }
}
