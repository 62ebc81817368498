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

    /// The embedded `schemas/migrations` as `Migration`s ("0001_bots_and_bindings.sql" is version 1).
    static var migrations: [Migration] {
        Schemas.migrations.map { file in
            let stem = file.name.hasSuffix(".sql") ? String(file.name.dropLast(4)) : file.name
            let parts = stem.split(separator: "_", maxSplits: 1)
            return Migration(version: Int(parts[0]) ?? 0, name: parts.count > 1 ? String(parts[1]) : stem, sql: file.sql)
        }
    }

    /// Runs `body` with a migrated pool, then shuts the pool down.
    static func withPool<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PostgresPool(configuration: PostgresConfiguration(url: url!, poolSize: 2), logger: logger)
        do {
            try await PostgresMigrator(pool: pool, logger: logger).migrate(migrations)
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
