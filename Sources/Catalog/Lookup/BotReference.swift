import Foundation
import Postgres

extension BindingStore {
    /// The id of the tenant's bot named by `reference`: its id or its name, as `aics binding set
    /// --bot` and the admin API's binding body take it. A bot of another tenant is not found, so
    /// that one tenant cannot learn another's ids. Opens no secret.
    /// `field`: the field errors name (`.bot`, or `.fallbackBots` for a fallback bot).
    public func botID(tenantID: String, reference: String, field: InputField = .bot) async throws -> UUID {
        if let id = UUID(uuidString: reference) {
            let rows = try await pool.query(
                "SELECT 1 FROM bots WHERE id = $1::uuid AND tenant_id = $2", [id.postgresParameter, tenantID])
            guard rows.isEmpty else { return id }
            throw InputError(field) { _ in "no bot with id \(reference) in tenant '\(tenantID)'" }
        }
        guard let id = try await botID(tenantID: tenantID, name: reference) else {
            throw InputError(field) { _ in "no bot named '\(reference)' in tenant '\(tenantID)'" }
        }
        return id
    }
}
