import ArgumentParser
import Logging
import Postgres

/// `--database-url`, shared by every command that talks to Postgres.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Postgres connection URI, e.g. postgresql://aics:PASSWORD@db.internal:5432/aics?sslmode=require. Env: AICS_DATABASE_URL.",
        valueName: "uri"))
    var databaseURL: String?

    /// The URL from the flag, else from AICS_DATABASE_URL.
    func resolvedURL() throws -> String {
        guard let url = databaseURL ?? Environment.value("AICS_DATABASE_URL") else {
            throw ValidationError("no database: pass --database-url or set AICS_DATABASE_URL")
        }
        return url
    }

    /// The same as `resolvedURL()` (the name the operator commands use).
    func url() throws -> String { try resolvedURL() }

    /// A pool on the configured database.
    func makePool(poolSize: Int = 4, logger: Logger) throws -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: try resolvedURL(), poolSize: poolSize), logger: logger)
    }

    /// A small pool for one operator command; the caller shuts it down.
    func pool(logger: Logger, size: Int = 2) throws -> PostgresPool {
        try makePool(poolSize: size, logger: logger)
    }
}
