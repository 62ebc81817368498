import Catalog

/// Which of a bot's knowledge stores a sync writes: decided from the bot's settings and the
/// `--dataset` / `--vector-store` the operator gave, as a pure value.
public enum SyncTargetChoice: Sendable, Equatable {
    case dify(datasetID: String)
    case openai(vectorStoreID: String)
    case local

    /// How the caller spells the two choices in errors: the command line's flags, or the admin
    /// API's fields.
    public struct Naming: Sendable {
        public var dataset: String
        public var vectorStore: String

        public init(dataset: String, vectorStore: String) {
            self.dataset = dataset
            self.vectorStore = vectorStore
        }

        public static let flags = Naming(dataset: "--dataset", vectorStore: "--vector-store")
    }

    /// The key the sync state and the admin API's stored sources use (`SyncTarget.stateKey`).
    public var stateKey: String {
        switch self {
        case .dify(let datasetID): datasetID
        case .openai(let vectorStoreID): vectorStoreID
        case .local: "local"
        }
    }

    /// The choice a stored `stateKey` stands for, if the bot still has that dataset or vector store.
    public static func stored(_ bot: Bot, stateKey: String) -> SyncTargetChoice? {
        switch bot.settings {
        case .dify(let dify): dify.datasetIDs.contains(stateKey) ? .dify(datasetID: stateKey) : nil
        case .openai(let openAI): openAI.vectorStoreIDs.contains(stateKey) ? .openai(vectorStoreID: stateKey) : nil
        case .local: stateKey == "local" ? .local : nil
        }
    }

    public static func choose(
        _ bot: Bot, dataset: String?, vectorStore: String?, naming: Naming = .flags
    ) -> Result<SyncTargetChoice, SyncTargetChoiceError> {
        switch bot.settings {
        case .dify(let dify):
            if vectorStore != nil { return .failure(.init("bot \(bot.name) uses Dify: \(naming.vectorStore) is for OpenAI bots; name a dataset with \(naming.dataset)")) }
            guard bot.secrets.knowledgeKey?.isEmpty == false else {
                return .failure(.init("bot \(bot.name) has no knowledge API key (dataset-...): set one with `aics bot update --knowledge-key-file` or AICS_BOT_KNOWLEDGE_KEY"))
            }
            return pick(dataset, from: dify.datasetIDs, what: "dataset", flag: naming.dataset, bot: bot.name).map { .dify(datasetID: $0) }
        case .openai(let openAI):
            if dataset != nil { return .failure(.init("bot \(bot.name) uses OpenAI: \(naming.dataset) is for Dify bots; name a vector store with \(naming.vectorStore)")) }
            guard bot.secrets.apiKey?.isEmpty == false else { return .failure(.init("bot \(bot.name) has no OpenAI API key")) }
            return pick(vectorStore, from: openAI.vectorStoreIDs, what: "vector store", flag: naming.vectorStore, bot: bot.name)
                .map { .openai(vectorStoreID: $0) }
        case .local:
            if dataset != nil || vectorStore != nil {
                return .failure(.init("bot \(bot.name) is a local bot: \(naming.dataset) and \(naming.vectorStore) do not apply"))
            }
            return .success(.local)
        }
    }

    /// The one id the bot has, or the one named that the bot has.
    private static func pick(
        _ named: String?, from ids: [String], what: String, flag: String, bot: String
    ) -> Result<String, SyncTargetChoiceError> {
        if let named {
            guard ids.contains(named) else {
                return .failure(.init("bot \(bot) has no \(what) \(named); its \(what)s: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))"))
            }
            return .success(named)
        }
        switch ids.count {
        case 0: return .failure(.init("bot \(bot) has no \(what) id to sync into: add one to the bot first"))
        case 1: return .success(ids[0])
        default: return .failure(.init("bot \(bot) has \(ids.count) \(what)s (\(ids.joined(separator: ", "))): name one with \(flag) ID"))
        }
    }
}

public struct SyncTargetChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
