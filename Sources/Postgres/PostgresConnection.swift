import Dispatch
import Logging

/// A connection lent by `PostgresPool`. Every blocking libpq call runs on the connection's own
/// serial queue, never on the cooperative pool; async callers wait on a continuation.
/// Use a connection from one task at a time, only inside the closure that lent it.
public final class PostgresConnection: Sendable {
    let session: LibPQSession
    private let queue: DispatchQueue
    private let broken = Locked(false)
    /// The current statement's progress, shared with its cancellation handler. One per connection
    /// (statements run one at a time) rather than one allocation per statement.
    private let progress = Locked(StatementProgress())

    private init(session: LibPQSession, queue: DispatchQueue) {
        self.session = session
        self.queue = queue
    }

    /// Opens a connection on a new serial queue of its own.
    static func connect(_ configuration: PostgresConfiguration, logger: Logger, label: String) async throws(PostgresError) -> PostgresConnection {
        let queue = DispatchQueue(label: label)
        let result: Result<LibPQSession, PostgresError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(PostgresError) in try LibPQSession.open(configuration, logger: logger) })
            }
        }
        return PostgresConnection(session: try result.get(), queue: queue)
    }

    /// Runs one parameterised statement and returns its rows. Values never enter the SQL text:
    /// refer to them as `$1`, `$2`, ... (add casts such as `$1::jsonb` or `$2::text[]` where the
    /// server cannot infer the type). A text parameter (or array element) containing U+0000 is
    /// refused with `.invalidParameter` before anything is sent: Postgres text cannot store it.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws(PostgresError) -> PostgresRows {
        try await perform { session throws(PostgresError) in try session.execute(sql, parameters) }
    }

    /// Runs a statement and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws(PostgresError) -> Int {
        try await query(sql, parameters).affectedRows
    }

    /// Runs SQL text of several statements without parameters (migrations, fixed DDL we wrote).
    public func executeScript(_ sql: String) async throws(PostgresError) {
        try await perform { session throws(PostgresError) in try session.executeScript(sql) }
    }

    /// Sends every statement in pipeline mode (many per round trip) and returns each one's
    /// affected-row count. Statements after a failed one are skipped by the server; the first
    /// error is thrown. Wrap the call in a transaction to make the batch atomic. A statement with a
    /// U+0000 in a text parameter makes the whole pipeline fail with `.invalidParameter` before any
    /// statement is sent.
    public func pipeline(_ statements: [PostgresStatement]) async throws(PostgresError) -> [Int] {
        try await perform { session throws(PostgresError) in try PipelineRunner(session: session).run(statements) }
    }

    /// Rolls back the open transaction, even in a cancelled task (the connection must return clean).
    func rollback() async throws(PostgresError) {
        try await perform(cancellable: false) { session throws(PostgresError) in _ = try session.execute("ROLLBACK", []) }
    }

    /// True once a statement found the connection dead; the pool then discards it.
    var isBroken: Bool { broken.withLock { $0 } }

    /// Closes the connection once queued work is done.
    func close() {
        queue.async { self.session.close() }
    }

    /// Runs `body` on the connection's queue; a cancelled Task cancels the running statement.
    private func perform<T: Sendable>(
        cancellable: Bool = true,
        _ body: @escaping @Sendable (LibPQSession) throws(PostgresError) -> T
    ) async throws(PostgresError) -> T {
        if cancellable, Task.isCancelled { throw PostgresError(.cancelled, message: "the task was cancelled before the statement ran") }
        progress.withLock { $0 = StatementProgress() }
        let result: Result<T, PostgresError> = await withTaskCancellationHandler {
            // Unsafe rather than checked: resumed exactly once, below, on every path.
            await withUnsafeContinuation { continuation in
                queue.async { [self] in
                    let cancelledEarly = progress.withLock { state in
                        state.running = !state.cancelled
                        return state.cancelled
                    }
                    if cancelledEarly {
                        continuation.resume(returning: .failure(PostgresError(.cancelled, message: "the task was cancelled before the statement ran")))
                        return
                    }
                    let result = Result { () throws(PostgresError) in try body(session) }
                    progress.withLock { $0.running = false }
                    continuation.resume(returning: result)
                }
            }
        } onCancel: {
            guard cancellable else { return }
            let running = progress.withLock { state in
                state.cancelled = true
                return state.running
            }
            if running { session.cancel() }
        }
        if case .failure(let error) = result, error.kind == .connectionLost {
            broken.withLock { $0 = true }
        }
        return try result.get()
    }
}

/// Whether the statement is on the server now, and whether its task was cancelled before it got there.
private struct StatementProgress {
    var running = false
    var cancelled = false
}

/// A statement with its parameters, for pipelines.
public struct PostgresStatement: Sendable {
    public var sql: String
    public var parameters: [any PostgresEncodable]

    public init(_ sql: String, _ parameters: [any PostgresEncodable] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}
