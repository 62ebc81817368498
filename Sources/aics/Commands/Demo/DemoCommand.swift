import ArgumentParser
import CommandSupport
import Foundation
import HTTP
import Kafka
import Logging
import Postgres
import Providers
import Secrets

/// `aics demo`: the whole pipeline on this machine, on embedded defaults.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole aics pipeline on this machine with sample conversations.",
        discussion: """
        The easiest way to run it is deploy/local/demo.sh, which installs what is missing, starts \
        a private Postgres, builds aics and runs this command.

        What it does, step by step:
        • Starts an embedded Kafka (librdkafka's mock cluster) with the topics cs.inbound, \
        cs.agent-events, cs.suggestions, cs.replies and cs.dead-letter; connects to Postgres and \
        applies the migrations built into aics.
        • Creates a fresh demo tenant (demo-xxxxxx, new on every run, so the same database can be \
        used again and again): a local knowledge-base bot loaded with a small Chinese/English shop \
        FAQ; account demo-assist in assist mode; account demo-hosted in hosted mode (handoff on \
        转人工 or "human", with a fallback text); one conversation switched off.
        • Runs the worker in this process, as `aics worker` would, and plays sample conversations \
        to cs.inbound as the chat platform would.
        • Prints, per conversation, what the agent sees (💡 suggestions with their sources and \
        scores), what the customer sees (🤖 replies, 🙋 handoffs) and the skipped message of the \
        switched-off conversation as the ledger in Postgres recorded it.
        • Sends two broken records (not JSON, no message text) and shows them arriving on \
        cs.dead-letter with their reasons.
        • Ends with a summary and an example SQL query on reply_history with its result.

        It exits 0 when every message got its outcome, and non-zero naming the messages still \
        without one after --timeout seconds. The demo's rows stay in the database (tenant \
        demo-xxxxxx) for you to query.

        Environment:
          AICS_DATABASE_URL  Postgres connection URI (or --database-url)
          AICS_SECRET_KEY    optional; seals the demo bot's (empty) secrets
          AICS_LOG_LEVEL     or --log-level (default error: only the demo's output)
        """
    )

    @Option(name: .long, help: ArgumentHelp(
        "Postgres connection URI, e.g. postgresql://aics@localhost:5432/aics. Env: AICS_DATABASE_URL.", valueName: "uri"))
    var databaseURL: String?

    @Option(name: .long, help: "Partitions of each topic of the embedded Kafka.")
    var partitions: Int = 3

    @Option(name: .long, help: "Seconds to wait for all outcomes before giving up with a non-zero exit.")
    var timeout: Int = 60

    @Flag(name: .long, help: """
        After the summary, leave the embedded Kafka and the worker running and print the bootstrap address, \
        so you can produce with `aics send` and watch with `aics tail` (or kcat). Stop with Ctrl-C.
        """)
    var keepRunning = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical. Env: AICS_LOG_LEVEL. (default: error; info shows what the worker does)")
    var logLevel: String?

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let logger = try bootstrapLogging()
        guard let url = databaseURL ?? Environment.value("AICS_DATABASE_URL") else {
            throw ConfigurationError("no database: run deploy/local/demo.sh, or set AICS_DATABASE_URL (or pass --database-url)")
        }
        let printer = DemoPrinter()
        printer.section("Setting up")
        // Shut down at the end, or on an error by its deinit (on a thread of its own).
        let cluster = try EmbeddedKafkaCluster()
        for topic in DefaultTopics.all { try cluster.createTopic(topic, partitions: partitions) }
        printer.note("embedded Kafka at \(cluster.bootstrapServers), \(partitions) partitions per topic")

        let pool = PostgresPool(configuration: PostgresConfiguration(url: url, poolSize: 6), logger: logger)
        defer { pool.shutdown() }
        let setup = DemoSetup(pool: pool, secretBox: try demoSecretBox(), logger: logger)
        let applied = try await setup.migrate()
        printer.note("Postgres \(pool.configuration.redactedURL): "
            + (applied.isEmpty ? "schema up to date" : "applied \(applied.joined(separator: ", "))"))
        let scenario = DemoScenario(tenantID: DemoSetup.newTenantID())
        let bot = try await setup.createTenant(scenario)
        printer.note("""
            tenant \(scenario.tenantID): bot "\(bot.name)" (local knowledge base, \(SampleFAQ.entries.count) FAQ entries, \
            Chinese and English, no secrets)
            """)
        printer.note("""
            bindings: \(DemoScenario.assistAccount) → assist · \(DemoScenario.hostedAccount) → hosted (handoff on \
            \(DemoScenario.handoffKeywords.joined(separator: " / ")), fallback text) · \(DemoScenario.offConversation) → off · \
            \(DemoAutoMode.account) → auto (reply timeout \(DemoAutoMode.replyTimeout))
            """)

        let httpClient = try HTTPClient()
        defer { httpClient.shutdown() }
        let pipeline = try DemoPipeline(
            bootstrapServers: cluster.bootstrapServers, pool: pool, secretBox: setup.secretBox, httpClient: httpClient, logger: logger)
        let observer = try DemoObserver(
            bootstrapServers: cluster.bootstrapServers, topics: [DefaultTopics.suggestions, DefaultTopics.replies, DefaultTopics.deadLetter],
            logger: logger)
        let inbound = try DemoInbound(bootstrapServers: cluster.bootstrapServers, topic: DefaultTopics.inbound)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.group.run() }
            group.addTask { await observer.run(deadLetterTopic: DefaultTopics.deadLetter) }
            let outcome: Result<Void, any Error>
            do {
                try await show(scenario, printer: printer, pool: pool, inbound: inbound, observer: observer)
                if keepRunning { await waitForUser(bootstrapServers: cluster.bootstrapServers, tenantID: scenario.tenantID, printer: printer) }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await inbound.shutdown()
            await observer.close()
            await pipeline.group.triggerGracefulShutdown()
            try await group.waitForAll()
            try outcome.get()
        }
        await cluster.shutdown()
    }

    private func show(
        _ scenario: DemoScenario, printer: DemoPrinter, pool: PostgresPool, inbound: DemoInbound, observer: DemoObserver
    ) async throws {
        printer.section("The chat platform sends customer messages to \(DefaultTopics.inbound); the worker answers")
        printer.note("(the worker joins its consumer group first, which takes a few seconds)")
        let deadline = ContinuousClock.now + .seconds(timeout)
        let play = DemoPlay(scenario: scenario, inbound: inbound, observer: observer, pool: pool, printer: printer, timeout: .seconds(timeout))
        let outcomes = try await play.play()

        printer.section("What the agent (💡) and the customer (🤖 🙋) see, per conversation")
        let turns = scenario.turns
        for conversation in scenario.conversations {
            printer.conversation(conversation, turns: turns.filter { $0.conversation.id == conversation.id }, outcomes: outcomes)
        }

        try await DemoAutoMode(scenario: scenario, inbound: inbound, observer: observer, pool: pool, printer: printer).play(until: deadline)

        let badInput = DemoBadInput(scenario: scenario, inbound: inbound, observer: observer, printer: printer)
        try await badInput.play(until: deadline)

        let report = DemoReport(scenario: scenario, pool: pool, printer: printer)
        let counts = DemoReport.count(outcomes, messages: turns.count)
        report.summary(counts, brokenRecords: badInput.records.count, deadLetterRecords: observer.deadLetters.count)
        let historyRows = counts.suggestions + counts.failedSuggestions + counts.replies + counts.handoffs
        try await report.waitForHistory(rows: historyRows, timeout: .seconds(10))
        try await report.analystQuery()
    }
}
