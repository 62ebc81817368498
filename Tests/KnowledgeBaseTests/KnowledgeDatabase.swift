import Catalog
import Foundation
import Logging
import Postgres
import Schemas

/// The shared test database (env AICS_TEST_DATABASE_URL from `deploy/local/test.sh`), one fresh
/// schema per test with the embedded migrations applied.
enum KnowledgeDatabase {
    static var url: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isConfigured: Bool { url != nil }

    static let logger: Logger = {
        var logger = Logger(label: "aics.knowledge.tests")
        logger.logLevel = .error
        return logger
    }()

    /// The migrations built into aics.
    static var migrations: [Migration] {
        get throws { try Migration.parse(Schemas.migrations) }
    }

    static func withStore<T>(_ body: (KnowledgeStore, PostgresPool) async throws -> T) async throws -> T {
        let schema = "kb_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let pool = PostgresPool(configuration: PostgresConfiguration(url: url!, poolSize: 2, schema: schema), logger: logger)
        do {
            try await PostgresMigrator(pool: pool, logger: logger).migrate(try migrations)
            let value = try await body(KnowledgeStore(pool: pool), pool)
            try await pool.execute("DROP SCHEMA \(schema) CASCADE")
            pool.shutdown()
            return value
        } catch {
            _ = try? await pool.execute("DROP SCHEMA \(schema) CASCADE")
            pool.shutdown()
            throw error
        }
    }

    /// A bot row; returns its id.
    static func insertBot(_ pool: PostgresPool, provider: String = "local", settings: String = #"{"threshold": 0.35}"#) async throws -> UUID {
        let rows = try await pool.query(
            "INSERT INTO bots (tenant_id, name, provider, settings) VALUES ($1, $2, $3, $4::jsonb) RETURNING id::text",
            ["tenant-kb", "bot-" + UUID().uuidString, provider, settings])
        return UUID(uuidString: try rows[0].decode(0, as: String.self))!
    }
}
