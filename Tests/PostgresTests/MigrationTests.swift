import Foundation
import Postgres
import Testing

/// The migration runner and the product's migrations, each test in a schema of its own.
@Suite(.enabled(if: TestDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct MigrationTests {
    static let sample = [
        Migration(version: 1, name: "first", sql: "CREATE TABLE a (id int); INSERT INTO a VALUES (1);"),
        Migration(version: 2, name: "second", sql: "CREATE TABLE b (id int); INSERT INTO b SELECT id + 1 FROM a;"),
    ]

    @Test func twentyConcurrentRunnersApplyEachMigrationOnce() async throws {
        try await TestDatabase.withPool(poolSize: 2) { pool in
            let configuration = pool.configuration
            // Twenty "workers", each with a pool of its own, start at once.
            let appliedPerRunner = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let own = PostgresPool(configuration: PostgresConfiguration(url: configuration.url, poolSize: 1, schema: configuration.schema), logger: TestDatabase.logger)
                        defer { own.shutdown() }
                        return try await PostgresMigrator(pool: own, logger: TestDatabase.logger).migrate(Self.sample).map(\.version)
                    }
                }
                var all: [[Int]] = []
                for try await applied in group { all.append(applied) }
                return all
            }
            #expect(appliedPerRunner.flatMap { $0 }.sorted() == [1, 2])
            #expect(appliedPerRunner.filter { !$0.isEmpty }.count == 1)
            let recorded = try await pool.query("SELECT version, name FROM schema_migrations ORDER BY version")
            #expect(try recorded.map { try $0.decode(1, as: String.self) } == ["first", "second"])
            #expect(try await pool.query("SELECT count(*) FROM a")[0].decode(0, as: Int.self) == 1)
            #expect(try await pool.query("SELECT count(*) FROM b")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func aSecondRunChangesNothingAndANewFileIsApplied() async throws {
        try await TestDatabase.withPool { pool in
            let migrator = PostgresMigrator(pool: pool, logger: TestDatabase.logger)
            #expect(try await migrator.migrate(Self.sample).count == 2)
            let before = try await pool.query("SELECT applied_at FROM schema_migrations ORDER BY version").map { try $0.decode(0, as: Date.self) }
            #expect(try await migrator.migrate(Self.sample).isEmpty)
            let after = try await pool.query("SELECT applied_at FROM schema_migrations ORDER BY version").map { try $0.decode(0, as: Date.self) }
            #expect(before == after)
            let third = Migration(version: 3, name: "third", sql: "ALTER TABLE a ADD COLUMN note text;")
            #expect(try await migrator.migrate(Self.sample + [third]).map(\.version) == [3])
        }
    }

    @Test func aChangedAppliedFileIsAnError() async throws {
        try await TestDatabase.withPool { pool in
            let migrator = PostgresMigrator(pool: pool, logger: TestDatabase.logger)
            try await migrator.migrate(Self.sample)
            var changed = Self.sample
            changed[0].sql += "\n-- edited"
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(changed) }
            #expect(error.map { "\($0)".contains("0001_first") } == true)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        try await TestDatabase.withPool { pool in
            let migrator = PostgresMigrator(pool: pool, logger: TestDatabase.logger)
            let broken = Self.sample + [Migration(version: 3, name: "broken", sql: "CREATE TABLE c (id int); SELECT no_such_function();")]
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(broken) }
            #expect(error.map { "\($0)".contains("0003_broken") && "\($0)".contains("42883") } == true)
            let tables = try await pool.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", [pool.configuration.schema!])
            #expect(try tables[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func filesAreLoadedInVersionOrderAndBadNamesRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueSchema("migrations"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 2;".write(to: directory.appendingPathComponent("0010_later.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: directory.appendingPathComponent("0002_earlier.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        #expect(try Migration.load(from: directory).map(\.label) == ["0002_earlier", "0010_later"])
        try "SELECT 3;".write(to: directory.appendingPathComponent("2_duplicate.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try Migration.load(from: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("2_duplicate.sql"))
        try "SELECT 3;".write(to: directory.appendingPathComponent("latest.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try Migration.load(from: directory) }
    }
}
