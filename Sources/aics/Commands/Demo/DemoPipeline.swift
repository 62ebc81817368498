import Catalog
import HTTP
import Kafka
import Logging
import Pipeline
import Postgres
import Secrets
import ServiceLifecycle

/// The worker exactly as `aics worker` wires it (`WorkerRuntime`: producer, batch writers,
/// configuration listener, `Worker`), in this process, in one `ServiceGroup` that shuts down in
/// reverse order (the worker finishes and commits before the writers and the producer flush).
struct DemoPipeline {
    let group: ServiceGroup

    init(bootstrapServers: String, pool: PostgresPool, secretBox: SecretBox, httpClient: HTTPClient, logger: Logger) throws {
        let runtime = try WorkerRuntime(
            bootstrapServers: bootstrapServers, groupID: "aics-workers", pool: pool,
            catalog: StoreWorkerCatalog(bots: BotStore(pool: pool, secretBox: secretBox), bindings: BindingStore(pool: pool)),
            factory: CatalogProviderFactory(pool: pool, httpClient: httpClient), configuration: WorkerConfiguration(),
            tuneConsumer: { configuration in
                // The demo's single member joins quickly and shows each round as soon as it is
                // answered (the default fetch wait is 500 ms).
                configuration.sessionTimeoutMilliseconds = 6000
                configuration.heartbeatIntervalMilliseconds = 500
                configuration.properties["fetch.wait.max.ms"] = "50"
            },
            logger: logger)
        group = ServiceGroup(configuration: ServiceGroupConfiguration(services: runtime.services, gracefulShutdownSignals: [], logger: logger))
    }
}
