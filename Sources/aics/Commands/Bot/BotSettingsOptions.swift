import ArgumentParser
import Catalog

/// The provider settings flags shared by `bot create` and `bot update`.
struct BotSettingsOptions: ParsableArguments {
    @Option(name: .long, help: "dify: API base URL (default https://api.dify.ai/v1; self-hosted e.g. http://dify.internal/v1). openai: an OpenAI-compatible gateway (default https://api.openai.com/v1).")
    var baseURL: String?

    @Option(name: .long, help: "blocking or streaming (dify, openai; default streaming).")
    var responseMode: String?

    @Option(name: .customLong("dataset-id"), help: "dify: a knowledge base (dataset) id queried for source snippets; repeatable; needs a knowledge key.")
    var datasetIDs: [String] = []

    @Option(name: .long, help: "openai: model, e.g. gpt-4.1-mini (required for openai).")
    var model: String?

    @Option(name: .customLong("vector-store-id"), help: "openai: vector store id (vs_...) searched with file_search; repeatable; at least one required.")
    var vectorStoreIDs: [String] = []

    @Option(name: .long, help: "openai: instructions (system prompt) for every answer.")
    var instructions: String?

    @Option(name: .long, help: "local: answers scoring below this (0...1) count as no answer (default 0.35).")
    var threshold: Double?

    /// The flags as the shared input (a repeatable flag left out is "not given").
    var input: BotSettingsInput {
        BotSettingsInput(
            baseURL: baseURL, responseMode: responseMode, datasetIDs: datasetIDs.isEmpty ? nil : datasetIDs, model: model,
            vectorStoreIDs: vectorStoreIDs.isEmpty ? nil : vectorStoreIDs, instructions: instructions, threshold: threshold)
    }

    /// Settings for `provider`: the flags given, over `existing` when it is of the same provider.
    /// The rules are Catalog's (shared with the admin API); errors name the flags.
    func settings(for provider: ProviderKind, over existing: BotSettings?) throws -> BotSettings {
        do {
            return try input.settings(for: provider, over: existing)
        } catch {
            throw CommandFailure(error.message(.flag))
        }
    }
}
