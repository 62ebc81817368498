import Postgres

/// Content rules in Postgres (`content_rules`), per tenant.
public struct ContentRuleStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Adds the rule, or replaces the action of the tenant's rule for the same word and target.
    /// Returns the stored rule with its id.
    @discardableResult
    public func set(_ rule: ContentRule) async throws -> ContentRule {
        try rule.validate()
        let rows = try await pool.query("""
            INSERT INTO content_rules (tenant_id, applies_to, word, action, replacement) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, applies_to, word) DO UPDATE SET action = EXCLUDED.action, replacement = EXCLUDED.replacement
            RETURNING id
            """, [rule.tenantID, rule.appliesTo.rawValue, rule.word, rule.action.rawValue, rule.replacement])
        var stored = rule
        stored.id = try rows[0].decode(0)
        return stored
    }

    /// The tenant's rules (or every tenant's for nil), by tenant, target and word.
    public func list(tenantID: String?) async throws -> [ContentRule] {
        let rows = try await pool.query("""
            SELECT id, tenant_id, applies_to, word, action, replacement FROM content_rules
            WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY tenant_id, applies_to, word
            """, [tenantID])
        return try rows.map { row in
            guard let target = ContentRule.Target(rawValue: try row.decode(2)), let action = ContentRule.Action(rawValue: try row.decode(4)) else {
                throw CatalogError.corruptRow("a content rule has an unknown target or action")
            }
            return ContentRule(
                id: try row.decode(0), tenantID: try row.decode(1), appliesTo: target, word: try row.decode(3), action: action,
                replacement: try row.decode(5))
        }
    }

    /// Removes the tenant's rule; false when it has none with this id.
    @discardableResult
    public func remove(tenantID: String, id: Int64) async throws -> Bool {
        try await pool.execute("DELETE FROM content_rules WHERE tenant_id = $1 AND id = $2", [tenantID, Int(id)]) > 0
    }
}
