import ArgumentParser
import Foundation
import Postgres
import Schemas

/// Which migrations to apply: the ones built into this binary, or a folder given by the operator.
public struct MigrationsOptions: ParsableArguments {
    public init() {}

    @Option(name: .customLong("migrations-dir"), help: ArgumentHelp(
        "Apply the NNNN_name.sql files of this folder instead of the migrations built into aics (from schemas/migrations). Env: AICS_MIGRATIONS_DIR.",
        valueName: "path"))
    public var migrationsDirectory: String?

    /// The migrations to apply and a line saying where they came from.
    public func load() throws -> (migrations: [Migration], origin: String) {
        if let folder = migrationsDirectory ?? Environment.value("AICS_MIGRATIONS_DIR") {
            let migrations = try Migration.load(from: URL(fileURLWithPath: folder))
            return (migrations, "\(folder) (\(migrations.count) files)")
        }
        let migrations = try Migration.parse(Schemas.migrations)
        return (migrations, "built in (\(migrations.count) files)")
    }
}
