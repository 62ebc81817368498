import Logging
import ServiceLifecycle
import Synchronization

/// Collects items from many tasks and writes them in batches: every `interval`, at
/// most `batchSize` per write, and once more on shutdown. A write that fails for an outage is
/// retried (with the items kept) so nothing is dropped while the database is briefly away. A write
/// that fails for what an item holds (`FailureClass.ownFault`) is repeated item by item: the items
/// that fail on their own go to `reject` (which must finish them, say with an error line), and
/// the rest are written, so one bad item never holds the others back.
public final class BatchWriter<Item: Sendable>: Sendable, Service {
    private struct State {
        var items: [Item] = []
        /// Items taken by a flush and not yet written (or put back).
        var writing = 0
    }

    private let state = Mutex(State())
    private let batchSize: Int
    private let interval: Duration
    private let write: @Sendable ([Item]) async throws -> Void
    private let reject: @Sendable (Item, any Error) async -> Void
    private let logger: Logger
    private let name: String

    public init(name: String, batchSize: Int = 500, interval: Duration = .milliseconds(200), logger: Logger,
                write: @escaping @Sendable ([Item]) async throws -> Void,
                reject: @escaping @Sendable (Item, any Error) async -> Void) {
        self.name = name
        self.batchSize = batchSize
        self.interval = interval
        self.logger = logger
        self.write = write
        self.reject = reject
    }

    /// Queues an item; never waits.
    public func append(_ item: Item) {
        state.withLock { $0.items.append(item) }
    }

    /// Items waiting to be written.
    public var pending: Int { state.withLock { $0.items.count } }

    /// Writes batches until graceful shutdown (or cancellation), then writes what is left.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                await self.flush(retrying: false)
            }
        }
        await flush(retrying: true)
    }

    /// Writes everything queued now and waits (up to `timeout`) for writes other tasks started.
    public func drain(timeout: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            await flush(retrying: true)
            if state.withLock({ $0.items.isEmpty && $0.writing == 0 }) { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Writes everything queued now. A failed batch stays queued; `retrying` tries again (a few
    /// times, for the final flush at shutdown) instead of leaving it for the next interval.
    public func flush(retrying: Bool) async {
        var failures = 0
        while true {
            let batch: [Item] = state.withLock { state in
                let batch = Array(state.items.prefix(batchSize))
                state.items.removeFirst(batch.count)
                state.writing += batch.count
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await write(batch)
                state.withLock { $0.writing -= batch.count }
            } catch where FailureClass.of(error) == .ownFault {
                await writeEach(batch)
                state.withLock { $0.writing -= batch.count }
            } catch {
                failures += 1
                state.withLock { state in
                    state.writing -= batch.count
                    state.items.insert(contentsOf: batch, at: 0)
                }
                guard retrying, failures < 10, !Task.isCancelled else {
                    logger.error("\(name): batch write failed", metadata: ["error": "\(error)", "waiting": "\(pending)"])
                    return
                }
                logger.warning("\(name): batch write failed; retrying", metadata: ["error": "\(error)", "items": "\(batch.count)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Writes the items of a failed batch one at a time; an item that still fails for its own
    /// reason is rejected, one that meets an outage is queued again.
    private func writeEach(_ batch: [Item]) async {
        for item in batch {
            do {
                try await write([item])
            } catch where FailureClass.of(error) == .ownFault {
                logger.error("\(name): an item cannot be written; it is set aside", metadata: ["error": "\(error)"])
                await reject(item, error)
            } catch {
                state.withLock { $0.items.append(item) }
            }
        }
    }
}
