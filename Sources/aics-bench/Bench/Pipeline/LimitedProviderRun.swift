import Catalog
import Fakes
import Foundation
import Kafka
import Logging
import Providers

/// Runs the limited-provider scenario (`LimitedProviderSpec`) end to end: a fresh embedded Kafka
/// cluster, two fake Difys (one capped, one not), two tenants each with a bot and a hosted
/// binding, worker processes, warm-up, phase 1 (the other tenant alone), phase 2 (the capped
/// backlog at once beside the other tenant's load), the checks and the figures.
struct LimitedProviderRun {
    let spec: LimitedProviderSpec
    let database: BenchDatabase
    let workerOptions: WorkerLaunchOptions
    let runTag: String
    let postgres: PostgresServerProcesses?
    let logDirectory: URL
    let withTargets: Bool
    let logger: Logger

    var cappedTenant: String { "\(runTag)-capped-tenant" }
    var otherTenant: String { "\(runTag)-other-tenant" }

    func run() async throws -> LimitedProviderResult {
        try await EmbeddedKafkaCluster.with { cluster in try await run(on: cluster) }
    }

    private func run(on cluster: EmbeddedKafkaCluster) async throws -> LimitedProviderResult {
        // One-entry knowledge bases without citations, as in PipelineRun: the fakes share the cores.
        let knowledge = FakeKnowledgeBase(entries: [KnowledgeEntry(question: LoadProducer.questions[0], answer: "Returns are free within 30 days.")])
        let cappedFake = try await DifyFake.start(DifyFake.Configuration(
            knowledgeBase: knowledge, citationsEnabled: false, maxActiveRequests: spec.cap, latency: .fixed(spec.cappedDelay)))
        let otherFake: DifyFake
        do {
            otherFake = try await DifyFake.start(DifyFake.Configuration(knowledgeBase: knowledge, citationsEnabled: false, latency: .fixed(spec.otherDelay)))
        } catch {
            await cappedFake.stop()
            throw error
        }
        do {
            let result = try await run(on: cluster, cappedFake: cappedFake, otherFake: otherFake)
            await cappedFake.stop()
            await otherFake.stop()
            return result
        } catch {
            await cappedFake.stop()
            await otherFake.stop()
            throw error
        }
    }

