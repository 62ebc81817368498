import Foundation
import Postgres
import Secrets

/// Bots in Postgres (`bots`). Secrets are sealed with `SecretBox` for the owner
/// `Bot.secretOwner(id)` before they reach the database and opened when read.
public struct BotStore: Sendable {
    let pool: PostgresPool
    let secretBox: SecretBox

    /// Version of the sealed format written to `bots.secrets_key_version`.
    static let secretsFormatVersion = 1

    public init(pool: PostgresPool, secretBox: SecretBox) {
        self.pool = pool
        self.secretBox = secretBox
    }

    private static let columns = """
        id::text AS id, tenant_id, name, provider, settings::text AS settings, secrets, status, status_reason,
        max_concurrency, requests_per_second
        """

    /// Stores a new bot and returns it as stored.
    @discardableResult
    public func create(_ bot: Bot) async throws -> Bot {
        try bot.validate()
        let sealed = try seal(bot.secrets, for: bot.id)
        do {
            try await pool.query(
                """
                INSERT INTO bots (id, tenant_id, name, provider, settings, secrets, secrets_key_id, secrets_key_version,
                                  status, status_reason, status_changed_at, max_concurrency, requests_per_second)
                VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, now(), $11, $12)
                """,
                [bot.id.postgresParameter, bot.tenantID, bot.name, bot.provider.rawValue, try BotSettingsCoding.encode(bot.settings),
                 sealed.bytes, sealed.keyID, sealed.version, bot.status.rawValue, bot.statusReason,
                 bot.limits.maxConcurrency, bot.limits.requestsPerSecond]
            )
        } catch let error as PostgresError {
            throw Self.translate(error)
        }
        return bot
    }

    /// The bot with this id, secrets opened; nil when there is none.
    public func bot(id: UUID) async throws -> Bot? {
        let rows = try await pool.query("SELECT \(Self.columns) FROM bots WHERE id = $1::uuid", [id.postgresParameter])
        return try rows.first.map { try decode($0) }
    }

    /// The bot with this id if it belongs to `tenantID`, secrets opened; nil otherwise (another
    /// tenant's bot is not opened at all).
    public func bot(id: UUID, tenantID: String) async throws -> Bot? {
        let rows = try await pool.query(
            "SELECT \(Self.columns) FROM bots WHERE id = $1::uuid AND tenant_id = $2", [id.postgresParameter, tenantID])
        return try rows.first.map { try decode($0) }
    }

    /// The tenant's bot with this name, secrets opened; nil when there is none.
    public func bot(tenantID: String, name: String) async throws -> Bot? {
        let rows = try await pool.query("SELECT \(Self.columns) FROM bots WHERE tenant_id = $1 AND name = $2", [tenantID, name])
        return try rows.first.map { try decode($0) }
    }

    /// All bots (of one tenant, or of every tenant for nil), ordered by tenant and name, secrets opened.
    public func list(tenantID: String?) async throws -> [Bot] {
        let rows = try await pool.query(
            "SELECT \(Self.columns) FROM bots WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY tenant_id, name", [tenantID]
        )
        return try rows.map { try decode($0) }
    }

    /// Like `list`, but a bot whose secrets do not open (sealed under a key this `SecretBox` does
    /// not hold) comes back with empty secrets and `secretsReadable` false instead of failing the
    /// whole listing. For operators and caches that must not stop at one bad row.
    public func entries(tenantID: String?) async throws -> [BotEntry] {
        let rows = try await pool.query(
            "SELECT \(Self.columns) FROM bots WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY tenant_id, name", [tenantID]
        )
        return try rows.map { row in
            do {
                return BotEntry(bot: try decode(row), secretsError: nil)
            } catch let error as CatalogError {
                guard case .secretsUnreadable = error else { throw error }
                return BotEntry(bot: try decode(row, openingSecrets: false), secretsError: error)
            }
        }
    }

    /// Replaces name, settings, secrets (sealed again) and status of an existing bot.
    public func update(_ bot: Bot) async throws {
        try bot.validate()
        let sealed = try seal(bot.secrets, for: bot.id)
        let changed: Int
        do {
            changed = try await pool.execute(
                """
                UPDATE bots SET name = $2, provider = $3, settings = $4::jsonb,
                       secrets = $5, secrets_key_id = $6, secrets_key_version = $7,
                       status_changed_at = CASE WHEN status IS DISTINCT FROM $8 OR status_reason IS DISTINCT FROM $9
                                                THEN now() ELSE status_changed_at END,
                       status = $8, status_reason = $9, max_concurrency = $10, requests_per_second = $11
                WHERE id = $1::uuid
                """,
                [bot.id.postgresParameter, bot.name, bot.provider.rawValue, try BotSettingsCoding.encode(bot.settings),
                 sealed.bytes, sealed.keyID, sealed.version, bot.status.rawValue, bot.statusReason,
                 bot.limits.maxConcurrency, bot.limits.requestsPerSecond]
            )
        } catch let error as PostgresError {
            throw Self.translate(error)
        }
        guard changed == 1 else { throw CatalogError.notFound }
    }

