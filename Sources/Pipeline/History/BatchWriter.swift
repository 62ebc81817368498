import Logging
import ServiceLifecycle
import Synchronization

/// Collects items from many tasks and writes them in batches: every `interval`, at
/// most `batchSize` per write, and once more on shutdown. A failed write is retried (with the items kept)
/// so nothing is dropped while the database is briefly away.
public final class BatchWriter<Item: Sendable>: Sendable, Service {
    private struct State {
        var items: [Item] = []
    }

    private let state = Mutex(State())
    private let batchSize: Int
    private let interval: Duration
    private let write: @Sendable ([Item]) async throws -> Void
    private let logger: Logger
    private let name: String

    public init(name: String, batchSize: Int = 500, interval: Duration = .milliseconds(200), logger: Logger,
                write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.name = name
        self.batchSize = batchSize
        self.interval = interval
        self.logger = logger
        self.write = write
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

    /// Writes everything queued now.
    public func flush(retrying: Bool) async {
        while true {
            let batch: [Item] = state.withLock { state in
                let batch = Array(state.items.prefix(batchSize))
                state.items.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await write(batch)
            } catch {
                logger.error("\(name): batch write failed; retrying", metadata: ["error": "\(error)", "items": "\(batch.count)"])
                state.withLock { $0.items.insert(contentsOf: batch, at: 0) }
                if !retrying { return }
                try? await Task.sleep(for: .milliseconds(500))
                if Task.isCancelled, !retrying { return }
            }
        }
    }
}
