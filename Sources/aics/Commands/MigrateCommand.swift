import ArgumentParser
import CommandSupport
import Logging
import Postgres

/// `aics migrate`: brings the database schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the numbered SQL migrations the database does not have yet.",
        discussion: """
        Each migration file (NNNN_name.sql) is applied once, in version order, inside one \
        transaction under an advisory lock: any number of processes may run this at the same \
        time (for example every worker at start-up); one applies, the others wait and find the \
        work done. Applied versions are recorded in the table schema_migrations with a checksum; \
        running again changes nothing, and a file edited after it was applied is reported as an \
        error (add a new migration instead).

        Examples:
          aics migrate --database-url postgresql://aics@localhost/aics
          AICS_DATABASE_URL=postgresql://aics:PASSWORD@db/aics aics migrate
        """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var migrations: MigrationsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        let logger = Logger(label: "aics.migrate")
        let (files, origin) = try migrations.load()
        let pool = try database.makePool(poolSize: 1, logger: logger)
        defer { pool.shutdown() }
        print("database \(pool.configuration.redactedURL)")
        print("migrations \(origin)")
        let applied = try await PostgresMigrator(pool: pool, logger: logger).migrate(files)
        if applied.isEmpty {
            print("up to date")
        } else {
            for migration in applied { print("applied \(migration.label)") }
            print("\(applied.count) migration(s) applied")
        }
    }
}
