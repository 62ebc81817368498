import Catalog
import Foundation

/// How aics takes part in a conversation for one customer message, once the binding's mode,
/// the agent's presence, the working hours and the agents' control are weighed.
public enum Behaviour: Sendable, Equatable {
    /// A suggestion for the agent; with a reply timeout (auto mode), the suggestion is sent to the
    /// customer when no agent wrote within it.
    case assist(replyTimeout: Duration?)
    /// The customer is answered automatically.
    case hosted

    /// What the facts make of `mode` (assist, hosted or auto; off never gets here).
    ///
    /// - hosted: automatic replies, except while a human handles the conversation (takeover
    ///   pause) or after a handoff: then suggestions only.
    /// - auto: the same pause and handoff rules; otherwise hosted while the agent is not online
    ///   or outside working hours, else a suggestion with the binding's reply timeout.
    public static func decide(
        mode: Mode, control: ConversationControl, agentOnline: Bool, workingHours: WorkingHours?, replyTimeout: Duration?,
        takeoverPause: Duration, now: Date
    ) -> Behaviour {
        switch mode {
        case .off, .assist:
            return .assist(replyTimeout: nil)
        case .hosted, .auto:
            if control.isHandedOff || control.isPaused(at: now, pause: takeoverPause) { return .assist(replyTimeout: nil) }
            guard mode == .auto else { return .hosted }
            let inWorkingHours = workingHours?.contains(now) ?? true
            return agentOnline && inWorkingHours ? .assist(replyTimeout: replyTimeout) : .hosted
        }
    }

    /// The mode the output is produced in (assist or hosted).
    public var effectiveMode: Mode {
        switch self {
        case .assist: .assist
        case .hosted: .hosted
        }
    }
}
