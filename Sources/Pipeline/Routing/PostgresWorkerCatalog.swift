import Catalog
import Foundation
import Postgres
import Secrets

/// `WorkerCatalog` over the `bots` and `bindings` tables.
public struct PostgresWorkerCatalog: WorkerCatalog {
    let pool: PostgresPool
    let secretBox: SecretBox?

    /// `secretBox` opens bots' sealed API keys; nil is fine for local bots only.
    public init(pool: PostgresPool, secretBox: SecretBox?) {
        self.pool = pool
        self.secretBox = secretBox
    }

    public func binding(tenantID: String, accountID: String, conversationID: String) async throws -> Binding? {
        // The conversation's override sorts first.
        let rows = try await pool.query("""
            SELECT account_id, conversation_id, bot_id::text, mode, fallback_text, handoff_keywords,
                   merge_window_ms, reply_timeout_ms, takeover_pause_ms, working_hours::text
            FROM bindings
            WHERE tenant_id = $1 AND ((conversation_id IS NULL AND account_id = $2) OR conversation_id = $3)
            ORDER BY conversation_id IS NULL
            LIMIT 1
            """, [tenantID, accountID, conversationID])
        guard let row = rows.first else { return nil }
        let modeText: String = try row.decode(3)
        guard let mode = Mode(rawValue: modeText) else { throw CatalogReadError("binding has unknown mode \(modeText)") }
        let botText: String? = try row.decode(2)
        let replyTimeout: Int? = try row.decode(7)
        return Binding(
            tenantID: tenantID, accountID: try row.decode(0), conversationID: try row.decode(1),
            botID: botText.flatMap(UUID.init(uuidString:)), mode: mode, fallbackText: try row.decode(4),
            handoffKeywords: try row.decode(5), mergeWindow: .milliseconds(try row.decode(6, as: Int.self)),
            replyTimeout: replyTimeout.map { .milliseconds($0) },
            takeoverPause: .milliseconds(try row.decode(8, as: Int.self)), workingHoursJSON: try row.decode(9))
    }

    public func bot(id: UUID) async throws -> Bot? {
        let rows = try await pool.query("""
            SELECT tenant_id, name, provider, settings::text, secrets, status, status_reason
            FROM bots WHERE id = $1::uuid
            """, [id.uuidString.lowercased()])
        guard let row = rows.first else { return nil }
        let providerText: String = try row.decode(2)
        guard let provider = ProviderKind(rawValue: providerText) else { throw CatalogReadError("bot \(id) has unknown provider \(providerText)") }
        let settings = try BotSettingsCoding.decode(provider: provider, json: try row.decode(3))
        var secrets = BotSecrets()
        if let sealed: [UInt8] = try row.decode(4) {
            guard let secretBox else { throw CatalogReadError("bot \(id) has sealed API keys but no secret key is configured (AICS_SECRET_KEY)") }
            secrets = try BotSettingsCoding.decodeSecrets(try secretBox.open(sealed, owner: Bot.secretOwner(id)))
        }
        let statusText: String = try row.decode(5)
        return Bot(
            id: id, tenantID: try row.decode(0), name: try row.decode(1), settings: settings, secrets: secrets,
            status: Bot.Status(rawValue: statusText) ?? .disabled, statusReason: try row.decode(6))
    }

    public func tenantExists(_ tenantID: String) async throws -> Bool {
        let rows = try await pool.query("""
            SELECT EXISTS (SELECT 1 FROM bindings WHERE tenant_id = $1) OR EXISTS (SELECT 1 FROM bots WHERE tenant_id = $1)
            """, [tenantID])
        return try rows.first?.decode(0, as: Bool.self) ?? false
    }

    public func setStatus(botID: UUID, _ status: Bot.Status, reason: String) async throws {
        try await pool.execute("""
            UPDATE bots SET status = $2, status_reason = $3, status_changed_at = now()
            WHERE id = $1::uuid AND status IS DISTINCT FROM $2
            """, [botID.uuidString.lowercased(), status.rawValue, reason])
    }
}

/// A row of the configuration that cannot be read (corrupt or written by a newer version).
public struct CatalogReadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
