import Foundation
import Postgres

// `uuid` columns travel as text (`$1::uuid`, `id::text`). No UUID conformance to the Postgres
// protocols is declared, so other modules stay free to add their own.

extension UUID {
    var postgresParameter: String { uuidString.lowercased() }
}

extension PostgresRow {
    func uuid(_ column: String) throws -> UUID {
        let text = try decode(column, as: String.self)
        guard let id = UUID(uuidString: text) else { throw CatalogError.corruptRow("\(column) is not a uuid") }
        return id
    }
}

extension PostgresError {
    /// SQLSTATE 23505.
    var isUniqueViolation: Bool { sqlState == "23505" }
    /// SQLSTATE 23503.
    var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// A CHECK constraint or malformed value (e.g. invalid JSON) the database refused.
    var isInvalidInput: Bool { ["23514", "22P02", "22023", "23502"].contains(sqlState ?? "") }
}
