/// One job at a time per key, any number of keys at once, FIFO within a key.
///
/// The pipeline keys jobs by conversation so that a conversation's answers leave in the order
/// its messages arrived, while a slow answer in one conversation never holds up the others.
/// The scheduler only decides; the caller runs the jobs and reports when one finishes.
public struct KeyedScheduler<Job: Sendable>: Sendable {
    private struct Waiting: Sendable {
        var partition: Int32
        var job: Job
    }

    /// Keys with a running job, and the jobs waiting behind it.
    private var queues: [String: [Waiting]] = [:]

    /// Jobs started and not yet finished.
    public private(set) var running = 0
    /// Jobs waiting behind a running job of the same key.
    public private(set) var waiting = 0

    public init() {}

    /// Everything the scheduler holds: the measure for back pressure.
    public var load: Int { running + waiting }

    /// Adds a job. Returns it when it may start now (its key was idle); otherwise it waits.
    public mutating func submit(key: String, partition: Int32, job: Job) -> Job? {
        if queues[key] != nil {
            queues[key]!.append(Waiting(partition: partition, job: job))
            waiting += 1
            return nil
        }
        queues[key] = []
        running += 1
        return job
    }

    /// Reports that the running job of `key` finished. Returns the key's next job to start, if any.
    public mutating func finish(key: String) -> Job? {
        guard var queue = queues[key] else { return nil }
        running -= 1
        guard !queue.isEmpty else {
            queues[key] = nil
            return nil
        }
        let next = queue.removeFirst()
        queues[key] = queue
        waiting -= 1
        running += 1
        return next.job
    }

    /// Drops the waiting jobs of revoked partitions and returns them. Running jobs are the
    /// caller's to finish or abandon; their `finish` calls stay valid.
    public mutating func revoke(partitions: Set<Int32>) -> [Job] {
        var dropped: [Job] = []
        for key in queues.keys {
            guard let queue = queues[key], queue.contains(where: { partitions.contains($0.partition) }) else { continue }
            let (gone, kept) = queue.reduce(into: ([Job](), [Waiting]())) { result, entry in
                if partitions.contains(entry.partition) { result.0.append(entry.job) } else { result.1.append(entry) }
            }
            dropped += gone
            queues[key] = kept
        }
        waiting -= dropped.count
        return dropped
    }
}
