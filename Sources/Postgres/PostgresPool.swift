import Logging

/// A pool of Postgres connections with an async API. Connections open on demand up to
/// `configuration.poolSize`; a connection that died (server restart, network) is discarded and
/// the next acquire opens a fresh one. Idle connections are checked without blocking before
/// they are lent, so a restart usually costs no failed statement at all.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    let logger: Logger
    private typealias Machine = PoolStateMachine<PostgresConnection, CheckedContinuation<Lease, any Error>>
    private let state: Locked<(machine: Machine, nextID: Int)>

    /// What a waiter receives.
    private enum Lease {
        case connection(PostgresConnection)
        case open
    }

    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        state = Locked((Machine(capacity: configuration.poolSize), 0))
    }

    /// Lends a connection to `body` and takes it back afterwards, even when `body` throws.
    public func withConnection<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    /// Runs `body` inside BEGIN ... COMMIT; any error thrown by `body` or by COMMIT rolls back
    /// and is rethrown.
    public func withTransaction<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.query("BEGIN")
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT")
                return value
            } catch {
                if !connection.isBroken {
                    // A failed rollback leaves the transaction open; release() then discards the connection.
                    do { try await connection.rollback() } catch { logger.debug("rollback failed", metadata: ["error": "\(error)"]) }
                }
                throw error
            }
        }
    }

    /// Runs one parameterised statement on any connection of the pool.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await withConnection { try await $0.execute(sql, parameters) }
    }

    /// Closes idle connections, fails waiting tasks and closes lent connections as they return.
    public func shutdown() {
        let (connections, waiters) = state.withLock { $0.machine.shutdown() }
        connections.forEach { $0.close() }
        waiters.forEach { $0.resume(throwing: PostgresError(.poolShutdown, message: "the pool was shut down")) }
    }

    // MARK: - Lending

    func acquire() async throws -> PostgresConnection {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        // The continuation is only stored when the machine says wait; otherwise resumed at once.
        let lease: Lease = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let action = state.withLock { $0.machine.acquire(id: id, waiter: continuation) }
                switch action {
                case .use(let connection): continuation.resume(returning: .connection(connection))
                case .open: continuation.resume(returning: .open)
                case .wait:
                    // Cancelled before the handler could see this waiter: leave the queue now.
                    if Task.isCancelled, let waiter = state.withLock({ $0.machine.cancelWaiting(id: id) }) {
                        waiter.resume(throwing: PostgresError(.cancelled, message: "cancelled while waiting for a connection"))
                    }
                case .fail: continuation.resume(throwing: PostgresError(.poolShutdown, message: "the pool was shut down"))
                }
            }
        } onCancel: {
            if let waiter = state.withLock({ $0.machine.cancelWaiting(id: id) }) {
                waiter.resume(throwing: PostgresError(.cancelled, message: "cancelled while waiting for a connection"))
            }
        }
        switch lease {
        case .connection(let connection):
            if connection.session.isAlive() { return connection }
            logger.debug("discarding a dead idle postgres connection")
            connection.close()
            return try await openConnection()
        case .open:
            return try await openConnection()
        }
    }

    /// Opens a connection in a slot already reserved for the caller.
    private func openConnection() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration, logger: logger, label: "aics.postgres.connection")
        } catch {
            logger.warning("could not connect to postgres", metadata: ["error": "\(error)"])
            handOver(state.withLock { $0.machine.slotFreed() })
            throw error
        }
    }

    func release(_ connection: PostgresConnection) {
        if connection.isBroken || !connection.session.isReusable {
            connection.close()
            handOver(state.withLock { $0.machine.slotFreed() })
        } else {
            handOver(state.withLock { $0.machine.release(connection) })
        }
    }

    private func handOver(_ action: Machine.HandOver) {
        switch action {
        case .none: break
        case .give(let connection, let waiter): waiter.resume(returning: .connection(connection))
        case .letOpen(let waiter): waiter.resume(returning: .open)
        case .close(let connection): connection.close()
        }
    }
}
