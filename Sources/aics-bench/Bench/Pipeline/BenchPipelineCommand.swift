import ArgumentParser
import CommandSupport
import Foundation
import Logging

/// `aics bench pipeline` (the default of `aics bench`): the whole pipeline with worker processes.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Measure the worker pipeline end to end: throughput, latency, overhead, CPU and memory per worker.",
        discussion: """
        Each scenario runs on a fresh embedded Kafka cluster, the Postgres of AICS_DATABASE_URL (built-in migrations \
        are applied; every run uses a tenant of its own, removed afterwards unless --keep-data), a fake Dify over \
        loopback HTTP answering after a fixed delay, a bot and a hosted binding, and separate `aics worker` processes \
        of the aics executable next to aics-bench. After a warm-up, the measured messages are produced; every output on cs.replies and \
        cs.suggestions is checked: each message must have exactly one answer (same id and text if repeated), a \
        ledger outcome, and come out in its conversation's order. Any failed check makes the command exit non-zero.

        Scenarios (--scenarios):
          instant   one worker, instant provider, all messages at once: msg/s, CPU per message
          slow      one worker, 1 s provider, offered max-in-flight / 1 s: share of the
                    Little's-law limit, overhead (end to end minus the delay), memory
          baseline  as slow, workers with --serial-partitions (one message in flight per
                    partition, like a plain consumer loop); prints slow / baseline
          scale     one worker, then --scale-workers in one group, 1 s provider as the
                    bottleneck, all messages at once; prints the scaling factor
          limited   one worker, a Dify bot capped at 10 concurrent requests with 500 ms answers
          timers    auto mode: one worker, an online agent who never answers; every message's
                    suggestion leaves a reply timer pending at once (10,000; quick 10,000;
                    smoke 200), then the timeouts fire: lateness p50/p99 and CPU per timer
                    beside another tenant's uncapped 50 ms bot: the capped bot's throughput
                    against its cap (20 msg/s), the other tenant's latency alone and beside the
                    capped backlog, the 429s the cap answered (issue 15)

        Figures: throughput between the 10th and 90th percentile of output arrivals; latency from \
        handing the inbound record to the producer to the output's arrival at the benchmark's \
        consumer; CPU is utime+stime of each worker (/proc/PID/stat) over the same window; peak \
        memory is VmHWM.

        Machine CPU (column "CPU % wrk/bench/pg/oth/idle", JSON cpuShare: workers, bench, postgres, \
        other, idle as shares of all cores' time over the same window, summing to 1): the worker \
        processes; this benchmark process (load producer, output collector, fake Dify, embedded \
        Kafka; /proc/self/stat); the Postgres server of AICS_DATABASE_URL (its postmaster, found \
        through the pid of one of the benchmark's backends, and all its children; n/a and counted \
        in other when it does not run on this machine; its other clients count too); other (the \
        rest of /proc/stat's busy time: other processes, e.g. builds); idle. Idle near 0 means \
        the machine, not the worker, was the limit.

        Workers get AICS_KAFKA_BROKERS, AICS_DATABASE_URL and AICS_SECRET_KEY (yours \
        if set, else a key made up for the run) through the environment.

        Build with `swift build -c release --product aics && swift build -c release --product aics-bench` \
        and run `.build/release/aics bench` (or `.build/release/aics-bench bench`). The \
        full run takes three to ten minutes on 2 cores; --quick about two; --smoke (correctness \
        only) under a minute.
        """
    )

    @Flag(name: .long, help: "Tiny sizes that check correctness, not speed (for CI).")
    var smoke = false

    @Flag(name: .long, help: "Smaller sizes, about two minutes.")
    var quick = false

    @Option(name: .long, help: "Comma-separated scenarios to run: instant, slow, baseline, scale, limited, timers.")
    var scenarios = "instant,slow,baseline,scale,limited,timers"

    @Option(name: .long, help: "Partitions of cs.inbound (and the output topics).")
    var partitions: Int?

    @Option(name: .long, help: "instant: messages (default 20000; quick 8000; smoke 300).")
    var instantMessages: Int?

    @Option(name: .long, help: "slow/baseline/limited: worker --max-in-flight (default 4000; smoke 100).")
    var maxInFlight: Int?

    @Option(name: .long, help: "slow/baseline/scale: the provider's fixed delay in milliseconds (default 1000; smoke 200).")
    var providerDelayMs: Int?

    @Option(name: .long, help: "slow/baseline: offered messages per second (default max-in-flight / delay).")
    var offeredRate: Double?

    @Option(name: .long, help: "slow: messages (default 24000; quick 8000; smoke 300).")
    var slowMessages: Int?

    @Option(name: .long, help: "baseline: messages (default 360; quick 120; smoke 40).")
    var baselineMessages: Int?

    @Option(name: .long, help: "scale: messages per run (default 4000; quick 2000; smoke 300).")
    var scaleMessages: Int?

    @Option(name: .long, help: "scale: --max-in-flight per worker (default 250; smoke 50).")
    var scaleMaxInFlight: Int?

    @Option(name: .long, help: "scale: workers in the second run.")
    var scaleWorkers = 3

    @Option(name: .long, help: "limited: the capped tenant's messages, all queued at once (default 600; quick 300; smoke 60).")
    var limitedMessages: Int?

    @Option(name: .long, help: "limited: the capped tenant's conversations (default a third of --limited-messages).")
    var limitedConversations: Int?

    @Option(name: .long, help: "limited: the other tenant's offered messages per second, alone and beside the backlog (default 40).")
    var limitedOtherRate: Double?

    @Option(name: .long, help: "limited: the capped bot's max_concurrency (default none: the worker learns the cap of 10 from the 429s).")
    var limitedBotMaxConcurrency: Int?

    @Option(name: .long, help: "timers: reply timers pending at once, one conversation each (default 10000; quick 10000; smoke 200).")
    var timers: Int?

    @Option(name: .long, help: "timers: the binding's reply timeout in seconds; longer than it takes to make every suggestion (default 30; quick 20; smoke 3).")
    var timerReplyTimeout: Int?

    @Option(name: .long, help: "Where to write the figures as JSON.")
    var jsonOut = "bench-results.json"

    @Option(name: .long, help: "Where to write the SVG chart of throughput and latency over each run.")
    var chartOut = "bench-chart.svg"

    @Option(name: .long, help: "Folder for the worker processes' logs (default: a new folder under the temporary directory).")
    var logDir: String?

    @Flag(name: .long, help: "Keep the runs' tenants, bots, bindings and ledger rows in the database.")
    var keepData = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var workerLaunch: WorkerLaunchOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let known: Set = ["instant", "slow", "baseline", "scale", "limited", "timers"]
        let unknown = selectedScenarios.filter { !known.contains($0) }
        guard unknown.isEmpty, !selectedScenarios.isEmpty else {
            throw ValidationError("unknown scenario(s) \(unknown.joined(separator: ", ")); choose from instant, slow, baseline, scale, limited, timers")
        }
        let sizes: [(flag: String, value: Double?)] = [
            ("--partitions", partitions.map(Double.init)), ("--instant-messages", instantMessages.map(Double.init)),
            ("--max-in-flight", maxInFlight.map(Double.init)), ("--provider-delay-ms", providerDelayMs.map(Double.init)),
            ("--offered-rate", offeredRate), ("--slow-messages", slowMessages.map(Double.init)),
            ("--baseline-messages", baselineMessages.map(Double.init)), ("--scale-messages", scaleMessages.map(Double.init)),
            ("--scale-max-in-flight", scaleMaxInFlight.map(Double.init)), ("--scale-workers", Double(scaleWorkers)),
            ("--limited-messages", limitedMessages.map(Double.init)), ("--limited-conversations", limitedConversations.map(Double.init)),
            ("--limited-other-rate", limitedOtherRate), ("--limited-bot-max-concurrency", limitedBotMaxConcurrency.map(Double.init)),
            ("--timers", timers.map(Double.init)), ("--timer-reply-timeout", timerReplyTimeout.map(Double.init)),
        ]
        if let bad = sizes.first(where: { ($0.value ?? 1) <= 0 }) {
            throw ValidationError("\(bad.flag) must be positive")
        }
        guard !(smoke && quick) else { throw ValidationError("choose one of --smoke and --quick") }
    }

    var selectedScenarios: [String] {
        scenarios.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        try logging.bootstrap()
        let logger = Logger(label: "aics.bench")
        #if DEBUG
        let build = "debug"
        if !smoke { print("warning: debug build; numbers are only meaningful with -c release") }
        #else
        let build = "release"
        #endif
        _ = try WorkerProcess.aicsExecutable()  // refused before any cluster or tenant is set up
        let url = try database.resolvedURL()
        let secretKey = Environment.value("AICS_SECRET_KEY") ?? "bench-only-secret-key-" + UUID().uuidString
        let benchDatabase = BenchDatabase(url: url, secretKey: secretKey, logger: logger)
        defer { benchDatabase.pool.shutdown() }
        try await benchDatabase.migrate(logger: logger)
        let postgres = await benchDatabase.serverProcesses()

        let logDirectory = URL(fileURLWithPath: logDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("aics-bench-\(UInt32.random(in: 0...UInt32.max))").path)
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        let startedAt = Date().formatted(.iso8601)
        let runID = "bench-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        print("aics bench pipeline (\(build) build), run \(runID); worker logs in \(logDirectory.path)")
        print(postgres.map { "Postgres runs on this machine (postmaster pid \($0.postmasterPID)); its CPU is measured" }
            ?? "Postgres is not a local process: its CPU shows as n/a (counted in other)")

        var results: [ScenarioResult] = []
        for spec in plannedSpecs() {
            print("\n[\(spec.key)] \(spec.title): \(spec.workers) worker(s), max-in-flight \(spec.maxInFlight), \(spec.messages) messages over \(spec.conversations) conversations, \(spec.partitions) partitions, provider \(spec.providerDelay == .zero ? "instant" : "\(spec.providerDelay)"), offered \(spec.offeredRate.map { String(format: "%.0f msg/s", $0) } ?? "at once")")
            fflush(nil)
            let runTag = "\(runID)-\(spec.key)"
            let result = try await PipelineRun(spec: spec, database: benchDatabase, workerOptions: workerLaunch,
                                               runTag: runTag, postgres: postgres, logDirectory: logDirectory, logger: logger).run()
            print(String(format: "  %.0f msg/s, e2e p50 %.1f ms p99 %.1f ms, overhead p99 %.1f ms, CPU %.0f µs/msg, peak RSS %@ MiB, %@",
                         result.throughput, result.endToEndMilliseconds.p50, result.endToEndMilliseconds.p99,
                         result.overheadMilliseconds.p99, result.cpuMicrosecondsPerMessage,
                         result.peakResidentMiB.map { String(format: "%.0f", $0) }.joined(separator: "/"),
                         result.passed ? "checks ok" : "CHECKS FAILED"))
            print("  machine CPU workers/bench/postgres/other/idle: \(result.cpuShare.map { $0.percentages + " %" } ?? "n/a")")
            fflush(nil)  // progress shows up at once even when stdout is a file or a pipe
            results.append(result)
            if !keepData {
                do { try await benchDatabase.removeTenant("\(runTag)-tenant") } catch { logger.warning("could not remove the run's rows: \(error)") }
            }
        }

        let limited = try await runLimitedScenario(database: benchDatabase, runID: runID, postgres: postgres, logDirectory: logDirectory, logger: logger)
        let timerResult = try await runTimerScenario(database: benchDatabase, runID: runID, postgres: postgres, logDirectory: logDirectory, logger: logger)

        let ratio = throughputRatio(results, "slow", "baseline")
        let scaling = throughputRatio(results, "scale-\(scaleWorkers)", "scale-1")
        let report = BenchReport(
            startedAt: startedAt, command: CommandLine.arguments.joined(separator: " "), build: build, machine: .current,
            scenarios: results, baselineRatio: ratio, scalingFactor: scaling,
            targets: smoke ? [] : BenchReport.targets(results, ratio: ratio, scaling: scaling), limitedProvider: limited,
            timers: timerResult)
        print("\n" + ReportTable.render(report))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: jsonOut))
        try Data(SVGChart.render(report).utf8).write(to: URL(fileURLWithPath: chartOut))
        print("\nwrote \(jsonOut) and \(chartOut)")
        guard report.passed else {
            throw ExitCode.failure
        }
    }

    private func throughputRatio(_ results: [ScenarioResult], _ numerator: String, _ denominator: String) -> Double? {
        guard let top = results.first(where: { $0.key == numerator }), let bottom = results.first(where: { $0.key == denominator }),
              bottom.throughput > 0 else { return nil }
        return top.throughput / bottom.throughput
    }
}
