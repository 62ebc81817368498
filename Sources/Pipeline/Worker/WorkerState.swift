import Kafka

/// One unit of work: an accepted message, or a record to dead-letter.
struct WorkerJob: Sendable {
    var record: KafkaMessage
    var decoded: Result<InboundMessage, InboundRejection>
    /// The partition's assignment epoch when the job was taken: a job that outlived a revocation
    /// must not mark offsets of a later assignment.
    var epoch: Int
    var key: String
}

/// What the intake loop and the jobs share, behind one lock: the scheduler, per-partition
/// progress, positions waiting to be committed, and the intake gate.
struct WorkerState {
    /// At most max-in-flight jobs run (each is a task); records taken beyond that wait as queue
    /// entries until the intake gate's pause takes effect.
    var scheduler: KeyedScheduler<WorkerJob>
    var progress: [KafkaTopicPartition: PartitionProgress] = [:]
    var epochs: [KafkaTopicPartition: Int] = [:]
    var running: [KafkaTopicPartition: Int] = [:]
    var pendingCommits: [KafkaTopicPartition: Int64] = [:]
    var gate: IntakeGate
    /// Messages answered and published whose history row is not written yet. Their offsets (and
    /// rows) wait; beyond one limit's worth they count against the in-flight limit, so a history
    /// writer that falls behind slows intake instead of letting them pile up without bound.
    var deferred = 0
    var nextEpoch = 1
    /// Key jobs by partition, not by conversation (`WorkerConfiguration.serialPartitions`).
    let serialPartitions: Bool

    /// Most messages worked on at once (each a running task).
    let maxInFlight: Int

    /// At most `maxInFlight` messages run; up to as many again wait in memory (read ahead, or
    /// behind their conversation), and intake pauses at twice the limit and resumes at one and a
    /// half. The reserve matters: librdkafka takes up to a second to deliver records again after a
    /// resume (measured with `aics bench`), and without it a busy worker ran dry meanwhile.
    /// Messages that may wait for their bot's admission (parked, and queued behind a parked
    /// conversation head) before they count against intake.
    let maxWaitingForBots: Int

    init(maxInFlight: Int, maxWaitingForBots: Int? = nil, serialPartitions: Bool = false) {
        self.maxInFlight = maxInFlight
        self.maxWaitingForBots = maxWaitingForBots ?? 2 * maxInFlight
        gate = IntakeGate(limit: 2 * maxInFlight, resumeFraction: 0.75)
        scheduler = KeyedScheduler(maxRunning: maxInFlight)
        self.serialPartitions = serialPartitions
    }

    mutating func assign(_ partitions: [KafkaTopicPartition]) {
        for partition in partitions {
            epochs[partition] = nextEpoch
            nextEpoch += 1
            progress[partition] = PartitionProgress()
        }
    }

    /// What the intake gate weighs: messages held (running and waiting), plus the messages waiting
    /// for their history row beyond one limit's worth (a batch of rows is written every 200 ms).
    ///
    /// Messages parked for their bot's admission, and the messages of their conversations waiting
    /// behind them, count only beyond `maxWaitingForBots`: that many may wait for limited or slow
    /// bots while intake goes on for the others (no head-of-line blocking across bots); past it,
    /// intake pauses like for any other load.
    var gateLoad: Int {
        let held = scheduler.parked + scheduler.waitingBehindParked
        return scheduler.running + (scheduler.waiting - scheduler.waitingBehindParked) + max(0, held - maxWaitingForBots)
            + max(0, deferred - maxInFlight)
    }

    /// A running job lends its slot while it waits for its bot; returns the jobs that start in it.
    /// (`running` per partition still counts the parked job: a revocation waits for it like for any task.)
    mutating func park(_ job: WorkerJob) -> [WorkerJob] {
        let started = scheduler.park(key: job.key)
        for next in started { running[next.record.topicPartition, default: 0] += 1 }
        return started
    }

    /// The parked job goes on.
    mutating func unpark(_ job: WorkerJob) {
        scheduler.unpark(key: job.key)
    }

    /// Takes a consumed record: tracks its offset and returns the job if it may start now.
    mutating func take(_ record: KafkaMessage, decoded: Result<InboundMessage, InboundRejection>) -> WorkerJob? {
        let partition = record.topicPartition
        if epochs[partition] == nil { assign([partition]) }
        guard progress[partition]!.track(record.offset) else { return nil }
        let key: String
        switch decoded {
        case .success where serialPartitions: key = "\u{2}partition\u{0}\(record.topic)\u{0}\(record.partition)"
        case .success(let message): key = message.tenantID + "\u{0}" + message.conversationID
        case .failure: key = "\u{1}dead-letter\u{0}\(record.partition)\u{0}\(record.offset)"
        }
        let job = WorkerJob(record: record, decoded: decoded, epoch: epochs[partition]!, key: key)
        let started = scheduler.submit(key: key, partition: record.partition, job: job)
        if let started { running[started.record.topicPartition, default: 0] += 1 }
        return started
    }

    /// A job ended (`done`: its message has its outcome). Returns the key's next job.
    mutating func end(_ job: WorkerJob, done: Bool) -> WorkerJob? {
        let partition = job.record.topicPartition
        running[partition, default: 1] -= 1
        if done { markFinished(job) }
        let next = scheduler.finish(key: job.key)
        if let next { running[next.record.topicPartition, default: 0] += 1 }
        return next
    }

    /// The job's message has its complete outcome: its offset may be committed.
    mutating func markFinished(_ job: WorkerJob) {
        let partition = job.record.topicPartition
        if epochs[partition] == job.epoch, let position = progress[partition]?.finish(job.record.offset) {
            pendingCommits[partition] = position
        }
    }

    /// Drops waiting jobs of revoked partitions; running ones are waited for by the caller.
    mutating func revoke(_ partitions: [KafkaTopicPartition]) {
        // The scheduler knows partitions by number; the worker reads one topic.
        _ = scheduler.revoke(partitions: Set(partitions.map(\.partition)))
    }

    /// Jobs that may start now that slots are free (after a revocation dropped ready jobs).
    mutating func startReadyJobs() -> [WorkerJob] {
        var started: [WorkerJob] = []
        while let job = scheduler.startReady() {
            running[job.record.topicPartition, default: 0] += 1
            started.append(job)
        }
        return started
    }

    /// Forgets revoked partitions after their last commit.
    mutating func forget(_ partitions: [KafkaTopicPartition]) {
        for partition in partitions {
            epochs[partition] = nil
            progress[partition] = nil
            pendingCommits[partition] = nil
        }
    }

    /// The partitions assigned now, as the rebalance events told.
    var assignedPartitions: [KafkaTopicPartition] { Array(epochs.keys) }

    func runningCount(in partitions: [KafkaTopicPartition]) -> Int {
        partitions.reduce(0) { $0 + max(0, running[$1] ?? 0) }
    }

    mutating func takeCommits(_ only: [KafkaTopicPartition]? = nil) -> [KafkaTopicPartition: Int64] {
        guard let only else {
            defer { pendingCommits.removeAll() }
            return pendingCommits
        }
        var taken: [KafkaTopicPartition: Int64] = [:]
        for partition in only { taken[partition] = pendingCommits.removeValue(forKey: partition) }
        return taken
    }
}
