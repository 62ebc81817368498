import ArgumentParser
import Catalog
import Foundation

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

    /// Settings for `provider`: the flags given, over `existing` when it is of the same provider.
    func settings(for provider: ProviderKind, over existing: BotSettings?) throws -> BotSettings {
        switch provider {
        case .dify:
            try refuse(["--model": model != nil, "--vector-store-id": !vectorStoreIDs.isEmpty, "--instructions": instructions != nil], for: "openai")
            try refuse(["--threshold": threshold != nil], for: "local")
            var settings = DifySettings()
            if case .dify(let current) = existing { settings = current }
            if let baseURL { settings.baseURL = try Self.checkedURL(baseURL) }
            if let mode = try parsedResponseMode() { settings.responseMode = mode }
            if !datasetIDs.isEmpty { settings.datasetIDs = try Self.checkedIDs(datasetIDs, flag: "--dataset-id") }
            return .dify(settings)
        case .openai:
            try refuse(["--dataset-id": !datasetIDs.isEmpty], for: "dify")
            try refuse(["--threshold": threshold != nil], for: "local")
            var current: OpenAISettings?
            if case .openai(let settings) = existing { current = settings }
            guard let model = model ?? current?.model, !model.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CommandFailure("openai bots need --model (e.g. gpt-4.1-mini)")
            }
            let stores = vectorStoreIDs.isEmpty ? current?.vectorStoreIDs ?? [] : try Self.checkedIDs(vectorStoreIDs, flag: "--vector-store-id")
            guard !stores.isEmpty else { throw CommandFailure("openai bots need at least one --vector-store-id (vs_...)") }
            var settings = OpenAISettings(
                model: model, vectorStoreIDs: stores, instructions: instructions ?? current?.instructions ?? "",
                baseURL: current?.baseURL, stream: current?.stream ?? true
            )
            if let baseURL { settings.baseURL = try Self.checkedURL(baseURL) }
            if let mode = try parsedResponseMode() { settings.stream = mode == .streaming }
            return .openai(settings)
        case .local:
            try refuse(["--base-url": baseURL != nil, "--response-mode": responseMode != nil, "--dataset-id": !datasetIDs.isEmpty], for: "dify or openai")
            try refuse(["--model": model != nil, "--vector-store-id": !vectorStoreIDs.isEmpty, "--instructions": instructions != nil], for: "openai")
            var settings = LocalSettings()
            if case .local(let current) = existing { settings = current }
            if let threshold {
                guard (0...1).contains(threshold) else { throw CommandFailure("--threshold must be between 0 and 1") }
                settings.threshold = threshold
            }
            return .local(settings)
        }
    }

    private func refuse(_ flags: KeyValuePairs<String, Bool>, for providers: String) throws {
        if let flag = flags.first(where: { $0.value })?.key {
            throw CommandFailure("\(flag) applies to \(providers) bots only")
        }
    }

    private func parsedResponseMode() throws -> DifySettings.ResponseMode? {
        guard let responseMode else { return nil }
        guard let mode = DifySettings.ResponseMode(rawValue: responseMode.lowercased()) else {
            throw CommandFailure("unknown --response-mode '\(responseMode)': use blocking or streaming")
        }
        return mode
    }

    static func checkedURL(_ text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.user == nil
        else {
            throw CommandFailure("--base-url '\(text)' is not an http(s) URL like https://api.dify.ai/v1 (no query, no credentials)")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    static func checkedIDs(_ ids: [String], flag: String) throws -> [String] {
        try ids.map { id in
            let trimmed = id.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else { throw CommandFailure("\(flag) '\(id)' is not an id") }
            return trimmed
        }
    }
}
