import Foundation
import Postgres
import Testing

/// Waiting for connections, cancellation while waiting, and listeners that go away.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct LifecycleTests {
    @Test func aTaskCancelledWhileWaitingForAConnectionGivesUp() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            try await pool.withConnection { _ in
                let waiter = Task { try await pool.query("SELECT 1") }
                try await Task.sleep(for: .milliseconds(200))
                waiter.cancel()
                let error = await #expect(throws: PostgresError.self) { try await waiter.value }
                #expect(error?.kind == .cancelled)
            }
            // The single connection is free again for the next caller.
            let value = try await pool.query("SELECT 3")[0].decode(0, as: Int.self)
            #expect(value == 3)
        }
    }

    @Test func aListenerClosesItsConnectionWhenTheConsumerStops() async throws {
        let name = TestDatabase.uniqueSchema("listener")
        let pool = PostgresPool(
            configuration: PostgresConfiguration(url: TestDatabase.url!, poolSize: 1, applicationName: name),
            logger: TestDatabase.logger)
        defer { pool.shutdown() }
        let observer = PostgresPool(configuration: PostgresConfiguration(url: TestDatabase.url!, poolSize: 1), logger: TestDatabase.logger)
        defer { observer.shutdown() }
        @Sendable func listeners() async throws -> Int {
            try await observer.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'", [name])[0]
                .decode(0, as: Int.self)
        }
        let whileListening = try await withDeadline(60, waitingFor: "the listener to start") {
            var iterator = pool.listen(to: ["aics_lifecycle"]).makeAsyncIterator()
            _ = await iterator.next()
            return try await listeners()
        }
        #expect(whileListening == 1)
        // The iterator is gone; the listening thread notices within its poll interval.
        let remaining = try await withDeadline(60, waitingFor: "the listener to close its connection") {
            while try await listeners() > 0 { try await Task.sleep(for: .milliseconds(50)) }
            return 0
        }
        #expect(remaining == 0)
    }
}
