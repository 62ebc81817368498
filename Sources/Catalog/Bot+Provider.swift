import HTTP
import Providers

extension Bot {
    /// The provider client for this bot: the factory the worker and `aics bot test` call. Dify
    /// and OpenAI clients come wrapped in `SecretScrubbingProvider`: whatever text their provider
    /// sends back, the bot's keys never reach a failure message or a credential check.
    ///
    /// It lives in `Catalog` because `Catalog` depends on `Providers` (never the other way):
    /// `Providers` knows plain provider configurations, this maps a stored bot onto them.
    /// - Parameters:
    ///   - httpClient: the process's shared client (not used by local bots).
    ///   - knowledge: the bot's entries (`KnowledgeStore.entries(botID:)`); only local bots use them.
    ///   - timeouts: per-request limits from configuration.
    /// - Throws: `ProviderFailure` `.invalidConfiguration` when a key the provider needs is missing.
    public func makeProvider(
        httpClient: HTTPClient, knowledge: [KnowledgeEntry] = [], timeouts: ProviderTimeouts = ProviderTimeouts()
    ) throws(ProviderFailure) -> any KnowledgeProvider {
        switch settings {
        case .dify(let dify):
            guard let appKey = secrets.apiKey, !appKey.isEmpty else { throw missingKey("the Dify app API key") }
            let provider = DifyProvider(
                configuration: DifyProviderConfiguration(
                    baseURL: dify.baseURL, appKey: appKey, knowledgeKey: secrets.knowledgeKey, datasetIDs: dify.datasetIDs,
                    streaming: dify.responseMode == .streaming, timeouts: timeouts),
                httpClient: httpClient)
            return SecretScrubbingProvider(provider, secrets: [appKey] + (secrets.knowledgeKey.map { [$0] } ?? []))
        case .openai(let openAI):
            guard let apiKey = secrets.apiKey, !apiKey.isEmpty else { throw missingKey("the OpenAI API key") }
            let provider = OpenAIProvider(
                configuration: OpenAIProviderConfiguration(
                    baseURL: openAI.baseURL, apiKey: apiKey, model: openAI.model, vectorStoreIDs: openAI.vectorStoreIDs,
                    instructions: openAI.instructions, streaming: openAI.stream, timeouts: timeouts),
                httpClient: httpClient)
            return SecretScrubbingProvider(provider, secrets: [apiKey])
        case .local(let local):
            return LocalKnowledgeProvider(entries: knowledge, threshold: local.threshold)
        }
    }

    private func missingKey(_ what: String) -> ProviderFailure {
        ProviderFailure(.invalidConfiguration, message: "bot \(name) (\(id.uuidString.lowercased())) has no \(what)")
    }
}