    private func run(on cluster: EmbeddedKafkaCluster, cappedFake: DifyFake, otherFake: DifyFake) async throws -> LimitedProviderResult {
        let topics = (inbound: "cs.inbound", replies: "cs.replies", suggestions: "cs.suggestions", deadLetter: "cs.dead-letter")
        for topic in [topics.inbound, topics.replies, topics.suggestions, topics.deadLetter, "cs.agent-events"] {
            try cluster.createTopic(topic, partitions: spec.partitions)
        }
        let cappedBot = try await database.prepareTenant(
            cappedTenant, accountID: PipelineRun.accountID, baseURL: cappedFake.baseURL, appKey: cappedFake.appKey, mode: .hosted,
            limits: BotLimits(maxConcurrency: spec.cappedBotMaxConcurrency))
        try await database.prepareTenant(otherTenant, accountID: PipelineRun.accountID, baseURL: otherFake.baseURL, appKey: otherFake.appKey, mode: .hosted)

        let plans = (
            capped: LoadPlan(tag: "\(runTag)-capped", messages: spec.cappedMessages, conversations: spec.cappedConversations),
            alone: LoadPlan(tag: "\(runTag)-alone", messages: spec.otherMessages, conversations: spec.otherConversations),
            beside: LoadPlan(tag: "\(runTag)-beside", messages: spec.otherMessages, conversations: spec.otherConversations))
        let epoch = ContinuousClock.now
        let clock: @Sendable () -> Double = { PipelineRun.seconds(ContinuousClock.now - epoch) }
        // One collector per load; each reads all outputs and books its own plan's.
        let collectors = try (capped: collector(plans.capped, cluster), alone: collector(plans.alone, cluster), beside: collector(plans.beside, cluster))
        let collecting = [collectors.capped, collectors.alone, collectors.beside].map { collector in Task { await collector.run(clock: clock) } }

        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers))
        let loads = (
            capped: LoadProducer(producer: producer, topic: topics.inbound, tenantID: cappedTenant, accountID: PipelineRun.accountID),
            other: LoadProducer(producer: producer, topic: topics.inbound, tenantID: otherTenant, accountID: PipelineRun.accountID))
        var workers: [WorkerProcess] = []
        var produced = (capped: [Double](), alone: [Double](), beside: [Double]())
        var phaseTwoStart = 0.0
        var refusedBefore = 0
        var failures: [String] = []
        var exitStatuses: [Int32?] = []
        var sampler = ProcessSampler(pids: [])
        var watching: Task<[LimitedProviderResult.AdmissionSample], Never>?
        do {
            for index in 0..<spec.workers {
                workers.append(try WorkerProcess(
                    name: "\(spec.key)-worker-\(index + 1)", executable: try WorkerProcess.aicsExecutable(),
                    arguments: workerOptions.arguments(group: "\(runTag)-workers", maxInFlight: spec.maxInFlight, serialPartitions: false),
                    environment: workerOptions.environment(brokers: cluster.bootstrapServers, database: database),
                    logURL: logDirectory.appendingPathComponent("\(runTag)-worker-\(index + 1).log")))
            }
            sampler = ProcessSampler(pids: workers.map(\.pid), postgres: postgres)
            let sampling = Task { [sampler] in await sampler.run(interval: .milliseconds(250), clock: clock) }
            defer { sampling.cancel() }

            // Warm-up: the other tenant on every partition; the capped tenant below its cap, so that
            // the worker meets the cap (and learns it) only in phase 2.
            let otherWarmUps = spec.partitions * 2, cappedWarmUps = min(spec.cap / 2, spec.partitions)
            try await loads.other.warmUp(plans.alone, count: otherWarmUps)
            try await loads.capped.warmUp(plans.capped, count: cappedWarmUps)
            try await waitFor("warm-up outputs", workers: workers, stall: .seconds(90), limit: .seconds(90)) {
                (min(collectors.alone.snapshot.warmUpOutputs, otherWarmUps) + min(collectors.capped.snapshot.warmUpOutputs, cappedWarmUps),
                 otherWarmUps + cappedWarmUps)
            }
            if spec.workers > 1 { try await Task.sleep(for: .seconds(2)) }

            // Phase 1: the other tenant alone.
            produced.alone = try await loads.other.produce(plans.alone, rate: spec.otherRate, clock: clock)
            try await waitFor("answers alone", workers: workers, stall: .seconds(30), limit: .seconds(300)) {
                (collectors.alone.snapshot.answered, spec.otherMessages)
            }
            sampler.sample(at: clock())

            // Phase 2: the capped backlog at once, the other tenant's load beside it.
            refusedBefore = cappedFake.tooManyRequests
            phaseTwoStart = clock()
            watching = Task { [phaseTwoStart] in await watchAdmission(bot: cappedBot, since: phaseTwoStart, clock: clock) }
            async let cappedTimes = loads.capped.produce(plans.capped, rate: nil, clock: clock)
            async let besideTimes = loads.other.produce(plans.beside, rate: spec.otherRate, clock: clock)
            (produced.capped, produced.beside) = try await (cappedTimes, besideTimes)
            let expected = Double(spec.cappedMessages) / spec.capThroughput
            try await waitFor("answers beside the backlog", workers: workers, stall: .seconds(30), limit: .seconds(max(300, expected * 10))) {
                (collectors.capped.snapshot.answered + collectors.beside.snapshot.answered, spec.cappedMessages + spec.otherMessages)
            }
            sampler.sample(at: clock())
        } catch {
            failures.append("run aborted: \(error)")
        }
        watching?.cancel()
        let admission = await watching?.value ?? []
        await producer.shutdown()
        let stopped = await WorkerProcess.stopAll(workers)
        exitStatuses += stopped.statuses
        failures += stopped.failures
        // Let outputs published during shutdown arrive before the books close.
        try? await Task.sleep(for: .milliseconds(500))
        for task in collecting { task.cancel() }
        for collector in [collectors.capped, collectors.alone, collectors.beside] { await collector.close() }

        let books = (capped: collectors.capped.snapshot, alone: collectors.alone.snapshot, beside: collectors.beside.snapshot)
        func window(_ produced: [Double], _ book: OutcomeBook) -> CPUShare? {
            guard let from = produced.min(), let to = book.arrivals.compactMap({ $0 }).max(), to > from else { return nil }
            return sampler.cpuShare(from: from, to: to)
        }
        let lastCapped = books.capped.arrivals.compactMap { $0 }.max() ?? phaseTwoStart
        return LimitedProviderFigures(
            spec: spec,
            capped: .init(name: "capped tenant", book: books.capped, produced: produced.capped,
                          ledgerOutcomes: await ledgerOutcomes(cappedTenant, plans.capped)),
            alone: .init(name: "other tenant alone", book: books.alone, produced: produced.alone,
                         ledgerOutcomes: await ledgerOutcomes(otherTenant, plans.alone)),
            beside: .init(name: "other tenant beside", book: books.beside, produced: produced.beside,
                          ledgerOutcomes: await ledgerOutcomes(otherTenant, plans.beside)),
            tooManyRequests: cappedFake.tooManyRequests - refusedBefore, tooManyRequestsTotal: cappedFake.tooManyRequests,
            maxObservedActive: cappedFake.maxObservedActive, admission: admission,
            cpuShareAlone: window(produced.alone, books.alone),
            cpuShareBeside: lastCapped > phaseTwoStart ? sampler.cpuShare(from: phaseTwoStart, to: lastCapped) : nil,
            exitStatuses: exitStatuses, earlierFailures: failures, withTargets: withTargets).result()
    }

    private func collector(_ plan: LoadPlan, _ cluster: EmbeddedKafkaCluster) throws -> OutputCollector {
        try OutputCollector(plan: plan, bootstrapServers: cluster.bootstrapServers,
                            topics: ["cs.replies", "cs.suggestions"], groupID: "\(plan.tag)-collector")
    }

    private func ledgerOutcomes(_ tenantID: String, _ plan: LoadPlan) async -> Int {
        (try? await database.ledgerOutcomes(tenantID: tenantID, plan: plan)) ?? -1
    }

    /// Samples what the workers report for the capped bot (bot_admission_stats, every few seconds
    /// per worker) once a second until cancelled.
    private func watchAdmission(bot: UUID, since start: Double, clock: @Sendable () -> Double) async -> [LimitedProviderResult.AdmissionSample] {
        let store = BotLoadStore(pool: database.pool)
        var samples: [LimitedProviderResult.AdmissionSample] = []
        while !Task.isCancelled {
            if let load = try? await store.live(freshness: .seconds(10))[bot] {
                samples.append(.init(second: clock() - start, limit: load.limit, inFlight: load.inFlight, queued: load.queued,
                                     waitP95Milliseconds: load.waitP95Milliseconds))
            }
            try? await Task.sleep(for: .seconds(1))
        }
        return samples
    }

    /// Waits until `progress` says done == total, failing when it does not move for `stall`, the
    /// whole wait exceeds `limit`, or a worker dies.
    private func waitFor(_ what: String, workers: [WorkerProcess], stall: Duration, limit: Duration,
                         progress: () -> (done: Int, total: Int)) async throws {
        let deadline = ContinuousClock.now + limit
        var lastDone = -1
        var lastProgress = ContinuousClock.now
        while true {
            let (done, total) = progress()
            if done >= total { return }
            if done != lastDone { lastDone = done; lastProgress = .now }
            if let dead = workers.first(where: { !$0.isRunning }) { throw BenchFailure("\(dead.name) exited while waiting for \(what):\n\(dead.logTail())") }
            if ContinuousClock.now - lastProgress > stall { throw BenchFailure("no progress for \(stall) waiting for \(what): \(done) of \(total)") }
            if ContinuousClock.now > deadline { throw BenchFailure("gave up after \(limit) waiting for \(what): \(done) of \(total)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
