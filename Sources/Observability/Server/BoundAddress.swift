import Synchronization

/// The address a server ended up listening on, or why it never did; waited for by `listening()`.
final class BoundAddress: Sendable {
    private enum State {
        case waiting([CheckedContinuation<ListenAddress, any Error>])
        case done(Result<ListenAddress, OperationsServerError>)
    }

    private let state = Mutex(State.waiting([]))

    /// The first result wins (a server that stops after listening stays "listening" here).
    func resolve(_ result: Result<ListenAddress, OperationsServerError>) {
        let waiters: [CheckedContinuation<ListenAddress, any Error>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }

    func wait() async throws -> ListenAddress {
        try await withCheckedThrowingContinuation { continuation in
            let done: Result<ListenAddress, OperationsServerError>? = state.withLock { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let done { continuation.resume(with: done.mapError { $0 as any Error }) }
        }
    }
}

public enum OperationsServerError: Error, CustomStringConvertible {
    case cannotListen(ListenAddress, String)
    case stopped(ListenAddress)

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason): "cannot serve the operations endpoints on \(address): \(reason)"
        case .stopped(let address): "the operations endpoints on \(address) stopped before they listened"
        }
    }
}
