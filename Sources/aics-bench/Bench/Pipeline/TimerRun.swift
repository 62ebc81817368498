import Catalog
import Fakes
import Foundation
import Kafka
import Logging
import Postgres
import Providers

/// The auto-mode scenario: one worker, an auto binding whose agent is online, `timers`
/// conversations each with one message, so that every suggestion leaves a reply timer pending
/// in Postgres at once; then the timeouts fire. Measures how late each reply went out after it was
/// due (Postgres's own clock: `sent_at - due_at`) and the worker's CPU per timer while they fire.
struct TimerRun {
    struct Spec: Sendable {
        var timers: Int
        var replyTimeout: Duration
        var partitions: Int
        var maxInFlight: Int
    }

    let spec: Spec
    let database: BenchDatabase
    let workerOptions: WorkerLaunchOptions
    let runTag: String
    let postgres: PostgresServerProcesses?
    let logDirectory: URL
    let logger: Logger

    var tenant: String { "\(runTag)-tenant" }
    static let agent = "bench-agent"

    func run() async throws -> TimerResult {
        try await EmbeddedKafkaCluster.with { cluster in try await run(on: cluster) }
    }

    private func run(on cluster: EmbeddedKafkaCluster) async throws -> TimerResult {
        let knowledge = FakeKnowledgeBase(entries: [KnowledgeEntry(question: LoadProducer.questions[0], answer: "Returns are free within 30 days.")])
        let fake = try await DifyFake.start(DifyFake.Configuration(knowledgeBase: knowledge, citationsEnabled: false))
        do {
            let result = try await run(on: cluster, fake: fake)
            await fake.stop()
            return result
        } catch {
            await fake.stop()
            throw error
        }
    }

