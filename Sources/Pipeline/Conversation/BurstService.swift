import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// Bursts (merge window): every worker runs one. It claims bursts whose window closed (SKIP
/// LOCKED: each is answered by one worker; a conversation's bursts in order) and answers each
/// with one output listing every message (`MessageHandler.answerBurst`). A burst is done once
/// its history row is written; a worker killed before leaves it to another when its lease ends.
public final class BurstService: Service, Sendable {
    let store: BurstStore
    let handler: MessageHandler
    let logger: Logger
    let pollInterval: Duration
    let batchSize: Int
    /// Bursts answered at once by this worker at most (each may wait for its provider); the
    /// rest stay due in Postgres for the next poll, here or in another worker.
    let maxAnswering: Int
    private let answering = Atomic<Int>(0)

    public init(
        pool: PostgresPool, handler: MessageHandler, logger: Logger, pollInterval: Duration = .milliseconds(100), batchSize: Int = 200,
        maxAnswering: Int = 1000
    ) {
        self.maxAnswering = maxAnswering
        self.store = BurstStore(pool: pool)
        self.handler = handler
        self.logger = logger
        self.pollInterval = pollInterval
        self.batchSize = batchSize
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            await DuePoller.run("bursts", interval: pollInterval, logger: logger) {
                let room = min(batchSize, maxAnswering - answering.load(ordering: .relaxed))
                guard room > 0 else { return false }
                let claimed = try await store.claimDue(limit: room)
                answering.add(claimed.count, ordering: .relaxed)
                for burst in claimed {
                    group.addTask {
                        await self.answer(burst)
                        self.answering.subtract(1, ordering: .relaxed)
                    }
                }
                return claimed.count == batchSize
            }
        }
    }

    private func answer(_ burst: BurstStore.Claimed) async {
        let store = self.store
        let logger = self.logger
        let id = burst.id
        let markDone: @Sendable () -> Void = {
            Task {
                do { try await store.markDone(id) } catch {
                    logger.warning("bursts: could not mark a burst done; it is answered again (same output) after its lease", metadata: ["burst": "\(id)", "error": "\(error)"])
                }
            }
        }
        do {
            let deferred = burst.members.isEmpty ? false : try await handler.answerBurst(burst.members, historyWritten: markDone)
            if !deferred { try await store.markDone(id) }
        } catch {
            // Left answering, tried again in a few seconds (by any worker); its attempts are counted.
            logger.error("bursts: answering failed; retried after the lease", metadata: [
                "burst": "\(id)", "conversation": "\(burst.members.first?.message.conversationID ?? "-")", "error": "\(error)",
            ])
            if let newest = burst.members.last?.message { await handler.noteAttemptFailed(newest, error: error) }
            try? await store.retry(id, after: .seconds(5))
        }
    }
}
