import Foundation
import Logging
import Postgres

/// The shared test database from `deploy/local/test.sh` (env AICS_TEST_DATABASE_URL).
enum TestDatabase {
    static var url: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isConfigured: Bool { url != nil }

    static let logger: Logger = {
        var logger = Logger(label: "aics.postgres.tests")
        logger.logLevel = .error
        return logger
    }()

    /// A schema name no other test uses.
    static func uniqueSchema(_ prefix: String = "t") -> String {
        "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
    }

    /// Runs `body` with a pool on the shared database whose sessions use a fresh schema, then
    /// drops the schema and shuts the pool down.
    static func withPool<T>(
        poolSize: Int = 4,
        statementTimeout: Duration? = nil,
        url: String? = nil,
        preparedStatementCacheSize: Int = 256,
        _ body: (PostgresPool) async throws -> T
    ) async throws -> T {
        let schema = uniqueSchema()
        let configuration = PostgresConfiguration(
            url: url ?? TestDatabase.url!, poolSize: poolSize, statementTimeout: statementTimeout, schema: schema,
            preparedStatementCacheSize: preparedStatementCacheSize)
        let pool = PostgresPool(configuration: configuration, logger: logger)
        try await pool.execute("CREATE SCHEMA \(schema)")
        do {
            let value = try await body(pool)
            try await pool.execute("DROP SCHEMA \(schema) CASCADE")
            pool.shutdown()
            return value
        } catch {
            _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
            pool.shutdown()
            throw error
        }
    }

    /// The repository's `schemas/migrations`.
    static var migrationsDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schemas/migrations")
    }
}
