import Foundation
import Postgres

/// Bindings in Postgres (`bindings`): which bot serves a tenant's account, in which mode, and
/// per-conversation overrides.
public struct BindingStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    private static let columns = """
        tenant_id, account_id, conversation_id, bot_id::text AS bot_id, mode, fallback_text, handoff_keywords,
        merge_window_ms, reply_timeout_ms, takeover_pause_ms, working_hours::text AS working_hours, patience_ms,
        unsupported_content, holding_after_ms, holding_text, handoff_text, fallback_bot_ids::text[] AS fallback_bot_ids
        """

    /// Creates or replaces the account-wide binding (`conversationID` nil) or the override of one
    /// conversation. The bot must exist and belong to the same tenant; mode off may have no bot.
    public func set(_ binding: Binding) async throws {
        try binding.validate()
        let conflict = binding.conversationID == nil
            ? "(tenant_id, account_id) WHERE conversation_id IS NULL"
            : "(tenant_id, conversation_id) WHERE conversation_id IS NOT NULL"
        do {
            try await pool.withTransaction { connection in
                for botID in (binding.botID.map { [$0] } ?? []) + binding.fallbackBotIDs {
                    // FOR SHARE: the bot cannot be deleted before this binding is committed.
                    let rows = try await connection.query("SELECT tenant_id FROM bots WHERE id = $1::uuid FOR SHARE", [botID.postgresParameter])
                    guard let row = rows.first else { throw CatalogError.unknownBot(botID) }
                    guard try row.decode(0, as: String.self) == binding.tenantID else { throw CatalogError.botOfAnotherTenant }
                }
                try await connection.query(
                    """
                    INSERT INTO bindings (tenant_id, account_id, conversation_id, bot_id, mode, fallback_text, handoff_keywords,
                                          merge_window_ms, reply_timeout_ms, takeover_pause_ms, working_hours, patience_ms, unsupported_content,
                                          holding_after_ms, holding_text, handoff_text, fallback_bot_ids)
                    VALUES ($1, $2, $3, $4::uuid, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17::uuid[])
                    ON CONFLICT \(conflict) DO UPDATE SET
                        account_id = EXCLUDED.account_id, bot_id = EXCLUDED.bot_id, mode = EXCLUDED.mode,
                        fallback_text = EXCLUDED.fallback_text, handoff_keywords = EXCLUDED.handoff_keywords,
                        merge_window_ms = EXCLUDED.merge_window_ms, reply_timeout_ms = EXCLUDED.reply_timeout_ms,
                        takeover_pause_ms = EXCLUDED.takeover_pause_ms, working_hours = EXCLUDED.working_hours,
                        patience_ms = EXCLUDED.patience_ms, unsupported_content = EXCLUDED.unsupported_content,
                        holding_after_ms = EXCLUDED.holding_after_ms, holding_text = EXCLUDED.holding_text,
                        handoff_text = EXCLUDED.handoff_text, fallback_bot_ids = EXCLUDED.fallback_bot_ids
                    """,
                    [binding.tenantID, binding.accountID, binding.conversationID, binding.botID?.postgresParameter,
                     binding.mode.rawValue, binding.fallbackText, binding.handoffKeywords,
                     binding.mergeWindow.wholeMilliseconds, binding.replyTimeout?.wholeMilliseconds,
                     binding.takeoverPause.wholeMilliseconds, binding.workingHoursJSON, binding.patience?.wholeMilliseconds,
                     binding.unsupportedContent.rawValue, binding.holding?.after.wholeMilliseconds, binding.holding?.text,
                     binding.handoffText, binding.fallbackBotIDs.map { $0.uuidString.lowercased() }]
                )
            }
        } catch let error as PostgresError where error.isInvalidInput {
            throw CatalogError.invalid("the database refused the binding: \(error.message)")
        }
    }

    /// Removes the account binding (`conversationID` nil) or one conversation override; false when there was none.
    @discardableResult
    public func remove(tenantID: String, accountID: String, conversationID: String?) async throws -> Bool {
        try await pool.execute(
            "DELETE FROM bindings WHERE tenant_id = $1 AND account_id = $2 AND conversation_id IS NOT DISTINCT FROM $3",
            [tenantID, accountID, conversationID]
        ) > 0
    }

    /// All bindings (of one tenant, or of every tenant for nil): by tenant, account, account binding first.
    public func list(tenantID: String?) async throws -> [Binding] {
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM bindings WHERE $1::text IS NULL OR tenant_id = $1
            ORDER BY tenant_id, account_id, conversation_id NULLS FIRST
            """,
            [tenantID]
        )
        return try rows.map(Self.decode)
    }

    /// The binding in effect for a message: the conversation override if any, else the account binding.
    public func resolve(tenantID: String, accountID: String, conversationID: String) async throws -> Binding? {
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM bindings
            WHERE tenant_id = $1 AND account_id = $2 AND (conversation_id = $3 OR conversation_id IS NULL)
            ORDER BY conversation_id NULLS LAST LIMIT 1
            """,
            [tenantID, accountID, conversationID]
        )
        return try rows.first.map(Self.decode)
    }

    /// Whether aics knows this tenant (it has at least one bot or binding).
    public func tenantExists(_ tenantID: String) async throws -> Bool {
        let rows = try await pool.query(
            "SELECT EXISTS (SELECT 1 FROM bots WHERE tenant_id = $1) OR EXISTS (SELECT 1 FROM bindings WHERE tenant_id = $1)",
            [tenantID]
        )
        return try rows[0].decode(0, as: Bool.self)
    }

    /// The id of the tenant's bot with this name (nil when there is none), without opening any
    /// secret: binding commands need no secret key.
    public func botID(tenantID: String, name: String) async throws -> UUID? {
        let rows = try await pool.query("SELECT id::text FROM bots WHERE tenant_id = $1 AND name = $2", [tenantID, name])
        return try rows.first.map { row in
            guard let id = UUID(uuidString: try row.decode(0, as: String.self)) else { throw CatalogError.corruptRow("id is not a uuid") }
            return id
        }
    }

    /// Bot names by id (of one tenant, or of all for nil), for printing bindings readably.
    public func botNames(tenantID: String?) async throws -> [UUID: String] {
        let rows = try await pool.query("SELECT id::text, name FROM bots WHERE $1::text IS NULL OR tenant_id = $1", [tenantID])
        var names: [UUID: String] = [:]
        for row in rows {
            if let id = UUID(uuidString: try row.decode(0, as: String.self)) { names[id] = try row.decode(1, as: String.self) }
        }
        return names
    }

    // MARK: - Rows

    static func decode(_ row: PostgresRow) throws -> Binding {
        guard let mode = Mode(rawValue: try row.decode("mode", as: String.self)) else {
            throw CatalogError.corruptRow("a binding has an unknown mode")
        }
        let botID: UUID? = try row.decode("bot_id", as: String?.self).map { text in
            guard let id = UUID(uuidString: text) else { throw CatalogError.corruptRow("bot_id is not a uuid") }
            return id
        }
        return Binding(
            tenantID: try row.decode("tenant_id"), accountID: try row.decode("account_id"),
            conversationID: try row.decode("conversation_id"), botID: botID, mode: mode,
            fallbackText: try row.decode("fallback_text"), handoffKeywords: try row.decode("handoff_keywords"),
            mergeWindow: .milliseconds(try row.decode("merge_window_ms", as: Int.self)),
            replyTimeout: try row.decode("reply_timeout_ms", as: Int?.self).map { .milliseconds($0) },
            takeoverPause: .milliseconds(try row.decode("takeover_pause_ms", as: Int.self)),
            workingHoursJSON: try row.decode("working_hours"),
            patience: try row.decode("patience_ms", as: Int?.self).map { .milliseconds($0) },
            unsupportedContent: UnsupportedContentRoute(rawValue: try row.decode("unsupported_content", as: String.self)) ?? .skip,
            holding: try Self.holding(after: try row.decode("holding_after_ms"), text: try row.decode("holding_text")),
            handoffText: try row.decode("handoff_text"),
            fallbackBotIDs: try row.decode("fallback_bot_ids", as: [String].self).map { text in
                guard let id = UUID(uuidString: text) else { throw CatalogError.corruptRow("fallback_bot_ids holds a value that is not a uuid") }
                return id
            }
        )
    }

    static func holding(after: Int?, text: String?) throws -> Binding.Holding? {
        guard let after, let text else { return nil }
        return Binding.Holding(after: .milliseconds(after), text: text)
    }
}
