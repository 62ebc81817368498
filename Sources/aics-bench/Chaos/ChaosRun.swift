import Fakes
import Foundation
import Kafka
import Logging

/// One chaos run end to end: cluster, fakes, tenant, collector, workers, warm-up, the load with
/// the fault schedule beside it, the wait for every outcome, the verdict and the recovery times.
struct ChaosRun {
    let settings: ChaosSettings
    let database: BenchDatabase
    let workerOptions: WorkerLaunchOptions
    let runID: String
    let logDirectory: URL
    let logger: Logger

    static let topics = (inbound: "cs.inbound", suggestions: "cs.suggestions", replies: "cs.replies", deadLetter: "cs.dead-letter")

    func run() async throws -> ChaosReport {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let latency = LatencyDistribution.uniform(.milliseconds(20), settings.providerDelay)
        let dify = try await DifyFake.start(DifyFake.Configuration(citationsEnabled: false, latency: latency))
        let openAI = try await OpenAIFake.start(OpenAIFake.Configuration(latency: latency))
        let tenant = ChaosTenant(database: database, tenantID: "\(runID)-tenant")
        defer {
            if !settings.keepData { Task { [database, tenant] in try? await database.removeTenant(tenant.tenantID) } }
        }
        do {
            let report = try await run(cluster: cluster, dify: dify, openAI: openAI, tenant: tenant)
            await shutDown(cluster, dify, openAI)
            if !settings.keepData { try? await database.removeTenant(tenant.tenantID) }
            return report
        } catch {
            await shutDown(cluster, dify, openAI)
            throw error
        }
    }

    private func shutDown(_ cluster: EmbeddedKafkaCluster, _ dify: DifyFake, _ openAI: OpenAIFake) async {
        await dify.stop()
        await openAI.stop()
        await cluster.shutdown()
    }