    private func run(on cluster: EmbeddedKafkaCluster, fake: DifyFake) async throws -> TimerResult {
        for topic in ["cs.inbound", "cs.replies", "cs.suggestions", "cs.dead-letter", "cs.agent-events"] {
            try cluster.createTopic(topic, partitions: spec.partitions)
        }
        try await database.prepareTenant(tenant, accountID: PipelineRun.accountID, baseURL: fake.baseURL, appKey: fake.appKey, mode: .auto)
        try await database.pool.execute(
            "UPDATE bindings SET reply_timeout_ms = $2 WHERE tenant_id = $1", [tenant, spec.replyTimeout.wholeMilliseconds])
        try await database.pool.execute(
            "INSERT INTO agent_presence (tenant_id, agent_id, status, event_at) VALUES ($1, $2, 'online', now())", [tenant, Self.agent])

        let epoch = ContinuousClock.now
        let clock: @Sendable () -> Double = { PipelineRun.seconds(ContinuousClock.now - epoch) }
        var failures: [String] = []
        var worker: WorkerProcess?
        var sampler = ProcessSampler(pids: [])
        var window = (from: 0.0, to: 0.0)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers))
        do {
            let process = try WorkerProcess(
                name: "timers-worker", executable: try WorkerProcess.aicsExecutable(),
                arguments: workerOptions.arguments(group: "\(runTag)-workers", maxInFlight: spec.maxInFlight, serialPartitions: false),
                environment: workerOptions.environment(brokers: cluster.bootstrapServers, database: database),
                logURL: logDirectory.appendingPathComponent("\(runTag)-worker.log"))
            worker = process
            sampler = ProcessSampler(pids: [process.pid], postgres: postgres)
            let sampling = Task { [sampler] in await sampler.run(interval: .milliseconds(250), clock: clock) }
            defer { sampling.cancel() }
            let load = LoadProducer(producer: producer, topic: "cs.inbound", tenantID: tenant, accountID: PipelineRun.accountID)
            let records = (0..<spec.timers).map { index in
                load.record(messageID: "\(runTag)-m-\(index)", conversationID: "\(runTag)-c-\(index)", text: LoadProducer.questions[0], agentID: Self.agent)
            }
            try await producer.send(records)
            // Every suggestion is out with its timer pending.
            try await waitFor("suggestions with pending timers", worker: process, limit: .seconds(600)) {
                try await count("1 = 1")
            }
            let pendingAt = clock()
            let pending = try await count("state = 'pending'")
            print("  \(spec.timers) suggestions out, \(pending) timers pending at \(String(format: "%.1f", pendingAt)) s")
            fflush(nil)
            window.from = pendingAt
            try await waitFor("timers sent", worker: process, limit: spec.replyTimeout + .seconds(600)) {
                try await count("state = 'sent'")
            }
            window.to = clock()
            sampler.sample(at: window.to)
        } catch {
            failures.append("run aborted: \(error)")
        }
        await producer.shutdown()
        let stopped = await WorkerProcess.stopAll(worker.map { [$0] } ?? [])
        failures += stopped.failures

        let lateness = try await database.pool.query("""
            SELECT extract(epoch FROM sent_at - due_at)::float8 * 1000, extract(epoch FROM fired_at - due_at)::float8 * 1000
            FROM reply_timers WHERE tenant_id = $1 AND state = 'sent'
            """, [tenant])
        let sent = try lateness.map { try $0.decode(0, as: Double.self) }
        let claimed = try lateness.map { try $0.decode(1, as: Double.self) }
        let history = try await database.pool.query(
            "SELECT count(*)::bigint FROM reply_history WHERE tenant_id = $1 AND reason = 'reply_timeout'", [tenant])[0].decode(0, as: Int.self)
        if sent.count != spec.timers { failures.append("\(sent.count) of \(spec.timers) timers sent") }
        if history != spec.timers { failures.append("\(history) reply_timeout history rows for \(spec.timers) timers") }
        let cpu = window.to > window.from ? sampler.cpuSeconds(from: window.from, to: window.to).reduce(0, +) : 0
        return TimerResult(
            timers: spec.timers, replyTimeoutSeconds: PipelineRun.seconds(spec.replyTimeout), sent: sent.count,
            latenessMilliseconds: Percentiles(sent), claimLatenessMilliseconds: Percentiles(claimed),
            workerCPUMicrosecondsPerTimer: sent.isEmpty ? 0 : cpu * 1_000_000 / Double(sent.count),
            firingSeconds: max(0, window.to - window.from), failures: failures)
    }

    /// The run's timers matching `condition` (SQL over reply_timers).
    private func count(_ condition: String) async throws -> Int {
        try await database.pool.query(
            "SELECT count(*)::bigint FROM reply_timers WHERE tenant_id = $1 AND \(condition)", [tenant])[0].decode(0, as: Int.self)
    }

    /// Polls `progress` until it reaches the spec's timers, failing when the worker dies or `limit` passes.
    private func waitFor(_ what: String, worker: WorkerProcess, limit: Duration, progress: () async throws -> Int) async throws {
        let deadline = ContinuousClock.now + limit
        while try await progress() < spec.timers {
            if !worker.isRunning { throw BenchFailure("the worker exited while waiting for \(what):\n\(worker.logTail())") }
            if ContinuousClock.now > deadline { throw BenchFailure("gave up after \(limit) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// What the auto-mode scenario measured.
struct TimerResult: Sendable, Codable {
    var timers: Int
    var replyTimeoutSeconds: Double
    var sent: Int
    /// From due to the reply's broker acknowledgement (`sent_at - due_at`).
    var latenessMilliseconds: Percentiles
    /// From due to a worker's claim (`fired_at - due_at`).
    var claimLatenessMilliseconds: Percentiles
    var workerCPUMicrosecondsPerTimer: Double
    /// From all timers pending to all sent.
    var firingSeconds: Double
    var failures: [String]

    var passed: Bool { failures.isEmpty }

    var lines: [String] {
        [
            "",
            "auto mode: \(timers) reply timers pending at once (reply timeout \(String(format: "%.0f", replyTimeoutSeconds)) s), one worker",
            String(format: "  lateness (due → sent): p50 %.0f ms, p99 %.0f ms, max %.0f ms; due → claimed p99 %.0f ms",
                   latenessMilliseconds.p50, latenessMilliseconds.p99, latenessMilliseconds.max, claimLatenessMilliseconds.p99),
            String(format: "  worker CPU %.0f µs per timer; %d sent in %.1f s", workerCPUMicrosecondsPerTimer, sent, firingSeconds),
        ] + failures.map { "  FAILED: \($0)" }
    }
}
