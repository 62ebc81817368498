/// The topics of DESIGN.md under their default names.
enum DefaultTopics {
    static let inbound = "cs.inbound"
    static let agentEvents = "cs.agent-events"
    static let suggestions = "cs.suggestions"
    static let replies = "cs.replies"
    static let deadLetter = "cs.dead-letter"

    static let all = [inbound, agentEvents, suggestions, replies, deadLetter]
}
