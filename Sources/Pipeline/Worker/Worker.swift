import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// `aics worker`'s pipeline: reads `cs.inbound` in batches, runs one message at a time per
/// conversation and thousands of conversations at once, commits per partition the position
/// below which everything is finished, and pauses intake when full.
///
/// Run it in a `ServiceGroup` after the producer and the batch writers it uses: on graceful
/// shutdown it stops taking messages, lets in-flight ones finish within the shutdown timeout,
/// commits and leaves the group; the writers and the producer flush after it.
public final class Worker: Sendable, Service {
    let consumer: KafkaConsumer
    let handler: MessageHandler
    let decoder: InboundDecoder
    let configuration: WorkerConfiguration
    let logger: Logger
    private let state: Mutex<WorkerState>
    private let stopped = Atomic<Bool>(false)
    private let pauses = Atomic<Int>(0)
    /// Whether the consumer's partitions are paused now, as last applied; held while applying so
    /// that pauses and resumes reach librdkafka in the order the gate decided them.
    private let appliedPause = Mutex<Bool>(false)
    /// Jobs that start outside the intake loop (in the slot a parked job lent): `run()` starts them.
    private let launches: AsyncStream<WorkerJob>
    private let launch: AsyncStream<WorkerJob>.Continuation

    public init(consumer: KafkaConsumer, handler: MessageHandler, configuration: WorkerConfiguration, logger: Logger) {
        self.consumer = consumer
        self.handler = handler
        self.decoder = InboundDecoder(schemas: TopicSchemas(), maxBytes: configuration.maxRecordBytes)
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(WorkerState(
            maxInFlight: configuration.maxInFlight, maxWaitingForBots: configuration.maxWaitingForBots,
            serialPartitions: configuration.serialPartitions))
        (launches, launch) = AsyncStream.makeStream(of: WorkerJob.self)
    }

    /// Messages held now (running and waiting).
    public var load: Int { state.withLock { $0.scheduler.load } }

    /// How often intake was paused because the worker was full.
    public var intakePauses: Int { pauses.load(ordering: .relaxed) }

    /// Partitions assigned now, as the rebalance events told (readiness: the worker takes messages).
    public var assignedPartitionCount: Int { state.withLock { $0.epochs.count } }

    /// Why the worker is not ready to take messages (`/readyz`), or nil when it has partitions.
    public var notReadyReason: String? { assignedPartitionCount > 0 ? nil : "no partitions assigned" }

