import Foundation

/// What aics publishes for one customer message (or one merged burst): a suggestion for the
/// agent (`cs.suggestions`) or a message / handoff for the customer (`cs.replies`).
public struct Output: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Assist mode: a draft for the agent.
        case suggestion
        /// Assist mode: the provider could not answer; the agent UI shows why.
        case suggestionFailed = "suggestion_failed"
        /// Hosted mode: the bot's answer, sent to the customer.
        case answer
        /// Hosted mode: the binding's fallback text after the provider failed.
        case fallback
        /// No message: a human should take the conversation (`reason` says why).
        case handoff
        /// Hosted mode: a short notice sent first because the provider is slow (the binding's
        /// holding text); the answer follows. Not an outcome: never in the ledger or the history.
        case holding
    }

    /// Deterministic per message and kind: a redelivered message gets the same id.
    public var id: String
    public var kind: Kind
    public var reason: String?
    public var tenantID: String
    public var conversationID: String
    public var inReplyTo: [String]
    public var botID: String
    public var provider: String
    public var text: String
    public var sources: [AnswerSource]
    public var createdAt: Date
    /// Failover: the bots of the binding's chain passed over before `botID`, in order.
    public var skippedBots: [SkippedBot]

    /// A bot of the chain that did not answer, and why (`Failover.Reason`).
    public struct SkippedBot: Sendable, Equatable {
        public var botID: String
        /// nil for a bot that no longer exists (reason `bot_missing`).
        public var provider: String?
        public var reason: String

        public init(botID: String, provider: String?, reason: String) {
            self.botID = botID
            self.provider = provider
            self.reason = reason
        }
    }

    public init(
        id: String, kind: Kind, reason: String? = nil, tenantID: String, conversationID: String, inReplyTo: [String],
        botID: String, provider: String, text: String, sources: [AnswerSource] = [], createdAt: Date = Date(),
        skippedBots: [SkippedBot] = []
    ) {
        self.id = id
        self.kind = kind
        self.reason = reason
        self.tenantID = tenantID
        self.conversationID = conversationID
        self.inReplyTo = inReplyTo
        self.botID = botID
        self.provider = provider
        self.text = text
        self.sources = sources
        self.createdAt = createdAt
        self.skippedBots = skippedBots
    }

    /// The topic (by its default name) this output belongs on.
    public var defaultTopic: String {
        switch kind {
        case .suggestion, .suggestionFailed: "cs.suggestions"
        case .answer, .fallback, .handoff, .holding: "cs.replies"
        }
    }
}
