import Catalog
import HTTP
import Kafka
import Logging
import Postgres
import ServiceLifecycle

/// Everything `aics worker` runs, wired: the producer, the batch writers, the configuration
/// listener, the reply timers, the bursts, the knowledge syncs, the agent-events consumer and the worker, in the order a `ServiceGroup` starts them (it shuts them down in
/// reverse: the worker first, the producer last, so every output is flushed).
///
/// What it counts goes to the caller's `PipelineMetrics` (`ProviderCaller(metrics:)`; a no-op by
/// default): the handler and the gauges use the same.
public struct WorkerRuntime: Sendable {
    public let worker: Worker
    public let producer: KafkaProducer
    public let caller: ProviderCaller
    public let cache: ConfigCache
    /// The worker's gauges (in flight, lag, circuits, admission), set when `gauges.sample()` runs:
    /// `/metrics` samples them before each scrape.
    public let gauges: WorkerGauges
    public let services: [any Service]

    public init(
        bootstrapServers: String, groupID: String, pool: PostgresPool, catalog: any WorkerCatalog, factory: any ProviderFactory,
        configuration: WorkerConfiguration, caller: ProviderCaller = ProviderCaller(), cacheTTL: Duration = .seconds(30),
        tuneConsumer: (inout KafkaConsumerConfiguration) -> Void = { _ in }, knowledgeSyncClient: HTTPClient? = nil, logger: Logger
    ) throws {
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        // A customer waits for every reply: send within a millisecond. Under load batches still
        // form while earlier produce requests are in flight.
        producerConfiguration.lingerMilliseconds = 1
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: groupID)
        consumerConfiguration.clientID = "aics-worker"
        // A batch is taken whole: keep it small against the in-flight limit so the load stays near it.
        consumerConfiguration.maxBatchSize = max(1, min(consumerConfiguration.maxBatchSize, configuration.maxInFlight / 4))
        // librdkafka prefetches up to 64 MiB of a backlog by default; 16 MiB (some 50,000 chat
        // messages) keeps intake busy and bounds the memory a worker holds on a deep backlog.
        consumerConfiguration.properties["queued.max.messages.kbytes"] = "16384"
        tuneConsumer(&consumerConfiguration)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, topics: [configuration.topics.inbound], logger: logger)
        let ledger = Ledger(pool: pool, memoryIdle: configuration.memoryIdle)
        let history = HistoryWriter.make(pool: pool, ledger: ledger, logger: logger)
        let published = BatchWriter<Ledger.MessageKey>(name: "published marks", batchSize: 2000, logger: logger) { keys in
            try await ledger.markPublished(keys)
        } reject: { key, _ in
            // Only a message still marked answered is affected: a redelivery re-sends its stored output.
            logger.warning("could not mark a message published", metadata: ["tenant": "\(key.tenantID)", "message": "\(key.messageID)"])
        }
        let cache = ConfigCache(ttl: cacheTTL)
        let handler = MessageHandler(
            catalog: catalog, factory: factory, cache: cache, ledger: ledger, caller: caller, producer: producer,
            history: history, published: published, topics: configuration.topics,
            budget: AttemptBudget(maxAttempts: configuration.maxAttempts), defaultMaxConcurrency: configuration.maxInFlight, logger: logger)
        let worker = Worker(consumer: consumer, handler: handler, configuration: configuration, logger: logger)
        var eventsConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrapServers, groupID: configuration.agentEventsGroup ?? groupID + ".agent-events")
        eventsConfiguration.clientID = "aics-worker-agent-events"
        tuneConsumer(&eventsConfiguration)
        // Agents' events may wait for librdkafka's usual fetch (500 ms): a short wait tuned for
        // the inbound consumer would make this mostly idle consumer fetch hundreds of times a second.
        eventsConfiguration.properties["fetch.wait.max.ms"] = "500"
        let agentEvents = AgentEventConsumer(
            consumer: try KafkaConsumer(configuration: eventsConfiguration, topics: [configuration.topics.agentEvents], logger: logger),
            handler: AgentEventHandler(pool: pool, cache: cache, catalog: catalog, metrics: caller.metrics, logger: logger),
            messages: handler, maxRecordBytes: configuration.maxRecordBytes, maxAttempts: configuration.maxAttempts, logger: logger)
        let timers = ReplyTimerService(
            pool: pool, producer: producer, metrics: caller.metrics, logger: logger, pollInterval: configuration.timerPollInterval)
        self.worker = worker
        self.producer = producer
        self.caller = caller
        self.cache = cache
        self.gauges = WorkerGauges(worker: worker, caller: caller, factory: caller.metrics.factory)
        let reporter = AdmissionReporter(
            admissions: caller.admissions, store: BotLoadStore(pool: pool), workerID: AdmissionReporter.defaultWorkerID, logger: logger)
        var services: [any Service] = [
            producer, history, published, ConfigListener(pool: pool, cache: cache, logger: logger), reporter, timers,
            BurstService(pool: pool, handler: handler, logger: logger), agentEvents, worker,
        ]
        // Knowledge syncs asked for through the admin API (uploads, schedules), over this client.
        if let knowledgeSyncClient {
            services.insert(KnowledgeSyncService(pool: pool, catalog: catalog, httpClient: knowledgeSyncClient, logger: logger), at: services.count - 1)
        }
        self.services = services
    }

    /// Fails with a readable message when the database has no aics tables yet.
    public static func checkSchema(pool: PostgresPool) async throws {
        let rows = try await pool.query("""
            SELECT to_regclass('inbound_messages') IS NOT NULL AND to_regclass('reply_history') IS NOT NULL
               AND to_regclass('bindings') IS NOT NULL AND to_regclass('conversation_memory') IS NOT NULL
               AND to_regclass('reply_timers') IS NOT NULL AND to_regclass('burst_messages') IS NOT NULL
            """)
        guard try rows.first?.decode(0, as: Bool.self) == true else {
            throw SchemaMissing()
        }
    }

    public struct SchemaMissing: Error, CustomStringConvertible {
        public var description: String { "the database has no aics tables (inbound_messages, bindings, ...): run `aics migrate` first" }
    }
}
