import Logging
import Observability
import Pipeline
import Postgres
import Synchronization

/// What `aics worker`'s operations endpoints look at. They answer from the start (while the
/// worker still waits for Postgres and Kafka); the runtime is attached once it is built.
final class WorkerProbes: Sendable {
    let registry = MetricsRegistry()
    let metrics: PipelineMetrics
    let pool: PostgresPool
    private let runtime = Mutex<WorkerRuntime?>(nil)

    init(pool: PostgresPool) {
        self.pool = pool
        self.metrics = PipelineMetrics(factory: registry.factory)
    }

    func attach(_ runtime: WorkerRuntime) {
        self.runtime.withLock { $0 = runtime }
    }

    /// Ready once the worker has partitions to work on and Postgres answers.
    var readiness: [ReadinessCheck] {
        [
            ReadinessCheck("partitions") { [self] in
                guard let worker = runtime.withLock({ $0?.worker }) else { return "starting: waiting for Postgres and Kafka" }
                return worker.notReadyReason
            },
            ReadinessCheck.postgres(pool),
        ]
    }

    /// The server, or nil when `address` is nil (the endpoints are off).
    func server(at address: ListenAddress?, logger: Logger) -> OperationsServer? {
        guard let address else { return nil }
        return OperationsServer(address: address, registry: registry, readiness: readiness, sample: { [self] in
            runtime.withLock { $0 }?.gauges.sample()
        }, logger: logger)
    }
}
