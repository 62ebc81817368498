import Foundation
import Postgres

/// Checks that a bot exists and has provider `local`, straight from `bots` (the knowledge
/// commands need nothing else of it, and no secrets).
enum LocalBotLookup {
    static func requireLocalBot(_ botID: UUID, pool: PostgresPool) async throws {
        let rows = try await pool.query(
            "SELECT provider, name, tenant_id FROM bots WHERE id = $1::uuid", [botID.uuidString.lowercased()])
        guard let row = rows.first else {
            throw ConfigurationError("no bot with id \(botID.uuidString.lowercased()) (see `aics bot list`)")
        }
        let provider = try row.decode(0, as: String.self)
        guard provider == "local" else {
            let name = try row.decode(1, as: String.self)
            throw ConfigurationError("bot \(name) uses provider \(provider): only local bots have a knowledge base here (manage \(provider) knowledge in \(provider == "dify" ? "Dify" : "OpenAI"))")
        }
    }
}
