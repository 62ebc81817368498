import Postgres
import Schemas

/// The migrations built into the binary (`schemas/migrations/NNNN_name.sql`).
enum EmbeddedMigrations {
    static var all: [Migration] {
        Schemas.migrations.compactMap { file in
            guard file.name.hasSuffix(".sql") else { return nil }
            let stem = file.name.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else { return nil }
            return Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: file.sql)
        }
    }
}
