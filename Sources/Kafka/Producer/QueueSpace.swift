import Synchronization

/// Lets producers wait, without spinning, until librdkafka has freed queue space after
/// `_QUEUE_FULL`. The poll thread calls `signal()` whenever it served delivery reports; a waiter
/// that observed an older epoch than the current one retries at once (no lost wake-ups).
final class QueueSpace: Sendable {
    private let epoch = Atomic<UInt64>(0)
    private let waiterCount = Atomic<Int>(0)
    private let waiters = Mutex<[UnsafeContinuation<Void, Never>]>([])

    /// Read before a produce call; pass to `wait(since:)` if that call found the queue full.
    var currentEpoch: UInt64 { epoch.load(ordering: .sequentiallyConsistent) }

    /// Returns once delivery reports were served after `observed` was read.
    func wait(since observed: UInt64) async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let resumeNow = waiters.withLock { list in
                waiterCount.add(1, ordering: .sequentiallyConsistent)
                if epoch.load(ordering: .sequentiallyConsistent) != observed {
                    waiterCount.subtract(1, ordering: .sequentiallyConsistent)
                    return true
                }
                list.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Called by the poll thread after serving events (and on shutdown): wakes every waiter.
    func signal() {
        epoch.add(1, ordering: .sequentiallyConsistent)
        guard waiterCount.load(ordering: .sequentiallyConsistent) > 0 else { return }
        let woken = waiters.withLock { list in
            let taken = list
            list.removeAll()
            waiterCount.subtract(taken.count, ordering: .sequentiallyConsistent)
            return taken
        }
        for continuation in woken { continuation.resume() }
    }
}
