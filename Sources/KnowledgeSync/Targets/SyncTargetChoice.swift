import Catalog

/// Which of a bot's knowledge stores a sync writes: decided from the bot's settings and the
/// `--dataset` / `--vector-store` the operator gave, as a pure value.
public enum SyncTargetChoice: Sendable, Equatable {
    case dify(datasetID: String)
    case openai(vectorStoreID: String)
    case local

    public static func choose(
        _ bot: Bot, dataset: String?, vectorStore: String?
    ) -> Result<SyncTargetChoice, SyncTargetChoiceError> {
        switch bot.settings {
        case .dify(let dify):
            if vectorStore != nil { return .failure(.init("bot \(bot.name) uses Dify: --vector-store is for OpenAI bots; name a dataset with --dataset")) }
            guard bot.secrets.knowledgeKey?.isEmpty == false else {
                return .failure(.init("bot \(bot.name) has no knowledge API key (dataset-...): set one with `aics bot update --knowledge-key-file` or AICS_BOT_KNOWLEDGE_KEY"))
            }
            return pick(dataset, from: dify.datasetIDs, what: "dataset", flag: "--dataset", bot: bot.name).map { .dify(datasetID: $0) }
        case .openai(let openAI):
            if dataset != nil { return .failure(.init("bot \(bot.name) uses OpenAI: --dataset is for Dify bots; name a vector store with --vector-store")) }
            guard bot.secrets.apiKey?.isEmpty == false else { return .failure(.init("bot \(bot.name) has no OpenAI API key")) }
            return pick(vectorStore, from: openAI.vectorStoreIDs, what: "vector store", flag: "--vector-store", bot: bot.name)
                .map { .openai(vectorStoreID: $0) }
        case .local:
            if dataset != nil || vectorStore != nil {
                return .failure(.init("bot \(bot.name) is a local bot: --dataset and --vector-store do not apply"))
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
