import ArgumentParser
import CommandSupport
import Logging
import Observability
import Postgres

/// Opens a small pool for one operator command, runs `body`, and always shuts the pool down.
/// Turns "the tables are missing" into a hint to run `aics migrate`.
enum CatalogConnection {
    static let logger: Logger = {
        // No --log-format on these short commands; AICS_LOG_FORMAT applies.
        let format = (try? LoggingOptions.format(nil)) ?? .text
        return Logger(label: "aics.cli") { format.handler(label: $0, level: .warning) }
    }()

    static func with<T>(_ database: DatabaseOptions, _ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = try database.makePool(poolSize: 2, logger: logger)
        defer { pool.shutdown() }
        do {
            return try await body(pool)
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw CommandFailure("the database has no aics tables yet: run `aics migrate` first (\(error.message))")
        }
    }
}
