import Catalog
import Foundation

/// What agents (and aics's own handoffs) did in one conversation (`conversation_state`): the
/// newest time of each kind of event. Each time only moves forward, so events applied in any
/// order, or twice, give the same control.
public struct ConversationControl: Sendable, Equatable {
    /// An agent wrote (agent_message).
    public var lastAgentMessageAt: Date?
    /// conversation_takeover.
    public var takenOverAt: Date?
    /// conversation_release: ends a takeover pause and a handoff that came before it.
    public var releasedAt: Date?
    /// aics handed the conversation to a human.
    public var handedOffAt: Date?

    public init(lastAgentMessageAt: Date? = nil, takenOverAt: Date? = nil, releasedAt: Date? = nil, handedOffAt: Date? = nil) {
        self.lastAgentMessageAt = lastAgentMessageAt
        self.takenOverAt = takenOverAt
        self.releasedAt = releasedAt
        self.handedOffAt = handedOffAt
    }

    /// A human is handling the conversation: an agent wrote or took it over within `pause` before
    /// `now`, and no release came after that.
    public func isPaused(at now: Date, pause: Duration) -> Bool {
        guard let start = Self.newest(lastAgentMessageAt, takenOverAt) else { return false }
        if let releasedAt, releasedAt >= start { return false }
        return now < start.addingTimeInterval(pause.seconds)
    }

    /// aics handed off and neither an agent's message nor a release came after it.
    public var isHandedOff: Bool {
        guard let handedOffAt else { return false }
        guard let answered = Self.newest(lastAgentMessageAt, releasedAt) else { return true }
        return handedOffAt > answered
    }

    /// The control after an agent event (or aics's handoff) at `time`. The Postgres statements
    /// that keep `conversation_state` do the same (GREATEST per column).
    public mutating func apply(_ change: Change, at time: Date) {
        switch change {
        case .agentMessage: lastAgentMessageAt = Self.newest(lastAgentMessageAt, time)
        case .takeover: takenOverAt = Self.newest(takenOverAt, time)
        case .release: releasedAt = Self.newest(releasedAt, time)
        case .handoff: handedOffAt = Self.newest(handedOffAt, time)
        }
    }

    public enum Change: Sendable, CaseIterable {
        case agentMessage, takeover, release, handoff
    }

    static func newest(_ first: Date?, _ second: Date?) -> Date? {
        switch (first, second) {
        case (let a?, let b?): max(a, b)
        case (let a?, nil): a
        case (nil, let b?): b
        case (nil, nil): nil
        }
    }
}
