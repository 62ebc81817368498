import CRdKafka
import Foundation
import Synchronization

/// The producer's dedicated thread: serves delivery reports until shutdown, then flushes,
/// purges what could not be delivered (so every waiting `send` gets an answer) and destroys the handle.
final class ProducerPollLoop: Sendable {
    private let handle: KafkaHandle
    private let gate: ProduceGate
    private let queueSpace: QueueSpace
    private let topics: TopicHandles
    private let stopRequested = Atomic<Bool>(false)
    private let flushTimeoutMilliseconds = Atomic<Int>(10_000)
    private let finish = Mutex<(done: Bool, waiters: [UnsafeContinuation<Void, Never>])>((false, []))

    init(handle: KafkaHandle, gate: ProduceGate, queueSpace: QueueSpace, topics: TopicHandles) {
        self.topics = topics
        self.handle = handle
        self.gate = gate
        self.queueSpace = queueSpace
    }

    func start(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Closes the gate and wakes the thread; the caller must hold no gate entry.
    func requestStop(flushTimeout: Duration) {
        let milliseconds = flushTimeout.components.seconds * 1000 + flushTimeout.components.attoseconds / 1_000_000_000_000_000
        flushTimeoutMilliseconds.store(Int(milliseconds), ordering: .sequentiallyConsistent)
        // Enter before closing so the handle outlives the yield below.
        let entered = gate.enter()
        _ = gate.close()
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        if entered {
            rd_kafka_yield(handle.pointer)
            gate.leave()
        }
    }

    /// Returns once the handle is destroyed.
    func waitUntilFinished() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let done = finish.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }

    private func run() {
        let rk = handle.pointer
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            if rd_kafka_poll(rk, 100) > 0 { queueSpace.signal() }
        }
        while !gate.isIdle { usleep(100) }
        rd_kafka_flush(rk, Int32(clamping: flushTimeoutMilliseconds.load(ordering: .sequentiallyConsistent)))
        // Whatever is left fails with _PURGE_QUEUE/_PURGE_INFLIGHT instead of leaving a sender waiting.
        rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
        var rounds = 0
        while rd_kafka_outq_len(rk) > 0 && rounds < 100 {
            rd_kafka_poll(rk, 50)
            rounds += 1
        }
        rd_kafka_poll(rk, 0)
        queueSpace.signal()
        topics.destroyAll()
        rd_kafka_destroy(rk)
        let waiters = finish.withLock { state in
            state.done = true
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
