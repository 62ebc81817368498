/// How a bot takes part in a conversation (`bindings.mode`).
public enum Mode: String, Sendable, Codable, CaseIterable {
    /// aics stays silent.
    case off
    /// Every customer message yields a suggestion for the agent.
    case assist
    /// Every customer message is answered automatically.
    case hosted
    /// Hosted while no agent is online or outside working hours, else assist with a reply timeout.
    case auto
}
