/// Decides when to pause and resume consumption so a full worker slows its intake instead of
/// growing without bound. Hysteresis keeps it from flapping at the limit.
public struct IntakeGate: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case pause
        case resume
    }

    /// Pause when the load reaches this.
    public let limit: Int
    /// Resume when the load falls to this or below.
    public let resumeAt: Int
    public private(set) var isPaused = false

    public init(limit: Int, resumeFraction: Double = 0.75) {
        precondition(limit > 0, "limit must be positive")
        self.limit = limit
        self.resumeAt = min(limit - 1, max(0, Int(Double(limit) * resumeFraction)))
    }

    /// Reports the current load; returns an action when the gate changes state.
    public mutating func update(load: Int) -> Action? {
        if !isPaused, load >= limit {
            isPaused = true
            return .pause
        }
        if isPaused, load <= resumeAt {
            isPaused = false
            return .resume
        }
        return nil
    }
}
