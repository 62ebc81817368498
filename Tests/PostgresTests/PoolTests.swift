import Foundation
import Postgres
import Testing

/// The pool against the shared test server.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct PoolTests {
    @Test func twoHundredConcurrentQueriesThroughEightConnections() async throws {
        try await TestDatabase.withPool(poolSize: 8) { pool in
            let results = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let row = try await pool.query("SELECT $1::int * 2, pg_backend_pid(), pg_sleep(0.01)::text IS NOT NULL", [index])[0]
                        return (index, try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
                    }
                }
                var all: [(Int, Int, Int)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0.1 == $0.0 * 2 })
            let backends = Set(results.map(\.2))
            #expect(backends.count <= 8)
            #expect(backends.count > 1)
        }
    }

    @Test func transactionsCommitAndRollBack() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.execute("CREATE TABLE items (id int PRIMARY KEY)")
            _ = try await pool.withTransaction { connection in
                try await connection.execute("INSERT INTO items VALUES ($1)", [1])
            }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO items VALUES ($1)", [2])
                    throw Boom()
                }
            }
            let duplicate = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO items VALUES ($1)", [3])
                    try await connection.execute("INSERT INTO items VALUES ($1)", [1])
                }
            }
            #expect(duplicate?.kind == .server)
            #expect(duplicate?.sqlState == "23505")
            let ids = try await pool.query("SELECT id FROM items ORDER BY id").map { try $0.decode(0, as: Int.self) }
            #expect(ids == [1])
            // Connections came back clean: a new statement is not inside an aborted transaction.
            #expect(try await pool.query("SELECT count(*) FROM items")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func statementTimeoutIsATypedError() async throws {
        try await TestDatabase.withPool(statementTimeout: .milliseconds(200)) { pool in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT pg_sleep(10)")
            }
            #expect(error?.kind == .statementTimeout)
            #expect(error?.sqlState == "57014")
            let after = try await pool.query("SELECT 1")[0].decode(0, as: Int.self)
            #expect(after == 1)
        }
    }

    @Test func cancellingTheTaskCancelsTheStatement() async throws {
        try await TestDatabase.withPool { pool in
            let started = Date()
            let task = Task { try await pool.query("SELECT pg_sleep(30)") }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(Date().timeIntervalSince(started) < 20)
            #expect(try await pool.query("SELECT 2")[0].decode(0, as: Int.self) == 2)
        }
    }

    @Test func aConnectionCancelsAgainAfterACancelledStatement() async throws {
        // One connection, so both cancellations and the statements after them share its state.
        try await TestDatabase.withPool(poolSize: 1) { pool in
            for round in 1...2 {
                let task = Task { try await pool.query("SELECT pg_sleep(30)") }
                try await Task.sleep(for: .milliseconds(300))
                task.cancel()
                let error = await #expect(throws: PostgresError.self) { try await task.value }
                #expect(error?.kind == .cancelled)
                let value = try await pool.query("SELECT $1::int", [round])[0].decode(0, as: Int.self)
                #expect(value == round)
            }
        }
    }

    @Test func pipelineAndArrayBatchesInsertEveryRow() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.execute("CREATE TABLE history (id int PRIMARY KEY, question text, tags text[])")
            let statements = (0..<1_200).map { PostgresStatement("INSERT INTO history VALUES ($1, $2, $3)", [$0, "q\($0)", ["a", "b"]]) }
            let counts = try await pool.withTransaction { try await $0.pipeline(statements) }
            #expect(counts == Array(repeating: 1, count: 1_200))
            let ids = Array(1_200..<3_200)
            let inserted = try await pool.execute(
                "INSERT INTO history (id, question) SELECT * FROM unnest($1::int[], $2::text[])",
                [ids, ids.map { "question \($0)" }]
            )
            #expect(inserted == 2_000)
            #expect(try await pool.query("SELECT count(*) FROM history")[0].decode(0, as: Int.self) == 3_200)
            let failure = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.pipeline([
                        PostgresStatement("INSERT INTO history (id) VALUES ($1)", [5_000]),
                        PostgresStatement("INSERT INTO history (id) VALUES ($1)", [0]),
                        PostgresStatement("INSERT INTO history (id) VALUES ($1)", [5_001]),
                    ])
                }
            }
            #expect(failure?.sqlState == "23505")
            #expect(try await pool.query("SELECT count(*) FROM history")[0].decode(0, as: Int.self) == 3_200)
        }
    }

    @Test func connectionErrorsNeverShowThePassword() async throws {
        let configuration = PostgresConfiguration(url: "postgresql://aics:Secret-Pa55word@/aics?host=/nonexistent-aics-socket-dir", connectTimeoutSeconds: 2)
        let pool = PostgresPool(configuration: configuration, logger: TestDatabase.logger)
        defer { pool.shutdown() }
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.kind == .connectionFailed)
        #expect(error.map { !"\($0)".contains("Secret-Pa55word") } == true)
        #expect(!configuration.redactedURL.contains("Secret-Pa55word"))
    }

    @Test func serverNoticesGoToTheLogger() async throws {
        let capture = CapturedLogs()
        let configuration = PostgresConfiguration(url: TestDatabase.url!, poolSize: 1)
        let pool = PostgresPool(configuration: configuration, logger: capture.logger)
        defer { pool.shutdown() }
        try await pool.execute("DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$")
        #expect(capture.messages.contains { $0.contains("hello from the server") })
    }
}
