import ArgumentParser
import CommandSupport
import Foundation
import Logging

/// `aics chaos`: the pipeline under faults, every message checked at the end.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run the pipeline under faults (kills, broker and Postgres outages, provider failures) and check every message.",
        discussion: """
        Starts an embedded Kafka cluster of three brokers, fake Dify and OpenAI services on loopback, \
        a tenant in the Postgres of AICS_DATABASE_URL (built-in migrations applied; its rows are \
        removed afterwards unless --keep-data) with Dify, OpenAI and local bots bound in assist, \
        hosted and off mode, and --workers `aics worker` processes of the aics executable next to aics-bench in one group. \
        It then produces --messages customer messages (conversations of several messages each, about \
        1% malformed records) at --rate per second while injecting faults (--faults):

          kill              SIGKILL of a random worker every --kill-every s;
                            restarted at once
          drain             SIGTERM of a random worker (drains, commits,
                            leaves); restarted after it exits
          broker-down       a random broker down for 5 s, then up
          request-errors    retriable errors on produce, fetch, commit,
                            heartbeat, metadata, find-coordinator requests
          leader-moves      every partition's leader moves to a random broker
          slow-broker       a random broker answers 500 ms late for 5 s
          postgres-restart  `<--pg-ctl> restart -m fast`: connections drop
          provider-faults   every failure the Dify and OpenAI fakes can
                            produce: 429s, quota, auth, 5xx, malformed JSON,
                            delays, slow and cut streams, stream errors,
                            moderation; with --provider-hang requests that
                            never answer

        Faults other than kills happen --rounds times each, spread over the load. At the end every \
        message is checked against the outputs on cs.suggestions, cs.replies and cs.dead-letter and \
        the ledger (inbound_messages). Each must end in exactly one outcome (answer, fallback, handoff, \
        suggestion, failed, skip, dead_letter). Provider faults legitimately turn answers into \
        fallbacks, handoffs and failed suggestions: those are outcomes, not losses. Printed: \
        messages, outcomes by kind, lost (no outcome, or an output stored in the ledger that never \
        reached its topic), conflicting (two different outputs for a message, one output id with \
        two payloads, an output that is not the ledger's), order violations (a conversation's \
        outputs on a topic out of the order the customer wrote), same-id re-sends and their share \
        of distinct outputs, and per fault the recovery time (until the backlog of unanswered \
        messages is back at its normal level, i.e. outputs flow at the offered rate again and have \
        caught up) and the longest silence of any output partition after it.

        Exits non-zero when anything is lost, conflicting or out of order, or the run could not be \
        carried out. --reduced: 3,000 messages, several kills, one broker outage, one Postgres \
        restart and provider faults (for CI, about a minute). Use a release build for the full run \
        (`swift build -c release --product aics && swift build -c release --product aics-bench`).
        """
    )

    @Flag(name: .long, help: "The CI profile: 3,000 messages at 100/s, a kill every 6 s, faults kill, broker-down, postgres-restart, provider-faults once each (flags given explicitly still win).")
    var reduced = false

    @Option(name: .long, help: "Customer messages to produce (default 50000; reduced 3000).")
    var messages: Int?

    @Option(name: .long, help: "Offered messages per second (default 250; reduced 100).")
    var rate: Double?

    @Option(name: .long, help: "Messages per conversation.")
    var perConversation = 5

    @Option(name: .long, help: "Conversations written to at the same time; their messages come this many apart.")
    var activeConversations = 40

    @Option(name: .long, help: "Worker processes in the group.")
    var workers = 3

    @Option(name: .long, help: "Seconds between SIGKILLs of a random worker (default 5; reduced 6).")
    var killEvery: Double?

    @Option(name: .long, help: "Comma-separated faults: kill, drain, broker-down, request-errors, leader-moves, slow-broker, postgres-restart, provider-faults, or all (default all; reduced kill,broker-down,postgres-restart,provider-faults).")
    var faults: String?

    @Option(name: .long, help: "How often each fault other than kill happens (default 2; reduced 1).")
    var rounds: Int?

    @Flag(name: .long, inversion: .prefixedNo, help: "Provider faults include requests that never answer: the worker's client timeout (100 s blocking) ends them, so the run takes that much longer (default on; off with --reduced).")
    var providerHang: Bool?

    @Option(name: .long, help: "Shell command prefix of pg_ctl for the Postgres of AICS_DATABASE_URL; the run executes `<it> restart -m fast`. Env: AICS_PG_CTL (deploy/local/lib.sh exports it), then AICS_TEST_PG_CTL.")
    var pgCtl: String?

    @Option(name: .long, help: "Partitions of every topic.")
    var partitions = 12

    @Option(name: .long, help: "The workers' --max-in-flight.")
    var maxInFlight = 500

    @Option(name: .long, help: "The fake providers' answer delay: uniform between 20 ms and this many milliseconds.")
    var providerDelayMs = 150

    @Flag(name: .long, help: "Give each worker a stable --worker-id (chaos-worker-N, kept across restarts): static group membership.")
    var staticMembership = false

    @Option(name: .long, help: "The workers' --assignment-strategy (range,roundrobin or cooperative-sticky); default: the worker's default.")
    var assignmentStrategy: String?

    @Option(name: .long, help: "The workers' --session-timeout-ms. librdkafka 2.0.2's mock cluster holds every rebalance round for the session timeout minus one second, so with the worker's default of 10000 each kill stalls the group for half a minute or more (README, Reliability).")
    var sessionTimeoutMs = 3000

    @Option(name: .long, help: "Seconds to wait after the load for every message's outcome before giving up.")
    var settleTimeout = 240.0

    @Option(name: .long, help: "Where to write the figures as JSON.")
    var jsonOut: String?

    @Option(name: .long, help: "Folder for the worker processes' logs (default: a new folder under the temporary directory).")
    var logDir: String?

    @Flag(name: .long, help: "Keep the run's tenant, bots, bindings and ledger rows in the database.")
    var keepData = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var workerLaunch: WorkerLaunchOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        _ = try selectedFaults()
        guard (messages ?? 1) > 0, (rate ?? 1) > 0, perConversation > 0, activeConversations > 0, workers > 0,
              (killEvery ?? 1) > 0, (rounds ?? 1) > 0, partitions > 0, maxInFlight > 0, providerDelayMs >= 20, settleTimeout > 0
        else { throw ValidationError("sizes, counts, rates and times must be positive (--provider-delay-ms at least 20)") }
        if sessionTimeoutMs < 1000 { throw ValidationError("--session-timeout-ms must be at least 1000") }
    }

    func selectedFaults() throws -> Set<ChaosFault> {
        let text = faults ?? (reduced ? "kill,broker-down,postgres-restart,provider-faults" : "all")
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names == ["all"] { return Set(ChaosFault.allCases) }
        let unknown = names.filter { ChaosFault(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw ValidationError("unknown fault(s) \(unknown.joined(separator: ", ")); choose from \(ChaosFault.allCases.map(\.rawValue).joined(separator: ", ")) or all")
        }
        return Set(names.compactMap(ChaosFault.init(rawValue:)))
    }

    var resolvedPgCtl: String? {
        pgCtl ?? Environment.value("AICS_PG_CTL") ?? Environment.value("AICS_TEST_PG_CTL")
    }

    func run() async throws {
        try logging.bootstrap()
        let logger = Logger(label: "aics.chaos")
        let faults = try selectedFaults()
        _ = try WorkerProcess.aicsExecutable()  // refused before any cluster or tenant is set up
        if faults.contains(.postgresRestart), resolvedPgCtl == nil {
            throw ValidationError("the postgres-restart fault needs --pg-ctl (or AICS_PG_CTL): the pg_ctl command of the Postgres in AICS_DATABASE_URL")
        }
        let settings = ChaosSettings(
            messages: messages ?? (reduced ? 3000 : 50_000), rate: rate ?? (reduced ? 100 : 250),
            perConversation: perConversation, activeConversations: activeConversations, workers: workers,
            killEvery: killEvery ?? (reduced ? 6 : 5), faults: faults, rounds: rounds ?? (reduced ? 1 : 2),
            providerHang: providerHang ?? !reduced, pgCtl: resolvedPgCtl, partitions: partitions, maxInFlight: maxInFlight,
            providerDelay: .milliseconds(providerDelayMs), staticMembership: staticMembership,
            assignmentStrategy: assignmentStrategy, sessionTimeoutMilliseconds: sessionTimeoutMs,
            settleTimeout: .seconds(settleTimeout), keepData: keepData)
        let url = try database.resolvedURL()
        let secretKey = Environment.value("AICS_SECRET_KEY") ?? "chaos-only-secret-key-" + UUID().uuidString
        let benchDatabase = BenchDatabase(url: url, secretKey: secretKey, logger: logger)
        defer { benchDatabase.pool.shutdown() }
        try await benchDatabase.migrate(logger: logger)
        let logDirectory = URL(fileURLWithPath: logDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("aics-chaos-\(UInt32.random(in: 0...UInt32.max))").path)
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        let runID = "chaos-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        print("aics chaos (\(build) build), run \(runID); worker logs in \(logDirectory.path)")
        print(settings.summary)
        fflush(nil)

        let report = try await ChaosRun(settings: settings, database: benchDatabase, workerOptions: workerLaunch,
                                        runID: runID, logDirectory: logDirectory, logger: logger).run()
        print(report.text)
        if let jsonOut {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: jsonOut))
            print("JSON: \(jsonOut)")
        }
        if !report.passed { throw ExitCode(1) }
    }
}
