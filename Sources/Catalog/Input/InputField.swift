/// The fields of bots and bindings an operator sets, by their admin API (JSON) names.
public enum InputField: String, Sendable, CaseIterable {
    case tenant = "tenant_id"
    case name
    case provider
    case baseURL = "base_url"
    case responseMode = "response_mode"
    case datasetIDs = "dataset_ids"
    case model
    case vectorStoreIDs = "vector_store_ids"
    case instructions
    case threshold
    case apiKey = "api_key"
    case knowledgeKey = "knowledge_key"
    case status
    case statusReason = "status_reason"
    case account = "account_id"
    case conversation = "conversation_id"
    case bot
    case mode
    case fallbackText = "fallback_text"
    case handoffKeywords = "handoff_keywords"
    case mergeWindow = "merge_window_ms"
    case replyTimeout = "reply_timeout_ms"
    case takeoverPause = "takeover_pause_ms"
    case workingHours = "working_hours"
    case question
    case maxConcurrency = "max_concurrency"
    case requestsPerSecond = "requests_per_second"
    case patience = "patience_ms"
    case unsupportedContent = "unsupported_content"
    case holdingAfter = "holding_after_ms"
    case holdingText = "holding_text"
    case handoffText = "handoff_text"
    case fallbackBots = "fallback_bots"
    case word
    case appliesTo = "applies_to"
    case action
    case replacement

    /// How the command line spells the field (a flag, or where a key comes from).
    public var flag: String {
        switch self {
        case .tenant: "--tenant"
        case .name: "--name"
        case .provider: "--provider"
        case .baseURL: "--base-url"
        case .responseMode: "--response-mode"
        case .datasetIDs: "--dataset-id"
        case .model: "--model"
        case .vectorStoreIDs: "--vector-store-id"
        case .instructions: "--instructions"
        case .threshold: "--threshold"
        case .apiKey: "AICS_BOT_API_KEY (or --api-key-file PATH, --api-key-stdin)"
        case .knowledgeKey: "AICS_BOT_KNOWLEDGE_KEY (or --knowledge-key-file PATH)"
        case .status: "--status"
        case .statusReason: "--status-reason"
        case .account: "--account"
        case .conversation: "--conversation"
        case .bot: "--bot"
        case .mode: "--mode"
        case .fallbackText: "--fallback-text"
        case .handoffKeywords: "--handoff-keyword"
        case .mergeWindow: "--merge-window"
        case .replyTimeout: "--reply-timeout"
        case .takeoverPause: "--takeover-pause"
        case .workingHours: "--working-hours"
        case .question: "--question"
        case .maxConcurrency: "--max-concurrency"
        case .requestsPerSecond: "--requests-per-second"
        case .patience: "--patience"
        case .unsupportedContent: "--unsupported-content"
        case .holdingAfter: "--holding-after"
        case .holdingText: "--holding-text"
        case .handoffText: "--handoff-text"
        case .fallbackBots: "--fallback-bot"
        case .word: "--word"
        case .appliesTo: "--applies-to"
        case .action: "--action"
        case .replacement: "--replacement"
        }
    }
}
