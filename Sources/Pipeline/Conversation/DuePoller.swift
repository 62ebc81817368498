import Logging
import ServiceLifecycle

/// The loop of the services that poll Postgres for work that fell due (reply timers, bursts):
/// one step every `interval`, at once again while a step found a full batch, and once a second
/// while Postgres (or Kafka) fails, with one log line when it starts failing and one when it
/// answers again. Returns on graceful shutdown or cancellation.
enum DuePoller {
    /// `step` returns whether more work may be due right now (its batch was full).
    static func run(_ what: String, interval: Duration, logger: Logger, step: () async throws -> Bool) async {
        var failing = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var more = false
            do {
                more = try await step()
                if failing { logger.info("\(what): Postgres answers again") }
                failing = false
            } catch {
                // Outages are waited out; the work stays in its table.
                if !failing { logger.warning("\(what): could not take due work; retrying", metadata: ["error": "\(error)"]) }
                failing = true
            }
            if more { continue }
            let pause = failing ? Duration.seconds(1) : interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}
