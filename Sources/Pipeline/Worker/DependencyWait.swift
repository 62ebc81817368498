import Kafka
import Logging
import Postgres

/// Startup that waits for Postgres and Kafka instead of exiting when they are not up yet (a
/// worker is often started beside them, or while one restarts). One line says what it waits for
/// and why, repeated every 30 s while it lasts; a line says when it is there.
public enum DependencyWait {
    /// Returns once the database answers and has the aics tables (`aics migrate` may run later).
    public static func postgres(_ pool: PostgresPool, retryEvery: Duration = .seconds(1), logger: Logger) async throws {
        try await wait(for: "Postgres at \(pool.configuration.redactedURL)", retryEvery: retryEvery, logger: logger) {
            do {
                try await WorkerRuntime.checkSchema(pool: pool)
                return nil
            } catch let error as WorkerRuntime.SchemaMissing {
                return error.description
            } catch where FailureClass.of(error) == .outage {
                return "\(error)"
            }
        }
    }

    /// Returns once a broker of `bootstrapServers` answered a metadata request.
    public static func kafka(_ producer: KafkaProducer, bootstrapServers: String, retryEvery: Duration = .seconds(1), logger: Logger) async throws {
        try await wait(for: "Kafka at \(bootstrapServers)", retryEvery: retryEvery, logger: logger) {
            await producer.checkBrokers(timeout: .seconds(5)).map { "\($0)" }
        }
    }

    /// Calls `probe` until it returns nil (ready); its text says why not.
    static func wait(
        for what: String, retryEvery: Duration, logger: Logger, probe: () async throws -> String?
    ) async throws {
        var lastLogged: ContinuousClock.Instant?
        while true {
            try Task.checkCancellation()
            guard let problem = try await probe() else {
                if lastLogged != nil { logger.info("\(what) is ready") }
                return
            }
            if lastLogged.map({ ContinuousClock.now - $0 >= .seconds(30) }) ?? true {
                logger.warning("waiting for \(what): \(problem)")
                lastLogged = .now
            }
            try await Task.sleep(for: retryEvery)
        }
    }
}
