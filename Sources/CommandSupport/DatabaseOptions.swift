import ArgumentParser
import Logging
import Postgres

/// `--database-url`, shared by every command that talks to Postgres.
public struct DatabaseOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: ArgumentHelp(
        "Postgres connection URI, e.g. postgresql://aics:PASSWORD@db.internal:5432/aics?sslmode=require. Env: AICS_DATABASE_URL.",
        valueName: "uri"))
    public var databaseURL: String?

    /// The URL from the flag, else from AICS_DATABASE_URL.
    public func resolvedURL() throws -> String {
        guard let url = databaseURL ?? Environment.value("AICS_DATABASE_URL") else {
            throw ValidationError("no database: pass --database-url or set AICS_DATABASE_URL")
        }
        return url
    }

    /// The connection settings: the URL, and AICS_DATABASE_PREPARED_STATEMENTS (statements each
    /// connection keeps prepared, default 256; 0 for PgBouncer in transaction pooling mode, which
    /// cannot keep prepared statements across transactions).
    public func configuration(poolSize: Int, applicationName: String = "aics") throws -> PostgresConfiguration {
        var configuration = PostgresConfiguration(url: try resolvedURL(), poolSize: poolSize, applicationName: applicationName)
        if let text = Environment.value("AICS_DATABASE_PREPARED_STATEMENTS") {
            guard let count = Int(text), count >= 0 else {
                throw ValidationError("AICS_DATABASE_PREPARED_STATEMENTS must be a whole number >= 0 (0 turns prepared statements off), not \"\(text)\"")
            }
            configuration.preparedStatementCacheSize = count
        }
        return configuration
    }

    /// A pool on the configured database.
    public func makePool(poolSize: Int = 4, logger: Logger) throws -> PostgresPool {
        PostgresPool(configuration: try configuration(poolSize: poolSize), logger: logger)
    }
}
