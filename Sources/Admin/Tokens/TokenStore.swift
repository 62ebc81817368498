import Catalog
import Foundation
import Postgres

/// Admin API tokens in Postgres (`admin_tokens`), stored as SHA-256 only.
public struct TokenStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    private static let columns = "id::text, tenant_id, name, hint, created_at, last_used_at, revoked_at"

    /// Creates a token for `tenantID` named `name` and returns it: the only time it is readable.
    public func create(tenantID: String, name: String) async throws -> (token: AdminToken, record: TokenRecord) {
        if tenantID.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError(.tenant) { "\($0) must not be empty" } }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError(.name) { "the token name (\($0)) must not be empty" } }
        let token = AdminToken.generate()
        do {
            let rows = try await pool.query(
                "INSERT INTO admin_tokens (tenant_id, name, token_sha256, hint) VALUES ($1, $2, $3, $4) RETURNING \(Self.columns)",
                [tenantID, name, token.sha256, token.hint])
            return (token, try Self.decode(rows[0]))
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw InputError(.name) { _ in "tenant '\(tenantID)' already has a token named '\(name)' (revoke it first or pick another name)" }
        }
    }

    /// Tokens (of one tenant, or of all for nil), in force first, by tenant and name.
    public func list(tenantID: String?) async throws -> [TokenRecord] {
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM admin_tokens WHERE $1::text IS NULL OR tenant_id = $1
            ORDER BY revoked_at IS NOT NULL, tenant_id, name, created_at
            """, [tenantID])
        return try rows.map(Self.decode)
    }

    /// The tokens in force that `reference` names: an id, or a name (in `tenantID` when given).
    public func find(_ reference: String, tenantID: String?) async throws -> [TokenRecord] {
        if let id = UUID(uuidString: reference) {
            let rows = try await pool.query(
                "SELECT \(Self.columns) FROM admin_tokens WHERE id = $1::uuid AND revoked_at IS NULL", [id.uuidString.lowercased()])
            return try rows.map(Self.decode)
        }
        let rows = try await pool.query(
            "SELECT \(Self.columns) FROM admin_tokens WHERE name = $1 AND ($2::text IS NULL OR tenant_id = $2) AND revoked_at IS NULL",
            [reference, tenantID])
        return try rows.map(Self.decode)
    }

    /// Revokes a token in force; false when it was not in force.
    @discardableResult
    public func revoke(id: UUID) async throws -> Bool {
        try await pool.execute(
            "UPDATE admin_tokens SET revoked_at = now() WHERE id = $1::uuid AND revoked_at IS NULL", [id.uuidString.lowercased()]) == 1
    }

    /// The tenant of a token in force, nil for an unknown or revoked token. Marks the token used
    /// (at most once a minute, so that a busy client does not write a row per request).
    public func tenant(of token: String) async throws -> String? {
        guard token.hasPrefix(AdminToken.prefix), token.utf8.count < 256 else { return nil }
        let hash = AdminToken(value: token).sha256
        let rows = try await pool.query(
            """
            WITH found AS (SELECT id, tenant_id, last_used_at FROM admin_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL),
                 touched AS (UPDATE admin_tokens SET last_used_at = now()
                             WHERE id IN (SELECT id FROM found WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
            SELECT tenant_id FROM found
            """, [hash])
        return try rows.first.map { try $0.decode(0, as: String.self) }
    }

    static func decode(_ row: PostgresRow) throws -> TokenRecord {
        guard let id = UUID(uuidString: try row.decode(0, as: String.self)) else { throw CatalogError.corruptRow("token id is not a uuid") }
        return TokenRecord(
            id: id, tenantID: try row.decode(1, as: String.self), name: try row.decode(2, as: String.self),
            hint: try row.decode(3, as: String.self), createdAt: try row.decode(4, as: Date.self),
            lastUsedAt: try row.decode(5, as: Date?.self), revokedAt: try row.decode(6, as: Date?.self))
    }
}
