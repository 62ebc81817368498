import Foundation
import Postgres
import Testing

/// Statements are prepared once per connection and reused; the server's own view
/// (`pg_prepared_statements` of the same connection) shows it.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct PreparedStatementTests {
    /// Name and number of executions of every statement prepared on `connection` for `sql`.
    static func prepared(_ sql: String, on connection: PostgresConnection) async throws -> [(name: String, executions: Int)] {
        try await connection.query(
            "SELECT name, generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1 ORDER BY name", [sql]
        ).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Int.self)) }
    }

    @Test func aStatementRunTwiceIsPreparedOnce() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            let sql = "SELECT $1::int + 1"
            try await pool.withConnection { connection in
                #expect(try await connection.query(sql, [1])[0].decode(0, as: Int.self) == 2)
                #expect(try await connection.query(sql, [41])[0].decode(0, as: Int.self) == 42)
                let statements = try await Self.prepared(sql, on: connection)
                #expect(statements.count == 1)
                #expect(statements.first?.name.hasPrefix("aics_s") == true)
                #expect(statements.first?.executions == 2)
            }
        }
    }

    @Test func aPipelinePreparesItsStatementOnce() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            try await pool.execute("CREATE TABLE items (id int PRIMARY KEY, tags text[])")
            let sql = "INSERT INTO items VALUES ($1, $2::text[])"
            try await pool.withConnection { connection in
                let counts = try await connection.pipeline((0..<1_200).map { PostgresStatement(sql, [$0, ["a", "b"]]) })
                #expect(counts == Array(repeating: 1, count: 1_200))
                // The next single statement with the same text reuses the pipeline's statement.
                try await connection.execute(sql, [1_200, [String]()])
                let statements = try await Self.prepared(sql, on: connection)
                #expect(statements.count == 1)
                #expect(statements.first?.executions == 1_201)
            }
        }
    }

    @Test func aChangedTableIsPreparedAgainInsteadOfFailing() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            try await pool.execute("CREATE TABLE notes (id int)")
            try await pool.execute("INSERT INTO notes VALUES (1)")
            #expect(try await pool.query("SELECT * FROM notes").columns == ["id"])
            #expect(try await pool.query("SELECT * FROM notes").columns == ["id"])
            try await pool.execute("ALTER TABLE notes ADD COLUMN body text DEFAULT 'x'")
            #expect(try await pool.query("SELECT * FROM notes").columns == ["id", "body"])

            // Pipelines too: the first chunk ran in its own implicit transaction and is repeated.
            let insert = "INSERT INTO notes (id) VALUES ($1) RETURNING *"
            #expect(try await pool.withConnection { try await $0.pipeline([PostgresStatement(insert, [2])]) } == [1])
            try await pool.execute("ALTER TABLE notes ADD COLUMN flag bool")
            #expect(try await pool.withConnection { try await $0.pipeline([PostgresStatement(insert, [3]), PostgresStatement(insert, [4])]) } == [1, 1])
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(0, as: Int.self) == 4)

            // Inside a transaction the stale statement's error aborts it; the next attempt works.
            try await pool.execute("ALTER TABLE notes ADD COLUMN extra int")
            let stale = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { try await $0.query("SELECT * FROM notes") }
            }
            #expect(stale?.sqlState == "0A000")
            let columns = try await pool.withTransaction { try await $0.query("SELECT * FROM notes").columns }
            #expect(columns == ["id", "body", "flag", "extra"])
        }
    }

    @Test func statementsDeallocatedBehindTheCachesBackArePreparedAgain() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            let sql = "SELECT $1::text || '!'"
            try await pool.withConnection { connection in
                #expect(try await connection.query(sql, ["a"])[0].decode(0, as: String.self) == "a!")
                try await connection.executeScript("DEALLOCATE ALL")
                #expect(try await connection.query(sql, ["b"])[0].decode(0, as: String.self) == "b!")
                #expect(try await Self.prepared(sql, on: connection).map(\.executions) == [1])
            }
        }
    }

    @Test func aStatementPreparedInARolledBackTransactionStaysUsable() async throws {
        try await TestDatabase.withPool(poolSize: 1) { pool in
            struct Boom: Error {}
            let sql = "SELECT $1::int * 3"
            await #expect(throws: Boom.self) {
                try await pool.withTransaction { connection in
                    _ = try await connection.query(sql, [1])
                    throw Boom()
                }
            }
            let value = try await pool.query(sql, [2])[0].decode(0, as: Int.self)
            #expect(value == 6)
            // A statement the server rejects is not cached: the same error comes back every time.
            for _ in 0..<2 {
                let error = await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
                #expect(error?.sqlState == "42601")
            }
        }
    }

    @Test func theCacheKeepsAtMostItsCapacity() async throws {
        try await TestDatabase.withPool(poolSize: 1, preparedStatementCacheSize: 3) { pool in
            try await pool.withConnection { connection in
                for value in 1...10 {
                    #expect(try await connection.query("SELECT \(value)")[0].decode(0, as: Int.self) == value)
                    // Keep SELECT 1 recently used: it survives the evictions.
                    #expect(try await connection.query("SELECT 1")[0].decode(0, as: Int.self) == 1)
                }
                let statements = try await connection.query("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'aics_s%'")
                    .map { try $0.decode(0, as: String.self) }
                // Three cached, plus at most the one the last lookup evicted (deallocated before the next statement).
                #expect(statements.count <= 4)
                #expect(statements.contains("SELECT 1"))
                #expect(!statements.contains("SELECT 2"))
                // An evicted statement still runs; it is simply prepared again.
                #expect(try await connection.query("SELECT 2")[0].decode(0, as: Int.self) == 2)
            }
        }
    }

    @Test func capacityZeroRunsEveryStatementUnnamed() async throws {
        try await TestDatabase.withPool(poolSize: 1, preparedStatementCacheSize: 0) { pool in
            try await pool.withConnection { connection in
                let value = try await connection.query("SELECT $1::int", [7])[0].decode(0, as: Int.self)
                let prepared = try await connection.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(0, as: Int.self)
                #expect(value == 7)
                #expect(prepared == 0)
            }
        }
    }
}
