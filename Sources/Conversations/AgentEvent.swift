import Foundation

/// A record of `cs.agent-events` (schemas/topics/cs.agent-events.schema.json), validated.
public struct AgentEvent: Sendable, Equatable {
    public enum Presence: String, Sendable {
        case online, away, offline
    }

    public enum Feedback: String, Sendable {
        case sentAsIs = "sent_as_is"
        case edited
        case dismissed
    }

    public enum Kind: Sendable, Equatable {
        /// The agent's presence changed (newest event wins).
        case status(Presence)
        /// The agent wrote in the conversation.
        case message
        /// What the agent did with a suggestion.
        case feedback(suggestionID: String, action: Feedback, finalText: String?)
        case takeover
        case release
    }

    public var eventID: String
    public var tenantID: String
    public var agentID: String
    /// Nil only for `status`.
    public var conversationID: String?
    public var occurredAt: Date
    public var kind: Kind

    public init(eventID: String, tenantID: String, agentID: String, conversationID: String?, occurredAt: Date, kind: Kind) {
        self.eventID = eventID
        self.tenantID = tenantID
        self.agentID = agentID
        self.conversationID = conversationID
        self.occurredAt = occurredAt
        self.kind = kind
    }

    /// The `type` member, for logs.
    public var typeName: String {
        switch kind {
        case .status: "agent_status"
        case .message: "agent_message"
        case .feedback: "suggestion_feedback"
        case .takeover: "conversation_takeover"
        case .release: "conversation_release"
        }
    }
}
