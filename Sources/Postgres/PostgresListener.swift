import CLibPQ
import Foundation
import Logging

extension PostgresPool {
    /// Subscribes to `LISTEN` on `channels` over a dedicated connection driven by a thread of its
    /// own. The sequence yields `.listening` each time LISTEN takes effect (first connect and every
    /// reconnect after the server went away) and every notification. It ends when the consumer
    /// stops iterating (the thread then closes the connection within a fraction of a second).
    public func listen(to channels: [String]) -> AsyncStream<PostgresListenerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: PostgresListenerEvent.self, bufferingPolicy: .unbounded)
        let loop = ListenerLoop(configuration: configuration, channels: channels, logger: logger, continuation: continuation)
        continuation.onTermination = { _ in loop.stop() }
        let thread = Thread { loop.run() }
        thread.name = "aics.postgres.listen"
        thread.start()
        return stream
    }
}

/// The listening connection's loop: connect, LISTEN, wait on the socket, reconnect with backoff.
final class ListenerLoop: Sendable {
    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let logger: Logger
    private let continuation: AsyncStream<PostgresListenerEvent>.Continuation
    private let stopped = Locked(false)
    /// How long one wait on the socket lasts: the bound on noticing `stop()`.
    private static let pollMilliseconds: Int32 = 100

    init(configuration: PostgresConfiguration, channels: [String], logger: Logger, continuation: AsyncStream<PostgresListenerEvent>.Continuation) {
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
        self.continuation = continuation
    }

    func stop() {
        stopped.withLock { $0 = true }
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    func run() {
        var backoff = 0.05
        while !isStopped {
            do {
                let session = try LibPQSession.open(configuration, logger: logger)
                defer { session.close() }
                try session.executeScript(channels.map { "LISTEN \(LibPQSession.quoteIdentifier($0))" }.joined(separator: "; "))
                backoff = 0.05
                logger.debug("listening", metadata: ["channels": "\(channels.joined(separator: ","))"])
                continuation.yield(.listening)
                waitForNotifications(on: session)
                if !isStopped { logger.warning("postgres listen connection lost; reconnecting") }
            } catch {
                logger.warning("postgres listen connection failed; retrying", metadata: ["error": "\(error)"])
            }
            sleepUnlessStopped(seconds: backoff)
            backoff = min(backoff * 2, 1)
        }
        continuation.finish()
    }

    /// Returns when stopped or when the connection died.
    private func waitForNotifications(on session: LibPQSession) {
        while !isStopped {
            var descriptor = pollfd(fd: session.socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.pollMilliseconds)
            if ready < 0, errno != EINTR { return }
            guard ready > 0 else { continue }
            guard session.consumeInput() else { return }
            session.drainNotifications { continuation.yield(.notification($0)) }
        }
    }

    private func sleepUnlessStopped(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopped, Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
