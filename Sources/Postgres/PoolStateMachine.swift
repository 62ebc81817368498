/// The pool's bookkeeping as a value: idle connections, how many exist or are being opened, and
/// who waits. It performs no I/O; `PostgresPool` carries out the actions it returns.
struct PoolStateMachine<Connection, Waiter> {
    /// What an acquiring task does next.
    enum AcquireAction {
        /// Use this idle connection.
        case use(Connection)
        /// Open a new connection (a slot is reserved for it).
        case open
        /// Wait until `release` or `slotFreed` hands something over.
        case wait
        /// The pool is shut down.
        case fail
    }

    /// What the pool does after a connection came back or a slot became free.
    enum HandOver {
        case none
        /// Give this connection to the waiter.
        case give(Connection, to: Waiter)
        /// Let the waiter open a connection in the freed slot.
        case letOpen(Waiter)
        /// Close the connection (the pool is shut down).
        case close(Connection)
    }

    let capacity: Int
    private(set) var idle: [Connection] = []
    /// Connections that exist, are lent out or are being opened.
    private(set) var open = 0
    private(set) var waiters: [(id: Int, waiter: Waiter)] = []
    private(set) var isShutdown = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func acquire(id: Int, waiter: Waiter) -> AcquireAction {
        if isShutdown { return .fail }
        if let connection = idle.popLast() { return .use(connection) }
        if open < capacity {
            open += 1
            return .open
        }
        waiters.append((id, waiter))
        return .wait
    }

    /// A healthy connection comes back.
    mutating func release(_ connection: Connection) -> HandOver {
        if isShutdown {
            open -= 1
            return .close(connection)
        }
        if !waiters.isEmpty {
            return .give(connection, to: waiters.removeFirst().waiter)
        }
        idle.append(connection)
        return .none
    }

    /// A connection was discarded, or opening one failed: its slot is free.
    mutating func slotFreed() -> HandOver {
        if !isShutdown, !waiters.isEmpty {
            return .letOpen(waiters.removeFirst().waiter)
        }
        open -= 1
        return .none
    }

    /// A waiting task was cancelled; returns its waiter if it was still waiting.
    mutating func cancelWaiting(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).waiter
    }

    /// Stops the pool: returns idle connections to close and waiters to fail.
    mutating func shutdown() -> (close: [Connection], fail: [Waiter]) {
        isShutdown = true
        let connections = idle
        open -= idle.count
        idle = []
        let failed = waiters.map(\.waiter)
        waiters = []
        return (connections, failed)
    }
}
