import Catalog
import Foundation
import Logging
import Postgres
import Schemas
import Secrets

/// The benchmark's use of the local Postgres: migrations, one tenant per run with a bot pointing
/// at that run's fake provider and a binding, and removal of the run's rows afterwards.
struct BenchDatabase: Sendable {
    let url: String
    let secretKey: String
    let pool: PostgresPool

    init(url: String, secretKey: String, logger: Logger) {
        self.url = url
        self.secretKey = secretKey
        pool = PostgresPool(configuration: PostgresConfiguration(url: url, poolSize: 2), logger: logger)
    }

    /// Applies the migrations built into this binary (idempotent).
    func migrate(logger: Logger) async throws {
        _ = try await PostgresMigrator(pool: pool, logger: logger).migrate(try Migration.parse(Schemas.migrations))
    }

    /// A Dify bot at `baseURL` with `appKey` and `limits`, created through `BotStore`, bound to the
    /// tenant's account in `mode`. Returns the bot's id.
    @discardableResult
    func prepareTenant(_ tenantID: String, accountID: String, baseURL: String, appKey: String, mode: Mode,
                       limits: BotLimits = BotLimits()) async throws -> UUID {
        let bots = BotStore(pool: pool, secretBox: try SecretBox(key: secretKey))
        let bot = try await bots.create(Bot(
            tenantID: tenantID, name: "bench",
            settings: .dify(DifySettings(baseURL: baseURL, responseMode: .blocking)),
            secrets: BotSecrets(apiKey: appKey), limits: limits))
        try await BindingStore(pool: pool).set(Binding(tenantID: tenantID, accountID: accountID, botID: bot.id, mode: mode))
        return bot.id
    }

    /// How many of the run's measured messages the ledger knows with an outcome.
    func ledgerOutcomes(tenantID: String, plan: LoadPlan) async throws -> Int {
        let rows = try await pool.query(
            "SELECT count(*)::bigint FROM inbound_messages WHERE tenant_id = $1 AND message_id LIKE $2 AND outcome IS NOT NULL",
            [tenantID, plan.tag + "-m-%"])
        return try rows.first?.decode(0, as: Int.self) ?? 0
    }

    /// The processes of the Postgres server behind `url` when it runs on this machine, found from
    /// the pid of one of the pool's backends; nil for a remote server.
    func serverProcesses() async -> PostgresServerProcesses? {
        guard let rows = try? await pool.query("SELECT pg_backend_pid()::bigint"),
              let pid = try? rows.first?.decode(0, as: Int.self), let backendPID = Int32(exactly: pid)
        else { return nil }
        return PostgresServerProcesses.locate(backendPID: backendPID)
    }

    /// Deletes everything the run left for its tenant (ledger, history, timers, memory, presence, bindings, bots).
    func removeTenant(_ tenantID: String) async throws {
        for table in [
            "inbound_messages", "reply_history", "reply_timers", "conversation_memory", "conversation_state", "agent_presence", "bindings", "bots",
        ] {
            try await pool.execute("DELETE FROM \(table) WHERE tenant_id = $1", [tenantID])
        }
    }
}
