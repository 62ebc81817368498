import Foundation
import Postgres
import TestSupport
import Testing

/// Behaviour across a server restart, on a private cluster per test (restarting the shared test
/// server would break tests running in parallel).
@Suite(.serialized, .enabled(if: TestDatabase.isConfigured, "needs the Postgres binaries that test.sh installs"))
struct RestartTests {
    @Test func thePoolRecoversAfterTheServerRestarts() async throws {
        let cluster = try await PrivateCluster.start()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: cluster.url, poolSize: 8), logger: TestDatabase.logger)
        do {
            // Fill the pool with eight connections, and keep one statement running over the restart.
            try await concurrentQueries(pool, count: 40)
            let inFlight = Task { try await pool.query("SELECT pg_sleep(30)") }
            try await Task.sleep(for: .milliseconds(300))
            try await cluster.restart()
            let lost = await #expect(throws: PostgresError.self) { try await inFlight.value }
            #expect(lost?.kind == .connectionLost)
            // Idle connections died too; the pool notices and opens fresh ones.
            try await concurrentQueries(pool, count: 40)
        } catch {
            pool.shutdown()
            await cluster.stop()
            throw error
        }
        pool.shutdown()
        await cluster.stop()
    }

    @Test func statementsArePreparedAgainOnTheConnectionAfterARestart() async throws {
        let cluster = try await PrivateCluster.start()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: cluster.url, poolSize: 1), logger: TestDatabase.logger)
        let sql = "SELECT $1::int + 10, pg_backend_pid()"
        @Sendable func run(_ value: Int) async throws -> (sum: Int, backend: Int, executions: [Int]) {
            try await pool.withConnection { connection in
                let row = try await connection.query(sql, [value])[0]
                let executions = try await connection.query(
                    "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1", [sql]
                ).map { try $0.decode(0, as: Int.self) }
                return (try row.decode(0), try row.decode(1), executions)
            }
        }
        do {
            _ = try await run(0)
            let before = try await run(1)
            #expect(before.sum == 11)
            #expect(before.executions == [2])
            try await cluster.restart()
            // A new connection, whose session starts with an empty cache: prepared again, not "does not exist".
            let after = try await run(2)
            #expect(after.sum == 12)
            #expect(after.backend != before.backend)
            #expect(after.executions == [1])
        } catch {
            pool.shutdown()
            await cluster.stop()
            throw error
        }
        pool.shutdown()
        await cluster.stop()
    }

    @Test func notificationsReachAListenerAcrossAReconnect() async throws {
        let cluster = try await PrivateCluster.start()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: cluster.url, poolSize: 2), logger: TestDatabase.logger)
        do {
            let received = try await withDeadline(120, waitingFor: "notifications across a restart") {
                var iterator = pool.listen(to: ["aics_test", "Mixed Case"]).makeAsyncIterator()
                var payloads: [String] = []
                guard await iterator.next() == .listening else { return payloads }
                try await pool.execute("SELECT pg_notify($1, $2)", ["aics_test", "before"])
                payloads.append(try await Self.nextPayload(&iterator))
                try await cluster.restart()
                // The listener reconnects and LISTENs again, then announces it.
                while let event = await iterator.next(), event != .listening {}
                try await pool.execute("SELECT pg_notify($1, $2)", ["Mixed Case", "after"])
                payloads.append(try await Self.nextPayload(&iterator))
                return payloads
            }
            #expect(received == ["before", "after"])
        } catch {
            pool.shutdown()
            await cluster.stop()
            throw error
        }
        pool.shutdown()
        await cluster.stop()
    }

    private static func nextPayload(_ iterator: inout AsyncStream<PostgresListenerEvent>.Iterator) async throws -> String {
        while let event = await iterator.next() {
            if case .notification(let notification) = event { return notification.payload }
        }
        throw DeadlineExceeded(what: "a notification (the stream ended)")
    }

    /// Runs `count` queries at once; every one must succeed.
    private func concurrentQueries(_ pool: PostgresPool, count: Int) async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask { try await pool.query("SELECT $1::int", [index])[0].decode(0, as: Int.self) }
            }
            var sum = 0
            for try await value in group { sum += value }
            #expect(sum == count * (count - 1) / 2)
        }
    }
}
