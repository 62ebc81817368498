/// One job at a time per key, any number of keys at once up to `maxRunning`, FIFO within a key.
///
/// The pipeline keys jobs by conversation so that a conversation's answers leave in the order
/// its messages arrived, while a slow answer in one conversation never holds up the others.
/// Beyond `maxRunning` running jobs, a job whose key is idle waits in a ready queue (FIFO), so
/// a burst of records costs queue entries rather than running tasks.
/// The scheduler only decides; the caller runs the jobs and reports when one finishes.
public struct KeyedScheduler<Job: Sendable>: Sendable {
    private struct Waiting: Sendable {
        var partition: Int32
        var key: String
        var job: Job
    }

    /// Keys with a running or ready job, and the jobs waiting behind it.
    private var queues: [String: [Waiting]] = [:]
    /// Jobs whose key is free, waiting for a running slot.
    private var ready: [Waiting] = []
    private var readyHead = 0
    public let maxRunning: Int

    /// Jobs started and not yet finished.
    public private(set) var running = 0
    /// Jobs waiting behind a running job of the same key or for a running slot.
    public private(set) var waiting = 0
    /// Started jobs that lent their slot while they wait for something outside (their bot's
    /// admission). They keep their key: the key's next job still waits behind them.
    public private(set) var parked = 0
    /// Keys whose running job is parked, and how many waiting jobs sit behind such keys (part of
    /// `waiting`): the worker weighs them like parked jobs, not like work ready to run.
    private var parkedKeys: Set<String> = []
    public private(set) var waitingBehindParked = 0

    public init(maxRunning: Int = .max) {
        self.maxRunning = max(1, maxRunning)
    }

    /// Everything the scheduler holds: the measure for back pressure.
    public var load: Int { running + waiting + parked }

    /// Adds a job. Returns it when it may start now (its key idle, a slot free); otherwise it waits.
    public mutating func submit(key: String, partition: Int32, job: Job) -> Job? {
        if queues[key] != nil {
            queues[key]!.append(Waiting(partition: partition, key: key, job: job))
            waiting += 1
            if parkedKeys.contains(key) { waitingBehindParked += 1 }
            return nil
        }
        queues[key] = []
        guard running < maxRunning else {
            ready.append(Waiting(partition: partition, key: key, job: job))
            waiting += 1
            return nil
        }
        running += 1
        return job
    }

    /// Reports that the running job of `key` finished. Returns the next job to start in its place,
    /// if any: the oldest ready job (the key's own next job joins the ready queue first when slots are short).
    public mutating func finish(key: String) -> Job? {
        guard var queue = queues[key] else { return nil }
        running -= 1
        if queue.isEmpty {
            queues[key] = nil
        } else {
            let next = queue.removeFirst()
            queues[key] = queue
            if running < maxRunning && readyCount == 0 {
                // The common case: the key's next job takes the slot at once.
                waiting -= 1
                running += 1
                return next.job
            }
            ready.append(next)
        }
        return startReady()
    }

    /// Drops the waiting jobs of revoked partitions and returns them. Running jobs are the
    /// caller's to finish or abandon; their `finish` calls stay valid.
    public mutating func revoke(partitions: Set<Int32>) -> [Job] {
        var dropped: [Job] = []
        var freedKeys: [String] = []
        var keptReady: [Waiting] = []
        for entry in ready[readyHead...] {
            if partitions.contains(entry.partition) {
                dropped.append(entry.job)
                freedKeys.append(entry.key)
            } else {
                keptReady.append(entry)
            }
        }
        ready = keptReady
        readyHead = 0
        for key in queues.keys {
            guard let queue = queues[key], queue.contains(where: { partitions.contains($0.partition) }) else { continue }
            let (gone, kept) = queue.reduce(into: ([Job](), [Waiting]())) { result, entry in
                if partitions.contains(entry.partition) { result.0.append(entry.job) } else { result.1.append(entry) }
            }
            dropped += gone
            queues[key] = kept
        }
        // A dropped ready job held its key: hand the key to its next job, or free it.
        for key in freedKeys {
            guard var queue = queues[key] else { continue }
            if queue.isEmpty {
                queues[key] = nil
            } else {
                ready.append(queue.removeFirst())
                queues[key] = queue
            }
        }
        waiting -= dropped.count
        waitingBehindParked = parkedKeys.reduce(0) { $0 + (queues[$1]?.count ?? 0) }
        return dropped
    }

    /// Starts ready jobs while slots are free (after `revoke`, or when the caller raised capacity);
    /// one per call, nil when none may start.
    public mutating func startReady() -> Job? {
        guard running < maxRunning, readyHead < ready.count else { return nil }
        let next = ready[readyHead]
        readyHead += 1
        if readyHead > 1024, readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        waiting -= 1
        running += 1
        return next.job
    }

    /// A running job waits for something that needs no slot: its slot goes to others. Returns the
    /// ready jobs that may start in it (usually one).
    public mutating func park(key: String) -> [Job] {
        running -= 1
        parked += 1
        if parkedKeys.insert(key).inserted { waitingBehindParked += queues[key]?.count ?? 0 }
        var started: [Job] = []
        while let job = startReady() { started.append(job) }
        return started
    }

    /// A parked job goes on: it runs again at once, even if that briefly takes the running count
    /// above `maxRunning` (the next finishing job then leaves its slot free).
    public mutating func unpark(key: String) {
        parked -= 1
        running += 1
        if parkedKeys.remove(key) != nil { waitingBehindParked -= queues[key]?.count ?? 0 }
    }

    private var readyCount: Int { ready.count - readyHead }
}
