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

    /// A pool on the configured database.
    func makePool(poolSize: Int = 4, logger: Logger) throws -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: try resolvedURL(), poolSize: poolSize), logger: logger)
    }
}
