import ArgumentParser
import Logging
import Postgres

/// `--database-url`, shared by every command that talks to Postgres.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Postgres connection URI, e.g. postgresql://aics@db.internal/aics. Env: AICS_DATABASE_URL.")
    var databaseURL: String?

    /// The flag, else the environment variable; fails with a readable message when neither is set.
    func url() throws -> String {
        guard let url = databaseURL ?? Environment.value("AICS_DATABASE_URL") else {
            throw CommandFailure("no database: pass --database-url postgresql://user@host/db or set AICS_DATABASE_URL")
        }
        return url
    }

    /// A small pool for one operator command; the caller shuts it down.
    func pool(logger: Logger, size: Int = 2) throws -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: try url(), poolSize: size, applicationName: "aics-cli"), logger: logger)
    }
}