    /// Deletes the bot; false when there was none. Refused while bindings reference it.
    @discardableResult
    public func delete(id: UUID) async throws -> Bool {
        do {
            return try await pool.withTransaction { connection in
                // Locks the bot so that no binding can be attached between the count and the delete.
                let locked = try await connection.query("SELECT 1 FROM bots WHERE id = $1::uuid FOR UPDATE", [id.postgresParameter])
                guard !locked.isEmpty else { return false }
                let bindings = try await connection.query(
                    "SELECT count(*) FROM bindings WHERE bot_id = $1::uuid OR fallback_bot_ids @> ARRAY[$1::uuid]", [id.postgresParameter])
                let count = try bindings[0].decode(0, as: Int.self)
                guard count == 0 else { throw CatalogError.inUse(bindings: count) }
                return try await connection.execute("DELETE FROM bots WHERE id = $1::uuid", [id.postgresParameter]) == 1
            }
        } catch let error as PostgresError where error.isForeignKeyViolation {
            throw CatalogError.inUse(bindings: 1)
        }
    }

    /// Sets the status, e.g. `credentialsInvalid` when the provider rejected the key.
    public func setStatus(id: UUID, _ status: Bot.Status, reason: String?) async throws {
        let changed = try await pool.execute(
            "UPDATE bots SET status = $2, status_reason = $3, status_changed_at = now() WHERE id = $1::uuid",
            [id.postgresParameter, status.rawValue, reason]
        )
        guard changed == 1 else { throw CatalogError.notFound }
    }

    /// Seals again, under the current key, every bot's secrets (of one tenant, or of all for nil)
    /// sealed under a previous key, in one transaction. Returns how many bots were re-sealed.
    public func rotateSecrets(tenantID: String? = nil) async throws -> Int {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                "SELECT id::text AS id, secrets FROM bots WHERE secrets IS NOT NULL AND ($1::text IS NULL OR tenant_id = $1) FOR UPDATE",
                [tenantID]
            )
            var rotated = 0
            for row in rows {
                let id = try row.uuid("id")
                let sealed = try row.decode("secrets", as: [UInt8].self)
                guard secretBox.needsRotation(sealed) else { continue }
                let plaintext = try open(sealed, of: id)
                let resealed = try secretBox.seal(plaintext, owner: Bot.secretOwner(id))
                try await connection.execute(
                    "UPDATE bots SET secrets = $2, secrets_key_id = $3, secrets_key_version = $4 WHERE id = $1::uuid",
                    [id.postgresParameter, resealed, secretBox.currentKeyID, Self.secretsFormatVersion]
                )
                rotated += 1
            }
            return rotated
        }
    }

    // MARK: - Rows

    private struct Sealed {
        var bytes: [UInt8]?
        var keyID: String?
        var version: Int?
    }

    private func seal(_ secrets: BotSecrets, for id: UUID) throws -> Sealed {
        guard !secrets.isEmpty else { return Sealed() }
        let bytes = try secretBox.seal(try BotSettingsCoding.encode(secrets), owner: Bot.secretOwner(id))
        return Sealed(bytes: bytes, keyID: secretBox.currentKeyID, version: Self.secretsFormatVersion)
    }

    private func open(_ sealed: [UInt8], of id: UUID) throws(CatalogError) -> String {
        do {
            return try secretBox.open(sealed, owner: Bot.secretOwner(id))
        } catch {
            throw .secretsUnreadable(botID: id, error)
        }
    }

    private func decode(_ row: PostgresRow, openingSecrets: Bool = true) throws -> Bot {
        let id = try row.uuid("id")
        guard let provider = ProviderKind(rawValue: try row.decode("provider", as: String.self)) else {
            throw CatalogError.corruptRow("bot \(id.postgresParameter) has an unknown provider")
        }
        let settings: BotSettings
        do {
            settings = try BotSettingsCoding.decode(provider: provider, json: try row.decode("settings", as: String.self))
        } catch {
            throw CatalogError.corruptRow("the settings of bot \(id.postgresParameter) do not fit provider \(provider.rawValue)")
        }
        var secrets = BotSecrets()
        if openingSecrets, let sealed = try row.decode("secrets", as: [UInt8]?.self) {
            let json = try open(sealed, of: id)
            do {
                secrets = try BotSettingsCoding.decodeSecrets(json)
            } catch {
                throw CatalogError.corruptRow("the secrets of bot \(id.postgresParameter) are not valid JSON")
            }
        }
        guard let status = Bot.Status(rawValue: try row.decode("status", as: String.self)) else {
            throw CatalogError.corruptRow("bot \(id.postgresParameter) has an unknown status")
        }
        return Bot(
            id: id, tenantID: try row.decode("tenant_id"), name: try row.decode("name"), settings: settings,
            secrets: secrets, status: status, statusReason: try row.decode("status_reason"),
            limits: BotLimits(maxConcurrency: try row.decode("max_concurrency"), requestsPerSecond: try row.decode("requests_per_second"))
        )
    }

    static func translate(_ error: PostgresError) -> any Error {
        if error.isUniqueViolation { return CatalogError.duplicateName }
        if error.isInvalidInput { return CatalogError.invalid("the database refused the bot: \(error.message)") }
        return error
    }
}
