import Foundation

/// Attaches a bot to a tenant's account, or overrides it for one conversation (`bindings`).
public struct Binding: Sendable, Equatable {
    public var tenantID: String
    public var accountID: String
    /// Set for a per-conversation override; nil for the account-wide binding.
    public var conversationID: String?
    /// nil only with mode off.
    public var botID: UUID?
    public var mode: Mode
    /// Hosted mode: sent when no answer could be obtained; nil hands off instead.
    public var fallbackText: String?
    /// Customer phrases asking for a human, e.g. 转人工.
    public var handoffKeywords: [String]
    public var mergeWindow: Duration
    /// auto mode: unanswered suggestions go out as replies after this long.
    public var replyTimeout: Duration?
    /// After an agent writes, automatic replies pause this long.
    public var takeoverPause: Duration
    /// JSON text of `bindings.working_hours`; nil means always.
    public var workingHoursJSON: String? {
        didSet { workingHours = Self.parse(workingHoursJSON) }
    }
    /// The schedule, parsed once with the JSON (auto mode asks it for every message); nil:
    /// always, or a text `validate()` refuses.
    public private(set) var workingHours: WorkingHours?
    /// How long a message may wait for a slot of its bot (provider back-pressure) before it takes
    /// the failure path with reason `provider_busy`; nil: `Binding.defaultPatience`.
    public var patience: Duration?
    /// Customer messages that are not text (image, file, voice, ...): a recorded skip or a handoff.
    public var unsupportedContent: UnsupportedContentRoute
    /// hosted: when the provider has not answered within `after`, `text` goes to the customer first.
    public var holding: Holding?
    /// The text of handoff records (for the chat platform to show the customer); nil: empty.
    public var handoffText: String?
    /// Failover: bots of the same tenant asked in this order when `botID` (then each earlier one)
    /// fails after its retries, has its circuit open, or is marked unusable.
    public var fallbackBotIDs: [UUID]

    /// The most fallback bots a binding may name.
    public static let maxFallbackBots = 8

    public struct Holding: Sendable, Equatable {
        public var after: Duration
        public var text: String

        public init(after: Duration, text: String) {
            self.after = after
            self.text = text
        }
    }

    public static let defaultPatience: Duration = .seconds(60)

    /// Phrases that ask for a human when a binding names none of its own.
    public static let defaultHandoffKeywords = [
        "转人工", "人工客服", "人工服务", "找人工", "真人", "human agent", "real person", "talk to a human", "speak to a human",
        "customer service representative",
    ]

    public init(
        tenantID: String, accountID: String, conversationID: String? = nil, botID: UUID?, mode: Mode,
        fallbackText: String? = nil, handoffKeywords: [String] = [], mergeWindow: Duration = .zero,
        replyTimeout: Duration? = nil, takeoverPause: Duration = .seconds(1800), workingHoursJSON: String? = nil,
        patience: Duration? = nil, unsupportedContent: UnsupportedContentRoute = .skip, holding: Holding? = nil, handoffText: String? = nil,
        fallbackBotIDs: [UUID] = []
    ) {
        self.tenantID = tenantID
        self.accountID = accountID
        self.conversationID = conversationID
        self.botID = botID
        self.mode = mode
        self.fallbackText = fallbackText
        self.handoffKeywords = handoffKeywords
        self.mergeWindow = mergeWindow
        self.replyTimeout = replyTimeout
        self.takeoverPause = takeoverPause
        self.workingHoursJSON = workingHoursJSON
        self.workingHours = Self.parse(workingHoursJSON)
        self.patience = patience
        self.unsupportedContent = unsupportedContent
        self.holding = holding
        self.handoffText = handoffText
        self.fallbackBotIDs = fallbackBotIDs
    }

    private static func parse(_ json: String?) -> WorkingHours? {
        json.flatMap { try? WorkingHours(json: $0) }
    }
}

/// What a binding does with a customer message aics cannot read (`bindings.unsupported_content`).
public enum UnsupportedContentRoute: String, Sendable, CaseIterable {
    /// Recorded as a skip with reason `unsupported_content`; the agent handles it.
    case skip
    /// A handoff record on `cs.replies` with reason `unsupported_content`.
    case handoff
}
