import Hummingbird
import Logging
import NIOCore

/// A Hummingbird server on 127.0.0.1 with an ephemeral port, for tests and benchmarks.
///
/// `start` returns once the socket is bound; `stop` shuts it down and waits for it.
public final class LocalServer: Sendable {
    /// The bound port on 127.0.0.1.
    public let port: Int
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// Starts serving `router` and returns once the server accepts connections.
    /// - Parameter backlog: listen backlog; tests open hundreds of connections at once.
    public static func start(
        router: Router<BasicRequestContext>,
        backlog: Int = 4096
    ) async throws -> LocalServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Stopping by cancellation makes Hummingbird log each open connection as an error.
        var logger = Logger(label: "aics.fakes.server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), backlog: backlog),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        // The server's lifetime is owned by this object: `stop()` cancels and awaits it.
        let task = Task { try await app.run() }
        for await port in ports where port > 0 {
            return LocalServer(port: port, task: task)
        }
        task.cancel()
        _ = try? await task.value
        throw LocalServerError.didNotStart
    }

    /// Stops accepting, closes connections and waits for the server to finish.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

public enum LocalServerError: Error, CustomStringConvertible {
    case didNotStart

    public var description: String { "the local HTTP server did not start" }
}
