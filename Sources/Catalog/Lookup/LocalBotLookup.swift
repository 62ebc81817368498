import Foundation
import Postgres

/// Whether a bot can hold knowledge entries (provider `local`), straight from `bots` without
/// opening secrets: what `aics kb` and the admin API's knowledge routes check first.
public enum LocalBotLookup {
    public enum Verdict: Sendable, Equatable {
        case local(name: String)
        /// The bot exists but answers from Dify or OpenAI.
        case otherProvider(name: String, provider: String)
        /// No such bot (or, with a tenant given, not one of that tenant's).
        case notFound
    }

    public static func find(_ botID: UUID, tenantID: String? = nil, pool: PostgresPool) async throws -> Verdict {
        let rows = try await pool.query(
            "SELECT provider, name FROM bots WHERE id = $1::uuid AND ($2::text IS NULL OR tenant_id = $2)",
            [botID.postgresParameter, tenantID])
        guard let row = rows.first else { return .notFound }
        let provider = try row.decode(0, as: String.self)
        let name = try row.decode(1, as: String.self)
        return provider == ProviderKind.local.rawValue ? .local(name: name) : .otherProvider(name: name, provider: provider)
    }

    /// Why a bot of `provider` has no knowledge base here, for messages.
    public static func notLocalReason(name: String, provider: String) -> String {
        "bot \(name) uses provider \(provider): only local bots have a knowledge base here (manage \(provider) knowledge in \(provider == "dify" ? "Dify" : "OpenAI"))"
    }
}
