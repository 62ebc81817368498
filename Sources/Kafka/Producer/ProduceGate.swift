import Synchronization

/// Keeps produce calls off a handle that is being shut down: every produce call enters the gate
/// (two atomic operations, no lock); shutdown closes it and waits until no call is inside.
final class ProduceGate: Sendable {
    private let closed = Atomic<Bool>(false)
    private let active = Atomic<Int>(0)

    /// False when the gate is closed; otherwise the caller must call `leave()`.
    func enter() -> Bool {
        active.add(1, ordering: .sequentiallyConsistent)
        if closed.load(ordering: .sequentiallyConsistent) {
            active.subtract(1, ordering: .sequentiallyConsistent)
            return false
        }
        return true
    }

    func leave() {
        active.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// Closes the gate; returns false if it was already closed.
    func close() -> Bool {
        !closed.exchange(true, ordering: .sequentiallyConsistent)
    }

    var isIdle: Bool { active.load(ordering: .sequentiallyConsistent) == 0 }
}
