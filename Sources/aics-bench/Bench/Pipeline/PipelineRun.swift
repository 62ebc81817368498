import Catalog
import Fakes
import Foundation
import Kafka
import Logging
import Providers

/// Runs one scenario end to end: a fresh embedded Kafka cluster, a fake Dify with the scenario's
/// delay, a tenant with a bot and a hosted binding, worker processes, warm-up, the measured load,
/// the wait for every output, the checks and the figures.
struct PipelineRun {
    let spec: ScenarioSpec
    let database: BenchDatabase
    let workerOptions: WorkerLaunchOptions
    let runTag: String
    /// The local Postgres server's processes, for the CPU split; nil when it is remote.
    let postgres: PostgresServerProcesses?
    let logDirectory: URL
    let logger: Logger

    static let accountID = "bench-account"

    func run() async throws -> ScenarioResult {
        try await EmbeddedKafkaCluster.with { cluster in try await run(on: cluster) }
    }

    private func run(on cluster: EmbeddedKafkaCluster) async throws -> ScenarioResult {
        let topics = (inbound: "cs.inbound", replies: "cs.replies", suggestions: "cs.suggestions", deadLetter: "cs.dead-letter")
        try cluster.createTopic(topics.inbound, partitions: spec.partitions)
        for topic in [topics.replies, topics.suggestions, topics.deadLetter, "cs.agent-events"] {
            try cluster.createTopic(topic, partitions: spec.partitions)
        }

        // A one-entry knowledge base without citations: the fake shares the 2 cores with the
        // workers, and searching the sample FAQ and encoding its sources cost it more than a worker
        // spends per message. A real provider runs elsewhere.
        let fake = try await DifyFake.start(DifyFake.Configuration(
            knowledgeBase: FakeKnowledgeBase(entries: [KnowledgeEntry(question: LoadProducer.questions[0], answer: "Returns are free within 30 days.")]),
            citationsEnabled: false,
            latency: spec.providerDelay > .zero ? .fixed(spec.providerDelay) : .none))
        let tenantID = "\(runTag)-tenant"
        let plan = LoadPlan(tag: runTag, messages: spec.messages, conversations: spec.conversations)
        try await database.prepareTenant(tenantID, accountID: Self.accountID, baseURL: fake.baseURL, appKey: fake.appKey, mode: .hosted)

        let epoch = ContinuousClock.now
        let clock: @Sendable () -> Double = { Self.seconds(ContinuousClock.now - epoch) }
        let collector = try OutputCollector(plan: plan, bootstrapServers: cluster.bootstrapServers,
                                            topics: [topics.replies, topics.suggestions], groupID: "\(runTag)-collector")
        let collecting = Task { await collector.run(clock: clock) }

        var workers: [WorkerProcess] = []
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers))
        let load = LoadProducer(producer: producer, topic: topics.inbound, tenantID: tenantID, accountID: Self.accountID)
        var produced: [Double] = []
        var failures: [String] = []
        var exitStatuses: [Int32?] = []
        var sampler = ProcessSampler(pids: [])
        do {
            for index in 0..<spec.workers {
                workers.append(try WorkerProcess(
                    name: "\(spec.key)-worker-\(index + 1)", executable: try WorkerProcess.aicsExecutable(),
                    arguments: workerOptions.arguments(group: "\(runTag)-workers", maxInFlight: spec.maxInFlight, serialPartitions: spec.serialPartitions),
                    environment: workerOptions.environment(brokers: cluster.bootstrapServers, database: database),
                    logURL: logDirectory.appendingPathComponent("\(runTag)-worker-\(index + 1).log")))
            }
            sampler = ProcessSampler(pids: workers.map(\.pid), postgres: postgres)
            let sampling = Task { [sampler] in await sampler.run(interval: .milliseconds(250), clock: clock) }
            defer { sampling.cancel() }

            // Warm-up: one message on fresh conversations per partition and a few more, until all are
            // answered (group joined, partitions assigned, connections open).
            let warmUps = spec.partitions * 2
            try await load.warmUp(plan, count: warmUps)
            try await waitUntil(timeout: .seconds(90) + spec.providerDelay * 4, workers: workers, what: "warm-up outputs") {
                collector.snapshot.warmUpOutputs >= warmUps
            }
            if spec.workers > 1 { try await Task.sleep(for: .seconds(2)) }

            produced = try await load.produce(plan, rate: spec.offeredRate, clock: clock)
            let expectedSeconds = Double(spec.messages) / (spec.littleLimit ?? 2000) + spec.providerDelaySeconds
            try await waitForOutputs(collector: collector, workers: workers, stall: .seconds(30) + spec.providerDelay * 3,
                                     limit: .seconds(max(900, expectedSeconds * 10)))
            sampler.sample(at: clock())
        } catch {
            failures.append("run aborted: \(error)")
        }
        await producer.shutdown()
        let stopped = await WorkerProcess.stopAll(workers)
        exitStatuses += stopped.statuses
        failures += stopped.failures
        // Let outputs published during shutdown arrive before the books close.
        try? await Task.sleep(for: .milliseconds(500))
        collecting.cancel()
        await collector.close()
        await fake.stop()
        let ledger = (try? await database.ledgerOutcomes(tenantID: tenantID, plan: plan)) ?? -1
        return ScenarioFigures(spec: spec, book: collector.snapshot, produced: produced, sampler: sampler,
                               ledgerOutcomes: ledger, exitStatuses: exitStatuses, earlierFailures: failures).result()
    }

    /// Waits until every measured message has an output, failing when nothing arrives for `stall`
    /// or the whole wait exceeds `limit`, or a worker dies.
    private func waitForOutputs(collector: OutputCollector, workers: [WorkerProcess], stall: Duration, limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        var lastCount = -1
        var lastProgress = ContinuousClock.now
        while true {
            let answered = collector.snapshot.answered
            if answered >= spec.messages { return }
            if answered != lastCount { lastCount = answered; lastProgress = .now }
            if let dead = workers.first(where: { !$0.isRunning }) { throw BenchFailure("\(dead.name) exited during the run:\n\(dead.logTail())") }
            if ContinuousClock.now - lastProgress > stall { throw BenchFailure("no output for \(stall) with \(answered) of \(spec.messages) answered") }
            if ContinuousClock.now > deadline { throw BenchFailure("gave up after \(limit) with \(answered) of \(spec.messages) answered") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func waitUntil(timeout: Duration, workers: [WorkerProcess], what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if let dead = workers.first(where: { !$0.isRunning }) { throw BenchFailure("\(dead.name) exited while waiting for \(what):\n\(dead.logTail())") }
            if ContinuousClock.now > deadline { throw BenchFailure("no \(what) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func seconds(_ duration: Duration) -> Double { duration.seconds }
}

/// A benchmark run that could not be completed or measured.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
