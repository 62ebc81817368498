import Logging
import ServiceLifecycle

/// Runs services in a `ServiceGroup` while `body` runs, then shuts them down gracefully.
struct ServiceGroupRunner {
    let services: [any Service]
    let logger: Logger

    func run(_ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