    /// Per assigned partition, the records not finished yet: librdkafka's cached high watermark
    /// minus the position below which this worker finished everything (its next commit; the
    /// fetch position before it tracked any record; an empty partition has none). Partitions
    /// whose figures are not known yet (nothing fetched) are left out.
    public func consumerLag() -> [KafkaTopicPartition: Int64] {
        let positions = state.withLock { state in state.epochs.keys.map { ($0, state.progress[$0]?.commitPosition) } }
        let fetched = consumer.fetchOffsets(positions.map(\.0))
        var lags: [KafkaTopicPartition: Int64] = [:]
        for (partition, done) in positions {
            guard let offsets = fetched[partition], let high = offsets.highWatermark,
                  let done = done ?? offsets.position ?? (offsets.lowWatermark == high ? high : nil) else { continue }
            lags[partition] = max(0, high - done)
        }
        return lags
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.commitLoop() }
            group.addTask {
                await withDiscardingTaskGroup { launched in
                    for await job in self.launches { launched.addTask { await self.runChain(from: job) } }
                }
            }
            await intake(into: &group)
            logger.info("worker stopping: finishing in-flight messages", metadata: ["in_flight": "\(load)"])
            let deadline = ContinuousClock.now + configuration.shutdownTimeout
            while load > 0, ContinuousClock.now < deadline, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if load > 0 {
                logger.warning("shutdown timeout: abandoning in-flight messages; they will be redelivered", metadata: ["in_flight": "\(load)"])
            }
            stopped.store(true, ordering: .sequentiallyConsistent)
            group.cancelAll()
        }
        // Offsets wait for their history rows: write them before the last commit.
        await handler.history.drain()
        await commitPending()
        await consumer.close()
        logger.info("worker stopped")
    }

    // MARK: Intake

    private func intake(into group: inout DiscardingTaskGroup) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let consumer = self.consumer
            guard let batch = await cancelWhenGracefulShutdown({ await consumer.nextBatch() }) else { return }
            for event in batch {
                switch event {
                case .message(let record):
                    let decoded = record.topic == configuration.topics.inbound
                        ? decoder.decode(record.value)
                        : .failure(InboundRejection(.schema, "unexpected topic \(record.topic)"))
                    let (job, action) = state.withLock { state in
                        let job = state.take(record, decoded: decoded)
                        return (job, state.gate.update(load: state.gateLoad))
                    }
                    apply(action)
                    if let job { group.addTask { await self.runChain(from: job) } }
                case .partitionsAssigned(let partitions):
                    state.withLock { $0.assign(partitions) }
                    logger.info("partitions assigned", metadata: ["partitions": "\(partitions)"])
                    // A newly assigned partition starts unpaused; pause it if intake is paused now.
                    appliedPause.withLock { paused in
                        if paused { try? consumer.pause(partitions) }
                    }
                case .partitionsRevoked(let partitions):
                    await revoke(partitions)
                    for job in state.withLock({ $0.startReadyJobs() }) {
                        group.addTask { await self.runChain(from: job) }
                    }
                }
            }
        }
    }

    /// Brings the consumer in line with the gate. The gate decides under the state lock, but
    /// several tasks apply its decisions: each applies the gate's state as it is when it holds
    /// `appliedPause` (not the action it was handed), so a pause can never land after a later
    /// resume and leave the partitions paused. The partitions are the worker's own record of its
    /// assignment (librdkafka's `rd_kafka_assignment` waits for its main thread: not here).
    private func apply(_ action: IntakeGate.Action?) {
        guard let action else { return }
        if action == .pause { pauses.add(1, ordering: .relaxed) }
        appliedPause.withLock { applied in
            let (paused, partitions) = state.withLock { ($0.gate.isPaused, $0.assignedPartitions) }
            guard paused != applied else { return }
            do {
                if paused { try consumer.pause(partitions) } else { try consumer.resume(partitions) }
                applied = paused
                logger.debug(paused ? "intake paused" : "intake resumed", metadata: ["partitions": "\(partitions.count)"])
            } catch {
                logger.warning("could not pause or resume intake", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Jobs

    /// Runs a conversation's jobs one after another until its queue is empty.
    private func runChain(from first: WorkerJob) async {
        var job = first
        while true {
            let outcome = await process(job)
            let (next, action) = state.withLock { state in
                if outcome == .deferred { state.deferred += 1 }
                let next = state.end(job, done: outcome == .done)
                return (next, state.gate.update(load: state.gateLoad))
            }
            apply(action)
            guard let next else { return }
            job = next
        }
    }

    private enum JobOutcome {
        /// The message has its complete outcome.
        case done
        /// Complete once its history row is written (the writer marks the offset then).
        case deferred
        /// Cancelled or stopped before an outcome: the message will be redelivered.
        case abandoned
    }

    /// Gives the job its outcome. Outages are retried until they pass (or the worker stops);
    /// failures of the message's own spend its attempt budget (`AttemptBudget`), after which it
    /// ends as a recorded failure with a dead letter.
    private func process(_ job: WorkerJob) async -> JobOutcome {
        var backoff: Duration = .milliseconds(200)
        var previous: FailureClass?
        var ownFailures = 0
        var lastError: String?
        while !Task.isCancelled, !stopped.load(ordering: .relaxed) {
            do {
                switch job.decoded {
                case .success(let message) where handler.budget.isExhausted(localFailures: ownFailures):
                    try await handler.giveUp(message, record: job.record, lastError: lastError)
                    return .done
                case .success(let message):
                    let countAttempt = handler.budget.countsNextClaim(after: previous)
                    let deferred = try await handler.handle(
                        message, record: job.record, countAttempt: countAttempt, lending: lending(for: job)
                    ) { [self] in
                        let action = self.state.withLock { state in
                            state.markFinished(job)
                            state.deferred -= 1
                            return state.gate.update(load: state.gateLoad)
                        }
                        self.apply(action)
                    }
                    return deferred ? .deferred : .done
                case .failure(let rejection):
                    try await handler.deadLetter(job.record, rejection)
                    handler.metrics.finished(.deadLetter)
                    return .done
                }
            } catch {
                if Task.isCancelled { return .abandoned }
                let failureClass = FailureClass.of(error)
                previous = failureClass
                lastError = String(utf8Prefix: "\(error)".storable, maxBytes: 1000)
                var metadata: Logger.Metadata = [
                    "partition": "\(job.record.partition)", "offset": "\(job.record.offset)", "error": "\(error)",
                    "failure": "\(failureClass == .outage ? "outage" : "own")",
                ]
                if case .success(let message) = job.decoded {
                    metadata["tenant"] = "\(message.tenantID)"
                    metadata["conversation"] = "\(message.conversationID)"
                    metadata["message"] = "\(message.messageID)"
                    if failureClass == .ownFault {
                        ownFailures += 1
                        await handler.noteAttemptFailed(message, error: error)
                    }
                }
                logger.error("message failed; retrying", metadata: metadata)
                handler.metrics.retried(.message)
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
            }
        }
        return .abandoned
    }

    /// While a message waits for its bot, its slot runs other messages (`SlotLending`).
    private func lending(for job: WorkerJob) -> SlotLending {
        SlotLending(
            willWait: { [self] in
                let (started, action) = state.withLock { state in (state.park(job), state.gate.update(load: state.gateLoad)) }
                for job in started { launch.yield(job) }
                apply(action)
            },
            didWait: { [self] in
                apply(state.withLock { state in
                    state.unpark(job)
                    return state.gate.update(load: state.gateLoad)
                })
            })
    }

    // MARK: Offsets

    private func commitLoop() async {
        while !stopped.load(ordering: .sequentiallyConsistent), !Task.isCancelled {
            try? await Task.sleep(for: configuration.commitInterval)
            await commitPending()
        }
    }

    private func commitPending(_ partitions: [KafkaTopicPartition]? = nil) async {
        let positions = state.withLock { $0.takeCommits(partitions) }
        guard !positions.isEmpty else { return }
        do {
            try await consumer.commit(positions)
        } catch {
            logger.warning("commit failed; will retry", metadata: ["error": "\(error)"])
            // Put back what was not superseded by a newer position meanwhile.
            state.withLock { state in
                for (partition, position) in positions where state.epochs[partition] != nil {
                    if let newer = state.pendingCommits[partition], newer >= position { continue }
                    state.pendingCommits[partition] = position
                }
            }
        }
    }

    /// Drops waiting work of revoked partitions, waits briefly for running work, commits what is
    /// done, and forgets the partitions. Abandoned messages are redelivered to the new owner and
    /// the ledger keeps them from being answered twice.
    private func revoke(_ partitions: [KafkaTopicPartition]) async {
        logger.info("partitions revoked", metadata: ["partitions": "\(partitions)"])
        state.withLock { $0.revoke(partitions) }
        let deadline = ContinuousClock.now + configuration.revokeTimeout
        while state.withLock({ $0.runningCount(in: partitions) }) > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await handler.history.drain(timeout: .seconds(2))
        await commitPending(partitions)
        let action = state.withLock { state in
            state.forget(partitions)
            return state.gate.update(load: state.gateLoad)
        }
        apply(action)
    }
}