    private func run(cluster: EmbeddedKafkaCluster, dify: DifyFake, openAI: OpenAIFake, tenant: ChaosTenant) async throws -> ChaosReport {
        let topics = Self.topics
        let allTopics = [topics.inbound, topics.suggestions, topics.replies, topics.deadLetter, "cs.agent-events"]
        for topic in allTopics { try cluster.createTopic(topic, partitions: settings.partitions, replicationFactor: 3) }
        let plan = ChaosPlan(tag: runID, messages: settings.messages, perConversation: settings.perConversation,
                             activeConversations: settings.activeConversations)
        let botIDs = try await tenant.create(accounts: plan.accounts, dify: dify, openAI: openAI)

        let epoch = ContinuousClock.now
        let clock: @Sendable () -> Double = { PipelineRun.seconds(ContinuousClock.now - epoch) }
        let collector = try ChaosCollector(bootstrapServers: cluster.bootstrapServers,
                                           topics: [topics.suggestions, topics.replies, topics.deadLetter],
                                           groupID: "\(runID)-collector", isWarmUp: plan.isWarmUp)
        let collecting = Task { await collector.run(clock: clock) }
        defer { collecting.cancel() }

        let fleet = try WorkerFleet(count: settings.workers) { [settings, workerOptions, database, runID, logDirectory] slot, generation in
            try WorkerProcess(
                name: "worker-\(slot + 1).\(generation)", executable: try WorkerProcess.aicsExecutable(),
                arguments: workerOptions.arguments(group: "\(runID)-workers", maxInFlight: settings.maxInFlight, serialPartitions: false)
                    + settings.workerArguments(slot: slot),
                environment: workerOptions.environment(brokers: cluster.bootstrapServers, database: database),
                logURL: logDirectory.appendingPathComponent("worker-\(slot + 1).\(generation).log"))
        }
        var stopped = false
        defer { if !stopped { fleet.killAll() } }
        var problems: [String] = []
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        // The chat platform's producer rides out broker faults (librdkafka's default, 5 minutes):
        // a record given up and produced again would overtake its conversation's later messages.
        producerConfiguration.messageTimeoutMilliseconds = 300_000
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let load = LoadProducer(producer: producer, topic: topics.inbound, tenantID: tenant.tenantID, accountID: "local-hosted")

        // Warm-up: the group has joined and every partition answers.
        let warmUps = settings.partitions * 2
        try await producer.send((0..<warmUps).map {
            load.record(messageID: plan.warmUpMessageID($0), conversationID: "\(runID)-wc-\($0)", text: ChaosAccount.questions[0])
        })
        let warmUpDeadline = ContinuousClock.now + .seconds(120)
        while collector.warmUpOutputs < warmUps {
            problems += try fleet.restartExited()
            if ContinuousClock.now > warmUpDeadline { throw ChaosFailure("warm-up: \(collector.warmUpOutputs) of \(warmUps) answered within 120 s") }
            try await Task.sleep(for: .milliseconds(100))
        }
        if settings.workers > 1 { try await Task.sleep(for: .seconds(2)) }

        // The load, with the faults beside it.
        let loadStart = clock()
        let schedule = FaultSchedule.make(faults: settings.faults, loadSeconds: settings.loadSeconds, killEvery: settings.killEvery, rounds: settings.rounds)
        let injector = FaultInjector(cluster: cluster, topics: allTopics, partitions: settings.partitions, fleet: fleet, dify: dify, openAI: openAI,
                                     pgCtl: settings.pgCtl, logDirectory: logDirectory, providerHang: settings.providerHang,
                                     reactivateBots: { try await tenant.reactivate(botIDs) }, clock: clock)
        let faulting = Task { [logger] () -> (events: [FaultEvent], problems: [String]) in
            var events: [FaultEvent] = []
            var problems: [String] = []
            for entry in schedule {
                while clock() < loadStart + entry.at {
                    problems += (try? fleet.restartExited()) ?? []
                    try? await Task.sleep(for: .milliseconds(100))
                }
                do {
                    let event = try await injector.inject(entry.fault)
                    logger.info("fault", metadata: ["kind": "\(entry.fault.rawValue)", "detail": "\(event.detail)"])
                    print(String(format: "  %7.1f s  %@: %@", event.start - loadStart, entry.fault.rawValue, event.detail))
                    fflush(nil)
                    events.append(event)
                    if let problem = event.problem { problems.append(problem) }
                } catch {
                    problems.append("fault \(entry.fault.rawValue) could not be injected: \(error)")
                }
            }
            return (events, problems)
        }
        let produced: [Double]
        do {
            produced = try await ChaosLoad(load: load, plan: plan).produce(rate: settings.rate, clock: clock)
        } catch {
            faulting.cancel()
            _ = await faulting.value
            throw ChaosFailure("producing the load failed: \(error)")
        }
        let loadEnd = clock()
        let faultResult = await faulting.value
        problems += faultResult.problems
        print(String(format: "load produced in %.1f s; waiting for every outcome", loadEnd - loadStart))
        fflush(nil)

        // Until every message has its outcome, or nothing improves for the settle timeout.
        let checker = ChaosChecker(plan: plan)
        var lastLost = Int.max
        var lastProgress = ContinuousClock.now
        while true {
            problems += try fleet.restartExited()
            if let ledger = try? await tenant.ledger() {
                let lost = checker.verdict(outputs: collector.outputs, ledger: ledger).lost
                if lost == 0 { break }
                if lost < lastLost { lastLost = lost; lastProgress = .now }
            }
            if ContinuousClock.now - lastProgress > settings.settleTimeout { break }
            try await Task.sleep(for: .seconds(2))
        }
        let settled = clock()
        let exits = await fleet.stopAll()
        stopped = true
        for exit in exits where exit.status != 0 {
            problems.append("\(exit.name) exited with \(exit.status.map(String.init) ?? "SIGKILL after the shutdown timeout") at the end")
        }
        await producer.shutdown()
        // Outputs published during the workers' shutdown arrive before the books close.
        try? await Task.sleep(for: .seconds(1))
        collecting.cancel()
        await collector.close()

        var ledger: [String: LedgerEntry]?
        for _ in 0..<10 where ledger == nil {
            ledger = try? await tenant.ledger()
            if ledger == nil { try? await Task.sleep(for: .seconds(1)) }
        }
        guard let ledger else { throw ChaosFailure("could not read the ledger (inbound_messages) after the run") }
        let outputs = collector.outputs
        let verdict = checker.verdict(outputs: outputs, ledger: ledger, unreadable: collector.unreadable.count)
        problems += collector.unreadable.map { "unreadable output: \($0)" }

        let recovery = Self.recoveryTimes(plan: plan, outputs: outputs, produced: produced, rate: settings.rate, horizon: loadEnd + 15)
        let events = faultResult.events.map { event in
            var event = event
            event.start -= loadStart
            event.end -= loadStart
            let times = recovery.recovery(after: event.start + loadStart)
            event.recovery = times
            return event
        }
        // Scripted failures are used one per request; the circuit breaker keeps some from ever being asked for.
        let notes = ["provider failures injected but never requested: Dify \(dify.pendingFailures), OpenAI \(openAI.pendingFailures)"]
        return ChaosReport(
            runID: runID, settings: settings.summary, verdict: verdict, faults: events,
            loadSeconds: loadEnd - loadStart, settleSeconds: settled - loadEnd,
            normalBacklog: recovery.normalBacklog, problems: problems, notes: notes)
    }

    /// The arrival data for recovery times: each message's first output, by produce and arrival time and partition.
    static func recoveryTimes(plan: ChaosPlan, outputs: [ObservedOutput], produced: [Double], rate: Double, horizon: Double) -> RecoveryTimes {
        var first = [Double?](repeating: nil, count: plan.messages)
        var partitions: [String: [Double]] = [:]
        for output in outputs {
            for id in output.messageIDs {
                guard let index = plan.index(of: id), first[index] == nil else { continue }
                first[index] = output.arrival
                // Dead letters are too sparse (one message in a hundred) for their silences to mean a stall.
                if output.kind != "dead_letter" { partitions["\(output.topic)/\(output.partition)", default: []].append(output.arrival) }
            }
        }
        var producedTimes: [Double] = [], answered: [Double] = []
        for index in 0..<plan.messages where index < produced.count {
            guard let arrival = first[index] else { continue }
            producedTimes.append(produced[index])
            answered.append(arrival)
        }
        return RecoveryTimes(produced: producedTimes.sorted(), answered: answered.sorted(),
                             partitionArrivals: partitions.values.map { $0.sorted() }, rate: rate, horizon: horizon)
    }
}
