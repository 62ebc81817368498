import Kafka
import Logging
import Pipeline
import Postgres
import ServiceLifecycle

/// The worker as `aics worker` runs it, in this process: its producer, the batch writers of the
/// ledger and the history, the configuration listener and the `Worker`, in one `ServiceGroup`
/// that shuts down in reverse order (the worker finishes and commits before the writers flush).
struct DemoPipeline {
    let group: ServiceGroup

    init(bootstrapServers: String, pool: PostgresPool, logger: Logger) throws {
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: "aics-workers")
        // Short timeouts so the demo's single member joins quickly.
        consumerConfiguration.sessionTimeoutMilliseconds = 6000
        consumerConfiguration.heartbeatIntervalMilliseconds = 500
        // A demo shows each round as soon as it is answered; the default wait is 500 ms per fetch.
        consumerConfiguration.properties["fetch.wait.max.ms"] = "50"
        let configuration = WorkerConfiguration()
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, topics: [configuration.topics.inbound], logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers), logger: logger)
        let ledger = Ledger(pool: pool)
        let history = HistoryWriter.make(pool: pool, logger: logger)
        let published = BatchWriter<String>(name: "ledger", logger: logger) { try await ledger.markPublished($0) }
        let cache = ConfigCache()
        let handler = MessageHandler(
            catalog: PostgresWorkerCatalog(pool: pool, secretBox: nil), factory: LocalProviderFactory(pool: pool), cache: cache,
            ledger: ledger, caller: ProviderCaller(), producer: producer, history: history, published: published,
            topics: configuration.topics, logger: logger)
        let worker = Worker(consumer: consumer, handler: handler, configuration: configuration, logger: logger)
        group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: producer),
                .init(service: history),
                .init(service: published),
                .init(service: ConfigListener(pool: pool, cache: cache, logger: logger)),
                .init(service: worker),
            ],
            gracefulShutdownSignals: [],
            logger: logger))
    }
}
