/// The topic names the worker reads and writes (DESIGN.md defaults, overridable).
public struct WorkerTopics: Sendable, Equatable {
    public var inbound = "cs.inbound"
    public var agentEvents = "cs.agent-events"
    public var suggestions = "cs.suggestions"
    public var replies = "cs.replies"
    public var deadLetter = "cs.dead-letter"

    public init() {}

    /// The configured name of an output's topic.
    func topic(for kind: Output.Kind) -> String {
        switch kind {
        case .suggestion, .suggestionFailed: suggestions
        case .answer, .fallback, .handoff, .holding: replies
        }
    }
}
