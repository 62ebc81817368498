import Foundation
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// auto mode's reply timeouts: every worker runs one. It claims due timers in `reply_timers`
/// (SKIP LOCKED, so each fires in one worker), sends their stored replies on `cs.replies`, and
/// marks them sent with a history row. A worker killed after claiming leaves the timer firing;
/// when its lease runs out another worker sends the same bytes (same reply_id) — late, never twice
/// different.
public final class ReplyTimerService: Service, Sendable {
    let store: ReplyTimerStore
    let producer: KafkaProducer
    let metrics: PipelineMetrics
    let logger: Logger
    let pollInterval: Duration
    let batchSize: Int

    public init(
        pool: PostgresPool, producer: KafkaProducer, metrics: PipelineMetrics, logger: Logger,
        pollInterval: Duration = .milliseconds(100), lease: Duration = .seconds(30), batchSize: Int = 500
    ) {
        self.store = ReplyTimerStore(pool: pool, lease: lease)
        self.producer = producer
        self.metrics = metrics
        self.logger = logger
        self.pollInterval = pollInterval
        self.batchSize = batchSize
    }

    public func run() async throws {
        var lastCount = ContinuousClock.now - .seconds(60)
        await DuePoller.run("reply timers", interval: pollInterval, logger: logger) {
            let full = try await fireDue() == batchSize
            if ContinuousClock.now - lastCount >= .seconds(5) {
                metrics.replyTimersPending(try await store.pendingCount())
                lastCount = ContinuousClock.now
            }
            return full
        }
    }

    /// Fires one batch of due timers; returns how many were claimed.
    func fireDue() async throws -> Int {
        let claimed = try await store.claimDue(limit: batchSize)
        guard !claimed.isEmpty else { return 0 }
        for timer in claimed where !timer.firing {
            metrics.replyTimer("cancelled", reason: timer.cancelReason ?? "unknown")
            logger.debug("reply timer cancelled", metadata: metadata(timer).merging(["reason": "\(timer.cancelReason ?? "-")"]) { $1 })
        }
        let firing = claimed.filter(\.firing)
        let sent = await withTaskGroup(of: Int64?.self) { group in
            for timer in firing {
                group.addTask {
                    do {
                        try await self.producer.send(
                            topic: timer.topic, key: Array(timer.conversationID.utf8), value: Array(timer.payload.utf8),
                            headers: [KafkaHeader(name: "content-type", value: "application/json"), KafkaHeader(name: "tenant-id", value: timer.tenantID)])
                        return timer.id
                    } catch {
                        // The lease runs out and the timer is tried again.
                        self.logger.warning("reply timer: the reply could not be sent", metadata: self.metadata(timer).merging(["error": "\(error)"]) { $1 })
                        return nil
                    }
                }
            }
            var sent: [Int64] = []
            for await id in group { if let id { sent.append(id) } }
            return sent
        }
        try await store.markSent(sent)
        let sentIDs = Set(sent)
        for timer in firing where sentIDs.contains(timer.id) {
            metrics.replyTimer("sent")
            metrics.replyTimerFired(lateness: .milliseconds(Int64(max(0, timer.now.timeIntervalSince(timer.dueAt)) * 1000)))
            logger.debug("reply timeout: suggestion sent as a reply", metadata: metadata(timer))
        }
        return claimed.count
    }

    private func metadata(_ timer: ReplyTimerStore.Claimed) -> Logger.Metadata {
        ["tenant": "\(timer.tenantID)", "conversation": "\(timer.conversationID)", "timer": "\(timer.id)"]
    }
}
