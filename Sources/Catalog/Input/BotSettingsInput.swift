import Foundation

/// The provider settings an operator gives when creating or changing a bot (`aics bot
/// create|update` flags, or the admin API's bot body). nil means "not given": keep the current
/// value, else the default. The one place the rules of each provider's settings live.
public struct BotSettingsInput: Sendable, Equatable {
    public var baseURL: String?
    public var responseMode: String?
    public var datasetIDs: [String]?
    public var model: String?
    public var vectorStoreIDs: [String]?
    public var instructions: String?
    public var threshold: Double?

    public init(
        baseURL: String? = nil, responseMode: String? = nil, datasetIDs: [String]? = nil, model: String? = nil,
        vectorStoreIDs: [String]? = nil, instructions: String? = nil, threshold: Double? = nil
    ) {
        self.baseURL = baseURL
        self.responseMode = responseMode
        self.datasetIDs = datasetIDs
        self.model = model
        self.vectorStoreIDs = vectorStoreIDs
        self.instructions = instructions
        self.threshold = threshold
    }

    /// Settings for `provider`: the values given, over `existing` when it is of the same provider.
    public func settings(for provider: ProviderKind, over existing: BotSettings?) throws(InputError) -> BotSettings {
        switch provider {
        case .dify:
            try refuse([.model: model != nil, .vectorStoreIDs: vectorStoreIDs != nil, .instructions: instructions != nil], for: "openai")
            try refuse([.threshold: threshold != nil], for: "local")
            var settings = DifySettings()
            if case .dify(let current) = existing { settings = current }
            if let baseURL { settings.baseURL = try Self.checkedURL(baseURL) }
            if let mode = try parsedResponseMode() { settings.responseMode = mode }
            if let datasetIDs { settings.datasetIDs = try Self.checkedIDs(datasetIDs, field: .datasetIDs) }
            return .dify(settings)
        case .openai:
            try refuse([.datasetIDs: datasetIDs != nil], for: "dify")
            try refuse([.threshold: threshold != nil], for: "local")
            var current: OpenAISettings?
            if case .openai(let settings) = existing { current = settings }
            guard let model = model ?? current?.model, !model.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw InputError(.model) { "openai bots need \($0) (e.g. gpt-4.1-mini)" }
            }
            var stores = current?.vectorStoreIDs ?? []
            if let vectorStoreIDs { stores = try Self.checkedIDs(vectorStoreIDs, field: .vectorStoreIDs) }
            guard !stores.isEmpty else { throw InputError(.vectorStoreIDs) { "openai bots need at least one \($0) (vs_...)" } }
            var settings = OpenAISettings(
                model: model, vectorStoreIDs: stores, instructions: instructions ?? current?.instructions ?? "",
                baseURL: current?.baseURL, stream: current?.stream ?? true
            )
            if let baseURL { settings.baseURL = try Self.checkedURL(baseURL) }
            if let mode = try parsedResponseMode() { settings.stream = mode == .streaming }
            return .openai(settings)
        case .local:
            try refuse([.baseURL: baseURL != nil, .responseMode: responseMode != nil, .datasetIDs: datasetIDs != nil], for: "dify or openai")
            try refuse([.model: model != nil, .vectorStoreIDs: vectorStoreIDs != nil, .instructions: instructions != nil], for: "openai")
            var settings = LocalSettings()
            if case .local(let current) = existing { settings = current }
            if let threshold {
                guard (0...1).contains(threshold) else { throw InputError(.threshold) { "\($0) must be between 0 and 1" } }
                settings.threshold = threshold
            }
            return .local(settings)
        }
    }

    private func refuse(_ fields: KeyValuePairs<InputField, Bool>, for providers: String) throws(InputError) {
        if let field = fields.first(where: { $0.value })?.key {
            throw InputError(field) { "\($0) applies to \(providers) bots only" }
        }
    }

    private func parsedResponseMode() throws(InputError) -> DifySettings.ResponseMode? {
        guard let responseMode else { return nil }
        guard let mode = DifySettings.ResponseMode(rawValue: responseMode.lowercased()) else {
            throw InputError(.responseMode) { "unknown \($0) '\(responseMode)': use blocking or streaming" }
        }
        return mode
    }

    /// An http(s) base URL without query or credentials, without a trailing slash.
    public static func checkedURL(_ text: String) throws(InputError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.user == nil
        else {
            throw InputError(.baseURL) { "\($0) '\(text)' is not an http(s) URL like https://api.dify.ai/v1 (no query, no credentials)" }
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Ids trimmed; blank ids or ids with inner whitespace are refused.
    public static func checkedIDs(_ ids: [String], field: InputField) throws(InputError) -> [String] {
        var checked: [String] = []
        for id in ids {
            let trimmed = id.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else {
                throw InputError(field) { "\($0) '\(id)' is not an id" }
            }
            checked.append(trimmed)
        }
        return checked
    }
}
