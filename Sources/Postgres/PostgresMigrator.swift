import Logging

/// Applies numbered migrations exactly once per database (or schema), even when many processes
/// start at the same time: everything runs in one transaction that first takes an advisory lock,
/// so concurrent runners queue up and later ones find the work done.
/// Migration files must not contain BEGIN/COMMIT or statements that cannot run in a transaction.
public struct PostgresMigrator: Sendable {
    public let pool: PostgresPool
    let logger: Logger

    /// Migrates the database of `pool`, in the pool's `configuration.schema` if set (created when
    /// missing), else in the session's default schema (usually `public`).
    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    private var schema: String? { pool.configuration.schema }

    /// Applies what is missing and returns the migrations applied by this call (empty: up to date).
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Migration] {
        try await pool.withTransaction { connection in
            // Waiting for another runner's lock must not trip a statement timeout.
            try await connection.query("SET LOCAL statement_timeout = 0")
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext($1))", ["aics.schema_migrations:" + (schema ?? "")])
            if let schema {
                let quoted = LibPQSession.quoteIdentifier(schema)
                try await connection.executeScript("CREATE SCHEMA IF NOT EXISTS \(quoted)")
            }
            try await connection.executeScript("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                COMMENT ON TABLE schema_migrations IS 'Migrations applied by aics migrate; checksum is the SHA-256 of the file.'
                """)
            var recorded: [Int: String] = [:]
            for row in try await connection.query("SELECT version, checksum FROM schema_migrations") {
                recorded[try row.decode(0, as: Int.self)] = try row.decode(1, as: String.self)
            }
            var applied: [Migration] = []
            for migration in migrations {
                let checksum = try await connection.query(
                    "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [migration.sql]
                )[0].decode(0, as: String.self)
                if let known = recorded[migration.version] {
                    guard known == checksum else { throw MigrationError.checksumMismatch(migration.label) }
                    continue
                }
                do {
                    try await connection.executeScript(migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError.failed(migration.label, error)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, checksum]
                )
                logger.info("applied migration", metadata: ["migration": "\(migration.label)"])
                applied.append(migration)
            }
            let known = Set(migrations.map(\.version))
            for version in recorded.keys.sorted() where !known.contains(version) {
                logger.warning("the database has a migration this build does not know", metadata: ["version": "\(version)"])
            }
            return applied
        }
    }
}
