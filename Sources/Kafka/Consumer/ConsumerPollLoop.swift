import CRdKafka
import Foundation
import Logging
import Synchronization

/// The consumer's dedicated thread. It polls librdkafka in batches and hands them to the reader
/// through a `ConsumerHandoff` (at most two batches ahead of the reader; librdkafka's own queue
/// limits bound the rest), serves the rebalance callback, and on close leaves the group and
/// destroys the handle.
///
/// Fields marked "poll thread" are touched only by that thread (the rebalance callback runs on it).
final class ConsumerPollLoop: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var handoff = ConsumerHandoff<NativeBatch, UnsafeContinuation<NativeBatch?, Never>>(depth: 2)
    private var finished = false
    private var closeWaiters: [UnsafeContinuation<Void, Never>] = []
    private var consumerQueue: OpaquePointer?

    /// Set when the reader's task was cancelled or close began: ends the current poll early.
    private let interrupted = Atomic<Bool>(false)

    // Poll thread.
    private var handle: KafkaHandle?
    private var batch = NativeBatch()
    /// Messages of the current `rd_kafka_consume_batch_queue` call (zeroed before each call, so
    /// the rebalance callback can tell how many messages came before its event).
    private let slots: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    /// Rebalance events seen by the callback during the current call, at their position among the messages.
    private var rebalances: [PendingRebalance] = []

    private struct PendingRebalance {
        var position: Int
        var event: KafkaConsumerEvent
        /// For a revocation: the native list to unassign once the reader has seen the event.
        var revokeList: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    }

    private let maxBatchSize: Int
    private let logger: Logger
    /// Runs commits and the final destroy, in order.
    let worker: BlockingWorker
    /// True while the handle may be used by calls made outside the worker (pause, resume).
    let alive = Mutex<Bool>(true)
    /// Reader side: converts handed-over batches.
    private let converter: MessageConverter
    /// Batches handed to the reader and not yet converted; the handle outlives them.
    private let unconverted = Atomic<Int>(0)

    init(maxBatchSize: Int, logger: Logger) {
        self.maxBatchSize = max(1, maxBatchSize)
        self.logger = logger
        self.converter = MessageConverter(logger: logger)
        self.worker = BlockingWorker(name: "kafka-consumer-commit")
        self.slots = .allocate(capacity: self.maxBatchSize)
        batch.items.reserveCapacity(self.maxBatchSize + 2)
    }

    deinit {
        slots.deallocate()
    }

    func start(handle: KafkaHandle) {
        self.handle = handle
        consumerQueue = rd_kafka_queue_get_consumer(handle.pointer)
        let thread = Thread { [self] in run() }
        thread.name = "kafka-consumer-poll"
        thread.start()
    }

    // MARK: Reader side

    /// The next batch of events: nil once closing, empty if the task was cancelled.
    func nextBatch() async -> [KafkaConsumerEvent]? {
        guard let native = await nextNativeBatch() else { return nil }
        if native.isEmpty { return [] }
        let events = converter.convert(native)
        unconverted.subtract(1, ordering: .sequentiallyConsistent)
        return events
    }

    private func nextNativeBatch() async -> NativeBatch? {
        // Fast path: a batch is ready, no suspension.
        if let batch = takeReady() { return batch }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<NativeBatch?, Never>) in
                condition.lock()
                let action = handoff.readerAsks(continuation, isCancelled: Task.isCancelled)
                condition.broadcast()
                condition.unlock()
                switch action {
                case .take(let batch): continuation.resume(returning: batch)
                case .end: continuation.resume(returning: nil)
                case .cancelled: continuation.resume(returning: NativeBatch())
                case .wait: break
                }
            }
        } onCancel: {
            condition.lock()
            if handoff.hasWaitingReader {
                interrupted.store(true, ordering: .sequentiallyConsistent)
                if let consumerQueue { rd_kafka_queue_yield(consumerQueue) }
            }
            condition.unlock()
        }
    }

    /// A ready batch, if there is one and the consumer is not closing.
    private func takeReady() -> NativeBatch? {
        condition.lock()
        defer { condition.unlock() }
        let batch = handoff.takeReady()
        if batch != nil { condition.broadcast() }
        return batch
    }

    /// Starts leaving the group and returns once the handle is destroyed.
    func close() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            condition.lock()
            if finished {
                condition.unlock()
                continuation.resume()
                return
            }
            closeWaiters.append(continuation)
            let ended = beginCloseLocked()
            condition.unlock()
            endReader(ended)
        }
    }

    /// Starts closing without waiting (used by deinit).
    func requestClose() {
        condition.lock()
        let ended = beginCloseLocked()
        condition.unlock()
        endReader(ended)
    }

    private func beginCloseLocked() -> (endReader: UnsafeContinuation<NativeBatch?, Never>?, discarded: [NativeBatch]) {
        let ended = handoff.close()
        interrupted.store(true, ordering: .sequentiallyConsistent)
        if let consumerQueue { rd_kafka_queue_yield(consumerQueue) }
        condition.broadcast()
        return ended
    }

    /// Ends a waiting reader and destroys batches it will not take (outside the lock).
    private func endReader(_ ended: (endReader: UnsafeContinuation<NativeBatch?, Never>?, discarded: [NativeBatch])) {
        ended.endReader?.resume(returning: nil)
        for batch in ended.discarded {
            batch.destroy()
            unconverted.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    // MARK: Poll thread

    /// Fills the next batch while the reader works on the previous one (at most one batch ahead),
    /// then hands it over when the reader asks.
    private func run() {
        while !isClosing {
            fillBatch()
        }
        shutDown()
    }

    /// Blocks until the reader has taken every ready batch and asks for the next; false once closing.
    private func waitForRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !handoff.readerCaughtUp && !handoff.closing { condition.wait() }
        return !handoff.closing
    }

    /// Polls until at least one event is in the batch (or the poll is interrupted), then delivers.
    ///
    /// Messages come in batches (`rd_kafka_consume_batch_queue`: one queue lock per batch, not per
    /// message): first whatever is queued, else a wait of up to 100 ms for one message plus what
    /// queued behind it.
    private func fillBatch() {
        let queue = consumerQueue!
        let capacity = maxBatchSize
        while batch.isEmpty {
            if interrupted.load(ordering: .sequentiallyConsistent) { break }
            slots.update(repeating: nil, count: capacity)
            var count = rd_kafka_consume_batch_queue(queue, 0, slots, capacity)
            if count == 0 && rebalances.isEmpty {
                count = rd_kafka_consume_batch_queue(queue, 100, slots, 1)
                if count == 1 {
                    count += rd_kafka_consume_batch_queue(queue, 0, slots + 1, capacity - 1)
                }
            }
            take(max(count, 0))
        }
        deliver()
    }

    /// Moves the slots' messages into the batch, with rebalance events at their place. After a
    /// revocation, the reader gets everything up to it first; the unassign follows its next request.
    private func take(_ count: Int) {
        var index = 0
        var revoked: Set<KafkaTopicPartition> = []
        let pending = rebalances
        rebalances.removeAll()
        for rebalance in pending {
            while index < rebalance.position && index < count {
                append(slots[index]!, skipping: revoked)
                index += 1
            }
            batch.items.append(.event(rebalance.event))
            if case .partitionsRevoked(let partitions) = rebalance.event, let list = rebalance.revokeList {
                deliver()
                _ = waitForRequest()
                unassign(list)
                rd_kafka_topic_partition_list_destroy(list)
                revoked.formUnion(partitions)
            }
        }
        while index < count {
            append(slots[index]!, skipping: revoked)
            index += 1
        }
    }

    private func unassign(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let rk = handle!.pointer
        if String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE" {
            if let failure = rd_kafka_incremental_unassign(rk, list) { logger.error("unassign failed: \(KafkaError(consuming: failure))") }
        } else {
            rd_kafka_assign(rk, nil)
        }
    }

    /// Hands the batch over as `handoff` decides: to a waiting reader, into the ready queue (after
    /// waiting for room), or, when closing, to destruction.
    private func deliver() {
        let handed = batch
        batch = NativeBatch()
        batch.items.reserveCapacity(maxBatchSize + 2)
        condition.lock()
        if !handoff.closing { interrupted.store(false, ordering: .sequentiallyConsistent) }
        while true {
            switch handoff.deliver(handed, isEmpty: handed.isEmpty) {
            case .waitForRoom:
                condition.wait()
                continue
            case .queued:
                unconverted.add(1, ordering: .sequentiallyConsistent)
                condition.unlock()
            case .resume(let reader, let batch):
                if !handed.isEmpty { unconverted.add(1, ordering: .sequentiallyConsistent) }
                condition.unlock()
                reader.resume(returning: batch)
            case .discard(let reader):
                condition.unlock()
                handed.destroy()
                reader?.resume(returning: nil)
            case .none:
                condition.unlock()
            }
            return
        }
    }

    /// Adds a message to the batch, or destroys it if it belongs to a partition revoked earlier in
    /// the same librdkafka batch (its next owner reads it from the committed offset).
    private func append(_ message: UnsafeMutablePointer<rd_kafka_message_t>, skipping revoked: Set<KafkaTopicPartition>) {
        if !revoked.isEmpty, let topic = message.pointee.rkt {
            let partition = KafkaTopicPartition(topic: String(cString: rd_kafka_topic_name(topic)), partition: message.pointee.partition)
            if revoked.contains(partition) {
                rd_kafka_message_destroy(message)
                return
            }
        }
        batch.items.append(.message(message))
    }

    /// The rebalance callback (runs inside `rd_kafka_consume_batch_queue` or the consumer close).
    /// Assignments are applied at once; a revocation is only recorded with its position among the
    /// batch's messages: `take` hands it to the reader and unassigns after the reader's next request.
    /// While closing, revocations are applied at once and not reported.
    func rebalance(_ rk: OpaquePointer, _ error: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        // NULL once the consumer has left its group (seen while closing after SIGTERM: a force
        // unwrap here crashed a draining worker); only "COOPERATIVE" needs the incremental calls.
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let partitions = TopicPartitionList.partitions(of: list)
        var position = 0
        while position < maxBatchSize && slots[position] != nil { position += 1 }
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.debug("partitions assigned", metadata: ["partitions": "\(partitions)"])
            if cooperative {
                if let failure = rd_kafka_incremental_assign(rk, list) { logger.error("assign failed: \(KafkaError(consuming: failure))") }
            } else {
                let result = rd_kafka_assign(rk, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { logger.error("assign failed: \(KafkaError(result))") }
            }
            if !isClosing { rebalances.append(PendingRebalance(position: position, event: .partitionsAssigned(partitions))) }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.debug("partitions revoked", metadata: ["partitions": "\(partitions)"])
            if isClosing || list == nil {
                if cooperative {
                    if let failure = rd_kafka_incremental_unassign(rk, list) { logger.error("unassign failed: \(KafkaError(consuming: failure))") }
                } else {
                    rd_kafka_assign(rk, nil)
                }
            } else {
                rebalances.append(PendingRebalance(position: position, event: .partitionsRevoked(partitions), revokeList: rd_kafka_topic_partition_list_copy(list)))
            }
        default:
            logger.error("rebalance error: \(KafkaError(error))")
            rd_kafka_assign(rk, nil)
        }
    }

    private var isClosing: Bool {
        condition.lock()
        defer { condition.unlock() }
        return handoff.closing
    }

    private func shutDown() {
        let rk = handle!.pointer
        deliver()
        let result = rd_kafka_consumer_close(rk)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { logger.warning("consumer close: \(KafkaError(result))") }
        condition.lock()
        if let consumerQueue { rd_kafka_queue_destroy(consumerQueue) }
        consumerQueue = nil
        condition.unlock()
        let handle = self.handle!
        // Messages handed to the reader hold references librdkafka waits for on destroy.
        var waited = 0
        while unconverted.load(ordering: .sequentiallyConsistent) > 0 && waited < 5000 {
            usleep(1000)
            waited += 1
        }
        // On the worker, so that commits queued before close run first.
        let destroyed = worker.enqueueIfRunning { [self] in
            alive.withLock { isAlive in
                isAlive = false
                rd_kafka_destroy(handle.pointer)
            }
            finish()
        }
        if !destroyed {
            alive.withLock { isAlive in
                isAlive = false
                rd_kafka_destroy(handle.pointer)
            }
            finish()
        }
        worker.stop()
    }

    private func finish() {
        condition.lock()
        finished = true
        let waiters = closeWaiters
        closeWaiters.removeAll()
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }
}
