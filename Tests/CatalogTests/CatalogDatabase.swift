import Foundation
import Logging
import Postgres
import Schemas
import Secrets

/// The shared test database from `deploy/local/test.sh` (env AICS_TEST_DATABASE_URL), migrated
/// with the embedded migrations. Tests use unique tenant ids, so they never see each other's rows.
enum CatalogDatabase {
    static var url: String? {
        guard let value = ProcessInfo.processInfo.environment["AICS_TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    static var isConfigured: Bool { url != nil }

    static let logger: Logger = {
        var logger = Logger(label: "aics.catalog.tests")
        logger.logLevel = .error
        return logger
    }()

    static func uniqueTenant(_ prefix: String = "tenant") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs `body` with a migrated pool, then shuts the pool down.
    static func withPool<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PostgresPool(configuration: PostgresConfiguration(url: url!, poolSize: 2), logger: logger)
        do {
            try await PostgresMigrator(pool: pool, logger: logger).migrate(Migration.parse(Schemas.migrations))
            let value = try await body(pool)
            pool.shutdown()
            return value
        } catch {
            pool.shutdown()
            throw error
        }
    }

    static let key = "catalog-tests-key-0123456789-abcdefghij"
    static let otherKey = "catalog-tests-other-key-0123456789-klmnop"
    static var secretBox: SecretBox { try! SecretBox(key: key) }
}
