import ArgumentParser
import Catalog
import CommandSupport
import Foundation
import HTTP
import Logging
import Observability
import Pipeline
import Postgres
import ServiceLifecycle

/// `aics worker`: the pipeline from cs.inbound to suggestions and replies.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Answer customer messages: read cs.inbound, write suggestions, replies and dead letters.",
        discussion: """
        Joins the consumer group (--group) on the inbound topic and, for every customer message, \
        routes it by the binding of its tenant/account (or conversation), asks the bound bot (Dify, \
        OpenAI or the local knowledge base) and publishes a suggestion (assist), a reply or handoff \
        (hosted), or records a skip (off). Records it cannot accept go to the dead-letter topic with a reason.

        Run any number of identical workers in one group; scale them on consumer lag. Every message \
        is stored in Postgres (inbound_messages) before its output is published, so a killed worker \
        loses nothing and a redelivered message is re-sent with the same id, never answered twice. \
        Conversations stay in order; up to --max-in-flight messages are worked on at once (up to as \
        many again wait in memory, read ahead or behind their conversation), and a full worker pauses \
        its intake.

        SIGTERM or SIGINT stops intake, lets in-flight messages finish within --shutdown-timeout, \
        commits and leaves the group. At start the worker waits (with a log line every 30 s) until \
        Postgres answers and is migrated (`aics migrate`; the worker applies no migrations) and a \
        Kafka broker answers.

        A message is identified by (tenant_id, message_id). Records aics cannot store (U+0000 in \
        any string, blank text, over 64 KiB, not JSON, wrong schema, unknown tenant) are \
        dead-lettered with the reason; a dead letter keeps at most the first 16 KiB of the original \
        with its size and SHA-256. A message that keeps failing for a reason of its own ends after \
        --max-attempts as outcome failed plus a dead letter; outages are waited out.

        Conversation behaviour: each worker also reads cs.agent-events (--agent-events-topic) in its \
        own group (--agent-events-group): agents' presence, their messages, takeovers and releases \
        pause or resume automatic replies; suggestion feedback lands on the history row. auto mode \
        answers itself while the conversation's agent is not online or outside the binding's working \
        hours, else suggests and, when no agent wrote within the binding's reply timeout, sends the \
        suggestion as a reply (reason reply_timeout). Reply timers live in Postgres (reply_timers): \
        any worker fires a due one once; a killed worker's timers are fired by the others. A handoff \
        (keyword, no answer, failing provider, content that is not text if the binding says so) \
        silences automatic replies until an agent writes or a release, and drops the provider's \
        memory of the conversation.

        Knowledge syncs asked for through the admin API (POST /v1/bots/{bot_id}/knowledge/sync: an \
        uploaded source, and its schedule) are run by the workers: each request by one worker, under \
        the bot's sync lock, retried by another after 30 minutes if its worker died, failed after 3 \
        takes.

        Environment (a flag wins over its variable):
          AICS_KAFKA_BROKERS   Kafka bootstrap servers
          AICS_DATABASE_URL    Postgres connection URI
          AICS_DATABASE_PREPARED_STATEMENTS
                               statements kept prepared per connection (256; 0 = off)
          AICS_SECRET_KEY      key that opens the bots' API keys (or --secret-key-file)
          AICS_LOG_LEVEL       log level (info: one line per failure, never customer text or keys)
          AICS_LOG_FORMAT      text or json (one object per line)
          AICS_METRICS_LISTEN  HOST:PORT of /metrics, /healthz and /readyz (off when unset)

        Operations endpoints (--metrics-listen): /metrics in the Prometheus text format (metrics \
        named aics_*, listed in the README), /healthz 200 while the process runs, /readyz 200 once \
        the worker has partitions assigned and Postgres answers, else 503 with a JSON reason. They \
        answer from the start, also while the worker waits for Postgres and Kafka.
        """
    )

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var consumerGroup: ConsumerGroupOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var secretKey: SecretKeyOptions

    @Option(name: .long, help: "Consumer group the workers share. Env: AICS_WORKER_GROUP. (default: aics-workers)")
    var group: String?

    @Option(name: .long, help: "Most messages worked on at once (provider calls in flight). Up to as many again wait in memory (read ahead, or behind their conversation); intake pauses at twice this load and resumes at one and a half.")
    var maxInFlight = 4000

    @Option(name: .long, help: "Kafka consumer fetch.wait.max.ms: how long a fetch may wait for new records (librdkafka's default 500). Lower it against brokers that hold fetches to the limit, such as the embedded mock cluster.")
    var fetchWaitMs: Int?

    @Flag(name: .long, help: "One message at a time per partition instead of per conversation, like a plain consumer loop. For comparisons only (the baseline of `aics bench`); much slower.")
    var serialPartitions = false

    @Option(name: .long, help: "Seconds in-flight messages may take after SIGTERM before they are handed back to the group.")
    var shutdownTimeout = 20.0

    @Option(name: .long, help: "Attempts a message may take when it keeps failing for a reason of its own (not an outage of Postgres or Kafka, which are waited out). After the last it ends as outcome failed in inbound_messages and a dead letter with error_kind attempts_exhausted; its partition goes on.")
    var maxAttempts = 5

    @Option(name: .long, help: "Messages that may wait for a free slot of their bot (provider back-pressure), with the messages of their conversations behind them, while intake goes on for other bots. Beyond this they count against --max-in-flight and intake pauses.")
    var maxWaitingForBots = 10_000

    @Option(name: .long, help: "Postgres connections of this worker.")
    var databasePoolSize = 16

    @Option(name: .long, help: "Topic of customer messages.")
    var inboundTopic = "cs.inbound"

    @Option(name: .long, help: "Topic of suggestions for agents (assist).")
    var suggestionsTopic = "cs.suggestions"

    @Option(name: .long, help: "Topic of replies and handoffs (hosted).")
    var repliesTopic = "cs.replies"

    @Option(name: .long, help: "Topic of records that could not be accepted.")
    var deadLetterTopic = "cs.dead-letter"

    @Option(name: .long, help: "Topic of agents' events (presence, agent messages, takeover and release, suggestion feedback).")
    var agentEventsTopic = "cs.agent-events"

    @Option(name: .long, help: "Consumer group that reads the agents' events (default: the --group name plus .agent-events).")
    var agentEventsGroup: String?

    @Option(name: .long, help: "Hours a provider's memory of a conversation (Dify conversation, OpenAI response chain) may stay unused before the next question starts afresh; 0 keeps it for ever.")
    var memoryIdleHours: Double = 24

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: MetricsOptions

    func validate() throws {
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must not be negative") }
        guard databasePoolSize >= 2 else { throw ValidationError("--database-pool-size must be at least 2") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard maxWaitingForBots >= 0 else { throw ValidationError("--max-waiting-for-bots must not be negative") }
        guard memoryIdleHours >= 0 else { throw ValidationError("--memory-idle-hours must not be negative") }
    }

    func run() async throws {
        MallocTuning.limitArenas()
        try logging.bootstrap()
        let logger = Logger(label: "aics.worker")
        let brokers = try kafka.bootstrapServers()
        let secretBox = try secretKey.secretBox()
        let pool = PostgresPool(
            configuration: try database.configuration(poolSize: databasePoolSize, applicationName: "aics-worker"),
            logger: logger)
        defer { pool.shutdown() }
        // Counted always (cheap); served when asked for. The endpoints answer during the waits below.
        let probes = WorkerProbes(pool: pool)
        let endpoints = probes.server(at: try operations.address(), logger: logger)
        async let _ = endpoints?.serve()
        _ = try await endpoints?.listening()
        // Started beside the database and the brokers (or while one restarts), the worker waits for them.
        try await DependencyWait.postgres(pool, logger: logger)
        let httpClient = try HTTPClient()
        defer { httpClient.shutdown() }

        var configuration = WorkerConfiguration()
        configuration.maxInFlight = maxInFlight
        configuration.serialPartitions = serialPartitions
        configuration.maxAttempts = maxAttempts
        configuration.maxWaitingForBots = maxWaitingForBots
        configuration.shutdownTimeout = .milliseconds(Int(shutdownTimeout * 1000))
        configuration.topics.inbound = inboundTopic
        configuration.topics.suggestions = suggestionsTopic
        configuration.topics.replies = repliesTopic
        configuration.topics.deadLetter = deadLetterTopic
        configuration.topics.agentEvents = agentEventsTopic
        configuration.agentEventsGroup = agentEventsGroup
        configuration.memoryIdle = memoryIdleHours == 0 ? nil : .milliseconds(Int64(memoryIdleHours * 3_600_000))
        let groupID = group ?? Environment.value("AICS_WORKER_GROUP") ?? "aics-workers"
        let runtime = try WorkerRuntime(
            bootstrapServers: brokers, groupID: groupID, pool: pool,
            catalog: StoreWorkerCatalog(bots: BotStore(pool: pool, secretBox: secretBox), bindings: BindingStore(pool: pool)),
            factory: CatalogProviderFactory(pool: pool, httpClient: httpClient), configuration: configuration,
            caller: ProviderCaller(metrics: probes.metrics),
            tuneConsumer: { [fetchWaitMs, consumerGroup] consumer in
                if let fetchWaitMs { consumer.properties["fetch.wait.max.ms"] = String(fetchWaitMs) }
                consumerGroup.apply(to: &consumer)
            },
            knowledgeSyncClient: httpClient, logger: logger)
        probes.attach(runtime)
        try await DependencyWait.kafka(runtime.producer, bootstrapServers: brokers, logger: logger)
        logger.info("worker starting", metadata: [
            "group": "\(groupID)", "worker_id": "\(consumerGroup.resolvedWorkerID ?? "-")", "inbound": "\(inboundTopic)", "max_in_flight": "\(maxInFlight)", "database": "\(pool.configuration.redactedURL)",
        ])
        let serviceGroup = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: runtime.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await serviceGroup.run()
    }
}
